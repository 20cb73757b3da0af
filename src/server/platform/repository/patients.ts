import { type Expression, type SqlBool, sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { PatientsTable } from '../../db/schema';

/**
 * The platform's own questions about patient records: the object-level access check (scope.ts) and how
 * oversight records name a patient (patient-names.ts). The tables belong to the patients feature, whose
 * repository holds the rest of their SQL; the platform may not import a feature, so these few reads are here.
 */

/**
 * The whole patient row (as `p`) and whether the record is marked confidential (`confidential` null when not).
 * A read that needs more of the record may add its own columns to this query and hand the row to the check
 * (`withPatientRead`'s `read`), so that the check and the read are one statement.
 */
export const accessCheckQuery = (db: Executor, patientId: string) =>
  db
    .selectFrom('patients as p')
    .leftJoin('patient_confidentiality as c', 'c.patient_id', 'p.id')
    .selectAll('p')
    .select('c.patient_id as confidential')
    .where('p.id', '=', patientId);
export type AccessCheckRow = PatientsTable & { confidential: string | null };
// Read by every request about one patient: compiled once (db/compiled-once.ts).
const accessCheckRow = compiledOnce(accessCheckQuery);
export const patientForAccessCheck = async (
  db: Executor,
  patientId: string,
): Promise<AccessCheckRow | undefined> => (await accessCheckRow(db, patientId))[0];

export const nameRowsOf = (db: Executor, ids: string[]) =>
  db
    .selectFrom('patients')
    .select(['id', 'first_name', 'last_name', 'chart_number'])
    .where('id', 'in', ids)
    .execute();

/** Patients whose chart number is `term` (lower case), whatever its case. */
export const patientsByChartNumber = (db: Executor, term: string) =>
  db.selectFrom('patients').select('id').where(sql`lower(chart_number)`, '=', term).execute();

/** Patients whose search text holds every token, among those `visible` (on `p.id`) lets through. */
export function patientsByText(db: Executor, tokens: string[], visible: Expression<SqlBool>, limit: number) {
  let byName = db.selectFrom('patients as p').select('p.id').where(visible);
  for (const token of tokens) {
    byName = byName.where('p.search_text', 'like', `%${token.replace(/[%_\\]/g, '')}%`);
  }
  return byName.limit(limit).execute();
}
