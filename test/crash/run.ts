/**
 * `npm run test:crash -- [--cycles 20] [--engines sqlite,postgres] [--seed n]`: durability under kill -9 (S5).
 *
 * The server runs as a child process (`liminal serve`, compiled for the run by scripts/build-server.mjs, as the
 * container runs it) on a free loopback port against a fresh
 * database (SQLite in a temporary DATA_DIR; PostgreSQL: a new database on TEST_POSTGRES_URL's server, skipped
 * when that is unset). Concurrent writers record vital signs, answer measures and receive stock into the
 * ledger, each write carrying an Idempotency-Key. The server is killed with SIGKILL at random moments and
 * started again; writers retry every write not yet acknowledged with the same key. At the end every
 * acknowledged write must be present exactly once, nothing half-written, SQLite's integrity check clean, the
 * audit and ledger chains intact and balances equal to the sum of their events. Closing line:
 * "N passed, N failed" (one check per acknowledged write plus the structural checks); exit 1 on any failure.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type DatabaseHandle } from '../../src/server/db/connection';
import { migrateToLatest } from '../../src/server/db/migrate';
import { verifyLedger } from '../../src/server/features/ledger/chain';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { Rng } from '../../src/server/seed/synthetic/random';
import { type CrashFixture, prepareFixture } from './fixture';
import { type Op, Writers } from './writers';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? (argv[i + 1] as string) : dflt;
};
const cycles = Number(opt('cycles', '20'));
const seed = Number(opt('seed', String(Date.now() % 100_000)));
const pgBase = process.env.TEST_POSTGRES_URL;
const engines = opt('engines', pgBase ? 'sqlite,postgres' : 'sqlite').split(',') as ('sqlite' | 'postgres')[];
const SECRET = 'crash-test-key-'.padEnd(44, 'c');
const log = (s: string) => process.stdout.write(`${s}\n`);

let passed = 0;
let failed = 0;
const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (ok) passed++;
  else {
    failed++;
    failures.push(what);
    log(`  FAIL ${what}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * The command compiled once for this run into a folder of its own under dist/ (ignored by git; packages resolve
 * from the checkout's node_modules): a restart then takes ~0.5 s instead of ~2.7 s under tsx.
 */
let builtCli: { dir: string; cli: string } | undefined;
function compiledCli(): string {
  if (!builtCli) {
    fs.mkdirSync('dist', { recursive: true });
    const dir = fs.mkdtempSync(path.join('dist', '.crash-cli-'));
    execFileSync(process.execPath, ['scripts/build-server.mjs', '--outdir', dir], { stdio: 'ignore' });
    builtCli = { dir, cli: path.join(dir, 'cli.mjs') };
  }
  return builtCli.cli;
}

function startServer(env: Record<string, string>, port: number): ChildProcess {
  const child = spawn(process.execPath, [compiledCli(), 'serve', '--port', String(port)], {
    env: {
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      LIMINAL_SECRET_KEY: SECRET,
      SESSION_IDLE_MINUTES: '240',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

async function healthy(base: string, child: ChildProcess, seconds = 60): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) while starting`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error('the server did not become healthy');
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

async function runEngine(engine: 'sqlite' | 'postgres'): Promise<void> {
  const started = Date.now();
  log(`\n=== crash test on ${engine}: ${cycles} kill cycles (seed ${seed}) ===`);
  let env: Record<string, string>;
  let open: () => DatabaseHandle;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-crash-'));
    env = { DATA_DIR: dir, DATABASE_URL: '' };
    open = () => connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'liminal.db') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `liminal_crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgBase as string);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    open = () => connect({ engine: 'postgres', databaseUrl: url.toString(), poolSize: 4 });
    cleanup = async () => {
      const a = new pg.Client({ connectionString: pgBase });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  try {
    const h = open();
    await migrateToLatest(h.db);
    const fixture = await prepareFixture(h, SECRET, cycles);
    await h.close();

    const rng = new Rng(seed + (engine === 'postgres' ? 1 : 0));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const writers = new Writers(base, fixture, rng, `crash-${engine.slice(0, 2)}-${seed}`);
    let server: ChildProcess | null = null;
    for (let c = 1; c <= cycles; c++) {
      server = startServer(env, port);
      await healthy(base, server);
      writers.run();
      await new Promise((r) => setTimeout(r, rng.int(150, 1200)));
      await kill(server, 'SIGKILL');
      await writers.pause();
      if (c % 10 === 0 || c === cycles) log(`  cycle ${c}/${cycles}: ${writers.summary()}`);
    }
    // One last start: writers retry everything not yet acknowledged, with the same keys, then stop.
    server = startServer(env, port);
    await healthy(base, server);
    await writers.drain(90_000);
    await kill(server, 'SIGTERM');
    log(`  drained: ${writers.summary()}`);
    await verify(engine, open, writers.acked, writers.unexpected, fixture);
    log(`  ${engine}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await cleanup();
  }
}

async function verify(
  engine: string,
  open: () => DatabaseHandle,
  acked: Op[],
  unexpected: string[],
  fixture: CrashFixture,
): Promise<void> {
  const h = open();
  const db = h.db;
  try {
    check(unexpected.length === 0, `${engine}: no unexpected answers (${unexpected.slice(0, 3).join('; ')})`);
    const prefix = `crash-%`;
    // Vital signs: each acknowledged key stored exactly once, each stored entry acknowledged (none half-written).
    const entries = new Map(
      (
        await db
          .selectFrom('session_entries')
          .select(['idempotency_key', (eb) => eb.fn.countAll<number>().as('n')])
          .where('idempotency_key', 'like', prefix)
          .groupBy('idempotency_key')
          .execute()
      ).map((r) => [r.idempotency_key, Number(r.n)]),
    );
    const vitals = acked.filter((o) => o.kind === 'vitals');
    for (const o of vitals)
      check(
        entries.get(o.key) === 1,
        `${engine}: vital sign ${o.key} stored exactly once (found ${entries.get(o.key) ?? 0})`,
      );
    check(
      entries.size === vitals.length,
      `${engine}: ${entries.size} vital signs stored, ${vitals.length} acknowledged`,
    );
    // Measures: one completed, scored response per acknowledged answer; the assignment completed.
    const measures = acked.filter((o) => o.kind === 'measure');
    const ids = measures.map((o) => o.assignmentId as string);
    const responses = ids.length
      ? await db
          .selectFrom('measure_responses as r')
          .leftJoin('measure_scores as s', 's.response_id', 'r.id')
          .innerJoin('measure_assignments as a', 'a.id', 'r.assignment_id')
          .select(['r.assignment_id', 'r.status', 's.id as score_id', 'a.status as a_status'])
          .where('r.assignment_id', 'in', ids)
          .execute()
      : [];
    const byAssignment = new Map<string, typeof responses>();
    for (const r of responses)
      byAssignment.set(r.assignment_id, [...(byAssignment.get(r.assignment_id) ?? []), r]);
    for (const o of measures) {
      const rs = byAssignment.get(o.assignmentId as string) ?? [];
      check(
        rs.length === 1 &&
          rs[0]?.status === 'completed' &&
          Boolean(rs[0]?.score_id) &&
          rs[0]?.a_status === 'completed',
        `${engine}: measure answer ${o.key} stored once, scored, assignment completed (${rs.length} responses)`,
      );
    }
    const pool = fixture.assignments.map((a) => a.assignmentId);
    const allResponses = Number(
      (
        await db
          .selectFrom('measure_responses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('assignment_id', 'in', pool)
          .executeTakeFirstOrThrow()
      ).n,
    );
    check(
      allResponses === measures.length,
      `${engine}: ${allResponses} measure responses stored, ${measures.length} acknowledged`,
    );
    // Ledger: one receive event (and one full container) per acknowledged receipt.
    const events = (
      await db
        .selectFrom('ledger_events')
        .select(['payload', 'container_id'])
        .where('type', '=', 'receive')
        .where('lot_id', '=', fixture.lotId)
        .execute()
    )
      .map((e) => ({
        invoice: (JSON.parse(e.payload) as { invoiceNumber?: string }).invoiceNumber ?? '',
        container: e.container_id,
      }))
      .filter((e) => e.invoice.startsWith('crash-'));
    const invoices = new Map<string, number>();
    for (const e of events) invoices.set(e.invoice as string, (invoices.get(e.invoice as string) ?? 0) + 1);
    const receipts = acked.filter((o) => o.kind === 'receive');
    for (const o of receipts)
      check(
        invoices.get(o.key) === 1,
        `${engine}: ledger receipt ${o.key} recorded exactly once (found ${invoices.get(o.key) ?? 0})`,
      );
    check(
      events.length === receipts.length,
      `${engine}: ${events.length} receipts in the ledger, ${receipts.length} acknowledged`,
    );
    // Every recorded idempotency key points at an audit entry written with it.
    const orphans = await db
      .selectFrom('idempotency_keys as k')
      .leftJoin('audit_log as a', 'a.id', 'k.audit_id')
      .select('k.key')
      .where('a.id', 'is', null)
      .execute();
    check(
      orphans.length === 0,
      `${engine}: every idempotency key has its audit entry (${orphans.length} without)`,
    );
    const keyed = Number(
      (
        await db
          .selectFrom('idempotency_keys')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('key', 'like', prefix)
          .executeTakeFirstOrThrow()
      ).n,
    );
    check(
      keyed === acked.length,
      `${engine}: ${keyed} idempotency keys recorded, ${acked.length} writes acknowledged`,
    );
    if (h.engine === 'sqlite') {
      const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      check(
        r.rows.length === 1 && r.rows[0]?.integrity_check === 'ok',
        `${engine}: integrity_check ${r.rows.map((x) => x.integrity_check).join(', ')}`,
      );
    }
    const audit = await verifyAuditChain(db);
    check(
      audit.ok,
      `${engine}: audit chain verifies (${audit.checked} entries${audit.firstBroken ? `; ${audit.firstBroken.reason}` : ''})`,
    );
    const ledger = await verifyLedger(db);
    check(
      ledger.ok,
      `${engine}: ledger chain verifies and balances equal the sum of events (${ledger.checked} events${ledger.firstBroken ? `; ${ledger.firstBroken.reason}` : ''}${ledger.projection.length ? `; ${ledger.projection.length} balance findings` : ''})`,
    );
    log(
      `  ${engine}: ${vitals.length} vital signs, ${measures.length} measure answers, ${receipts.length} ledger receipts acknowledged; audit ${audit.checked} entries, ledger ${ledger.checked} events`,
    );
  } finally {
    await h.close();
  }
}

async function main() {
  const t0 = Date.now();
  for (const engine of engines) {
    try {
      await runEngine(engine);
    } catch (err) {
      check(false, `${engine}: the run failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (builtCli) fs.rmSync(builtCli.dir, { recursive: true, force: true });
  if (!pgBase && !engines.includes('postgres'))
    log('\n(PostgreSQL skipped: set TEST_POSTGRES_URL to run it too)');
  log(
    `\nCrash test finished in ${((Date.now() - t0) / 1000).toFixed(1)} s.${failures.length ? `\nFailed:\n  ${failures.slice(0, 20).join('\n  ')}` : ''}`,
  );
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
