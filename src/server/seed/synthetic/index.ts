import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { type Db, isPostgres, type Tx } from '../../db/dialect';
import { ensureConsentTemplate, latestDocument } from '../../features/consent/repository';
import { ConsentService } from '../../features/consent/service';
import { CoursesService } from '../../features/courses/service';
import { ensureCourseTemplates } from '../../features/courses/templates';
import { EnquiriesService } from '../../features/enquiries/service';
import { ExperienceService } from '../../features/experience/service';
import { LedgerService } from '../../features/ledger/service';
import { StockService } from '../../features/ledger/stock';
import { SafetyService } from '../../features/measures/safety';
import { MeasuresService } from '../../features/measures/service';
import { PatientsService } from '../../features/patients/service';
import { SessionsService } from '../../features/sessions/service';
import { FakeClock } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { hashPassword } from '../../platform/passwords';
import { setSetting } from '../../platform/settings';
import { isEmpty } from '../demo';
import { type CareEnv, patientCare, type Task } from './care';
import { withSeededIds } from './ids';
import { planPatient } from './people';
import { Rng } from './random';
import { SYNTHETIC_PASSWORD, SyntheticStaff } from './staff';
import { type Site, SyntheticStock } from './stock';

export { SYNTHETIC_PASSWORD } from './staff';

/**
 * `liminal seed --synthetic`: a clinic of any size, built through the services the app uses, as a
 * discrete-event simulation. Each patient's care is a coroutine (care.ts) that yields the instant of its
 * next action; a priority queue resumes them in time order on a FakeClock that walks from two years ago to
 * now, so audit entries, ledger events and charts come out as a real clinic's would. Writes are batched:
 * one database transaction per `batch` steps (services join it through `joinOuter`), which keeps SQLite's
 * synchronous=FULL commits (one fsync each) from dominating. The same `seed` and `asOf` give the same clinic,
 * ids included (ids.ts); only password hashes differ.
 */
export interface SyntheticOptions {
  patients: number;
  seed: number;
  /** The simulation's "now" (default: the current minute). */
  asOf?: Date;
  /** Scheduler steps per transaction. */
  batch?: number;
  /** Progress output: a bar on a TTY, a line every 10 % otherwise, nothing when false. */
  progress?: boolean;
  out?: NodeJS.WriteStream;
}

export interface SyntheticResult {
  seeded: boolean;
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  tally: Record<string, number>;
  /** Patients whose care a service refused part-way (dropped; the first few errors). */
  problems: string[];
}

const DAY = 86_400_000;

export async function seedSynthetic(db: Db, opts: SyntheticOptions): Promise<SyntheticResult> {
  if (!(await isEmpty(db)))
    return { seeded: false, seconds: 0, rows: 0, rowsPerSecond: 0, tally: {}, problems: [] };
  const started = Date.now();
  const root = new Rng(opts.seed);
  const end = Math.floor((opts.asOf?.getTime() ?? Date.now()) / 60_000) * 60_000;
  const rowsBefore = await countRows(db);
  // A bulk load, not acknowledged clinical writes: commits skip the fsync while it runs (a crash means seeding
  // again), and one checkpoint at the end makes it all durable. On PostgreSQL each batch sets
  // synchronous_commit off for itself (see simulate).
  const sqlite = !isPostgres(db);
  if (sqlite) {
    await sql`pragma synchronous = NORMAL`.execute(db);
    await sql`pragma wal_autocheckpoint = 100000`.execute(db);
  }
  let tally: Record<string, number>;
  const problems: string[] = [];
  try {
    tally = await withSeededIds(root.fork('ids'), () => simulate(db, root, end, opts, problems));
  } finally {
    if (sqlite) {
      await sql`pragma synchronous = FULL`.execute(db);
      await sql`pragma wal_autocheckpoint = 1000`.execute(db);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const rows = (await countRows(db)) - rowsBefore;
  return { seeded: true, seconds, rows, rowsPerSecond: Math.round(rows / seconds), tally, problems };
}

interface Entry {
  t: number;
  seq: number;
  patient: number;
  task: Task | null;
}

async function simulate(
  db: Db,
  root: Rng,
  end: number,
  opts: SyntheticOptions,
  errors: string[],
): Promise<Record<string, number>> {
  const n = opts.patients;
  const planRng = (i: number) => root.fork(`plan:${i}`);
  const intakeAt = new Float64Array(n);
  const perSite: Record<Site, number> = { CA: 0, OR: 0, WA: 0 };
  for (let i = 0; i < n; i++) {
    const p = planPatient(planRng(i), i, end);
    intakeAt[i] = p.intakeAt;
    perSite[p.state]++;
  }
  let earliest = end - DAY;
  for (const t of intakeAt) earliest = Math.min(earliest, t);
  const begin = earliest - 30 * DAY;
  const clock = new FakeClock(new Date(begin));
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;

  // The clinic: settings, templates, staff, consent document, safes and products.
  const iso = clock.now().toISOString();
  const staff = new SyntheticStaff();
  await db.transaction().execute(async (trx) => {
    await setSetting(trx, 'clinic.name', 'Liminal Synthetic Clinic', null, iso);
    await setSetting(trx, 'clinic.phone', '(555) 010-0200', null, iso);
    await setSetting(trx, 'clinic.email', 'hello@synthetic.liminal.test', null, iso);
    await ensureCourseTemplates(trx, iso);
    await ensureConsentTemplate(trx, iso);
  });
  await staff.create(
    db,
    clock,
    root.fork('staff'),
    await hashPassword(SYNTHETIC_PASSWORD),
    SyntheticStaff.sizes(perSite),
    end,
  );
  const document = await latestDocument(db);
  if (!document) throw new Error('no consent document');
  const ledger = new LedgerService(ctx);
  const stock = new SyntheticStock(new StockService(ctx), ledger, clock);
  await stock.setUp(staff.admin);

  const heap = new MinHeap();
  let seq = 0;
  const tally: Record<string, number> = {};
  const env: CareEnv = {
    end,
    svc: {
      patients: new PatientsService(ctx),
      consent: new ConsentService(ctx),
      courses: new CoursesService(ctx),
      sessions: new SessionsService(ctx),
      measures: new MeasuresService(ctx),
      safety: new SafetyService(ctx),
      ledger,
      experience: new ExperienceService(ctx),
    },
    stock,
    consentDocumentId: document.id,
    team: (p) => staff.team(p),
    spawn: () => {
      throw new Error('spawn outside a step');
    },
    tally,
  };
  for (let i = 0; i < n; i++) heap.push({ t: intakeAt[i] as number, seq: seq++, patient: i, task: null });
  // New enquiries over the last month (some urgent): the front desk's inbox.
  const enquiries = new EnquiriesService(ctx);
  const eq = root.fork('enquiries');
  for (let i = 0; i < Math.max(3, Math.round(n / 250)); i++) {
    const at = end - eq.int(1, 30 * 24) * 3_600_000;
    heap.push({ t: at, seq: seq++, patient: -1, task: enquiry(enquiries, eq.fork(i), at, i) });
  }

  const bar = progress(opts, Math.ceil((end - begin) / DAY));
  const sqlite = !isPostgres(db);
  const batch = opts.batch ?? 400;
  let current: Entry | null = null;
  const abandoned = new Set<number>();
  try {
    while (heap.size) {
      await db.transaction().execute(async (trx) => {
        if (!sqlite) await sql`set local synchronous_commit = off`.execute(trx);
        ctx.db = joinOuter(trx);
        for (let k = 0; k < batch && heap.size; k++) {
          const e = heap.pop() as Entry;
          if (abandoned.has(e.patient)) continue;
          current = e;
          clock.set(new Date(Math.max(e.t, clock.now().getTime())));
          env.spawn = (task) => heap.push({ t: clock.now().getTime(), seq: seq++, patient: e.patient, task });
          if (!e.task) {
            e.task = patientCare(
              planPatient(planRng(e.patient), e.patient, end),
              env,
              root.fork(`care:${e.patient}`),
            );
            tally.started = (tally.started ?? 0) + 1;
          }
          // A step that a service refuses (a plan this generator got wrong) is undone and its patient dropped,
          // rather than losing the whole run; the count and the first errors are reported at the end.
          await sql`savepoint step`.execute(trx);
          try {
            const r = await e.task.next();
            await sql`release savepoint step`.execute(trx);
            if (!r.done) heap.push({ t: r.value, seq: seq++, patient: e.patient, task: e.task });
          } catch (err) {
            await sql`rollback to savepoint step`.execute(trx);
            await sql`release savepoint step`.execute(trx);
            if (abandoned.size >= Math.max(10, n / 100)) throw err;
            if (e.patient >= 0) abandoned.add(e.patient);
            tally.abandoned = (tally.abandoned ?? 0) + 1;
            if (errors.length < 5)
              errors.push(`patient #${e.patient} at ${new Date(e.t).toISOString()}: ${describe(err)}`);
          }
          tally.steps = (tally.steps ?? 0) + 1;
        }
      });
      bar.update(Math.floor((clock.now().getTime() - begin) / DAY), tally);
    }
  } catch (err) {
    const e = current as Entry | null;
    const where = e ? `patient #${e.patient} at ${new Date(e.t).toISOString()}` : 'setup';
    throw new Error(
      `synthetic seed failed (${where}): ${describe(err)}${errors.length ? `\nEarlier: ${errors.join('\n')}` : ''}`,
      { cause: err },
    );
  } finally {
    ctx.db = db;
    bar.stop();
  }
  return tally;
}

function describe(err: unknown): string {
  const fields = (err as { fields?: unknown }).fields;
  return `${err instanceof Error ? err.message : String(err)}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
}

async function* enquiry(svc: EnquiriesService, rng: Rng, at: number, i: number): Task {
  yield at;
  const urgent = rng.chance(0.08);
  const first = rng.pick(['Lane', 'Morgan', 'Parker', 'Reese', 'Sasha', 'Toby', 'Wren', 'Yael']);
  const last = rng.pick(['Enquirer', 'Curious', 'Hopeful', 'Seeker', 'Newcomb']);
  await svc.submit({ ip: null, requestId: `synthetic-enquiry-${i}` }, {
    firstName: first,
    lastName: last,
    email: `${first}.${last}.${i}@example.test`.toLowerCase(),
    phone: `(555) 010-${String(4400 + i).slice(-4)}`,
    state: rng.pick(['CA', 'OR', 'WA'] as const),
    dateOfBirth: `19${rng.int(60, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
    concerns: urgent
      ? ['suicidal_thoughts', 'depression']
      : [rng.pick(['depression', 'anxiety', 'ptsd'] as const)],
    redFlags: urgent ? ['recent_suicide_attempt'] : [],
    preferredContactTime: 'any',
    consentToContact: true,
  } as Parameters<EnquiriesService['submit']>[1]);
}

/**
 * A stand-in for the database handle inside one batch: queries run on the batch's transaction, and a
 * service's own `transaction().execute(fn)` runs `fn` on it too (Kysely transactions do not nest). The
 * service code is unchanged; only its commit point moves to the end of the batch.
 */
export function joinOuter(trx: Tx): Db {
  const joined = {
    execute: <T>(fn: (t: Tx) => Promise<T>) => fn(trx),
    setIsolationLevel: () => joined,
    setAccessMode: () => joined,
  };
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => joined;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as unknown as Db;
}

function progress(
  opts: SyntheticOptions,
  days: number,
): { update(v: number, t: Record<string, number>): void; stop(): void } {
  const out = opts.out ?? process.stderr;
  if (opts.progress === false) return { update() {}, stop() {} };
  if (out.isTTY) {
    const bar = new SingleBar(
      {
        format:
          'Synthetic clinic |{bar}| day {value}/{total} · {started} patients · {steps} steps · {eta_formatted} left',
        hideCursor: true,
        stream: out,
      },
      undefined,
    );
    bar.start(days, 0, { started: 0, steps: 0 });
    return {
      update: (v, t) => bar.update(Math.min(v, days), { started: t.started ?? 0, steps: t.steps ?? 0 }),
      stop: () => bar.stop(),
    };
  }
  let shown = -1;
  return {
    update(v, t) {
      const pct = Math.floor((10 * v) / days) * 10;
      if (pct > shown) {
        shown = pct;
        out.write(
          `synthetic clinic: ${Math.min(pct, 100)} % (day ${Math.min(v, days)}/${days}, ${t.started ?? 0} patients, ${t.steps ?? 0} steps)\n`,
        );
      }
    },
    stop() {},
  };
}

/** Rows in every table (to report rows per second). */
export async function countRows(db: Db): Promise<number> {
  const tables = await db.introspection.getTables();
  let total = 0;
  for (const t of tables) {
    if (t.name.startsWith('kysely_')) continue;
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(db);
    total += Number(r.rows[0]?.n ?? 0);
  }
  return total;
}

class MinHeap {
  private a: Entry[] = [];
  get size() {
    return this.a.length;
  }
  private less(i: number, j: number) {
    const x = this.a[i] as Entry;
    const y = this.a[j] as Entry;
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }
  private swap(i: number, j: number) {
    [this.a[i], this.a[j]] = [this.a[j] as Entry, this.a[i] as Entry];
  }
  push(e: Entry) {
    this.a.push(e);
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): Entry | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (this.a.length && last) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
