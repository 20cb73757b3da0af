import type SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './dialect';
import { PgGroupFlush, WalGroupCommit } from './group-commit';
import type { Database } from './schema';
import { SqliteLiteralLimits } from './sqlite-limits';
import { openSqliteFile } from './sqlite-open';
import { tracedDialect } from './tracing';

// int8 (bigserial sequence numbers, counts) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric as JS numbers (quantities are stored as integers; numeric appears only in aggregates).
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface DatabaseHandle {
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** The raw SQLite connection (online backup, integrity check); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** With `groupCommit`: resolves once every commit made so far is on stable storage. */
  durable?: () => Promise<void>;
  /** With `groupCommit`: syncs (SQLite) or flushes (PostgreSQL) made so far, for tests and diagnostics. */
  syncs?: () => number;
  /** With `groupCommit` on SQLite: background checkpoints the worker thread has run, for tests and diagnostics. */
  checkpoints?: () => number;
  /** PostgreSQL: the connection pool's use now (metrics); SQLite has one connection and no pool. */
  poolStats?: () => { size: number; max: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface ConnectOptions {
  engine: 'sqlite' | 'postgres';
  sqliteFile?: string;
  databaseUrl?: string;
  poolSize?: number;
  /** The SQLite database's encryption key (LIMINAL_DB_KEY); none: plaintext. */
  sqliteKey?: string;
  /** The server's SQLite page cache, MiB (with groupCommit; default 64). */
  sqliteCacheMb?: number;
  /** The server's connection: commit without waiting, sync the WAL once per group (group-commit.ts). */
  groupCommit?: boolean;
}

/** Opens the embedded database (encrypted when given a key: sqlite-open.ts) with the app's settings. */
export function openSqlite(file: string, key?: string): SQLite.Database {
  const sqlite = openSqliteFile(file, key);
  // WAL lets readers run beside the writer; synchronous=FULL makes each commit durable across power loss.
  // (The server's own connection syncs once per group of commits before answering: db/group-commit.ts.)
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function connect(opts: ConnectOptions): DatabaseHandle {
  if (opts.engine === 'postgres') {
    if (!opts.databaseUrl) throw new Error('databaseUrl is required for PostgreSQL');
    // With group commit (the server): commits do not wait for their WAL flush; responses wait for a shared one.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.groupCommit ? { options: '-c synchronous_commit=off' } : {}),
    });
    // An idle client that errors (e.g. the server restarted) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: tracedDialect(new PostgresDialect({ pool }), 'postgres') });
    const poolStats = () => ({
      size: pool.totalCount,
      max: opts.poolSize ?? 10,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    });
    if (!opts.groupCommit) {
      pool.on('connect', (client) => wrapPgClient(client, null));
      return { db, engine: 'postgres', poolStats, close: () => db.destroy() };
    }
    const flusher = new pg.Pool({ connectionString: opts.databaseUrl, max: 1 });
    flusher.on('error', () => {});
    const group = new PgGroupFlush(() => flusher.query('select txid_current()'));
    pool.on('connect', (client) => wrapPgClient(client, group));
    return {
      db,
      engine: 'postgres',
      poolStats,
      durable: () => group.durable(),
      syncs: () => group.flushes,
      close: async () => {
        await group.durable();
        await db.destroy();
        await flusher.end();
      },
    };
  }
  const sqlite = openSqlite(opts.sqliteFile ?? ':memory:', opts.sqliteKey);
  const group =
    opts.groupCommit && opts.sqliteFile && opts.sqliteFile !== ':memory:'
      ? new WalGroupCommit(sqlite, {
          checkpointEvery: 200,
          ...(opts.sqliteKey ? { key: opts.sqliteKey } : {}),
        })
      : null;
  if (group) {
    sqlite.pragma('synchronous = NORMAL');
    // The server's page cache (SQLITE_CACHE_MB, 64 MiB unless set) instead of SQLite's 2 MiB default, so a
    // clinic's hot pages stay in memory.
    sqlite.pragma(`cache_size = -${Math.round((opts.sqliteCacheMb ?? 64) * 1024)}`);
  }
  const db = new Kysely<Database>({
    dialect: tracedDialect(
      new SqliteDialect({ database: withStatementCache(sqlite, 1000, group) }),
      'sqlite',
    ),
    plugins: [new SqliteLiteralLimits()],
  });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    ...(group
      ? { durable: () => group.durable(), syncs: () => group.fsyncs, checkpoints: () => group.checkpoints }
      : {}),
    close: async () => {
      if (group) await group.durable();
      await group?.close();
      await db.destroy();
    },
  };
}

/** Statement names by SQL text, shared by the pool's connections (each prepares a name once, on first use). */
const statementNames = new Map<string, string>();
/** Named statements a connection keeps at most; queries beyond are sent unnamed (parsed each time). */
const NAMED_PER_CONNECTION = 500;

/**
 * Whether a statement sent on the pool may commit something the group flush must cover: anything but BEGIN and
 * a plain read. A SELECT that calls the audit chain's append (migrations 0013, 0030) writes: sent outside a
 * transaction (a group of reads' entries, audit-batch.ts) it is a commit of its own. Decided once per text.
 */
const COMMITS_NOTHING = /^\s*(select|begin|start transaction)\b/i;
const APPENDS = /\bliminal_append_audit/i;
const mayCommitByText = new Map<string, boolean>();
function mayCommit(text: string): boolean {
  let known = mayCommitByText.get(text);
  if (known === undefined) {
    known = !COMMITS_NOTHING.test(text) || APPENDS.test(text);
    if (mayCommitByText.size < 20_000) mayCommitByText.set(text, known);
  }
  return known;
}

/**
 * Every query a pool client sends (issue #23):
 * - as a named prepared statement: PostgreSQL parses and plans a query's text once per connection, then binds
 *   and runs it (the `pg` driver prepares a name on its first use on a connection and reuses it after).
 *   Kysely's queries are parameterised, so a text's shapes are few; a connection names at most 500 of them
 *   (IN lists of many lengths, rare one-off queries), the rest go unnamed as before. Texts without parameters
 *   (BEGIN, COMMIT, SET) are sent as they are.
 * - with group commit, reported to the flush when it may commit something (`mayCommit`).
 */
function wrapPgClient(client: pg.PoolClient, group: PgGroupFlush | null): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = new Set<string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    if (group && mayCommit(text)) group.wrote();
    const values = args[1];
    if (typeof first === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      let name = statementNames.get(first);
      if (!name && statementNames.size < 20_000) {
        name = `l${statementNames.size.toString(36)}`;
        statementNames.set(first, name);
      }
      if (name && (named.has(name) || named.size < NAMED_PER_CONNECTION)) {
        named.add(name);
        return query({ name, text: first, values });
      }
    }
    return query(...args);
  };
}

/**
 * Kysely prepares every query anew, and better-sqlite3 compiles a statement on each prepare(): about a fifth
 * of the CPU time of a typical request (issue #8 profile). Compiled statements of recent query shapes are
 * kept (least recently used out first) and reused; SQLite re-prepares a kept statement itself after a schema
 * change. Safe because Kysely runs one query at a time on the single connection.
 */
export function withStatementCache(
  sqlite: SQLite.Database,
  size = 1000,
  group: WalGroupCommit | null = null,
): SqliteDatabase {
  type Prepared = ReturnType<SqliteDatabase['prepare']>;
  const cache = new Map<string, Prepared>();
  // With group commit, every commit is reported: a statement that ends a transaction (COMMIT, or RELEASE of
  // the outermost savepoint; SQLite counts these as read-only, so `readonly` cannot tell) or a write outside
  // any transaction. A rollback reported too only costs a sync that was not needed.
  const wrap = (stmt: SQLite.Statement): Prepared => {
    if (!group || (stmt.readonly && stmt.reader)) return stmt as unknown as Prepared;
    const after = (wasInTransaction: boolean) => {
      if (!sqlite.inTransaction && (wasInTransaction || !stmt.readonly)) group.committed();
    };
    return {
      reader: stmt.reader,
      all: (p: readonly unknown[]) => {
        const was = sqlite.inTransaction;
        const rows = stmt.all(p);
        after(was);
        return rows;
      },
      run: (p: readonly unknown[]) => {
        const was = sqlite.inTransaction;
        const r = stmt.run(p);
        after(was);
        return r;
      },
      iterate: (p: readonly unknown[]) => stmt.iterate(p),
    } as unknown as Prepared;
  };
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = wrap(sqlite.prepare(sql));
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
