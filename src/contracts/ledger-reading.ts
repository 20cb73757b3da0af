import { z } from 'zod';
import { idParam } from './common';
import { isoDate, refId } from './ledger-common';
import { container, discrepancy, event } from './ledger-reference';

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
