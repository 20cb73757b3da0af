import { sql } from 'kysely';
import type { Db, Executor } from '../../db/dialect';
import type { AuditLogTable } from '../../db/schema';

/** All SQL about the audit log and its chain head (platform/audit.ts links, hashes and verifies). */
type StoredEntry = Omit<AuditLogTable, 'seq'>;

/**
 * PostgreSQL: one statement takes the chain's lock, links, hashes and stores the entry (the database function
 * of migration 0013), given the entry's fields and its canonical payload.
 */
export async function appendAuditInDatabase(
  trx: Executor,
  e: Omit<StoredEntry, 'prev_hash' | 'hash'>,
  payload: string,
): Promise<void> {
  await sql`select liminal_append_audit(${e.id}, ${e.at}, ${e.actor_id}, ${e.actor_role}, ${e.patient_id}, ${e.action}, ${e.object_type}, ${e.object_id}, ${e.outcome}, ${e.ip}, ${e.request_id}, ${e.emergency}, ${e.detail}, ${payload})`.execute(
    trx,
  );
}

export const auditHead = (db: Executor) =>
  db.selectFrom('chain_heads').selectAll().where('chain', '=', 'audit').executeTakeFirst();

/** Stores a linked and hashed entry; its sequence number. */
export async function insertAuditEntry(trx: Executor, row: StoredEntry): Promise<number> {
  const inserted = await trx.insertInto('audit_log').values(row).returning('seq').executeTakeFirstOrThrow();
  return inserted.seq;
}

export async function setAuditHead(
  trx: Executor,
  exists: boolean,
  head: { seq: number; hash: string; count: number; updated_at: string },
): Promise<void> {
  if (exists) await trx.updateTable('chain_heads').set(head).where('chain', '=', 'audit').execute();
  else
    await trx
      .insertInto('chain_heads')
      .values({ chain: 'audit', ...head })
      .execute();
}

/** A page of the chain in order, for the verifier. */
export const auditPage = (db: Db, afterSeq: number, limit: number) =>
  db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
