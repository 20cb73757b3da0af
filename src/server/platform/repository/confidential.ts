import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../auth-context';

/**
 * The confidentiality rule as SQL (platform/confidential.ts states it). It reads `patient_confidentiality`,
 * `care_team` (the patients feature's) and `emergency_access`: the platform may not import a feature, so the
 * condition is written here once for every list that spans patients.
 */

/** Who is looking: an interactive session, or a calendar feed's owner (no window: feeds are not sessions). */
export type Viewer = Pick<AuthContext, 'userId' | 'role' | 'patientId' | 'canBreakGlass' | 'scopes'>;

/**
 * A condition on `column` (a patient id, possibly null): true when the viewer may open that patient's chart
 * as far as confidentiality goes — the record is not confidential, or the viewer is on its care team, or
 * holds an open emergency window on it (interactive sessions only, as `mayOpenConfidential`). A null id (a
 * row without a patient) passes. Role permissions are the caller's business, as before.
 */
export function mayOpenSql(viewer: Viewer, nowIso: string, column: string): RawBuilder<SqlBool> {
  const col = sql.ref(column);
  if (viewer.role === 'patient') return sql<SqlBool>`(${col} is null or ${col} = ${viewer.patientId ?? ''})`;
  const window =
    viewer.canBreakGlass && !viewer.scopes
      ? sql`and not exists (select 1 from emergency_access ea where ea.user_id = ${viewer.userId} and ea.patient_id = pc.patient_id and ea.ended_at is null and ea.expires_at > ${nowIso})`
      : sql``;
  return sql<SqlBool>`not exists (select 1 from patient_confidentiality pc where pc.patient_id = ${col} and not exists (select 1 from care_team ct where ct.patient_id = pc.patient_id and ct.user_id = ${viewer.userId}) ${window})`;
}

/** Of these patient ids (non-empty), the confidential records the viewer may not open. */
export const confidentialHiddenFrom = (db: Executor, viewer: Viewer, nowIso: string, ids: string[]) =>
  db
    .selectFrom('patient_confidentiality as c')
    .select('c.patient_id')
    .where('c.patient_id', 'in', ids)
    .where((eb) => eb.not(mayOpenSql(viewer, nowIso, 'c.patient_id')))
    .execute();
