import type { Executor } from '../../db/dialect';

/**
 * What scheduling asks about dosing sessions (a table of the sessions feature) and the dosing visits they
 * belong to: the visit follows its session (session-visit.ts), and the calendar links a dosing visit to its
 * session on the console.
 */

/** The patient's booked, checked-in or completed dosing visits starting between `after` and `before`. */
export const dosingVisitsBetween = (db: Executor, patientId: string, after: string, before: string) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select(['a.id', 'a.status', 'a.starts_at', 'a.timezone', 'a.version'])
    .where('a.patient_id', '=', patientId)
    .where('t.category', '=', 'dosing')
    .where('a.status', 'in', ['booked', 'checked_in', 'completed'])
    .where('a.starts_at', '>', after)
    .where('a.starts_at', '<', before)
    .execute();

/** The patient's sessions not yet discharged or signed. */
export const openSessionsOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'started_at'])
    .where('patient_id', '=', patientId)
    .where('status', 'not in', ['discharged', 'signed'])
    .execute();

/** Sessions of these patients started in [start, end) or still under way, newest first. */
export const sessionsForCalendar = (db: Executor, patientIds: string[], start: string, end: string) =>
  patientIds.length
    ? db
        .selectFrom('dosing_sessions')
        .select(['id', 'patient_id', 'started_at', 'status'])
        .where('patient_id', 'in', patientIds)
        .where((eb) =>
          eb.or([
            eb.and([eb('started_at', '>=', start), eb('started_at', '<', end)]),
            eb('status', 'in', ['pre_dose', 'dosing', 'monitoring']),
          ]),
        )
        .orderBy('started_at', 'desc')
        .execute()
    : Promise.resolve([]);
