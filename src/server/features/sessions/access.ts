import type { AuditAction } from '../../../contracts/audit-actions';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { AccessCheckRow } from '../../platform/repository/patients';
import { type PlannedChange, withPatient, withPatientChange } from '../../platform/scope';
import * as repo from './repository';

/** What the session writes share: the permission and patient-scope check, and reading the session. */
export type SessionPerm = 'session.run' | 'orders.sign' | 'clinical.write' | 'clinical.read';

/**
 * Runs `fn` in a transaction on the patient's record, audited, once the staff member may act on it; `read`: the
 * access check's read with more columns (platform/scope.ts `withPatient`).
 */
export function onSession<T, R extends AccessCheckRow = AccessCheckRow>(
  ctx: AppContext,
  auth: AuthContext,
  patientId: string,
  perm: SessionPerm,
  action: AuditAction,
  objectId: string | undefined,
  fn: (trx: Executor, patient: Omit<R, 'confidential'>) => Promise<T>,
  read?: (db: Executor, patientId: string) => Promise<R | undefined>,
) {
  return withPatient(
    ctx.db,
    ctx.clock,
    auth,
    patientId,
    perm,
    sessionAudit(auth, perm, action, objectId),
    fn,
    read,
  );
}

/**
 * `onSession` for a change that is usually one inserted row (a monitoring entry): the work reads and plans, and
 * the row is stored with its audit entry (platform/scope.ts `withPatientChange`).
 */
export function onSessionChange<T, R extends AccessCheckRow = AccessCheckRow>(
  ctx: AppContext,
  auth: AuthContext,
  patientId: string,
  perm: SessionPerm,
  action: AuditAction,
  objectId: string | undefined,
  fn: (db: Executor, patient: Omit<R, 'confidential'>) => Promise<PlannedChange<T>>,
  read?: (db: Executor, patientId: string) => Promise<R | undefined>,
) {
  const audit = sessionAudit(auth, perm, action, objectId);
  return withPatientChange(ctx.db, ctx.clock, auth, patientId, perm, audit, fn, read);
}

/** Staff with the permission only (else 403); the entry names the session. */
function sessionAudit(
  auth: AuthContext,
  perm: SessionPerm,
  action: AuditAction,
  objectId: string | undefined,
) {
  if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  return { action, objectType: 'dosing_session', ...(objectId ? { objectId } : {}) };
}

/** The patient's session, or 404. */
export async function sessionOf(
  trx: Executor,
  patientId: string,
  sessionId: string,
): Promise<repo.SessionRow> {
  const s = await repo.findSession(trx, patientId, sessionId);
  if (!s) throw notFound('session');
  return s;
}

/** The patient's session while it may still be written (not signed), or 404 / 409. */
export async function unlockedSession(trx: Executor, patientId: string, sessionId: string) {
  return unlocked(await sessionOf(trx, patientId, sessionId));
}

/** The session, if it may still be written (not signed); else 409. */
export function unlocked(s: repo.SessionRow): repo.SessionRow {
  if (s.signed_at) throw conflict('This session is signed and locked. Add an addendum instead.');
  return s;
}

/** Changes a session, moving its version on. */
export async function bumpSession(
  trx: Executor,
  s: repo.SessionRow,
  patch: Partial<repo.SessionRow>,
  now: string,
): Promise<void> {
  await repo.updateSession(trx, s.id, { ...patch, version: s.version + 1, updated_at: now });
}
