import { randomUUID } from 'node:crypto';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import type { CareTasksTable } from '../../db/schema';

/** Every query on care_tasks (issue #17). */
export type CareTaskRow = CareTasksTable;

/** What opens a care task: crisis language the patient shared (journal) or sent (message); a thread a staff member turned into a task. */
export const CARE_TASK_KINDS = ['journal_crisis', 'message_crisis', 'message_follow_up'] as const;
export type CareTaskKind = (typeof CARE_TASK_KINDS)[number];

export interface OpenCareTask {
  patientId: string;
  /** Stable key: a second open with the same key does nothing (e.g. `journal_crisis:<entryId>`). */
  key: string;
  kind: CareTaskKind;
  urgent: boolean;
  /** Plain words for the care team's list; never the patient's own text. */
  title: string;
  source?: { type: 'journal_entry' | 'message_thread'; id: string };
  /** The staff member who opened it (none: the system). */
  openedBy?: string | null;
  assignedTo?: string | null;
  at: string;
}

/**
 * Opens a task once per key inside the caller's transaction; returns the new task's id, or null when a task with
 * this key already exists. The caller writes the audit entry (the task is part of its action).
 */
export async function insertCareTask(db: Executor, t: OpenCareTask): Promise<string | null> {
  const id = randomUUID();
  const r = await db
    .insertInto('care_tasks')
    .values({
      id,
      patient_id: t.patientId,
      task_key: t.key,
      kind: t.kind,
      urgent: t.urgent ? 1 : 0,
      title: t.title,
      source_type: t.source?.type ?? null,
      source_id: t.source?.id ?? null,
      state: 'open',
      assigned_to: t.assignedTo ?? null,
      opened_by: t.openedBy ?? null,
      opened_at: t.at,
      resolved_by: null,
      resolved_at: null,
      outcome: null,
    })
    .onConflict((oc) => oc.column('task_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? id : null;
}

/** The tasks about one source (a journal entry, a thread), oldest first. */
export const tasksOfSource = (db: Executor, type: string, id: string) =>
  db
    .selectFrom('care_tasks')
    .selectAll()
    .where('source_type', '=', type)
    .where('source_id', '=', id)
    .orderBy('opened_at')
    .execute();

type MayOpen = (column: string) => Expression<SqlBool>;

/** Tasks with the names a list shows: the patient, who holds it, who opened and who resolved it. */
const withNames = (db: Executor) =>
  db
    .selectFrom('care_tasks as t')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .leftJoin('users as ua', 'ua.id', 't.assigned_to')
    .leftJoin('users as uo', 'uo.id', 't.opened_by')
    .leftJoin('users as ur', 'ur.id', 't.resolved_by')
    .selectAll('t')
    .select([
      'p.first_name',
      'p.last_name',
      'p.preferred_name',
      'p.chart_number',
      'ua.name as assigned_name',
      'uo.name as opened_name',
      'ur.name as resolved_name',
    ]);
export type CareTaskListRow = Awaited<ReturnType<ReturnType<typeof withNames>['execute']>>[number];

/**
 * Tasks of one patient (`patientId`) or across patients (`mayOpen`: the confidentiality condition, inside the
 * query), urgent first, then the oldest; resolved ones after the open, the latest resolved first.
 */
export function listCareTasks(
  db: Executor,
  q: { patientId?: string; state?: 'open' | 'resolved'; limit: number; mayOpen?: MayOpen; id?: string },
) {
  let s = withNames(db);
  if (q.id) s = s.where('t.id', '=', q.id);
  if (q.patientId) s = s.where('t.patient_id', '=', q.patientId);
  if (q.state) s = s.where('t.state', '=', q.state);
  if (q.mayOpen) s = s.where(q.mayOpen('t.patient_id'));
  return s
    .orderBy(sql`case when t.state = 'open' then 0 else 1 end`)
    .orderBy('t.urgent', 'desc')
    .orderBy(sql`case when t.state = 'open' then t.opened_at else null end`)
    .orderBy('t.resolved_at', 'desc')
    .orderBy('t.id')
    .limit(q.limit)
    .execute();
}

export const getCareTask = (db: Executor, id: string) =>
  db.selectFrom('care_tasks').selectAll().where('id', '=', id).executeTakeFirst();

/** Closes an open task with its documented follow-up; false when it was already resolved (never reopened). */
export async function resolveCareTask(
  db: Executor,
  p: { id: string; by: string; at: string; outcome: string },
): Promise<boolean> {
  const r = await db
    .updateTable('care_tasks')
    .set({ state: 'resolved', resolved_by: p.by, resolved_at: p.at, outcome: p.outcome })
    .where('id', '=', p.id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives an open task to a clinician (or to nobody); false when the task is resolved. */
export async function assignCareTask(db: Executor, id: string, userId: string | null): Promise<boolean> {
  const r = await db
    .updateTable('care_tasks')
    .set({ assigned_to: userId })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An active staff account with one of these roles (who may hold a task), or undefined. */
export const activeUserInRoles = (db: Executor, id: string, roles: readonly string[]) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('role', 'in', roles)
    .executeTakeFirst();

/** Open tasks across patients for Today, urgent first, then the oldest (paged and counted by the worklist). */
export const openCareTasksQuery = (db: Executor, mayOpen: MayOpen) =>
  db
    .selectFrom('care_tasks as t')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .leftJoin('users as ua', 'ua.id', 't.assigned_to')
    .select([
      't.id',
      't.kind',
      't.urgent',
      't.title',
      't.source_type',
      't.source_id',
      't.opened_at',
      't.patient_id',
      'p.first_name',
      'p.last_name',
      'ua.name as assigned_name',
    ])
    .where('t.state', '=', 'open')
    .where(mayOpen('t.patient_id'))
    .orderBy('t.urgent', 'desc')
    .orderBy('t.opened_at')
    .orderBy('t.id');
