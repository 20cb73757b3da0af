import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Database } from './schema';

/** Every difference between SQLite and PostgreSQL lives here. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Executor = Db | Tx;

export function isPostgres(db: Kysely<unknown> | Executor): boolean {
  return (db as Kysely<unknown>).getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * An object that stands for the database behind a handle: the same for a connection pool and every transaction
 * begun on it, different for another database's handle (Kysely makes one adapter per handle and hands it to its
 * transactions). What is kept per database in memory is kept under it (fhir/sources/care.ts).
 */
export function databaseOf(db: Executor): object {
  return db.getExecutor().adapter;
}

/** Flags are 0/1 integers on both engines; this is the one place that reads them. */
export const toBool = (v: unknown): boolean => v === 1 || v === true || v === '1';
export const fromBool = (b: boolean): number => (b ? 1 : 0);

/**
 * Serialises writers of a hash chain (audit log, ledger) inside the current transaction. On PostgreSQL an
 * advisory transaction lock, released at commit/rollback. On SQLite, Kysely's single connection already
 * runs one transaction at a time, and the write lock covers other processes.
 */
export async function lockChain(trx: Executor, chain: 'audit' | 'ledger'): Promise<void> {
  if (!isPostgres(trx)) return;
  const key = chain === 'audit' ? 72_001 : 72_002;
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/**
 * Serialises, inside the current transaction, the writers that recompute one derived row from its sources
 * (a patient's outcome summary for one instrument). Two transactions adding a score for the same patient and
 * instrument each see only their own uncommitted score; without the lock, the later upsert would overwrite
 * the summary with a state missing the other's score. PostgreSQL: an advisory transaction lock on (kind, hash
 * of the key), released at commit/rollback; under READ COMMITTED the statements after it see what the
 * previous holder committed. SQLite: one writer at a time already. Services write their audit entry last, so
 * this lock is always taken before the audit chain's and the two never wait on each other crosswise.
 */
export async function lockDerived(
  trx: Executor,
  kind: 'patient_outcome' | 'course_outcome',
  key: string,
): Promise<void> {
  if (!isPostgres(trx)) return;
  const space = { patient_outcome: 72_003, course_outcome: 72_004 }[kind];
  await sql`select pg_advisory_xact_lock(${sql.lit(space)}, hashtext(${key}))`.execute(trx);
}

/** SQL that makes a table insert-only: UPDATE, DELETE (and TRUNCATE on PostgreSQL) are refused. */
export async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(`create or replace function liminal_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'table % is append-only', TG_TABLE_NAME using errcode = 'P0001';
end $$;`)
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete on ${table} for each row execute function liminal_refuse_change();`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function liminal_refuse_change();`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${table} is append-only'); end;`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${table} is append-only'); end;`,
      )
      .execute(db);
  }
}

/** An auto-incrementing integer primary key column type for the running engine. */
export function serialType(db: Kysely<unknown>): 'integer' | 'bigserial' {
  return isPostgres(db) ? 'bigserial' : 'integer';
}

/** True when an error is a unique-constraint violation on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when the database refused a write because a table is append-only. */
export function isAppendOnlyViolation(err: unknown): boolean {
  const e = err as { message?: string };
  return /append-only/.test(e?.message ?? '');
}
