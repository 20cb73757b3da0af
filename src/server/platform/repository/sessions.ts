import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { SessionsTable } from '../../db/schema';

/** All SQL about sign-in sessions (platform/sessions.ts). */
export async function insertSession(db: Executor, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export const findSessionByTokenHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** The session with the account columns each request reads, in one query. */
const sessionWithUserQuery = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.email', 'u.name', 'u.role', 'u.status', 'u.patient_id', 'u.mfa_enabled', 'u.can_break_glass'])
    .where('s.token_hash', '=', tokenHash);
// Read on every signed-in request: compiled once (db/compiled-once.ts).
const sessionWithUser = compiledOnce(sessionWithUserQuery);
/**
 * A write that carries an Idempotency-Key: the same row with what the account already recorded under that key
 * (platform/idempotency.ts; the key's actor is the account), so the replay check needs no statement of its own.
 */
const sessionWithUserAndKey = compiledOnce((db: Executor, tokenHash: string, key: string) =>
  sessionWithUserQuery(db, tokenHash)
    .leftJoin('idempotency_keys as k', (j) => j.onRef('k.actor_key', '=', 'u.id').on('k.key', '=', key))
    .select([
      'k.key as key_key',
      'k.method as key_method',
      'k.path as key_path',
      'k.status_code as key_status_code',
      'k.response as key_response',
    ]),
);
export const findSessionWithUser = async (db: Executor, tokenHash: string) =>
  (await sessionWithUser(db, tokenHash))[0];
export const findSessionWithUserAndKey = async (db: Executor, tokenHash: string, key: string) =>
  (await sessionWithUserAndKey(db, tokenHash, key))[0];

export async function touchSession(db: Executor, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function markSessionMfaVerified(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa_verified: 1 }).where('id', '=', id).execute();
}

/** Ends the session if it is still live. */
export async function endSession(db: Executor, id: string, now: string, reason: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends the user's live sessions, but for `exceptId` when given; how many were live. */
export async function endSessionsOfUser(
  db: Executor,
  userId: string,
  now: string,
  reason: string,
  exceptId?: string,
): Promise<number> {
  const res = await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as string))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
