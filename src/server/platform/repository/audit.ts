import { type OperationNodeSource, sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { Db, Executor } from '../../db/dialect';
import type { AuditLogTable, IdempotencyKeysTable } from '../../db/schema';

/** All SQL about the audit log and its chain head (platform/audit.ts links, hashes and verifies). */
type StoredEntry = Omit<AuditLogTable, 'seq'>;

/**
 * PostgreSQL: one statement takes the chain's lock, links, hashes and stores the entry (the database function
 * of migration 0013), given the entry's fields and its canonical payload; with the request's idempotency key
 * and, for a change that is one inserted row (`change`, issue #23), that row: all stored by the one statement,
 * which is its own transaction, or none.
 */
export async function appendAuditInDatabase(
  trx: Executor,
  e: Omit<StoredEntry, 'prev_hash' | 'hash'>,
  payload: string,
  key: IdempotencyKeysTable | null = null,
  change: OperationNodeSource | null = null,
): Promise<void> {
  const append = sql`liminal_append_audit(${e.id}, ${e.at}, ${e.actor_id}, ${e.actor_role}, ${e.patient_id}, ${e.action}, ${e.object_type}, ${e.object_id}, ${e.outcome}, ${e.ip}, ${e.request_id}, ${e.emergency}, ${e.detail}, ${payload})`;
  const parts = [];
  // A data-modifying part of a WITH runs to completion whether or not the statement reads it.
  if (change) parts.push(sql`c as (${change})`);
  // The key's insert feeds the append, so it runs first, and a key already stored fails the statement (a unique
  // violation) before the chain's lock is taken.
  if (key)
    parts.push(sql`k as (
      insert into idempotency_keys (actor_key, key, method, path, audit_id, status_code, response, created_at)
      values (${key.actor_key}, ${key.key}, ${key.method}, ${key.path}, ${key.audit_id}, ${key.status_code}, ${key.response}, ${key.created_at})
      returning 1
    )`);
  if (!parts.length) await sql`select ${append}`.execute(trx);
  else await sql`with ${sql.join(parts)} select ${append}${key ? sql` from k` : sql``}`.execute(trx);
}

const headOf = compiledOnce((db: Executor, chain: string) =>
  db.selectFrom('chain_heads').selectAll().where('chain', '=', chain),
);
export const auditHead = async (db: Executor) => (await headOf(db, 'audit'))[0];
const moveHead = compiledOnce(
  (db: Executor, seq: number, hash: string, count: number, updatedAt: string, chain: string) =>
    db.updateTable('chain_heads').set({ seq, hash, count, updated_at: updatedAt }).where('chain', '=', chain),
);

// The commonest case, one entry (SQLite; PostgreSQL appends in the database): compiled once.
const insertOne = compiledOnce(
  (db: Executor, ...v: [string, string, N, N, N, string, N, N, string, N, N, number, N, string, string]) =>
    db
      .insertInto('audit_log')
      .values({
        id: v[0],
        at: v[1],
        actor_id: v[2],
        actor_role: v[3],
        patient_id: v[4],
        action: v[5],
        object_type: v[6],
        object_id: v[7],
        outcome: v[8],
        ip: v[9],
        request_id: v[10],
        emergency: v[11],
        detail: v[12],
        prev_hash: v[13],
        hash: v[14],
      })
      .returning('seq'),
);
type N = string | null;

/**
 * Stores linked and hashed entries in their order (SQLite); the sequence number of the last. One prepared single-row
 * insert a row, in the caller's transaction: SQLite answers in process, so a statement more costs a few µs, while
 * one statement of many rows is built and compiled anew for each group size and took more a row than the prepared
 * insert (item 28 of bench/README.md).
 */
export async function insertAuditEntries(trx: Executor, rows: StoredEntry[]): Promise<number> {
  let last = 0;
  for (const r of rows) {
    const [inserted] = await insertOne(
      trx,
      r.id,
      r.at,
      r.actor_id,
      r.actor_role,
      r.patient_id,
      r.action,
      r.object_type,
      r.object_id,
      r.outcome,
      r.ip,
      r.request_id,
      r.emergency,
      r.detail,
      r.prev_hash,
      r.hash,
    );
    last = Number(inserted?.seq);
  }
  return last;
}

/**
 * PostgreSQL: a group of entries in one statement (migration 0030's function): one lock, one read of the
 * head, each entry linked, hashed and stored in the order given, the head moved once.
 */
export async function appendAuditManyInDatabase(
  trx: Executor,
  entries: (Omit<StoredEntry, 'prev_hash' | 'hash'> & { payload: string })[],
): Promise<void> {
  await sql`select liminal_append_audit_many(${JSON.stringify(entries)}::jsonb)`.execute(trx);
}

export async function setAuditHead(
  trx: Executor,
  exists: boolean,
  head: { seq: number; hash: string; count: number; updated_at: string },
): Promise<void> {
  if (exists) await moveHead(trx, head.seq, head.hash, head.count, head.updated_at, 'audit');
  else
    await trx
      .insertInto('chain_heads')
      .values({ chain: 'audit', ...head })
      .execute();
}

/** A page of the chain in order, for the verifier. */
export const auditPage = (db: Db, afterSeq: number, limit: number) =>
  db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
