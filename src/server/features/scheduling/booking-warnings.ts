import type { Executor } from '../../db/dialect';
import { type Readiness, readinessForVisit } from '../courses';
import * as ref from './reference-repository';
import type { Candidate, Warning } from './rules';

/**
 * Booked, but worth a look. For dosing, the readiness gate's unmet items (courses/readiness.ts, the same
 * computation as the course's gate, the session's start and Today): the session console enforces them on the
 * day; here they only warn, because visits are booked weeks ahead of being ready.
 */
export async function bookingWarnings(
  trx: Executor,
  c: Candidate,
  now: Date,
  opts: { readiness: boolean } = { readiness: true },
): Promise<Warning[]> {
  const out: Warning[] = [];
  const windows = await ref.windowsByUser(
    trx,
    c.staff.map((s) => s.userId),
  );
  for (const s of c.staff) {
    if (!windows.get(s.userId)?.length)
      out.push({
        code: 'no_working_hours',
        message: `${s.name} has no working hours set, so availability was not checked.`,
        fixPath: `/app/admin/scheduling/staff/${s.userId}`,
      });
  }
  if (opts.readiness && c.type.category === 'dosing' && c.patientId)
    out.push(...readinessWarnings(await readinessForVisit(trx, c.patientId, c.startsAt, now)));
  return out;
}

/** The gate's unmet items as booking warnings: the item's id as the code, its label and what is wrong. */
export function readinessWarnings(r: Readiness): Warning[] {
  return r.items
    .filter((i) => !i.ok)
    .map((i) => ({ code: i.id, message: `${i.label} — not met. ${i.detail}`, fixPath: i.fixPath }));
}
