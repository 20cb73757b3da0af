import { sql } from 'kysely';
import { compiledInsert, compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { IdempotencyKeysTable } from '../../db/schema';

/** All SQL about idempotency keys (platform/idempotency.ts). */

// Every write carrying a key stores it: compiled once (db/compiled-once.ts).
const keyInsert = compiledInsert('idempotency_keys', [
  'actor_key',
  'key',
  'method',
  'path',
  'audit_id',
  'status_code',
  'response',
  'created_at',
]);
export async function insertIdempotencyKey(db: Executor, row: IdempotencyKeysTable): Promise<void> {
  await keyInsert(db, row);
}

// Every write carrying a key asks: compiled once (db/compiled-once.ts).
const keyRow = compiledOnce((db: Executor, actorKey: string, key: string) =>
  db.selectFrom('idempotency_keys').selectAll().where('actor_key', '=', actorKey).where('key', '=', key),
);
export const findIdempotencyKey = async (db: Executor, actorKey: string, key: string) =>
  (await keyRow(db, actorKey, key))[0];

export interface IdempotentResponse {
  actorKey: string;
  key: string;
  statusCode: number;
  response: string;
}

/**
 * Keeps the first responses to writes, so a retry gets the same answer: any number of them in one statement
 * (a table of the new values joined to the keys; the same SQL on SQLite and PostgreSQL).
 */
export async function saveIdempotentResponses(
  db: Executor,
  rows: readonly IdempotentResponse[],
): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(rows.map((r) => sql`(${r.actorKey}, ${r.key}, ${r.statusCode}, ${r.response})`));
  await sql`with v (actor_key, key, status_code, response) as (values ${values})
    update idempotency_keys
       set status_code = cast(v.status_code as integer), response = v.response
      from v
     where idempotency_keys.actor_key = v.actor_key and idempotency_keys.key = v.key`.execute(db);
}

/**
 * Removes up to `limit` key records made before `cutoff` (ISO-8601 UTC), oldest first, through the
 * `created_at` index; returns how many went. The same SQL on SQLite and PostgreSQL (a row-value IN).
 */
export async function deleteIdempotencyKeysBefore(
  db: Executor,
  cutoff: string,
  limit: number,
): Promise<number> {
  const r = await sql`delete from idempotency_keys
     where (actor_key, key) in (
       select actor_key, key from idempotency_keys where created_at < ${cutoff} order by created_at limit ${limit})`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}
