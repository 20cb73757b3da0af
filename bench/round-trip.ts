/**
 * What one statement costs on each engine, apart from what it reads (issue #23): the floor under every request
 * that reads its session from PostgreSQL. A trivial statement (`select $1::int`) is run through the app's own
 * database handle (`connect`: Kysely, the named-statement wrapper, the same pool size as the server) with a
 * number of statements in flight, for a few seconds, and the CPU it took is counted per statement: this
 * process's, and on PostgreSQL every `postgres` process's (the backends, the WAL writer and the rest). Then the
 * same statement through `pg` alone, to tell the driver's cost from the layer over it.
 *
 *   npm run bench:round-trip -- [--seconds 5] [--in-flight 50]
 *
 * Uses TEST_POSTGRES_URL / BENCH_POSTGRES_URL (else postgres://postgres@127.0.0.1:5432/postgres); it only reads.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { connect } from '../src/server/db/connection';
import { benchPostgresUrl, positiveOption } from './args';
import { postgresCpu } from './cpu';

const seconds = positiveOption('seconds', '5');
const inFlight = Math.ceil(positiveOption('in-flight', '50'));
const pgUrl = benchPostgresUrl;

const ownCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Result {
  engine: string;
  statements: number;
  perSecond: number;
  ours: number;
  db: number | null;
}

type Engine = 'sqlite' | 'postgres' | 'pg alone';

async function measure(engine: Engine): Promise<Result> {
  let run: (i: number) => Promise<{ rows: unknown[] }>;
  let close: () => Promise<void>;
  if (engine === 'pg alone') {
    // The driver by itself: a pool of the same size, the same named statement, no Kysely.
    const pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
    run = (i) => pool.query({ name: 'round_trip', text: 'select $1::int as n', values: [i] });
    close = () => pool.end();
  } else {
    const handle =
      engine === 'postgres'
        ? connect({ engine: 'postgres', databaseUrl: pgUrl, poolSize: 10 })
        : connect({ engine: 'sqlite', sqliteFile: ':memory:' });
    run =
      engine === 'postgres'
        ? (i) => sql<{ n: number }>`select ${i}::int as n`.execute(handle.db)
        : (i) => sql<{ n: number }>`select ${i} as n`.execute(handle.db);
    close = () => handle.close();
  }
  const withPostgres = engine !== 'sqlite';
  try {
    // Warm: every pool connection opened and its statement named.
    await Promise.all(Array.from({ length: inFlight * 4 }, (_, i) => run(i)));
    let done = 0;
    let stop = false;
    const startedAt = performance.now();
    const cpu0 = ownCpu();
    const db0 = withPostgres ? postgresCpu() : 0;
    const worker = async () => {
      while (!stop) {
        const r = await run(done);
        if (r.rows.length !== 1) throw new Error('no row');
        done++;
        // SQLite answers within the microtask queue; let the timer that ends the run fire.
        if (done % 64 === 0) await new Promise((resume) => setImmediate(resume));
      }
    };
    const workers = Array.from({ length: inFlight }, worker);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    stop = true;
    await Promise.all(workers);
    const elapsed = (performance.now() - startedAt) / 1000;
    const ours = (ownCpu() - cpu0) / done;
    const db = withPostgres ? (postgresCpu() - db0) / done : null;
    return { engine, statements: done, perSecond: done / elapsed, ours, db };
  } finally {
    await close();
  }
}

const results = [await measure('sqlite'), await measure('postgres'), await measure('pg alone')];
process.stdout.write(
  `One trivial statement, ${inFlight} in flight, ${seconds} s each, through the app's database handle (pg alone: the driver by itself):\n`,
);
for (const r of results) {
  const cpu =
    r.db === null
      ? `${r.ours.toFixed(1)} µs`
      : `${r.ours.toFixed(1)} + ${r.db.toFixed(1)} µs (ours + PostgreSQL's)`;
  process.stdout.write(
    `  ${r.engine.padEnd(9)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(9)} statements/s  CPU a statement ${cpu}\n`,
  );
}
