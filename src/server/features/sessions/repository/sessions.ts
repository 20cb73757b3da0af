import { compiledOnce } from '../../../db/compiled-once';
import type { Executor } from '../../../db/dialect';
import type { DosingSessionsTable } from '../../../db/schema';
import type { AuthContext } from '../../../platform/auth-context';
import { mayOpenSql } from '../../../platform/confidential';

/** Dosing sessions: one row per session, its state moving from pre-dose checks to a signed record. */
export type SessionRow = DosingSessionsTable;

/** Sessions in these states are over; every other state is a session under way. */
export const CLOSED_SESSION_STATUSES = ['discharged', 'signed'];

// Read by every write to a session (each vital sign): compiled once (db/compiled-once.ts).
const sessionById = compiledOnce((db: Executor, patientId: string, sessionId: string) =>
  db
    .selectFrom('dosing_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('patient_id', '=', patientId),
);
export const findSession = async (db: Executor, patientId: string, sessionId: string) =>
  (await sessionById(db, patientId, sessionId))[0];

/** The patient's session under way, if any (one at a time). */
export const openSessionOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', 'not in', CLOSED_SESSION_STATUSES)
    .executeTakeFirst();

export async function countSessionsOfCourse(db: Executor, courseId: string): Promise<number> {
  const row = await db
    .selectFrom('dosing_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('course_id', '=', courseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const insertSession = (db: Executor, row: SessionRow) =>
  db.insertInto('dosing_sessions').values(row).execute();

export const updateSession = (db: Executor, id: string, patch: Partial<SessionRow>) =>
  db.updateTable('dosing_sessions').set(patch).where('id', '=', id).execute();

/**
 * A session of the patient's on the nasal spray that reached a dose (before `before`, when given): whether
 * an esketamine dose is the patient's first.
 */
export const earlierEsketamineDose = (db: Executor, patientId: string, before?: string) =>
  db
    .selectFrom('dosing_sessions')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('route', '=', 'esketamine')
    .where('first_dose_at', 'is not', null)
    .$if(before !== undefined, (q) => q.where('first_dose_at', '<', before as string))
    .executeTakeFirst();

/** The patient's ten latest doses in other sessions, latest first (the console's dose history). */
export const previousDoses = (db: Executor, patientId: string, exceptSessionId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'first_dose_at', 'route', 'dose_order'])
    .where('patient_id', '=', patientId)
    .where('id', '!=', exceptSessionId)
    .where('first_dose_at', 'is not', null)
    .orderBy('first_dose_at', 'desc')
    .limit(10)
    .execute();

export const sessionsOfCourse = (db: Executor, courseId: string) =>
  db.selectFrom('dosing_sessions').selectAll().where('course_id', '=', courseId).orderBy('number').execute();

/** The course's session of this id, if it is one of the course's. */
export const sessionOfCourse = (db: Executor, courseId: string, sessionId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('course_id', '=', courseId)
    .executeTakeFirst();

/** The course's sessions that reached a first dose, in dose order. */
export const dosedSessionsOfCourse = (db: Executor, courseId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'number', 'first_dose_at'])
    .where('course_id', '=', courseId)
    .where('first_dose_at', 'is not', null)
    .orderBy('first_dose_at')
    .execute();

/**
 * Every session under way with its patient's name, oldest first: the prescriber's board. A confidential
 * record the user may not open stays off the board (platform/confidential.ts).
 */
export const sessionsUnderWay = (db: Executor, auth: AuthContext, nowIso: string) =>
  db
    .selectFrom('dosing_sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select([
      's.id',
      's.patient_id',
      's.route',
      's.status',
      's.started_at',
      's.first_dose_at',
      's.hold',
      's.rule_set_version',
      'p.first_name',
      'p.last_name',
    ])
    .where('s.status', 'not in', CLOSED_SESSION_STATUSES)
    .where(mayOpenSql(auth, nowIso, 's.patient_id'))
    .orderBy('s.started_at')
    .execute();

/** The patient's medicines with their class (the REMS form lists those that sedate or raise blood pressure). */
export const patientMedications = (db: Executor, patientId: string) =>
  db
    .selectFrom('patient_medications')
    .select(['name', 'med_class'])
    .where('patient_id', '=', patientId)
    .execute();

/** A ledger container with its lot and product, for a dose drawn from it. */
export const doseContainer = (db: Executor, containerId: string) =>
  db
    .selectFrom('ledger_containers as c')
    .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
    .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
    .select([
      'c.id',
      'c.label',
      'c.location_id',
      'l.lot_number',
      'p.name as product_name',
      'p.form',
      'p.substance',
    ])
    .where('c.id', '=', containerId)
    .executeTakeFirst();

// ── Read by the FHIR interface ───────────────────────────────────────────────────────────────────────

/** Sessions by patient and id (null: any), in id order. */
export const sessionsWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('dosing_sessions')
    .selectAll()
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** Signed session records by patient and id (null: any), in id order. */
export const signedSessionsWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'patient_id', 'signed_by', 'signed_at'])
    .where('signed_at', 'is not', null)
    .where('signed_by', 'is not', null)
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** The sessions of these courses, in session-number order. */
export const sessionsOfCourses = (db: Executor, courseIds: readonly string[]) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'course_id'])
    .where('course_id', 'in', [...courseIds])
    .orderBy('number')
    .execute();
