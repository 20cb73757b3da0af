import type { Executor } from '../../db/dialect';
import type { EmergencyAccessTable } from '../../db/schema';

/**
 * All SQL about emergency-access windows and the confidential flag on a record. The two questions the
 * platform's own rule asks (an open window, care-team membership) are in platform/repository/emergency.ts.
 */
export type EmergencyAccessRow = EmergencyAccessTable;

/** The patient, and whether their record is marked confidential (`confidential` is null when it is not). */
export const patientConfidentiality = (db: Executor, patientId: string) =>
  db
    .selectFrom('patients as p')
    .leftJoin('patient_confidentiality as c', 'c.patient_id', 'p.id')
    .select(['p.id', 'c.patient_id as confidential'])
    .where('p.id', '=', patientId)
    .executeTakeFirst();

export async function insertGrant(db: Executor, row: EmergencyAccessRow): Promise<void> {
  await db.insertInto('emergency_access').values(row).execute();
}

/** One of the user's own windows, open or not. */
export const findOwnGrant = (db: Executor, grantId: string, userId: string) =>
  db
    .selectFrom('emergency_access')
    .selectAll()
    .where('id', '=', grantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

/** Closes a window the user ends early (a window already ended is left as it was). */
export async function endGrantByUser(db: Executor, grantId: string, now: string): Promise<void> {
  await db
    .updateTable('emergency_access')
    .set({ ended_at: now, end_reason: 'ended_by_user' })
    .where('id', '=', grantId)
    .where('ended_at', 'is', null)
    .execute();
}

/** The user's windows open at `nowIso`, soonest to close first. */
export const openGrantsOf = (db: Executor, userId: string, nowIso: string) =>
  db
    .selectFrom('emergency_access')
    .select(['id', 'patient_id', 'opened_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('expires_at')
    .execute();

/** Ends the user's open windows when their designation is removed; how many were open. */
export async function endGrantsOnDesignationRemoved(
  db: Executor,
  userId: string,
  now: string,
): Promise<number> {
  const r = await db
    .updateTable('emergency_access')
    .set({ ended_at: now, end_reason: 'designation_removed' })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/** Windows opened since `since`, newest first (at most 500), with who opened them. */
export const grantsOpenedSince = (db: Executor, since: string) =>
  db
    .selectFrom('emergency_access as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.patient_id',
      'e.opened_at',
      'e.expires_at',
      'e.ended_at',
      'e.end_reason',
      'e.reason',
      'e.user_id',
      'u.name',
      'u.role',
    ])
    .where('e.opened_at', '>=', since)
    .orderBy('e.opened_at', 'desc')
    .limit(500)
    .execute();

// ── The confidential flag ───────────────────────────────────────────────────────────────────────────
export async function markConfidential(
  db: Executor,
  patientId: string,
  setBy: string,
  setAt: string,
): Promise<void> {
  await db
    .insertInto('patient_confidentiality')
    .values({ patient_id: patientId, set_by: setBy, set_at: setAt })
    .onConflict((oc) => oc.column('patient_id').doNothing())
    .execute();
}

export async function clearConfidential(db: Executor, patientId: string): Promise<void> {
  await db.deleteFrom('patient_confidentiality').where('patient_id', '=', patientId).execute();
}

/** When the record was marked confidential and by whom, if it is. */
export const confidentialityOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('patient_confidentiality as c')
    .innerJoin('users as u', 'u.id', 'c.set_by')
    .select(['c.set_at', 'u.id', 'u.name'])
    .where('c.patient_id', '=', patientId)
    .executeTakeFirst();

export async function isConfidential(db: Executor, patientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('patient_confidentiality')
    .select('patient_id')
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Emergency access windows opened since `since`, newest first, with who opened them (for admins to review). */
export const emergencyWindowsSince = (db: Executor, since: string) =>
  db
    .selectFrom('emergency_access as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'e.patient_id', 'e.opened_at', 'e.expires_at', 'e.ended_at', 'u.name'])
    .where('e.opened_at', '>=', since)
    .orderBy('e.opened_at', 'desc')
    .execute();
