import type { Db, Executor } from '../db/dialect';
import { type AuditInput, appendAudit } from './audit';
import { auditRead } from './audit-batch';
import type { AuthContext } from './auth-context';
import type { Clock } from './clock';
import { mayOpenConfidential } from './emergency';
import { AppError, notFound } from './errors';
import type { Permission } from './permissions';
import { type AccessCheckRow, patientForAccessCheck } from './repository/patients';

class PatientAccessDenied extends Error {}

/**
 * Object-level access to one patient's record. Staff holding the permission see every patient of the
 * clinic, except a record marked confidential, which opens only for its care team or a designated user
 * with an open emergency window (platform/emergency.ts, S17); a portal account sees only its own patient.
 * Anything else is answered exactly like a missing record (S2).
 */
async function checkPatientAccess<R extends AccessCheckRow>(
  trx: Executor,
  clock: Clock,
  auth: AuthContext,
  patientId: string,
  perm: Permission,
  read: (db: Executor, patientId: string) => Promise<R | undefined>,
): Promise<Omit<R, 'confidential'>> {
  const isSelf = auth.role === 'patient' && auth.patientId === patientId;
  const staffOk = auth.role !== 'patient' && auth.permissions.has(perm);
  if (isSelf || staffOk) {
    // The whole row: the check reads it anyway, and the work that follows usually needs it (one query less).
    const found = await read(trx, patientId);
    if (
      found &&
      (isSelf ||
        !found.confidential ||
        (await mayOpenConfidential(trx, auth, patientId, clock.now().toISOString())))
    ) {
      const { confidential: _c, ...patient } = found;
      return patient;
    }
  }
  throw new PatientAccessDenied();
}

/** The entry a request about one patient writes: about that patient unless the caller names another object. */
const entryAbout = (audit: Omit<AuditInput, 'patientId' | 'outcome'>, patientId: string): AuditInput => ({
  ...audit,
  patientId,
  objectType: audit.objectType ?? 'patient',
  objectId: audit.objectId ?? patientId,
});

/** The entry of a refused (`denied`) or failed request, naming the error's code, never its message. */
const refusalOf = (entry: AuditInput, err: unknown): AuditInput => {
  const denied = err instanceof PatientAccessDenied;
  return {
    ...entry,
    outcome: denied ? 'denied' : 'failed',
    detail: {
      ...(entry.detail ?? {}),
      error: denied ? 'not_found_or_forbidden' : err instanceof AppError ? err.code : 'internal',
    },
  };
};

/** The check's own read of the patient row, where the caller gave no reader with more columns. */
const readerOf = <R extends AccessCheckRow>() =>
  patientForAccessCheck as unknown as (db: Executor, patientId: string) => Promise<R | undefined>;

/**
 * The one way services touch a patient's record (S3): access check, the work, and exactly one audit entry —
 * `allowed` in the same transaction as the change; `denied` or `failed` (with the error code) after a
 * refusal or a failed write has rolled back. The work receives the patient's row as the check read it; `read`
 * may replace that read with one that also reads what the work needs (as in `withPatientRead`).
 */
export async function withPatient<T, R extends AccessCheckRow = AccessCheckRow>(
  db: Db,
  clock: Clock,
  auth: AuthContext,
  patientId: string,
  perm: Permission,
  audit: Omit<AuditInput, 'patientId' | 'outcome'>,
  fn: (trx: Executor, patient: Omit<R, 'confidential'>) => Promise<T>,
  read?: (db: Executor, patientId: string) => Promise<R | undefined>,
): Promise<T> {
  const entry = entryAbout(audit, patientId);
  try {
    return await db.transaction().execute(async (trx) => {
      const patient = await checkPatientAccess(trx, clock, auth, patientId, perm, read ?? readerOf<R>());
      const value = await fn(trx, patient);
      await appendAudit(trx, clock, auth, entry);
      return value;
    });
  } catch (err) {
    await db.transaction().execute((trx) => appendAudit(trx, clock, auth, refusalOf(entry, err)));
    if (err instanceof PatientAccessDenied) throw notFound('patient');
    throw err;
  }
}

/**
 * `withPatient` for work that only reads (issue #23): the access check and the work share one connection, with
 * no transaction of their own (each statement sees what is committed when it runs, as under PostgreSQL's READ
 * COMMITTED), and the one audit entry — `allowed`, or `denied`/`failed` with the error code — is appended in a
 * group with other reads' entries (audit-batch.ts) before this resolves, so before the answer leaves. The work
 * must not write: a change belongs in `withPatient`, in one transaction with its entry.
 *
 * `read` may replace the check's own read of the patient row with one that also reads what the work needs, in
 * the same statement (the access check's query with more columns: platform/repository/patients.ts
 * `accessCheckQuery`); the work receives that row. Nothing read is handed on unless the check passes.
 */
export async function withPatientRead<T, R extends AccessCheckRow = AccessCheckRow>(
  db: Db,
  clock: Clock,
  auth: AuthContext,
  patientId: string,
  perm: Permission,
  audit: Omit<AuditInput, 'patientId' | 'outcome'>,
  fn: (db: Executor, patient: Omit<R, 'confidential'>) => Promise<T>,
  read?: (db: Executor, patientId: string) => Promise<R | undefined>,
): Promise<T> {
  const entry = entryAbout(audit, patientId);
  let value: T;
  try {
    value = await db.connection().execute(async (conn) => {
      const patient = await checkPatientAccess(conn, clock, auth, patientId, perm, read ?? readerOf<R>());
      return fn(conn, patient);
    });
  } catch (err) {
    await auditRead(db, clock, auth, refusalOf(entry, err));
    if (err instanceof PatientAccessDenied) throw notFound('patient');
    throw err;
  }
  await auditRead(db, clock, auth, entry);
  return value;
}
