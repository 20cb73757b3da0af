import { z } from 'zod';
import { SUBSTANCES } from '../domain/dosing/stock';
import { isIsoDate } from '../domain/ledger';
import { email, idParam, text } from './common';

/**
 * Controlled-substance ledger API (DOMAIN §6). Quantities are integer micrograms (µg) everywhere; the UI
 * converts from mg, mL, or units using the product's strength. Dates without a time are clinic-local
 * 'YYYY-MM-DD'.
 */
const MAX_UG = 1_000_000_000_000; // 1 000 kg: far beyond any clinic, far below 2^53
export const ug = z.number().int('quantities are whole micrograms').positive().max(MAX_UG);
export const isoDate = z.string().max(10).refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
/** Patient, dosing-session and order ids from other features (text ids; no foreign key yet). */
export const refId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');
const note = z.string().trim().max(2000).optional();

/** A second person's confirmation on the same screen: their own password, and code when MFA is on. */
export const credentials = z.object({
  email,
  password: z.string().min(1).max(256),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'a 6-digit code')
    .optional(),
});
export type Credentials = z.infer<typeof credentials>;
const witnesses = (min: number) => z.array(credentials).min(min, `${min} witness(es) required`).max(3);

/** Reference to an earlier event this one corrects; corrections never edit the original (21 CFR 1304.21). */
const corrects = { correctsEventId: z.uuid().optional(), note };

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

// ── Counts and inventories ─────────────────────────────────────────────────────────────────────────
const countLine = z.object({
  containerId: z.uuid(),
  observedUg: z.number().int().nonnegative().max(MAX_UG),
  /** Schedule III may be estimated unless a container holds more than 1,000 units (21 CFR 1304.11(e)(3)). */
  estimated: z.boolean().default(false),
});
export const countBody = z.object({
  locationId: z.uuid(),
  lines: z.array(countLine).min(1).max(1000),
  note,
});

export const inventoryBody = z.object({
  kind: z.enum(['initial', 'biennial']),
  asOf: z.enum(['opening', 'close']),
  /** Empty when nothing is on hand: an initial inventory of zero is still recorded (1304.11(b)). */
  lines: z.array(countLine).max(5000),
  /** The person taking the inventory signs it with their own password (and code when MFA is on). */
  signature: credentials.omit({ email: true }),
  note,
});
export const sheetLine = z.object({
  container,
  /** exact: count every unit; estimate_allowed: an opened Schedule III container (1304.11(e)(3)(iii)). */
  method: z.enum(['exact', 'estimate_allowed']),
});
export const inventorySheet = z.object({
  localDate: z.string(),
  registrations: z.array(z.string()),
  lines: z.array(sheetLine),
});
export const inventory = z.object({
  id: z.string(),
  kind: z.string(),
  asOf: z.string(),
  localDate: z.string(),
  registrations: z.array(z.string()),
  lineCount: z.number(),
  totalUg: z.number(),
  signedBy: z.string(),
  signedAt: z.string(),
  contentHash: z.string(),
});
export const inventoryResult = z.object({ inventory, discrepancies: z.array(discrepancy) });

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────────
export const eventQuery = z.object({
  containerId: z.uuid().optional(),
  productId: z.uuid().optional(),
  locationId: z.uuid().optional(),
  type: z.string().max(20).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const eventList = z.object({ events: z.array(event), nextBefore: z.number().nullable() });
export const containerDetail = z.object({ container, events: z.array(event) });

const deadline = z.object({
  dueOn: z.string(),
  daysRemaining: z.number(),
  status: z.enum(['ok', 'due_soon', 'overdue']),
  done: z.boolean(),
});
export const worklist = z.object({
  today: z.string(),
  theftLoss: z.array(
    z.object({
      eventId: z.string(),
      containerId: z.string(),
      discoveredOn: z.string(),
      quantityUg: z.number(),
      deaNotice: deadline,
      form106: deadline,
      source: z.string(),
    }),
  ),
  openDiscrepancies: z.array(discrepancy),
  inventory: z.object({
    lastOn: z.string().nullable(),
    dueOn: z.string(),
    daysRemaining: z.number(),
    status: z.enum(['ok', 'due_soon', 'overdue']),
    source: z.string(),
  }),
  expiringLots: z.array(
    z.object({
      lotId: z.string(),
      lotNumber: z.string(),
      productName: z.string(),
      expiresOn: z.string(),
      balanceUg: z.number(),
      expired: z.boolean(),
    }),
  ),
  lowStock: z.array(
    z.object({
      productId: z.string(),
      productName: z.string(),
      balanceUg: z.number(),
      thresholdUg: z.number(),
    }),
  ),
});
export const worklistQuery = z.object({
  expiringWithinDays: z.coerce.number().int().min(0).max(365).default(60),
});

export const verifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.string(),
  firstBroken: z
    .object({ seq: z.number().nullable(), id: z.string().nullable(), reason: z.string() })
    .optional(),
  /** Containers whose cached balance or location differs from what their events add up to. */
  projection: z.array(
    z.object({ containerId: z.string(), cachedUg: z.number(), eventsUg: z.number(), reason: z.string() }),
  ),
});

// ── Reports (JSON on screen; CSV and PDF with ?format=) ─────────────────────────────────────────────
const format = z.enum(['json', 'csv', 'pdf']).default('json');
const range = { from: isoDate.optional(), to: isoDate.optional(), format };
export const runningLogQuery = z.object({ productId: z.uuid(), ...range });
export const patientLogParams = z.object({ patientId: refId });
/** Finding a patient for their log, by name or chart number. */
export const ledgerPatientQuery = z.object({
  q: z.string().trim().min(1, 'Type a name or chart number').max(100),
});
export const ledgerPatientList = z.object({
  patients: z.array(z.object({ id: z.string(), label: z.string() })),
});
export const rangeQuery = z.object(range);
export const formatQuery = z.object({ format });
export const reportRow = z.object({
  seq: z.number(),
  localDate: z.string(),
  at: z.string(),
  type: z.string(),
  container: z.string(),
  lotNumber: z.string(),
  productName: z.string(),
  location: z.string(),
  quantityUg: z.number().nullable(),
  deltaUg: z.number(),
  /** Running balance of the product (running log) or of the container (other reports). */
  balanceUg: z.number(),
  patientId: z.string().nullable(),
  /** The patient in words: "Robin Rivera (chart C-000123)" ("Confidential patient (chart …)" to those outside its care team). */
  patient: z.string().nullable(),
  actor: z.string(),
  witnesses: z.array(z.string()),
  reason: z.string().nullable(),
});
export const report = z.object({
  kind: z.enum(['running_log', 'patient_log', 'inventory', 'discrepancies']),
  title: z.string(),
  subtitle: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  openingBalanceUg: z.number().nullable(),
  rows: z.array(reportRow),
});
export const inventoryIdParam = idParam;
export const eventIdParam = idParam;
export const containerIdParam = idParam;
