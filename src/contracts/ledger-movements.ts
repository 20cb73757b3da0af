import { z } from 'zod';
import { text } from './common';
import { corrects, credentials, isoDate, MAX_UG, note, refId, ug, witnesses } from './ledger-common';

// ── Movements ───────────────────────────────────────────────────────────────────────────────────────
export const receiveBody = z.object({
  productId: z.uuid(),
  lotNumber: text(64),
  expiresOn: isoDate,
  manufacturer: text(200).optional(),
  locationId: z.uuid(),
  containerCount: z.number().int().min(1).max(200),
  /** Defaults to a full container of the product. */
  quantityUgPerContainer: ug.optional(),
  supplier: text(200),
  /** Supplier's DEA registration: a receipt record names it (21 CFR 1304.22(c)). */
  supplierRegistration: z.string().trim().max(20).optional(),
  invoiceNumber: text(100),
  invoiceDate: isoDate.optional(),
  /** The date actually received (21 CFR 1304.22(c)), not the invoice date. */
  receivedOn: isoDate,
  note,
});

/** Approval to use an expired lot: a prescriber confirms with their own password on the same screen. */
const expiredOverride = z.object({ reason: text(500), prescriber: credentials });

export const administerBody = z.object({
  containerId: z.uuid(),
  /** The safe the dose is drawn from; it must be where the container is. */
  locationId: z.uuid(),
  quantityUg: ug,
  patientId: refId,
  sessionId: refId,
  expiredOverride: expiredOverride.optional(),
  /** Record the witnessed waste of the rest of a single-use container in the same step. */
  wasteRest: z.object({ witnesses: witnesses(1) }).optional(),
  ...corrects,
});

export const dispenseBody = z.object({
  containerId: z.uuid(),
  locationId: z.uuid(),
  quantityUg: ug,
  patientId: refId,
  /** The prescriber's order for the take-home doses. */
  orderId: refId,
  expiredOverride: expiredOverride.optional(),
  ...corrects,
});

export const wasteBody = z.object({
  containerId: z.uuid(),
  locationId: z.uuid(),
  quantityUg: ug,
  witnesses: witnesses(1),
  ...corrects,
});

export const transferBody = z
  .object({
    containerId: z.uuid(),
    fromLocationId: z.uuid(),
    /** Another safe under the same registration … */
    toLocationId: z.uuid().optional(),
    /** … or out of the registrant: a reverse distributor or another registrant (the whole balance by default). */
    recipient: text(200).optional(),
    recipientRegistration: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}\d{7}$/)
      .optional(),
    quantityUg: ug.optional(),
    ...corrects,
  })
  .refine((b) => (b.toLocationId === undefined) !== (b.recipient === undefined), {
    message: 'give either toLocationId or recipient',
    path: ['toLocationId'],
  });

export const destroyBody = z.object({
  containerId: z.uuid(),
  locationId: z.uuid(),
  quantityUg: ug,
  form41Reference: z.string().trim().max(100).optional(),
  witnesses: witnesses(2),
  ...corrects,
});

export const adjustBody = z.object({
  containerId: z.uuid(),
  locationId: z.uuid(),
  deltaUg: z
    .number()
    .int()
    .min(-MAX_UG)
    .max(MAX_UG)
    .refine((n) => n !== 0, 'an adjustment must change the balance'),
  reason: text(1000),
  witnesses: witnesses(1),
  /** The count event whose discrepancy this resolves. */
  discrepancyId: z.uuid().optional(),
  ...corrects,
});

export const theftLossBody = z.object({
  containerId: z.uuid(),
  locationId: z.uuid(),
  quantityUg: ug,
  kind: z.enum(['theft', 'loss']),
  discoveredOn: isoDate,
  discrepancyId: z.uuid().optional(),
  form106Reference: z.string().trim().max(100).optional(),
  ...corrects,
});

export const filingBody = z.object({
  kind: z.enum(['dea_notice', 'form_106']),
  filedOn: isoDate,
  reference: z.string().trim().max(100).optional(),
});
export const filing = z.object({
  id: z.string(),
  eventId: z.string(),
  kind: z.string(),
  filedOn: z.string(),
  reference: z.string().nullable(),
  actorId: z.string(),
});
