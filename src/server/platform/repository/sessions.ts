import { type SelectQueryBuilder, sql } from 'kysely';
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
/** The session's and account's columns a request reads, as a folded read names them (`session__…`). */
const SESSION_COLUMNS = [
  'id',
  'user_id',
  'csrf_token',
  'mfa_verified',
  'created_at',
  'last_seen_at',
  'absolute_expires_at',
  'ended_at',
] as const;
const USER_COLUMNS = [
  'email',
  'name',
  'role',
  'status',
  'patient_id',
  'mfa_enabled',
  'can_break_glass',
] as const;
const FOLDED = 'session__';

/** What a write's Idempotency-Key recorded, as `sessionWithUserAndKey` names it. */
const KEY_COLUMNS = ['key', 'method', 'path', 'status_code', 'response'] as const;

/**
 * The session with its account, and `read` (a read of one patient's record) joined laterally, run only for an
 * account whose role is one of `roles` and that has passed its MFA step or has none (platform/first-read.ts). The session's and account's columns are
 * prefixed, so that none of the read's own columns (all of them, as the read names them) can shadow one. With
 * `key` (a write's Idempotency-Key), what the account recorded under it too, as `sessionWithUserAndKey` reads it.
 */
export const sessionWithUserAndReadQuery = (
  db: Executor,
  tokenHash: string,
  // biome-ignore lint/suspicious/noExplicitAny: a read's query selects from any of the schema's tables
  read: SelectQueryBuilder<any, any, any>,
  roles: readonly string[],
  key?: string,
) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .$if(key !== undefined, (q) =>
      q
        .leftJoin('idempotency_keys as k', (j) =>
          j.onRef('k.actor_key', '=', 'u.id').on('k.key', '=', key as string),
        )
        .select(KEY_COLUMNS.map((c) => sql.ref(`k.${c}`).as(`${FOLDED}key_${c}`))),
    )
    .leftJoinLateral(read.as('r'), (j) =>
      j
        .on('u.role', 'in', roles as string[])
        .on((eb) => eb.or([eb('s.mfa_verified', '=', 1), eb('u.mfa_enabled', '=', 0)])),
    )
    .select([
      ...SESSION_COLUMNS.map((c) => sql.ref(`s.${c}`).as(`${FOLDED}${c}`)),
      ...USER_COLUMNS.map((c) => sql.ref(`u.${c}`).as(`${FOLDED}${c}`)),
    ])
    .selectAll('r' as never)
    .where('s.token_hash', '=', tokenHash);

/** A folded row split into the session's row (as `findSessionWithUser` answers it) and the read's columns. */
export function splitFolded(row: Record<string, unknown>): {
  session: NonNullable<Awaited<ReturnType<typeof findSessionWithUser>>>;
  read: Record<string, unknown>;
} {
  const session: Record<string, unknown> = {};
  const read: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith(FOLDED)) session[k.slice(FOLDED.length)] = v;
    else read[k] = v;
  }
  return { session: session as never, read };
}
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

/**
 * Removes up to `limit` sign-in records whose absolute limit passed before `cutoff` (every sign-in is over by
 * then), oldest first; how many went. One statement for both engines (index of migration 0031).
 */
export async function deleteSessionsOverBefore(db: Executor, cutoff: string, limit: number): Promise<number> {
  const r = await sql`delete from sessions where id in (
       select id from sessions where absolute_expires_at < ${cutoff} order by absolute_expires_at limit ${limit})`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}
