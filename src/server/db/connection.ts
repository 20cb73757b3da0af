import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './dialect';
import type { Database } from './schema';

// int8 (bigserial sequence numbers, counts) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric as JS numbers (quantities are stored as integers; numeric appears only in aggregates).
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface DatabaseHandle {
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** The raw SQLite connection (online backup, integrity check); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export interface ConnectOptions {
  engine: 'sqlite' | 'postgres';
  sqliteFile?: string;
  databaseUrl?: string;
  poolSize?: number;
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes each commit durable across power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function connect(opts: ConnectOptions): DatabaseHandle {
  if (opts.engine === 'postgres') {
    if (!opts.databaseUrl) throw new Error('databaseUrl is required for PostgreSQL');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client that errors (e.g. the server restarted) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const sqlite = openSqlite(opts.sqliteFile ?? ':memory:');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', sqlite, close: () => db.destroy() };
}
