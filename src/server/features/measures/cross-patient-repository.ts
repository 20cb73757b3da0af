import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import { dueAssignments } from './repository';

/**
 * The measures lists that span patients (due and overdue measures, safety tasks, the open-task count), with the
 * caller's confidentiality condition on the patient (`visible`, on the patient id column named below; see
 * platform/confidential.ts) applied inside the query, so counts, pages and limits agree with what is shown.
 * These are the only cross-patient reads of measures; the chart's own (single-patient) reads stay in
 * repository.ts (listSafetyTasks with a patient id).
 */
export async function countVisibleDue(
  db: Executor,
  until: string,
  visible: (column: 'a.patient_id') => Expression<SqlBool>,
): Promise<number> {
  const r = await dueAssignments(db, until)
    .where(visible('a.patient_id'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const listVisibleDue = (
  db: Executor,
  until: string,
  limit: number,
  offset: number,
  visible: (column: 'a.patient_id') => Expression<SqlBool>,
) =>
  dueAssignments(db, until)
    .where(visible('a.patient_id'))
    .selectAll('a')
    .select(['p.chart_number', 'p.first_name', 'p.last_name', 'p.preferred_name'])
    .orderBy('a.overdue_on')
    .orderBy('a.due_on')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();

/** Safety tasks across patients, emergencies first, then the oldest (as listSafetyTasks). */
export const listVisibleSafetyTasks = (
  db: Executor,
  status: 'open' | 'resolved' | undefined,
  limit: number,
  visible: (column: 't.patient_id') => Expression<SqlBool>,
) =>
  db
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
    ])
    .$if(status !== undefined, (q) => q.where('t.status', '=', status as string))
    .where(visible('t.patient_id'))
    .orderBy(sql`case when t.status = 'open' then 0 else 1 end`)
    .orderBy(sql`case when t.level = 'emergency' then 0 else 1 end`)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();

export async function countVisibleOpenSafetyTasks(
  db: Executor,
  visible: (column: 't.patient_id') => Expression<SqlBool>,
): Promise<number> {
  const r = await db
    .selectFrom('measure_safety_tasks as t')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.status', '=', 'open')
    .where(visible('t.patient_id'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
