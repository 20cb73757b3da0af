import { sql } from 'kysely';
import type { Executor } from '../../../db/dialect';
import type { AuthContext } from '../../../platform/auth-context';
import { mayOpenSql } from '../../../platform/confidential';
import { CLOSED_SESSION_STATUSES } from './sessions';

/**
 * The worklist's session sections as queries, ordered, for the worklist to read a page at a time. Each leaves
 * out confidential records the user may not open (platform/confidential.ts).
 */

/**
 * `column not in (values)` written as the ranges between the values, which both engines answer from an index
 * (SQLite scans the whole index for NOT IN: 6 ms for 24 k sessions, against 0.1 ms for the ranges).
 */
function notIn(column: string, values: string[]) {
  const v = [...new Set(values)].sort();
  const col = sql.ref(column);
  const ranges = [sql`${col} < ${v[0]}`, sql`${col} > ${v[v.length - 1]}`];
  for (let i = 0; i + 1 < v.length; i++) ranges.push(sql`(${col} > ${v[i]} and ${col} < ${v[i + 1]})`);
  return sql<boolean>`(${sql.join(ranges, sql` or `)})`;
}

/** Sessions under way with their patient's name, those on a pre-dose hold first, then the longest running. */
export const sessionsUnderWayQuery = (db: Executor, auth: AuthContext, nowIso: string) =>
  db
    .selectFrom('dosing_sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select([
      's.id',
      's.patient_id',
      's.route',
      's.status',
      's.hold',
      's.started_at',
      's.first_dose_at',
      's.rule_set_version',
      'p.first_name',
      'p.last_name',
    ])
    .where(notIn('s.status', CLOSED_SESSION_STATUSES))
    .where(mayOpenSql(auth, nowIso, 's.patient_id'))
    .orderBy(sql`case when s.hold is null then 1 else 0 end`)
    .orderBy('s.started_at')
    .orderBy('s.id');

/** Discharged sessions whose record the prescriber has not signed, the longest waiting first. */
export const unsignedSessionsQuery = (db: Executor, auth: AuthContext, nowIso: string) =>
  db
    .selectFrom('dosing_sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select(['s.id', 's.patient_id', 's.discharged_at', 'p.first_name', 'p.last_name'])
    .where(sql<boolean>`s.status = 'discharged'`) // literal: the dosing_sessions_unsigned index (0016)
    .where(mayOpenSql(auth, nowIso, 's.patient_id'))
    .orderBy('s.discharged_at')
    .orderBy('s.id');

/** Esketamine sessions whose REMS record is not yet submitted, the longest-dosed first. */
export const remsDueQuery = (db: Executor, auth: AuthContext, nowIso: string) =>
  db
    .selectFrom('dosing_sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select(['s.id', 's.patient_id', 's.first_dose_at', 'p.first_name', 'p.last_name'])
    // Literal values, so both engines read the dosing_sessions_rems_due index (migration 0016).
    .where(sql<boolean>`s.route = 'esketamine'`)
    .where('s.discharged_at', 'is not', null)
    .where('s.rems_submitted_at', 'is', null)
    .where(mayOpenSql(auth, nowIso, 's.patient_id'))
    .orderBy('s.first_dose_at')
    .orderBy('s.id');
