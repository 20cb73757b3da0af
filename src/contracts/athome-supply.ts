import { z } from 'zod';
import { DISPOSAL_METHODS } from '../domain/athome';

/**
 * Take-home supply of an at-home program (issue #16; DOMAIN §6, §9): troches dispensed through the ledger,
 * taken per session, and disposed of by the patient (never returned into the clinic's stock).
 */
export const disposalBody = z
  .object({
    courseId: z.uuid(),
    method: z
      .enum(DISPOSAL_METHODS)
      .describe('How the patient disposed of them (never returned to the clinic)'),
    disposedOn: z.iso.date(),
    count: z.number().int().min(1).max(1000),
    note: z.string().trim().max(1000).optional(),
  })
  .strict();
export const countBody = z
  .object({
    courseId: z.uuid(),
    count: z.number().int().min(0).max(1000).describe('Troches the patient counted'),
    atCourseEnd: z.boolean().describe('The count at the end of the course'),
  })
  .strict();
export const supplyView = z.object({
  patientId: z.string(),
  dispensed: z.number().describe('Troches dispensed (ledger DISPENSE events of troche / tablet products)'),
  taken: z.number(),
  disposed: z.number(),
  expected: z.number().describe('What the patient should hold: dispensed − taken − disposed'),
  overdrawn: z.boolean(),
  dispensations: z.array(z.object({ at: z.string(), troches: z.number(), productName: z.string() })),
  sessions: z.array(
    z.object({ id: z.string(), number: z.number(), takenAt: z.string(), troches: z.number() }),
  ),
  disposals: z.array(
    z.object({
      id: z.string(),
      method: z.enum(DISPOSAL_METHODS),
      disposedOn: z.string(),
      count: z.number(),
      reportedVia: z.string(),
    }),
  ),
  disposalSource: z.string(),
});
export const countResult = z.object({
  matches: z.boolean(),
  difference: z.number(),
  message: z.string().nullable(),
  taskId: z.string().nullable().describe('The prescriber’s task a mismatch opened'),
  supply: supplyView,
});
