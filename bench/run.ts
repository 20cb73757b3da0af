/**
 * `npm run bench`: load benchmarks against the synthetic clinic on SQLite and PostgreSQL (issue #8).
 *
 *   npm run bench -- [--engines sqlite,postgres] [--patients 5000] [--seed 1] [--duration 10]
 *                    [--connections 10,50] [--fresh] [--only chart,vitals,…|dashboard] [--node-flags '…'|none]
 *                    [--dashboard-patients 50000]
 *
 * For each engine: a fresh copy of the synthetic clinic, the server started as a child process on a free
 * loopback port (`liminal serve`, production mode: MFA required, so the bench's staff are MFA-enrolled and
 * signed in), then each scenario driven by autocannon from another child process (bench/load.ts) for
 * `duration` seconds at each connection count. A bare Fastify route (bench/ceiling.ts) measured in the same
 * run is the ceiling of the HTTP stack here: once at the start, and again for a few seconds beside every
 * scenario (before and after it), since a shared machine's speed drifts within a run; each scenario's share
 * of the ceiling is taken against the ceiling measured beside it. One table on stdout; the same as JSON in
 * bench/results/.
 * Every request goes to 127.0.0.1; the whole run is bounded (scenarios × levels × duration).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { connect } from '../src/server/db/connection';
import { encryptInPlace } from '../src/server/db/encryption';
import { benchPostgresUrl, flag, option, positiveListOption, positiveOption } from './args';
import {
  BENCH_SECRET_KEY,
  type BenchData,
  postgresCopy,
  prepareActors,
  sqliteCopy,
  syntheticClinic,
} from './clinic';
import { postgresCpu, processTreeCpu } from './cpu';
import type { LoadResult, LoadSpec } from './load';
import { type ServerSide, serverMetrics } from './server-metrics';

// sqlite-encrypted: the same SQLite clinic encrypted with LIMINAL_DB_KEY (issue #20), to price encryption at rest.
// postgres-2w: PostgreSQL served by `liminal serve --workers 2` (issue #23).
type Engine = 'sqlite' | 'sqlite-encrypted' | 'postgres' | 'postgres-2w';
const engines = option('engines', 'sqlite,sqlite-encrypted,postgres,postgres-2w').split(',') as Engine[];
const isPg = (e: string) => e.startsWith('postgres');
const BENCH_DB_KEY = 'bench-db-key-7c1e9a40b2d85f63e0a4c7b1d9f26e58';
const patients = positiveOption('patients', '5000');
const seed = Number(option('seed', '1'));
const duration = Math.min(60, positiveOption('duration', '10'));
const levels = positiveListOption('connections', '10,50');
const only = option('only', '').split(',').filter(Boolean);
const fresh = flag('fresh');
// --profile: the server runs with V8's CPU profiler; one .cpuprofile per engine under bench/results/profiles/
// (open in Chrome DevTools' Performance panel); combine with --only to profile one scenario.
const profile = flag('profile');
// --heap-profile: the server runs with V8's sampling heap profiler (bench/heap-sample.mjs), freed objects
// counted; one .heapprofile per engine beside the CPU profiles (DevTools' Memory panel): where requests allocate.
const heapProfile = flag('heap-profile');
const log = (s: string) => process.stdout.write(`${s}\n`);
const tsx = ['--import', 'tsx'];
/**
 * The compiled server the bench runs: built from this tree at the start of a run, or `--server <file>`, another
 * build's cli.mjs with the same migrations (an earlier build refuses a database migrated past it).
 */
const SERVER = option('server', 'bench/results/server/cli.mjs');
// The server's node flags, as the container image runs it (Containerfile ENTRYPOINT); `--node-flags none` for none.
const nodeFlagsOpt = option('node-flags', '--max-semi-space-size=16 --heap-growing-percent=100');
const serverNodeFlags = nodeFlagsOpt === 'none' ? [] : nodeFlagsOpt.split(' ').filter(Boolean);
const buildServer = !flag('server');
/** Peak resident memory of each engine's server (sampleRss). */
const peakRss = new Map<string, number>();

interface Scenario {
  name: string;
  kind: 'read' | 'write' | 'ceiling';
  what: string;
  spec: Omit<LoadSpec, 'base' | 'connections' | 'duration'>;
}

interface Row {
  engine: string;
  scenario: string;
  kind: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio: number | null;
  /** The ceiling's req/s measured beside this row (the mean of a short run before and one after it). */
  ceilingBeside: number | null;
  statusCodes: Record<string, number>;
  load: number[];
  /** CPU time per answered request, µs: the server's processes, and PostgreSQL's (null on SQLite). */
  cpu: { server: number; db: number | null } | null;
  /** What the server's own metrics saw during the run (bench/server-metrics.ts; null where not read). */
  server?: ServerSide | null;
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

function startChild(
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
  viaTsx = true,
): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, ...(viaTsx ? tsx : []), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + String(d)).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (code && code !== 0)
      process.stderr.write(`child ${args.join(' ')} exited ${code ?? signal}\n${err}\n`);
  });
  return child;
}

async function waitFor(url: string, child: ChildProcess, seconds = 90): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}) before answering ${url}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} within ${seconds} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await done;
  clearTimeout(t);
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...tsx, 'bench/load.ts', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`load generator failed (${code}): ${out}`));
    });
  });
}

/**
 * What PostgreSQL's autovacuum does on a running server within a minute (its nap), done at once because a run is
 * shorter: analyse every table changed by more than 50 rows + 10 % since its last analysis (autovacuum's default
 * rule). Without it a run measures a fresh restore's first seconds: the copy is analysed with the request-key
 * table empty, and a connection that prepared its session lookup then keeps a plan that scans that table
 * whole however long it grows (an analysis is what replaces cached plans).
 */
async function autovacuumAnalyze(env: Record<string, string>): Promise<void> {
  const h = connect({ engine: 'postgres', databaseUrl: env.DATABASE_URL as string, poolSize: 1 });
  try {
    const due = await sql<{ relname: string }>`
      select relname from pg_stat_user_tables
      where n_mod_since_analyze > 50 + 0.1 * n_live_tup`.execute(h.db);
    for (const t of due.rows) await sql`analyze ${sql.table(t.relname)}`.execute(h.db);
  } finally {
    await h.close();
  }
}

/** Requests still queued in the server when a run stops would slow the next one: wait until it answers fast. */
async function settle(base: string, path: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const t = performance.now();
    await fetch(`${base}${path}`).catch(() => null);
    if (performance.now() - t < 50) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The bare route the ceiling measures (bench/ceiling.ts). */
const CEILING_SPEC: Scenario['spec'] = { method: 'GET', paths: ['/'] };

/**
 * The ceiling beside the scenarios: the bare route, kept running through the whole bench, measured for a few
 * seconds at a connection count. `last` is the latest such run, reused as the "before" of the next measurement
 * only when nothing else ran in between at another connection count (it is cleared when a new engine's server
 * starts).
 */
interface CeilingProbe {
  at(connections: number): Promise<number>;
  last: { connections: number; rps: number } | null;
}

function ceilingProbe(base: string): CeilingProbe {
  const seconds = Math.min(3, duration);
  return {
    last: null,
    at: async (connections) => (await load({ ...CEILING_SPEC, base, connections, duration: seconds })).rps,
  };
}

async function measure(
  engine: string,
  base: string,
  s: Scenario,
  probe: CeilingProbe | null,
  rows: Row[],
  cpu?: CpuMeter,
  afterWarmUp?: () => Promise<void>,
  metrics?: ReturnType<typeof serverMetrics>,
): Promise<void> {
  const idle = s.kind === 'ceiling' ? '/' : '/api/health';
  // A short warm-up (JIT, caches, connection pools) that is not counted.
  await load({ ...s.spec, base, connections: levels[0] ?? 10, duration: 2 });
  await afterWarmUp?.();
  for (const connections of levels) {
    await settle(base, idle);
    const ceilingBefore = !probe
      ? null
      : probe.last?.connections === connections
        ? probe.last.rps
        : await probe.at(connections);
    const before = os.loadavg()[0] as number;
    const seen = metrics ? await metrics.read() : null;
    const ticks = cpu?.read();
    const r = await load({ ...s.spec, base, connections, duration });
    const spent = ticks && cpu ? cpu.since(ticks) : null;
    const server = metrics ? await metrics.since(seen, duration) : null;
    const answered = Object.values(r.statusCodes).reduce((n, x) => n + x, 0);
    let c: number | null = null;
    if (probe && ceilingBefore !== null) {
      await settle(base, idle); // requests still queued in the server would slow the ceiling's run
      const ceilingAfter = await probe.at(connections);
      probe.last = { connections, rps: ceilingAfter };
      c = Math.round((ceilingBefore + ceilingAfter) / 2);
    }
    const row: Row = {
      engine,
      scenario: s.name,
      kind: s.kind,
      connections,
      rps: r.rps,
      p50: r.p50,
      p99: r.p99,
      errors: r.errors,
      ratio: c && s.kind !== 'ceiling' ? r.rps / c : null,
      ceilingBeside: c,
      statusCodes: r.statusCodes,
      load: [before, os.loadavg()[0] as number],
      cpu:
        spent && answered
          ? {
              server: Math.round(spent.server / answered),
              db: spent.db === null ? null : Math.round(spent.db / answered),
            }
          : null,
      server,
    };
    rows.push(row);
    log(
      `  ${s.name.padEnd(22)} ${String(connections).padStart(3)} conn  ${String(r.rps).padStart(6)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.statusCodes)}` : ''}${server ? `  | server: ${pct(server.within25)} within 25 ms, ${pct(server.within50)} within 50 ms, ${pct(server.within100)} within 100 ms; GC ${server.gcMsPerSecond.toFixed(0)} ms/s, ${server.gcOver10ms} pauses ≥ 10 ms; loop delay p99 ${server.lagP99.toFixed(0)} ms, max ${server.lagMax.toFixed(0)} ms` : ''}`,
    );
  }
}

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.995 && x < 1 ? 1 : 0)} %`;

async function discover(base: string, headers: Record<string, string>, data: BenchData) {
  const paths = Object.keys(
    ((await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }).paths,
  );
  const has = (p: string) => paths.includes(p);
  const patient = data.patients[0] as string;
  const fhirPatient =
    has('/fhir/R4/Patient/{id}') && (await fetch(`${base}/fhir/R4/Patient/${patient}`, { headers })).ok;
  const fhirObs =
    has('/fhir/R4/Observation') &&
    (await fetch(`${base}/fhir/R4/Observation?patient=${patient}&code=8867-4`, { headers })).ok;
  const outcomes = has('/api/outcomes')
    ? '/api/outcomes'
    : paths.find((p) => /outcome/i.test(p) && !p.includes('{'));
  const outcomesOk = outcomes ? (await fetch(`${base}${outcomes}`, { headers })).ok : false;
  const dashboard =
    has('/api/outcomes/dashboard') && (await fetch(`${base}/api/outcomes/dashboard`, { headers })).ok;
  return {
    fhirPatient,
    fhirObs,
    outcomes: outcomesOk ? outcomes : null,
    outcomesFound: outcomes ?? null,
    dashboard,
  };
}

function scenarios(data: BenchData, found: Awaited<ReturnType<typeof discover>>): Scenario[] {
  const auth = (a: { cookie: string; csrf: string }) => ({ cookie: a.cookie, 'x-csrf-token': a.csrf });
  const list: Scenario[] = [
    {
      // A reference for the shares below: the cheapest signed-in request (the session lookup, the access hook,
      // one read of the account, the schema and the serialiser), with no patient and no audit entry.
      name: 'signed-in floor',
      kind: 'read',
      what: 'GET /api/auth/me (prescriber; no patient, nothing audited)',
      spec: { method: 'GET', paths: ['/api/auth/me'], headers: auth(data.prescriber) },
    },
    {
      name: 'chart read',
      kind: 'read',
      what: 'GET /api/patients/:id (prescriber; 1,000 patients in turn)',
      spec: {
        method: 'GET',
        paths: data.patients.map((p) => `/api/patients/${p}`),
        headers: auth(data.prescriber),
      },
    },
    {
      name: 'worklist',
      kind: 'read',
      what: "GET /api/worklist (the prescriber's Today list)",
      spec: { method: 'GET', paths: ['/api/worklist'], headers: auth(data.prescriber) },
    },
  ];
  if (data.openSessions.length) {
    list.push({
      name: 'vital-sign write',
      kind: 'write',
      what: `POST …/sessions/:id/entries (nurse; ${data.openSessions.length} sessions under way; a new Idempotency-Key each)`,
      spec: {
        method: 'POST',
        paths: data.openSessions.map((s) => `/api/patients/${s.patientId}/sessions/${s.sessionId}/entries`),
        headers: auth(data.nurse),
        body: 'vitals',
      },
    });
  } else log('  (vital-sign write skipped: the clinic has no session under way)');
  const pts = data.patients.slice(0, 500);
  if (found.fhirObs)
    list.push({
      name: 'FHIR Observation search',
      kind: 'read',
      what: 'GET /fhir/R4/Observation?patient=…&code=8867-4 (heart rate)',
      spec: {
        method: 'GET',
        paths: pts.map((p) => `/fhir/R4/Observation?patient=${p}&code=8867-4`),
        headers: auth(data.prescriber),
      },
    });
  else log('  (FHIR Observation search skipped: the route is not there or does not answer 200 yet)');
  if (found.fhirPatient)
    list.push({
      name: 'FHIR Patient read',
      kind: 'read',
      what: 'GET /fhir/R4/Patient/{id}',
      spec: { method: 'GET', paths: pts.map((p) => `/fhir/R4/Patient/${p}`), headers: auth(data.prescriber) },
    });
  else log('  (FHIR Patient read skipped: the route is not there or does not answer 200 yet)');
  if (found.outcomes)
    list.push({
      name: 'clinic outcomes',
      kind: 'read',
      what: `GET ${found.outcomes}`,
      spec: { method: 'GET', paths: [found.outcomes], headers: auth(data.prescriber) },
    });
  else
    log(
      `  (clinic outcome aggregation skipped: ${found.outcomesFound ? `${found.outcomesFound} did not answer 200` : 'no such route yet'})`,
    );
  if (found.dashboard)
    list.push({
      name: 'outcomes dashboard',
      kind: 'read',
      what: 'GET /api/outcomes/dashboard (every breakdown, Kaplan–Meier, weeks, drop-out; unfiltered and filtered in turn)',
      spec: {
        method: 'GET',
        paths: [
          '/api/outcomes/dashboard',
          '/api/outcomes/dashboard?from=2025-06-01',
          '/api/outcomes/dashboard?instrument=gad7',
          '/api/outcomes/dashboard?to=2026-06-30&program=im_kap',
        ],
        headers: auth(data.prescriber),
      },
    });
  else log('  (outcomes dashboard skipped: the route is not there or does not answer 200 yet)');
  return only.length
    ? list.filter((s) => only.some((o) => s.name.toLowerCase().includes(o.toLowerCase())))
    : list;
}

async function runEngine(
  engine: Engine,
  source: string,
  probe: CeilingProbe,
  rows: Row[],
  notes: string[],
): Promise<void> {
  log(`\n=== ${engine} ===`);
  probe.last = null; // measured before this engine's server started: measure again beside its first scenario
  let env: Record<string, string>;
  let cleanup: () => Promise<void> | void;
  let handle: ReturnType<typeof connect>;
  const key = engine === 'sqlite-encrypted' ? { sqliteKey: BENCH_DB_KEY } : {};
  if (!isPg(engine)) {
    const c = sqliteCopy(source);
    if (engine === 'sqlite-encrypted') encryptInPlace(path.join(c.dataDir, 'liminal.db'), BENCH_DB_KEY);
    env = {
      DATA_DIR: c.dataDir,
      DATABASE_URL: '',
      ...(key.sqliteKey ? { LIMINAL_DB_KEY: key.sqliteKey } : {}),
    };
    cleanup = c.cleanup;
    handle = connect({ engine: 'sqlite', sqliteFile: path.join(c.dataDir, 'liminal.db'), ...key });
  } else {
    const c = await postgresCopy(benchPostgresUrl, source, log);
    env = { DATABASE_URL: c.url };
    cleanup = c.cleanup;
    handle = connect({ engine: 'postgres', databaseUrl: c.url, poolSize: 2 });
  }
  const data = await prepareActors(handle);
  await handle.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The server's metrics on a listener of their own (one process: not for the two-worker server).
  const metricsPort = engine === 'postgres-2w' ? null : await freePort();
  const profileDir = path.resolve('bench/results/profiles');
  if (heapProfile) fs.mkdirSync(profileDir, { recursive: true });
  // The compiled server (`npm run build:server`, built into bench/results/server at the start), as a clinic runs it.
  const server = startChild(
    [SERVER, 'serve', '--port', String(port), ...(engine === 'postgres-2w' ? ['--workers', '2'] : [])],
    {
      ...env,
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
      LIMINAL_SECRET_KEY: BENCH_SECRET_KEY,
      ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}),
      ...(heapProfile
        ? { HEAP_SAMPLE_OUT: path.join(profileDir, `${engine}-${Date.now()}.heapprofile`) }
        : {}),
    },
    [
      ...serverNodeFlags,
      ...(profile
        ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${engine}-${Date.now()}.cpuprofile`]
        : []),
      ...(heapProfile ? ['--import', pathToFileURL(path.resolve('bench/heap-sample.mjs')).href] : []),
    ],
    false,
  );
  const started = new Date().toISOString();
  const rss = sampleRss(server.pid as number);
  try {
    await waitFor(`${base}/api/health`, server);
    if (engine === 'postgres-2w') await new Promise((r) => setTimeout(r, 3000)); // the second worker
    const found = await discover(base, { cookie: data.prescriber.cookie }, data);
    rss.since();
    const perScenario: string[] = [];
    const cpu = cpuMeter(server.pid as number, isPg(engine));
    const metrics = metricsPort ? serverMetrics(`http://127.0.0.1:${metricsPort}/metrics`) : undefined;
    for (const s of scenarios(data, found)) {
      await measure(
        engine,
        base,
        s,
        probe,
        rows,
        cpu,
        isPg(engine) ? () => autovacuumAnalyze(env) : undefined,
        metrics,
      );
      perScenario.push(`${s.name} ${Math.round(rss.since() / 1e6)}`);
    }
    notes.push(`${engine}: server peak RSS by scenario, MB: ${perScenario.join(', ')}`);
    await settle(base, '/api/health');
  } finally {
    rss.stop();
    await stop(server);
  }
  peakRss.set(engine, rss.peak());
  notes.push(
    `${engine}: server peak RSS ${Math.round(rss.peak() / 1e6)} MB (sampled every 250 ms, every process of the server summed)`,
  );
  // Every acknowledged vital sign is stored once and audited: compare with the 2xx the load generator saw.
  const after = !isPg(engine)
    ? connect({ engine: 'sqlite', sqliteFile: path.join(env.DATA_DIR as string, 'liminal.db'), ...key })
    : connect({ engine: 'postgres', databaseUrl: env.DATABASE_URL as string, poolSize: 2 });
  const entries = Number(
    (
      await after.db
        .selectFrom('session_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('idempotency_key', 'like', 'bench-%')
        .executeTakeFirstOrThrow()
    ).n,
  );
  const audited = Number(
    (
      await after.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'session.entry')
        .where('outcome', '=', 'allowed')
        .where('at', '>=', started)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const acked = rows
    .filter((r) => r.engine === engine && r.kind === 'write')
    .reduce((n, r) => n + (r.statusCodes['201'] ?? 0), 0);
  if (!isPg(engine)) {
    const ok = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(after.db);
    notes.push(`${engine}: integrity_check ${ok.rows[0]?.integrity_check}`);
  }
  await after.close();
  notes.push(
    `${engine}: ${acked} vital signs acknowledged (201) in the measured runs; ${entries} stored by the bench in all (warm-ups and requests still in flight when a run stopped included); ${audited} allowed session.entry audit entries written during the run`,
  );
  await cleanup();
}

/**
 * CPU time spent by the server (its process and descendants) and, on PostgreSQL, by every PostgreSQL process
 * (backends, WAL writer, checkpointer), in µs, from /proc: what each request costs in CPU, whatever else the
 * machine runs meanwhile (a shared machine changes req/s between runs far more than it changes this).
 */
interface CpuMeter {
  read(): { server: number; db: number | null };
  since(start: { server: number; db: number | null }): { server: number; db: number | null };
}
function cpuMeter(pid: number, withPostgres: boolean): CpuMeter {
  const read = () => ({ server: processTreeCpu(pid), db: withPostgres ? postgresCpu() : null });
  return {
    read,
    since(start) {
      const now = read();
      return {
        server: now.server - start.server,
        db: now.db === null || start.db === null ? null : now.db - start.db,
      };
    },
  };
}

/** The resident memory of a process and its descendants (the workers of `--workers`), sampled until stopped. */
function sampleRss(pid: number) {
  let peak = 0;
  let sincePeak = 0;
  const read = (p: number): number => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const children = (p: number): number[] => {
    try {
      return fs
        .readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const tick = () => {
    let total = 0;
    const todo = [pid];
    while (todo.length) {
      const p = todo.pop() as number;
      total += read(p);
      todo.push(...children(p));
    }
    if (total > peak) peak = total;
    if (total > sincePeak) sincePeak = total;
  };
  const timer = setInterval(tick, 250);
  return {
    peak: () => peak,
    /** The peak since the last call (the scenario just measured), then starts over. */
    since: () => {
      tick();
      const p = sincePeak;
      sincePeak = 0;
      return p;
    },
    stop: () => clearInterval(timer),
  };
}

function table(rows: Row[]): string {
  const head = [
    'engine',
    'scenario',
    'conn',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'of ceiling',
    'ceiling beside',
    'CPU µs/req',
    'server ≤ 50 ms',
  ];
  const body = rows.map((r) => [
    r.engine,
    r.scenario,
    String(r.connections),
    String(r.rps),
    String(r.p50),
    String(r.p99),
    String(r.errors),
    r.ratio === null ? '' : `${(r.ratio * 100).toFixed(0)} %`,
    r.ceilingBeside === null ? '' : String(r.ceilingBeside),
    r.cpu ? (r.cpu.db === null ? String(r.cpu.server) : `${r.cpu.server} + ${r.cpu.db} db`) : '',
    r.server ? pct(r.server.within50) : '',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(w[i] as number) : c.padEnd(w[i] as number))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Issue #23's targets: share of the ceiling per scenario (SQLite, PostgreSQL), measured at the top level, each
 * against the ceiling measured beside it.
 */
const TARGETS: Record<string, { sqlite: number; postgres: number }> = {
  'FHIR Patient read': { sqlite: 0.15, postgres: 0.1 },
  'chart read': { sqlite: 0.08, postgres: 0.05 },
  'FHIR Observation search': { sqlite: 0.06, postgres: 0.04 },
  'vital-sign write': { sqlite: 0.08, postgres: 0.05 },
};
/** The per-patient scenarios: PostgreSQL within 1.5× of SQLite. */
const PER_PATIENT = ['chart read', 'FHIR Patient read', 'FHIR Observation search', 'vital-sign write'];
/** The per-patient reads: p99 ≤ 50 ms at the top level (the issue asks it of reads; the vital sign is a write). */
const PER_PATIENT_READS = PER_PATIENT.filter((s) => s !== 'vital-sign write');

function verdicts(rows: Row[]): string[] {
  const out: string[] = [];
  const top = Math.max(...levels);
  const at50 = rows.filter((r) => r.connections === top);
  for (const engine of [...new Set(at50.map((r) => r.engine))].filter((e) => e !== 'ceiling')) {
    const mine = at50.filter((r) => r.engine === engine);
    for (const r of mine) {
      const t = TARGETS[r.scenario];
      if (t && r.ratio != null) {
        const want = isPg(engine) ? t.postgres : t.sqlite;
        out.push(
          `${engine} ${r.scenario}: ${(r.ratio * 100).toFixed(1)} % of the ceiling ${r.ratio >= want ? 'meets' : 'MISSES'} the ${(want * 100).toFixed(0)} % target`,
        );
      }
      if (PER_PATIENT_READS.includes(r.scenario))
        out.push(
          `${engine} ${r.scenario}: p99 ${r.p99} ms at ${top} connections ${r.p99 <= 50 && r.rps > 0 && !r.errors ? 'meets' : 'MISSES'} the 50 ms target`,
        );
    }
    const sqliteRows = at50.filter((r) => r.engine === 'sqlite');
    if (isPg(engine) && sqliteRows.length)
      for (const r of mine.filter((x) => PER_PATIENT.includes(x.scenario))) {
        const s = sqliteRows.find((x) => x.scenario === r.scenario);
        if (!s?.rps || !r.rps) continue;
        // The two engines' runs are minutes apart, and the machine's speed may have moved between them: the
        // verdict compares their shares of the ceiling measured beside each (the raw ratio is printed too).
        const raw = s.rps / r.rps;
        const fair = s.ratio && r.ratio ? s.ratio / r.ratio : raw;
        out.push(
          `${engine} ${r.scenario}: SQLite ${s.rps} vs ${r.rps} req/s (${raw.toFixed(2)}×; ${fair.toFixed(2)}× as shares of the ceiling beside each) ${fair <= 1.5 ? 'meets' : 'MISSES'} "PostgreSQL within 1.5× of SQLite"`,
        );
      }
    const peak = peakRss.get(engine);
    if (peak)
      out.push(
        `${engine}: peak RSS ${Math.round(peak / 1e6)} MB ${peak <= 250e6 ? 'meets' : 'MISSES'} the 250 MB target`,
      );
    for (const r of mine.filter((x) => x.errors > 0))
      out.push(`${engine} ${r.scenario}: ${r.errors} errors under load (${JSON.stringify(r.statusCodes)})`);
  }
  // The price of encryption at rest: encrypted SQLite's throughput as a share of plaintext SQLite's, same run.
  for (const r of rows.filter((x) => x.engine === 'sqlite-encrypted')) {
    const plain = rows.find(
      (x) => x.engine === 'sqlite' && x.scenario === r.scenario && x.connections === r.connections,
    );
    if (plain?.rps)
      out.push(
        `encryption at rest, ${r.scenario} at ${r.connections} connections: ${r.rps} vs ${plain.rps} req/s (${((r.rps / plain.rps) * 100).toFixed(0)} % of plaintext SQLite)`,
      );
  }
  if (out.some((line) => line.includes('MISSES')))
    out.push(
      'why a target is missed, with the profiles that show it: bench/README.md, "What remains" and items 17–32 (`--profile` and `--heap-profile` write this run\'s CPU and allocation profiles to bench/results/profiles)',
    );
  return out;
}

/**
 * The outcomes dashboard at scale (issue #21; bench/dashboard-scale.ts): its own 50,000-patient summary clinic
 * (`--dashboard-patients`, 0 to skip) on SQLite and PostgreSQL, cold and warm p50/p95 printed as they come;
 * a cold p95 of 200 ms or more fails the run.
 */
async function dashboardScale(): Promise<void> {
  const n = Number(option('dashboard-patients', '50000'));
  if (!n) return;
  const dashEngines = engines.filter((e) => e === 'sqlite' || e === 'postgres');
  log(`\n=== outcomes dashboard, ${n} patients (${dashEngines.join(', ')}) ===`);
  const child = spawn(
    process.execPath,
    [...tsx, 'bench/dashboard-scale.ts', '--patients', String(n), '--engines', dashEngines.join(',')],
    { env: { ...process.env, TEST_POSTGRES_URL: benchPostgresUrl }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) process.exitCode = 1;
}

async function main() {
  const t0 = Date.now();
  if (only.length === 1 && only[0] === 'dashboard') return dashboardScale();
  log(
    `Liminal bench: ${patients} patients (seed ${seed}), ${levels.join('/')} connections, ${duration} s each, engines ${engines.join(', ')}; ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; server node flags: ${serverNodeFlags.join(' ') || 'none'}`,
  );
  const source = await syntheticClinic(patients, seed, fresh, log);
  if (buildServer)
    execFileSync(process.execPath, ['scripts/build-server.mjs', '--outdir', path.dirname(SERVER)], {
      stdio: 'inherit',
    });
  else log(`server: ${SERVER}`);
  const rows: Row[] = [];
  const notes: string[] = [];
  // The ceiling first: the same machine, the same load generator, nothing but Fastify. It keeps running, to be
  // measured again beside every scenario.
  const cport = await freePort();
  const ceil = startChild(['bench/ceiling.ts', String(cport)], {});
  try {
    await waitFor(`http://127.0.0.1:${cport}/`, ceil);
    log('\n=== ceiling (bare Fastify JSON route) ===');
    await measure(
      'ceiling',
      `http://127.0.0.1:${cport}`,
      {
        name: 'bare Fastify JSON',
        kind: 'ceiling',
        what: 'GET / → {"hello":"world"}',
        spec: CEILING_SPEC,
      },
      null,
      rows,
      cpuMeter(ceil.pid as number, false),
    );
    const probe = ceilingProbe(`http://127.0.0.1:${cport}`);
    for (const engine of engines) await runEngine(engine, source, probe, rows, notes);
  } finally {
    await stop(ceil);
  }
  const v = verdicts(rows);
  log(`\n${table(rows)}\n`);
  for (const n of [...v, ...notes]) log(`- ${n}`);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      loadAtEnd: os.loadavg(),
    },
    patients,
    seed,
    duration,
    levels,
    rows,
    verdicts: v,
    notes,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  const file = path.join('bench/results', `bench-${result.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);
  log(`\nWritten ${file} (and bench/results/latest.json) in ${result.seconds} s.`);
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
  if (!only.length || only.includes('dashboard')) await dashboardScale();
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
