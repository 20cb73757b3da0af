import { z } from 'zod';
import { PAYMENT_METHODS } from '../domain/billing/codes';
import { text } from './common';

/**
 * Billing (issue #22): charge lines of completed visits, payments and balances, and the clinic's fee schedule.
 * Money is integer cents everywhere in the API; the screens format it.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD');
const cents = z.number().int().max(10_000_000_000);

export const patientParams = z.object({ patientId: z.uuid() });
export const visitParams = z.object({ visitId: z.uuid() });
export const lineParams = z.object({ lineId: z.uuid() });
export const feeParams = z.object({ feeId: z.uuid() });

export const chargeLine = z.object({
  id: z.string(),
  visitId: z.string(),
  serviceDate: z.string(),
  seq: z.number(),
  code: z.string(),
  modifiers: z.array(z.string()),
  description: z.string(),
  units: z.number(),
  unitPriceCents: z.number(),
  amountCents: z.number(),
  diagnosisCodes: z.array(z.string()),
  diagnosisPointers: z.array(z.number()),
  ndc: z.string().nullable(),
  ndcUnit: z.string().nullable(),
  ndcQuantity: z.number().nullable(),
  placeOfService: z.string(),
  renderingClinicianId: z.string().nullable(),
  renderingClinicianName: z.string().nullable(),
  origin: z.enum(['rules', 'manual', 'reversal']),
  /** Why the rules proposed it (plain words), or the reason a person gave. */
  why: z.string().nullable(),
  state: z.enum(['proposed', 'final']),
  reversesId: z.string().nullable(),
  reversedById: z.string().nullable(),
  paidCents: z.number(),
  finalisedByName: z.string().nullable(),
  finalisedAt: z.string().nullable(),
  version: z.number(),
});
export type ChargeLineView = z.infer<typeof chargeLine>;

export const billingVisit = z.object({
  /** The appointment id (or the at-home session's when it was not booked through the calendar). */
  id: z.string(),
  label: z.string(),
  category: z.string(),
  serviceDate: z.string(),
  localStart: z.string(),
  placeOfService: z.string(),
  lines: z.array(chargeLine),
  /** none | proposed (to review) | final (all reviewed) */
  state: z.enum(['none', 'proposed', 'final']),
  totalCents: z.number(),
});

export const payment = z.object({
  id: z.string(),
  amountCents: z.number(),
  method: z.enum(PAYMENT_METHODS),
  receivedOn: z.string(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
  reversesId: z.string().nullable(),
  voided: z.boolean(),
  allocations: z.array(z.object({ chargeLineId: z.string(), amountCents: z.number() })),
});

export const balance = z.object({
  chargedCents: z.number(),
  paidCents: z.number(),
  balanceCents: z.number(),
});

export const patientBilling = z.object({
  patient: z.object({ id: z.string(), name: z.string(), chartNumber: z.string(), dateOfBirth: z.string() }),
  diagnoses: z.array(z.object({ code: z.string(), display: z.string() })),
  visits: z.array(billingVisit),
  payments: z.array(payment),
  balance,
  canWrite: z.boolean(),
});

export const proposeResponse = z.object({ visit: billingVisit, notes: z.array(z.string()) });

const modifiers = z.array(z.string().trim().toUpperCase()).max(8);
export const lineBody = z.object({
  code: z.string().trim().toUpperCase().min(1, 'Enter a code').max(10),
  modifiers: modifiers.default([]),
  description: text(200).optional(),
  units: z.number().int(),
  /** Omitted: the fee schedule's price for the code on the date of service. */
  unitPriceCents: cents.optional(),
  diagnosisCodes: z.array(z.string().trim().toUpperCase().max(10)).max(20).optional(),
  diagnosisPointers: z.array(z.number().int()).max(8),
  placeOfService: z.string().max(4).optional(),
  ndc: z.string().trim().max(20).nullable().optional(),
  ndcQuantity: z.number().min(0).max(100_000).nullable().optional(),
  renderingClinicianId: z.uuid().nullable().optional(),
  reason: text(500).optional(),
});
export const editLineBody = lineBody.extend({ version: z.number().int().min(1) });

export const finaliseBody = z.object({ lineIds: z.array(z.uuid()).max(100).optional() });
export const finaliseResponse = z.object({ visit: billingVisit });
export const reverseBody = z.object({ reason: text(500) });

export const paymentBody = z.object({
  amountCents: cents,
  method: z.enum(PAYMENT_METHODS),
  receivedOn: date,
  reference: text(60).nullable().optional(),
  note: text(500).nullable().optional(),
  allocations: z
    .array(z.object({ chargeLineId: z.uuid(), amountCents: cents }))
    .max(50)
    .optional(),
});
export const voidPaymentBody = z.object({ reason: text(500) });
export const paymentParams = z.object({ patientId: z.uuid(), paymentId: z.uuid() });

export const worklistQuery = z.object({
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const worklistItem = z.object({
  visitId: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  chartNumber: z.string(),
  label: z.string(),
  serviceDate: z.string(),
  localStart: z.string(),
  proposedLines: z.number(),
  finalLines: z.number(),
});
export const worklistResponse = z.object({ items: z.array(worklistItem), hasMore: z.boolean() });

export const feeItem = z.object({
  /** null: a shipped example not yet set by the clinic. */
  id: z.string().nullable(),
  code: z.string(),
  modifiers: z.array(z.string()),
  description: z.string(),
  unitLabel: z.string(),
  priceCents: z.number(),
  ndc: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  source: z.string(),
  examplePrice: z.boolean(),
  active: z.boolean(),
  version: z.number(),
  updatedByName: z.string().nullable(),
});
export type FeeItem = z.infer<typeof feeItem>;
export const feeScheduleResponse = z.object({ items: z.array(feeItem), ownershipNotice: z.string() });
export const codesQuery = z.object({ on: date.optional() });

export const feeBody = z.object({
  code: z.string().trim().toUpperCase().min(1, 'Enter a code').max(10),
  modifiers: modifiers.default([]),
  description: text(200),
  unitLabel: text(40),
  priceCents: cents,
  ndc: z.string().trim().max(20).nullable().optional(),
  effectiveFrom: date,
  effectiveTo: date.nullable().optional(),
  source: text(200),
  active: z.boolean().default(true),
});
export const editFeeBody = feeBody.extend({ version: z.number().int().min(1) });
export const feeIdResponse = z.object({ id: z.string() });
