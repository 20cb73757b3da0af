import { z } from 'zod';
import { SUBSTANCES } from '../domain/dosing/stock';
import { text } from './common';
import { MAX_UG, ug } from './ledger-common';

// ── Reference data ──────────────────────────────────────────────────────────────────────────────────
export const locationBody = z.object({
  name: text(100),
  deaRegistration: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}\d{7}$/, 'two letters and seven digits'),
});
export const location = z.object({
  id: z.string(),
  name: z.string(),
  deaRegistration: z.string(),
  createdAt: z.string(),
});

export const productBody = z
  .object({
    name: text(200),
    ndc: z
      .string()
      .trim()
      .regex(/^\d{4,5}-\d{3,4}-\d{1,2}$/, 'an NDC such as 0409-2051-05'),
    form: z.enum(['solution', 'troche', 'rdt']),
    strengthUgPerMl: ug.optional(),
    containerVolumeMl: z.number().positive().max(1000).optional(),
    unitStrengthUg: ug.optional(),
    unitsPerContainer: z.number().int().positive().max(100_000).optional(),
    singleUse: z.boolean().default(false),
    lowStockUg: z.number().int().nonnegative().max(MAX_UG).optional(),
    /** Which course routes may draw it: ketamine (IV, IM, sublingual, oral) or esketamine (nasal devices). */
    substance: z.enum(SUBSTANCES).default('ketamine'),
  })
  .superRefine((p, ctx) => {
    const need = (field: keyof typeof p, when: boolean) => {
      if (when && p[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `required for ${p.form}` });
    };
    need('strengthUgPerMl', p.form === 'solution');
    need('containerVolumeMl', p.form === 'solution');
    need('unitStrengthUg', p.form !== 'solution');
    need('unitsPerContainer', p.form !== 'solution');
  });
export const product = z.object({
  id: z.string(),
  name: z.string(),
  ndc: z.string(),
  form: z.string(),
  strengthUgPerMl: z.number().nullable(),
  containerVolumeMl: z.number().nullable(),
  unitStrengthUg: z.number().nullable(),
  unitsPerContainer: z.number().nullable(),
  containerUg: z.number(),
  singleUse: z.boolean(),
  lowStockUg: z.number().nullable(),
  substance: z.enum(SUBSTANCES),
});

export const container = z.object({
  id: z.string(),
  label: z.string(),
  productId: z.string(),
  productName: z.string(),
  lotId: z.string(),
  lotNumber: z.string(),
  expiresOn: z.string(),
  expired: z.boolean(),
  locationId: z.string(),
  locationName: z.string(),
  initialUg: z.number(),
  balanceUg: z.number(),
  /** Liquids only, derived from the concentration. */
  balanceMl: z.number().nullable(),
  singleUse: z.boolean(),
  opened: z.boolean(),
});
export const containerQuery = z.object({
  locationId: z.uuid().optional(),
  productId: z.uuid().optional(),
  inStock: z.enum(['true', 'false']).optional(),
});

export const event = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  localDate: z.string(),
  type: z.string(),
  containerId: z.string(),
  lotId: z.string(),
  productId: z.string(),
  locationId: z.string(),
  toLocationId: z.string().nullable(),
  quantityUg: z.number().nullable(),
  deltaUg: z.number(),
  balanceAfterUg: z.number(),
  observedUg: z.number().nullable(),
  expectedUg: z.number().nullable(),
  actorId: z.string(),
  witnessIds: z.array(z.string()),
  overrideBy: z.string().nullable(),
  patientId: z.string().nullable(),
  sessionId: z.string().nullable(),
  orderId: z.string().nullable(),
  correctsEventId: z.string().nullable(),
  resolvesEventId: z.string().nullable(),
  inventoryId: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type LedgerEventOut = z.infer<typeof event>;

export const discrepancy = z.object({
  countEventId: z.string(),
  containerId: z.string(),
  locationId: z.string(),
  localDate: z.string(),
  expectedUg: z.number(),
  observedUg: z.number(),
  differenceUg: z.number(),
  resolvedByEventId: z.string().nullable(),
});

/** Every write answers with the events it appended and the containers as they now stand. */
export const writeResponse = z.object({
  events: z.array(event),
  containers: z.array(container),
  discrepancies: z.array(discrepancy),
  /** After a dose from a single-use container: the rest to record as witnessed waste. */
  wasteRequired: z.object({ containerId: z.string(), quantityUg: z.number() }).nullable(),
});
export type LedgerWriteOut = z.infer<typeof writeResponse>;
