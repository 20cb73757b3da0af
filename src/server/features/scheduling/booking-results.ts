import type { Executor } from '../../db/dialect';
import { AppError, conflict } from '../../platform/errors';
import { presentAppointment } from './present';
import * as repo from './repository';
import type { Conflict, Warning } from './rules';

/**
 * How booking answers: visits as the calendar shows them, its warnings without repeats, and its refusals
 * (clashes with the calendar, problems with the request).
 */
export type AppointmentView = ReturnType<typeof presentAppointment>;

export async function loadViews(trx: Executor, ids: string[]): Promise<AppointmentView[]> {
  const rows = await repo.listAppointments(trx, { start: '', end: '', ids, includeCancelled: true });
  const staff = await repo.staffOf(trx, ids);
  return rows.map((r) => presentAppointment(r, staff));
}

export const dedupeWarnings = (ws: Warning[]): Warning[] => [
  ...new Map(ws.map((w) => [`${w.code}|${w.message}`, w])).values(),
];

export function throwConflicts(conflicts: Conflict[]): never {
  const first = conflicts.slice(0, 3).map((c) => c.message);
  throw conflict(
    `This time is not free: ${first.join('; ')}${conflicts.length > 3 ? ` (and ${conflicts.length - 3} more)` : ''}.`,
    { conflicts },
  );
}

export function throwProblems(problems: { field: string; message: string }[]): never {
  throw new AppError(
    'validation_failed',
    problems
      .slice(0, 3)
      .map((p) => p.message)
      .join('. '),
    problems,
  );
}
