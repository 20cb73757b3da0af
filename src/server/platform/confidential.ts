import type { Executor } from '../db/dialect';
import { confidentialHiddenFrom, mayOpenSql, type Viewer } from './repository/confidential';

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

/**
 * The rule as a condition on a patient id column, for the lists' own queries, and who is looking; both are
 * written in repository/confidential.ts.
 */
export { mayOpenSql, type Viewer };

/**
 * Of these patient ids, the ones the viewer may not open: for lists that mask rather than leave out. The
 * same rule as `mayOpenSql`, asked only about the (few) confidential records among `ids`.
 */
export async function hiddenPatients(
  db: Executor,
  viewer: Viewer,
  nowIso: string,
  ids: (string | null | undefined)[],
): Promise<Set<string>> {
  const list = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!list.length) return new Set();
  const rows = await confidentialHiddenFrom(db, viewer, nowIso, list);
  return new Set(rows.map((r) => r.patient_id));
}
