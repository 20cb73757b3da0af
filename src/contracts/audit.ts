import { z } from 'zod';

export const auditQuery = z.object({
  actorId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  /** A patient's name or chart number (names find only records the reader may open). */
  patient: z.string().trim().max(100).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['allowed', 'denied', 'failed']).optional(),
  /** Only entries flagged as emergency ("break the glass") access (S17). */
  emergency: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Entries with a sequence number below this one (for "load older"). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEntry = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  patientId: z.string().nullable(),
  /** "Robin Example (chart LIM-DEMO01)", or "Confidential patient (chart …)" for a record the reader may not open. */
  patient: z.string().nullable(),
  action: z.string(),
  /** The action in words ("Opened a patient's chart"). */
  actionLabel: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  /** What the entry is about, in words ("Dosing session", "Safety rules, version 4"). */
  object: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  emergency: z.boolean(),
  /** The detail exactly as written (for tools); screens show `details`. */
  detail: z.record(z.string(), z.unknown()).nullable(),
  /** The detail as labelled fields, ids resolved to names. */
  details: z.array(z.object({ label: z.string(), value: z.string() })),
  /** Ids in the detail that name no person (other records), for an investigator to follow up. */
  references: z.array(z.object({ label: z.string(), value: z.string() })),
});

export const auditListResponse = z.object({
  entries: z.array(auditEntry),
  nextBefore: z.number().nullable(),
});

export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.string(),
  firstBroken: z
    .object({ seq: z.number().nullable(), id: z.string().nullable(), reason: z.string() })
    .optional(),
});
