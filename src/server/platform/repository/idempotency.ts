import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { IdempotencyKeysTable } from '../../db/schema';

/** All SQL about idempotency keys (platform/idempotency.ts). */
export async function insertIdempotencyKey(db: Executor, row: IdempotencyKeysTable): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}

// Every write carrying a key asks: compiled once (db/compiled-once.ts).
const keyRow = compiledOnce((db: Executor, actorKey: string, key: string) =>
  db.selectFrom('idempotency_keys').selectAll().where('actor_key', '=', actorKey).where('key', '=', key),
);
export const findIdempotencyKey = async (db: Executor, actorKey: string, key: string) =>
  (await keyRow(db, actorKey, key))[0];

/** Keeps the first response to a write, so a retry gets the same answer. */
export async function saveIdempotentResponse(
  db: Executor,
  actorKey: string,
  key: string,
  statusCode: number,
  response: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response })
    .where('actor_key', '=', actorKey)
    .where('key', '=', key)
    .execute();
}
