import { z } from 'zod';

/**
 * A session's safety alerts in plain words (domain/vitals/monitoring.ts: a pre-dose hold, monitoring overdue,
 * readings that fired a rule): the same on every screen that shows the session.
 */
export const sessionSafety = z.object({
  level: z.enum(['alert', 'ok']),
  flags: z.array(z.object({ kind: z.enum(['hold', 'overdue', 'alerts']), text: z.string() })),
});
