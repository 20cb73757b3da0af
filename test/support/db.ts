import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/server/db/connection';
import { encryptInPlace } from '../../src/server/db/encryption';
import { migrateToLatest } from '../../src/server/db/migrate';

/**
 * A fresh, migrated database per test file on the engine chosen by LIMINAL_TEST_ENGINE:
 * a temporary SQLite file, or a new PostgreSQL database created on TEST_POSTGRES_URL's server and
 * dropped afterwards.
 */
export type Engine = 'sqlite' | 'postgres';

export const testEngine = (): Engine =>
  process.env.LIMINAL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  handle: DatabaseHandle;
  engine: Engine;
  /** SQLite file path or PostgreSQL URL of this database. */
  location: string;
  close(): Promise<void>;
}

export async function createTestDatabase(
  opts: { migrate?: boolean; engine?: Engine; sqliteKey?: string } = {},
): Promise<TestDatabase> {
  const engine = opts.engine ?? testEngine();
  if (engine === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL;
    if (!base) throw new Error('TEST_POSTGRES_URL is not set');
    const name = `liminal_t_${randomBytes(6).toString('hex')}`;
    const tpl = opts.migrate !== false ? template('postgres') : null;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(tpl ? `create database ${name} template ${tpl}` : `create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = connect({ engine: 'postgres', databaseUrl: url.toString(), poolSize: 12 });
    if (opts.migrate !== false && !tpl) await migrateToLatest(handle.db);
    return {
      handle,
      engine,
      location: url.toString(),
      async close() {
        await handle.close().catch(() => {});
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-test-'));
  const file = path.join(dir, 'test.db');
  const tpl = opts.migrate !== false ? template('sqlite') : null;
  if (tpl) fs.copyFileSync(tpl, file);
  // An encrypted database (issue #20): the migrated template, encrypted in place the way `liminal db encrypt` does.
  if (tpl && opts.sqliteKey) encryptInPlace(file, opts.sqliteKey);
  const handle = connect({
    engine: 'sqlite',
    sqliteFile: file,
    ...(opts.sqliteKey ? { sqliteKey: opts.sqliteKey } : {}),
  });
  if (opts.migrate !== false && !tpl) await migrateToLatest(handle.db);
  return {
    handle,
    engine,
    location: file,
    async close() {
      await handle.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The migrated template the global set-up made for this engine (test/support/db-template.ts), if any. */
function template(engine: Engine): string | null {
  const t = inject('liminalTemplate');
  return t && t.engine === engine ? t.location : null;
}

/** Row counts of every table, to prove that a refused request changed nothing. */
export async function tableCounts(
  handle: DatabaseHandle,
  except: string[] = [],
): Promise<Record<string, number>> {
  const tables =
    handle.engine === 'sqlite'
      ? (
          (handle.sqlite as NonNullable<typeof handle.sqlite>)
            .prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%'")
            .all() as { name: string }[]
        ).map((r) => r.name)
      : (
          await handle.db
            .selectFrom('information_schema.tables' as never)
            .select('table_name as name' as never)
            .where('table_schema' as never, '=', 'public' as never)
            .execute()
        ).map((r) => (r as { name: string }).name);
  const counted = tables.filter((t) => !except.includes(t)).sort();
  if (counted.length === 0) return {};
  // One statement for all of them (a round trip per table made the authorization matrix, which counts before
  // and after each of ~1,000 refused requests, take a minute on PostgreSQL).
  const rows = await sql<{ t: string; n: number | string }>`${sql.join(
    counted.map((t) => sql`select ${sql.lit(t)} as t, count(*) as n from ${sql.table(t)}`),
    sql` union all `,
  )}`.execute(handle.db);
  const out: Record<string, number> = {};
  for (const r of rows.rows) out[r.t] = Number(r.n);
  return out;
}

/** A fresh database (as `createTestDatabase`) holding these settings, for tests of the query layer itself. */
export async function testDatabaseWithSettings(settings: Record<string, string>): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  const at = '2026-01-01T00:00:00.000Z';
  await tdb.handle.db
    .insertInto('settings')
    .values(
      Object.entries(settings).map(([key, value]) => ({ key, value, updated_at: at, updated_by: null })),
    )
    .execute();
  return tdb;
}
