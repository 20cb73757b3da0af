import { sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import type {
  AtHomeDisposalsTable,
  AtHomeEventsTable,
  AtHomeSessionsTable,
  AtHomeTasksTable,
} from '../../db/schema';
import { mayOpenSql, type Viewer } from '../../platform/confidential';

/** Every query of the at-home feature (issue #16). Rows are returned as stored; services parse the JSON. */
export type SessionRow = AtHomeSessionsTable;
export type EventRow = AtHomeEventsTable;
export type TaskRow = AtHomeTasksTable;
export type DisposalRow = AtHomeDisposalsTable;

// ── Sessions ──

/** A new session's columns before anything has happened (the check-in, the order, the dose …). */
export const EMPTY_SESSION: Omit<
  SessionRow,
  | 'id'
  | 'patient_id'
  | 'course_id'
  | 'appointment_id'
  | 'number'
  | 'starts_at'
  | 'state'
  | 'rule_set_version'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
> = {
  order_mg: null,
  order_troches: null,
  order_product_id: null,
  order_lot_number: null,
  order_detail: null,
  order_signed_by: null,
  order_signed_at: null,
  mood: null,
  intention: null,
  safety_answers: '{}',
  readings: '[]',
  recheck_at: null,
  decision: null,
  sitter_name: null,
  sitter_phone: null,
  sitter_invite_hash: null,
  sitter_invited_at: null,
  sitter_access_hash: null,
  sitter_confirmed_at: null,
  go_at: null,
  go_by: null,
  go_kind: null,
  go_reason: null,
  hold_at: null,
  hold_by: null,
  hold_kind: null,
  hold_reason: null,
  dose_taken_at: null,
  dose_troches: null,
  answered: '[]',
  patient_checkout: null,
  patient_checked_out_at: null,
  sitter_checkout: null,
  sitter_checked_out_at: null,
  remaining_troches: null,
  closed_at: null,
  closed_by: null,
  close_reason: null,
  version: 1,
};

export const insertSession = (db: Executor, row: SessionRow) =>
  db.insertInto('at_home_sessions').values(row).execute();

export const findSession = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('at_home_sessions')
    .selectAll()
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export const sessionsOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('at_home_sessions')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('starts_at', 'desc')
    .limit(200)
    .execute();

/** The sitter's link (a code not yet spent) or the sitter's own token, by hash. */
export const sessionByInviteHash = (db: Executor, hash: string) =>
  db.selectFrom('at_home_sessions').selectAll().where('sitter_invite_hash', '=', hash).executeTakeFirst();
export const sessionByAccessHash = (db: Executor, hash: string) =>
  db.selectFrom('at_home_sessions').selectAll().where('sitter_access_hash', '=', hash).executeTakeFirst();

export async function nextSessionNumber(db: Executor, courseId: string): Promise<number> {
  const r = await db
    .selectFrom('at_home_sessions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

/**
 * Writes a change only if nobody changed the session since it was read (its version): the patient, the sitter
 * and the care team act on the same session at once. False when the version moved on.
 */
export async function updateSession(
  db: Executor,
  s: Pick<SessionRow, 'id' | 'version'>,
  patch: Partial<SessionRow>,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('at_home_sessions')
    .set({ ...patch, version: s.version + 1, updated_at: now })
    .where('id', '=', s.id)
    .where('version', '=', s.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sessions whose timers may still run: not closed or checked out, booked from `from` on (the timer's scan). */
export const liveSessions = (db: Executor, from: string, until: string) =>
  db
    .selectFrom('at_home_sessions')
    .selectAll()
    .where('state', 'not in', ['closed', 'checked_out'])
    .where('starts_at', '>=', from)
    .where('starts_at', '<=', until)
    .orderBy('starts_at')
    .limit(1000)
    .execute();

/** Taken troches per session for a patient (supply reconciliation). */
export const dosesOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('at_home_sessions')
    .select(['id', 'number', 'dose_taken_at', 'dose_troches'])
    .where('patient_id', '=', patientId)
    .where('dose_taken_at', 'is not', null)
    .orderBy('dose_taken_at')
    .execute();

// ── The board: one query for every session of the day, names and open escalations included ──

export function boardSessions(db: Executor, viewer: Viewer, now: string, from: string, to: string) {
  return db
    .selectFrom('at_home_sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .selectAll('s')
    .select([
      'p.first_name',
      'p.last_name',
      'p.preferred_name',
      'p.chart_number',
      (eb) =>
        eb
          .selectFrom('at_home_tasks as t')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('t.session_id', '=', 's.id')
          .where('t.urgent', '=', 1)
          .where('t.state', '!=', 'resolved')
          .as('open_escalations'),
    ])
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(mayOpenSql(viewer, now, 's.patient_id'))
    .orderBy('s.starts_at')
    .execute();
}
export type BoardSessionRow = Awaited<ReturnType<typeof boardSessions>>[number];

/** Urgent escalations not yet resolved, oldest first, for the top of Today. */
export const unresolvedEscalations = (db: Executor, viewer: Viewer, now: string) =>
  db
    .selectFrom('at_home_tasks as t')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .selectAll('t')
    .select(['p.first_name', 'p.last_name', 'p.preferred_name'])
    .where('t.urgent', '=', 1)
    .where('t.state', '!=', 'resolved')
    .where(mayOpenSql(viewer, now, 't.patient_id'))
    .orderBy('t.opened_at')
    .limit(200)
    .execute();

// ── Events (insert-only) ──

export const insertEvent = (db: Executor, row: EventRow) =>
  db.insertInto('at_home_events').values(row).execute();

export const eventsOf = (db: Executor, sessionId: string) =>
  db
    .selectFrom('at_home_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .selectAll('e')
    .select('u.name as actor_name')
    .where('e.session_id', '=', sessionId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();

// ── Tasks ──

/** Opens a task once per key: false when a task with this key already exists. */
export async function insertTask(db: Executor, row: TaskRow): Promise<boolean> {
  const r = await db
    .insertInto('at_home_tasks')
    .values(row)
    .onConflict((oc) => oc.column('task_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

const taskColumns = (db: Executor) =>
  db
    .selectFrom('at_home_tasks as t')
    .leftJoin('users as a', 'a.id', 't.assigned_to')
    .leftJoin('users as k', 'k.id', 't.acknowledged_by')
    .leftJoin('users as r', 'r.id', 't.resolved_by')
    .selectAll('t')
    .select(['a.name as assigned_name', 'k.name as acknowledged_name', 'r.name as resolved_name']);

export const tasksOfSession = (db: Executor, sessionId: string) =>
  taskColumns(db).where('t.session_id', '=', sessionId).orderBy('t.opened_at').execute();
export type TaskWithNames = Awaited<ReturnType<typeof tasksOfSession>>[number];

/** Urgent tasks not yet resolved, per session (for the board state of a list of sessions, in one query). */
export async function openEscalationCounts(db: Executor, sessionIds: string[]): Promise<Map<string, number>> {
  if (!sessionIds.length) return new Map();
  const rows = await db
    .selectFrom('at_home_tasks')
    .select(['session_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('session_id', 'in', sessionIds)
    .where('urgent', '=', 1)
    .where('state', '!=', 'resolved')
    .groupBy('session_id')
    .execute();
  return new Map(rows.map((r) => [r.session_id as string, Number(r.n)]));
}

export const findTask = (db: Executor, patientId: string, id: string) =>
  taskColumns(db).where('t.id', '=', id).where('t.patient_id', '=', patientId).executeTakeFirst();

export async function updateTask(
  db: Executor,
  id: string,
  fromStates: string[],
  patch: Partial<TaskRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('at_home_tasks')
    .set(patch)
    .where('id', '=', id)
    .where('state', 'in', fromStates)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── Disposals (insert-only) ──

export const insertDisposal = (db: Executor, row: DisposalRow) =>
  db.insertInto('at_home_disposals').values(row).execute();

export const disposalsOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('at_home_disposals')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('disposed_on')
    .orderBy('created_at')
    .execute();

/** The on-call clinician's account (active staff only), for the board and the escalation email. */
export const staffAccount = (db: Executor, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status'])
    .where('id', '=', id)
    .where('role', '!=', 'patient')
    .executeTakeFirst();

/** The patient's first (or preferred) name, for the sitter's screen. */
export const patientFirstName = async (db: Executor, patientId: string) =>
  (
    await db
      .selectFrom('patients')
      .select(sql<string>`coalesce(preferred_name, first_name)`.as('name'))
      .where('id', '=', patientId)
      .executeTakeFirst()
  )?.name ?? '';
