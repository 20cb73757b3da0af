import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../db/dialect';
import type { AuthContext } from './auth-context';

/**
 * Confidential records in lists that span patients (S17). A chart marked confidential opens only for its
 * care team, or for a designated user inside an open emergency window (platform/emergency.ts); lists must not
 * give away what the chart would not. This module states that rule once, as SQL, for every such list:
 *
 * - lists whose rows exist to be opened or acted on (patient search, the worklist, the session board, measures
 *   due, safety tasks, enquiries converted to a record, undeliverable reminders) **leave the patient out**,
 *   inside the query, so counts and pages agree with what is shown;
 * - lists of shared resources (the calendar, the Today board, a clinician's calendar feed) **keep the row and
 *   mask it**: the room and the clinician are still taken, but the patient appears as {@link MASKED_NAME}, with
 *   no patient id, chart number, escort or link.
 *
 * The admins' audit log and emergency-access review are deliberately left whole: they carry patient ids (no
 * names), and oversight of who opened what needs them.
 */
export const MASKED_NAME = 'Confidential patient';

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

/**
 * Of these patient ids, the ones the viewer may not open: for lists that mask rather than leave out. The
 * same rule as {@link mayOpenSql}, asked only about the (few) confidential records among `ids`.
 */
export async function hiddenPatients(
  db: Executor,
  viewer: Viewer,
  nowIso: string,
  ids: (string | null | undefined)[],
): Promise<Set<string>> {
  const list = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!list.length) return new Set();
  const rows = await db
    .selectFrom('patient_confidentiality as c')
    .select('c.patient_id')
    .where('c.patient_id', 'in', list)
    .where((eb) => eb.not(mayOpenSql(viewer, nowIso, 'c.patient_id')))
    .execute();
  return new Set(rows.map((r) => r.patient_id));
}
