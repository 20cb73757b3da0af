/**
 * The database a bench run measures: the synthetic clinic (built once through the services by
 * `liminal seed --synthetic`, kept in a cache folder), copied fresh for every run; on PostgreSQL the same
 * clinic copied table by table. Then the bench's own two staff accounts (MFA enrolled) and signed-in sessions.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { connect, type DatabaseHandle } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { appendAudit } from '../src/server/platform/audit';
import { SYSTEM_META } from '../src/server/platform/auth-context';
import { systemClock } from '../src/server/platform/clock';
import { deriveKey, encryptSecret } from '../src/server/platform/crypto';
import { SessionStore } from '../src/server/platform/sessions';

export const BENCH_SECRET_KEY = 'bench-secret-key-'.padEnd(44, 'b');
export const CACHE_DIR = path.join(os.tmpdir(), 'liminal-bench-cache');

const tsx = ['--import', 'tsx'];

/**
 * The cached synthetic clinic for (patients, seed), seeded now when missing or when `fresh`. A cached copy is
 * first brought up to the current migrations (as a server would at boot), so a table added since it was seeded
 * is there, backfilled, before the PostgreSQL copy is made from it.
 */
export async function syntheticClinic(
  patients: number,
  seed: number,
  fresh: boolean,
  log: (s: string) => void,
): Promise<string> {
  const file = path.join(CACHE_DIR, `synthetic-${patients}-s${seed}.db`);
  if (fs.existsSync(file) && !fresh) {
    log(
      `synthetic clinic: cached ${file} (seeded ${fs.statSync(file).mtime.toISOString()}; --fresh to seed again)`,
    );
    const handle = connect({ engine: 'sqlite', sqliteFile: file });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    return file;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-bench-seed-'));
  log(`synthetic clinic: seeding ${patients} patients (seed ${seed}) into ${dir}…`);
  const r = spawnSync(
    process.execPath,
    [
      ...tsx,
      'src/server/cli.ts',
      'seed',
      '--synthetic',
      '--patients',
      String(patients),
      '--seed',
      String(seed),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        DATA_DIR: dir,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
        LIMINAL_SECRET_KEY: BENCH_SECRET_KEY,
      },
      encoding: 'utf8',
    },
  );
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) throw new Error('seeding the synthetic clinic failed');
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.copyFileSync(path.join(dir, 'liminal.db'), file);
  fs.rmSync(dir, { recursive: true, force: true });
  return file;
}

/** A fresh SQLite data folder holding a copy of the clinic. */
export function sqliteCopy(source: string): { dataDir: string; cleanup(): void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-bench-'));
  fs.copyFileSync(source, path.join(dataDir, 'liminal.db'));
  return { dataDir, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * A fresh PostgreSQL database with the clinic: migrated by the app's own migrations, emptied of the rows those
 * insert, then loaded from the SQLite copy table by table (triggers and foreign keys off for the load, as a
 * restore does), sequences moved past the copied ids, then vacuumed and analysed.
 */
export async function postgresCopy(
  baseUrl: string,
  source: string,
  log: (s: string) => void,
): Promise<{ url: string; cleanup(): Promise<void> }> {
  const name = `liminal_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = connect({ engine: 'postgres', databaseUrl: url.toString(), poolSize: 2 });
  await migrateToLatest(handle.db);
  await handle.close();

  const started = Date.now();
  const lite = new SQLite(source, { readonly: true });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('begin');
  await client.query("set local session_replication_role = 'replica'");
  const tables = (
    lite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  // Every table the app's migrations made, including any the cached clinic predates (emptied, left empty).
  const pgTables = (
    await client.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'",
    )
  ).rows.map((r) => r.tablename);
  await client.query(`truncate ${pgTables.map((t) => `"${t}"`).join(', ')}`);
  let rows = 0;
  for (const table of tables) {
    const cols = (lite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map(
      (c) => c.name,
    );
    const per = Math.max(1, Math.floor(30_000 / cols.length));
    const list = cols.map((c) => `"${c}"`).join(', ');
    let batch: unknown[][] = [];
    const flush = async () => {
      if (!batch.length) return;
      const values = batch
        .map((_, r) => `(${cols.map((__, c) => `$${r * cols.length + c + 1}`).join(', ')})`)
        .join(', ');
      await client.query(`insert into "${table}" (${list}) values ${values}`, batch.flat());
      rows += batch.length;
      batch = [];
    };
    for (const row of lite.prepare(`select ${list} from "${table}"`).raw().iterate() as Iterable<unknown[]>) {
      batch.push(row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
      if (batch.length >= per) await flush();
    }
    await flush();
  }
  const serials = await client.query<{ table_name: string; column_name: string }>(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'",
  );
  for (const s of serials.rows) {
    await client.query(
      `select setval(pg_get_serial_sequence('"${s.table_name}"', '${s.column_name}'), coalesce((select max("${s.column_name}") from "${s.table_name}"), 0) + 1, false)`,
    );
  }
  await client.query('commit');
  // Vacuumed as well as analysed: what autovacuum does to a restored database within its first minute on a
  // PostgreSQL left at its defaults (a vacuum once 1,000 rows + 20 % were inserted). Until a table is vacuumed its
  // visibility map is empty, so every index-only scan also reads the table's pages: a count of one patient's
  // readings visited ~50 table pages instead of ~5 index pages. A bench machine whose server has autovacuum off
  // would otherwise measure a state a running clinic is never in (item 30).
  await client.query('vacuum (analyze)');
  await client.end();
  lite.close();
  log(
    `postgres: ${rows.toLocaleString('en-US')} rows copied into ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    url: url.toString(),
    async cleanup() {
      const a = new pg.Client({ connectionString: baseUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface Actor {
  userId: string;
  cookie: string;
  csrf: string;
}

export interface BenchData {
  prescriber: Actor;
  nurse: Actor;
  /** Patients with a chart worth reading (in care, with sessions). */
  patients: string[];
  /** Sessions under way (first dose given, not discharged): where vital signs are recorded. */
  openSessions: { patientId: string; sessionId: string }[];
}

/** The bench's staff (MFA enrolled, so no demo mode is needed) with sessions that passed MFA. */
export async function prepareActors(handle: DatabaseHandle): Promise<BenchData> {
  await migrateToLatest(handle.db);
  const now = new Date().toISOString();
  const sessions = new SessionStore(handle.db, systemClock, {
    SESSION_IDLE_MINUTES: 15,
    SESSION_ABSOLUTE_HOURS: 12,
  });
  const key = deriveKey(BENCH_SECRET_KEY);
  const actor = async (role: 'prescriber' | 'nurse'): Promise<Actor> => {
    const id = crypto.randomUUID();
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          email: `bench.${role}.${id.slice(0, 8)}@bench.liminal.test`,
          name: `Bench ${role}`,
          role,
          status: 'active',
          password_hash: null,
          mfa_enabled: 1,
          mfa_secret_enc: encryptSecret(key, randomBytes(20).toString('hex')),
          mfa_pending_secret_enc: null,
          mfa_last_step: null,
          patient_id: null,
          can_break_glass: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendAudit(trx, systemClock, SYSTEM_META, {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        detail: { role, via: 'bench' },
      });
    });
    const s = await sessions.create(id, { mfaVerified: true, ip: '127.0.0.1', userAgent: 'liminal-bench' });
    return { userId: id, cookie: `liminal_session=${s.token}`, csrf: s.session.csrfToken };
  };
  const prescriber = await actor('prescriber');
  const nurse = await actor('nurse');
  const patients = (
    await handle.db
      .selectFrom('patients')
      .select('id')
      .where('status', 'in', ['active', 'maintenance'])
      .orderBy('chart_number')
      .limit(1000)
      .execute()
  ).map((r) => r.id);
  const openSessions = (
    await handle.db
      .selectFrom('dosing_sessions')
      .select(['patient_id', 'id'])
      .where('status', 'not in', ['discharged', 'signed'])
      .where('first_dose_at', 'is not', null)
      .orderBy('id')
      .limit(500)
      .execute()
  ).map((r) => ({ patientId: r.patient_id, sessionId: r.id }));
  return { prescriber, nurse, patients, openSessions };
}
