import type { OperationNodeSource } from 'kysely';
import { type Db, type Executor, isPostgres, isUniqueViolation } from '../db/dialect';
import { type AuditInput, appendAudit, appendAuditWithRow } from './audit';
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

/** A refused or failed change: its entry in a transaction of its own (the change rolled back), then the error. */
async function refused(
  db: Db,
  clock: Clock,
  auth: AuthContext,
  entry: AuditInput,
  err: unknown,
): Promise<never> {
  await db.transaction().execute((trx) => appendAudit(trx, clock, auth, refusalOf(entry, err)));
  if (err instanceof PatientAccessDenied) throw notFound('patient');
  throw err;
}

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
    return refused(db, clock, auth, entry, err);
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

/** One row a change inserts: run in a transaction, or embedded in PostgreSQL's one statement (`withPatientChange`). */
export interface RowInsert {
  /** Inserts the row on `trx`. */
  run(trx: Executor): Promise<unknown>;
  /** The same insert as a query to embed in another statement. */
  query(db: Executor): OperationNodeSource;
  /** What a unique violation of the row means to the caller (usually a conflict). */
  duplicate(err: unknown): unknown;
}

/** What a change's work plans: its answer, the row it inserts, and any writes that must come first. */
export interface PlannedChange<T> {
  value: T;
  insert?: RowInsert;
  /** Writes before the row, in its transaction (on PostgreSQL this makes the change a transaction again). */
  before?: (trx: Executor) => Promise<void>;
}

/**
 * `withPatient` for a change that is usually one inserted row, such as a vital sign (issue #23). The work reads
 * and plans; it must not write, and hands back the row (and any writes that must come first). SQLite: exactly
 * `withPatient` (one transaction: the check, the work, the writes, the entry). PostgreSQL: the check and the
 * work read without a transaction (each statement sees what is committed when it runs, as it would inside a
 * READ COMMITTED transaction: the reads lock nothing either way), then the row, the audit entry and the
 * request's idempotency key are stored by one statement, its own transaction (three round trips fewer: BEGIN,
 * the insert, COMMIT; and the chain's lock is held for that statement only). With writes to make first, those,
 * the row and the entry share one transaction, as in `withPatient`. A refusal or a failure is audited the same
 * way.
 */
export async function withPatientChange<T, R extends AccessCheckRow = AccessCheckRow>(
  db: Db,
  clock: Clock,
  auth: AuthContext,
  patientId: string,
  perm: Permission,
  audit: Omit<AuditInput, 'patientId' | 'outcome'>,
  fn: (db: Executor, patient: Omit<R, 'confidential'>) => Promise<PlannedChange<T>>,
  read?: (db: Executor, patientId: string) => Promise<R | undefined>,
): Promise<T> {
  const store = async (trx: Executor, plan: PlannedChange<T>) => {
    await plan.before?.(trx);
    if (plan.insert) await plan.insert.run(trx).catch((err) => Promise.reject(duplicateOf(plan.insert, err)));
  };
  if (!isPostgres(db))
    return withPatient(
      db,
      clock,
      auth,
      patientId,
      perm,
      audit,
      async (trx, patient) => {
        const plan = await fn(trx, patient);
        await store(trx, plan);
        return plan.value;
      },
      read,
    );
  const entry = entryAbout(audit, patientId);
  try {
    const plan = await db.connection().execute(async (conn) => {
      const patient = await checkPatientAccess(conn, clock, auth, patientId, perm, read ?? readerOf<R>());
      return fn(conn, patient);
    });
    if (plan.before)
      await db.transaction().execute(async (trx) => {
        await store(trx, plan);
        await appendAudit(trx, clock, auth, entry);
      });
    else if (plan.insert)
      await appendAuditWithRow(db, clock, auth, entry, plan.insert.query(db), plan.insert.duplicate);
    else await appendAudit(db, clock, auth, entry); // one statement on PostgreSQL, the key with it
    return plan.value;
  } catch (err) {
    return refused(db, clock, auth, entry, err);
  }
}

const duplicateOf = (insert: RowInsert | undefined, err: unknown) =>
  insert && isUniqueViolation(err) ? insert.duplicate(err) : err;
