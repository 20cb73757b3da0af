import { sql } from 'kysely';
import { isSessionRating } from '../../../domain/instruments';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type {
  MeasureAssignmentsTable,
  MeasureInstrumentsTable,
  MeasureKioskTokensTable,
  MeasureResponsesTable,
  MeasureSafetyTasksTable,
  MeasureScoresTable,
} from '../../db/schema';
import { type Clock, dateInZone } from '../../platform/clock';
import { getSetting } from '../../platform/settings';
import { refreshCourseOutcomes, refreshPatientOutcome } from '../outcomes';

/** All SQL about measures: imported instruments, assignments, responses, scores, safety tasks, kiosk tokens. */
export type ImportedRow = MeasureInstrumentsTable;
export type AssignmentRow = MeasureAssignmentsTable;
export type ResponseRow = MeasureResponsesTable;
export type ScoreRow = MeasureScoresTable;
export type SafetyTaskRow = MeasureSafetyTasksTable;
export type KioskTokenRow = MeasureKioskTokensTable;

/**
 * Whether the patient has a safety task no clinician has followed up yet. While true the patient is not
 * cleared for dosing (the readiness gate and at-home dosing call this).
 */
export async function hasOpenSafetyTask(db: Executor, patientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('measure_safety_tasks')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', '=', 'open')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The clinic's calendar date today, in its configured time zone. */
export async function clinicToday(db: Executor, clock: Clock): Promise<string> {
  const tz = await getSetting(db, 'clinic.timezone');
  try {
    return dateInZone(tz, clock.now());
  } catch {
    return clock.now().toISOString().slice(0, 10);
  }
}

// ── Imported instruments ─────────────────────────────────────────────────────────────────────────────
// Read by every FHIR Observation search with a `code` (which instruments can match it): compiled once.
export const listImported: (db: Executor) => Promise<ImportedRow[]> = compiledOnce((db: Executor) =>
  db.selectFrom('measure_instruments').selectAll().orderBy('instrument_id').orderBy('revision', 'desc'),
);

/** How many definitions the clinic has imported, as a subquery another statement selects (fhir/sources/facts.ts). */
export const importedInstrumentCount = (db: Executor) =>
  db.selectFrom('measure_instruments').select((eb) => eb.fn.countAll<number | string>().as('n'));

/** The given version, or the most recently imported one. */
export function getImported(db: Executor, instrumentId: string, version?: string) {
  let q = db.selectFrom('measure_instruments').selectAll().where('instrument_id', '=', instrumentId);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.orderBy('revision', 'desc').limit(1).executeTakeFirst();
}

export async function insertImported(db: Executor, row: ImportedRow): Promise<void> {
  await db.insertInto('measure_instruments').values(row).execute();
}

// ── Assignments ──────────────────────────────────────────────────────────────────────────────────────
export async function insertAssignments(db: Executor, rows: AssignmentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('measure_assignments').values(rows).execute();
}

/** Open assignments of a patient, as `instrument|kind|dueOn` keys, to skip duplicates when assigning. */
export async function openAssignmentKeys(db: Executor, patientId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('measure_assignments')
    .select(['instrument_id', 'schedule_kind', 'due_on'])
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['due', 'in_progress'])
    .execute();
  return new Set(rows.map((r) => `${r.instrument_id}|${r.schedule_kind}|${r.due_on}`));
}

/** One of this patient's assignments; another patient's answers exactly like a missing one. */
export const getAssignment = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('measure_assignments')
    .selectAll()
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export const listAssignments = (db: Executor, patientId: string) =>
  db
    .selectFrom('measure_assignments')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('due_on')
    .orderBy('id')
    .execute();

export async function updateAssignment(
  db: Executor,
  id: string,
  patch: Partial<AssignmentRow>,
): Promise<void> {
  await db.updateTable('measure_assignments').set(patch).where('id', '=', id).execute();
}

/** Open assignments that are due on or before `until`, across patients (cross-patient.ts filters and lists them). */
export function dueAssignments(db: Executor, until: string) {
  return db
    .selectFrom('measure_assignments as a')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .where('a.status', 'in', ['due', 'in_progress'])
    .where('a.due_on', '<=', until);
}

/** What the patient sees in the portal: open assignments already due. */
export const portalAssignments = (db: Executor, patientId: string, today: string) =>
  db
    .selectFrom('measure_assignments')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['due', 'in_progress'])
    .where('due_on', '<=', today)
    .orderBy('overdue_on')
    .orderBy('due_on')
    .orderBy('id')
    .execute();

// ── Responses and scores ─────────────────────────────────────────────────────────────────────────────
export const getDraft = (db: Executor, assignmentId: string) =>
  db
    .selectFrom('measure_responses')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();

export const getResponse = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('measure_responses')
    .selectAll()
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export const amendmentOf = (db: Executor, responseId: string) =>
  db.selectFrom('measure_responses').select('id').where('amended_from', '=', responseId).executeTakeFirst();

export const listResponses = (db: Executor, patientId: string) =>
  db
    .selectFrom('measure_responses')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();

/**
 * Every write below that changes a patient's trend points (a score is a new point; an amendment supersedes the
 * point it corrects) recomputes the patient's outcome summary for that instrument in the same transaction
 * (outcomes/repository.ts), here rather than in the callers, so no path that records answers can skip it.
 * A draft saved or completed changes no point until its score is inserted.
 */
export async function insertResponse(db: Executor, row: ResponseRow): Promise<void> {
  await db.insertInto('measure_responses').values(row).execute();
  if (row.amended_from && !isSessionRating(row.instrument_id)) {
    await refreshPatientOutcome(db, row.patient_id, row.instrument_id, row.updated_at);
    await refreshCourseOutcomes(db, row.patient_id, row.updated_at);
  }
}

export async function updateResponse(db: Executor, id: string, patch: Partial<ResponseRow>): Promise<void> {
  await db
    .updateTable('measure_responses')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .execute();
}

/** `now`: when the score is recorded (the row's scored_at is when the sheet was filled in). */
export async function insertScore(db: Executor, row: ScoreRow, now: string): Promise<void> {
  await db.insertInto('measure_scores').values(row).execute();
  // End-of-session ratings are process measures: their summary is session_experience (one row per session),
  // not a baseline-to-latest outcome; the experience writer refreshes the course summary itself.
  if (!isSessionRating(row.instrument_id)) {
    await refreshPatientOutcome(db, row.patient_id, row.instrument_id, now);
    await refreshCourseOutcomes(db, row.patient_id, now);
  }
}

export const getScore = (db: Executor, responseId: string) =>
  db.selectFrom('measure_scores').selectAll().where('response_id', '=', responseId).executeTakeFirst();

export const listScores = (db: Executor, patientId: string) =>
  db.selectFrom('measure_scores').selectAll().where('patient_id', '=', patientId).execute();

// ── Safety tasks ─────────────────────────────────────────────────────────────────────────────────────
/** Inserts tasks, ignoring any (response, flag) pair that already has one (a draft saved twice). */
export async function insertSafetyTasks(db: Executor, rows: SafetyTaskRow[]): Promise<SafetyTaskRow[]> {
  const created: SafetyTaskRow[] = [];
  for (const row of rows) {
    const r = await db
      .insertInto('measure_safety_tasks')
      .values(row)
      .onConflict((oc) => oc.columns(['response_id', 'flag_code']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) created.push(row);
  }
  return created;
}

export const tasksForResponses = (db: Executor, responseIds: string[]) =>
  responseIds.length
    ? db.selectFrom('measure_safety_tasks').selectAll().where('response_id', 'in', responseIds).execute()
    : Promise.resolve([] as SafetyTaskRow[]);

/** Safety tasks with their patient, emergencies first, then the oldest. */
export function listSafetyTasks(
  db: Executor,
  f: { status?: 'open' | 'resolved'; patientId?: string; id?: string; limit: number },
) {
  let q = db
    .selectFrom('measure_safety_tasks as t')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .leftJoin('users as u', 'u.id', 't.resolved_by')
    .selectAll('t')
    .select([
      'p.chart_number',
      'p.first_name',
      'p.last_name',
      'p.preferred_name',
      'u.name as resolved_by_name',
    ]);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.patientId) q = q.where('t.patient_id', '=', f.patientId);
  if (f.id) q = q.where('t.id', '=', f.id);
  return q
    .orderBy(sql`case when t.status = 'open' then 0 else 1 end`)
    .orderBy(sql`case when t.level = 'emergency' then 0 else 1 end`)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(f.limit)
    .execute();
}
export type SafetyTaskListRow = Awaited<ReturnType<typeof listSafetyTasks>>[number];

export const getSafetyTask = (db: Executor, id: string) =>
  db.selectFrom('measure_safety_tasks').selectAll().where('id', '=', id).executeTakeFirst();

export async function patientsWithOpenTasks(db: Executor, patientIds: string[]): Promise<Set<string>> {
  if (!patientIds.length) return new Set();
  const rows = await db
    .selectFrom('measure_safety_tasks')
    .select('patient_id')
    .distinct()
    .where('status', '=', 'open')
    .where('patient_id', 'in', patientIds)
    .execute();
  return new Set(rows.map((r) => r.patient_id));
}

/** Resolves an open task; false when it was already resolved (someone else got there first). */
export async function resolveSafetyTask(
  db: Executor,
  id: string,
  by: string,
  at: string,
  followUp: string,
): Promise<boolean> {
  const r = await db
    .updateTable('measure_safety_tasks')
    .set({ status: 'resolved', resolved_by: by, resolved_at: at, follow_up: followUp })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── Kiosk tokens ─────────────────────────────────────────────────────────────────────────────────────
export async function insertKioskToken(db: Executor, row: KioskTokenRow): Promise<void> {
  await db.insertInto('measure_kiosk_tokens').values(row).execute();
}

/** A newer hand-over replaces older ones for the same assignment. */
export async function revokeKioskTokens(db: Executor, assignmentId: string, at: string): Promise<void> {
  await db
    .updateTable('measure_kiosk_tokens')
    .set({ revoked_at: at })
    .where('assignment_id', '=', assignmentId)
    .where('revoked_at', 'is', null)
    .where('submitted_at', 'is', null)
    .execute();
}

/** The token with this hash, whatever its state (for the audit entry of a refused one). */
export const findKioskToken = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('measure_kiosk_tokens')
    .select(['id', 'patient_id', 'assignment_id', 'issued_by'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();

/** A token that is unspent, unrevoked and unexpired at `now`. */
export const liveKioskToken = (db: Executor, tokenHash: string, now: string) =>
  db
    .selectFrom('measure_kiosk_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('submitted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();

export async function spendKioskToken(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('measure_kiosk_tokens')
    .set({ submitted_at: at })
    .where('id', '=', id)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── Read by the worklist and the FHIR interface ─────────────────────────────────────────────────────
/** The caller's condition on a row's patient: a record the user may open (platform/confidential.ts). */
type MayOpen = (column: string) => import('kysely').Expression<import('kysely').SqlBool>;
type Ids = readonly string[] | null;

/** Open safety tasks with their patient's name, the oldest first (a query, paged by the worklist). */
export const openSafetyTasksQuery = (db: Executor, mayOpen: MayOpen) =>
  db
    .selectFrom('measure_safety_tasks as t')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .select(['t.id', 't.level', 't.message', 't.created_at', 't.patient_id', 'p.first_name', 'p.last_name'])
    .where('t.status', '=', 'open')
    .where(mayOpen('t.patient_id'))
    .orderBy('t.created_at')
    .orderBy('t.id');

/**
 * Assignments in one open status due by `today`, the longest due first (a query the worklist counts as it is
 * and pages {@link withPatientName}): one status at a time reads the (status, due_on) index in order.
 */
export const openAssignmentsQuery = (db: Executor, status: string, today: string, mayOpen: MayOpen) =>
  db
    .selectFrom('measure_assignments as a')
    .where('a.status', '=', status)
    .where('a.due_on', '<=', today)
    .where(mayOpen('a.patient_id'))
    .orderBy('a.due_on')
    .orderBy('a.id');

/** {@link openAssignmentsQuery} with the columns a worklist item shows, its patient's name among them. */
export const withPatientName = (q: ReturnType<typeof openAssignmentsQuery>) =>
  q
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select(['a.id', 'a.instrument_id', 'a.due_on', 'a.overdue_on', 'a.patient_id'])
    .select(['p.first_name', 'p.last_name']);

/** Responses by patient and id (null: any), in id order. */
export const responsesWhere = (db: Executor, patientIds: Ids, ids: Ids) =>
  db
    .selectFrom('measure_responses')
    .selectAll()
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** Scores with their response's version and times; every condition given holds (null or absent: any). */
export const scoresWhere = (
  db: Executor,
  f: { patientIds: Ids; ids: Ids; instruments: Ids; from?: string; to?: string },
) =>
  db
    .selectFrom('measure_scores as s')
    .innerJoin('measure_responses as r', 'r.id', 's.response_id')
    .selectAll('s')
    .select([
      'r.instrument_version',
      'r.amended_from',
      'r.completed_at',
      'r.updated_at as response_updated_at',
    ])
    .$if(f.patientIds !== null, (q) => q.where('s.patient_id', 'in', f.patientIds as string[]))
    .$if(f.ids !== null, (q) => q.where('s.id', 'in', f.ids as string[]))
    .$if(f.instruments !== null, (q) => q.where('s.instrument_id', 'in', f.instruments as string[]))
    .$if(f.from !== undefined, (q) => q.where('s.scored_at', '>=', f.from as string))
    .$if(f.to !== undefined, (q) => q.where('s.scored_at', '<=', f.to as string))
    .orderBy('s.id')
    .execute();
