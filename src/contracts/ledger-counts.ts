import { z } from 'zod';
import { credentials, MAX_UG, note } from './ledger-common';
import { container, discrepancy } from './ledger-reference';

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
