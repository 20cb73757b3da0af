import { answersFor } from '../../src/server/seed/synthetic/answers';
import type { Rng } from '../../src/server/seed/synthetic/random';
import { localDate } from '../../src/server/seed/synthetic/stock';
import type { CrashFixture } from './fixture';

/**
 * Concurrent writers (4 recording vital signs, 2 answering measures, 2 receiving stock). Every write has an
 * Idempotency-Key; a write counts as acknowledged on a 2xx, or on 409 `already_applied` (an earlier attempt
 * was applied). Anything without an answer (connection refused or reset: the server was killed) or with a
 * 5xx is kept and retried with the same key and body. Any other answer is unexpected and reported.
 */
export type Kind = 'vitals' | 'measure' | 'receive';
export interface Op {
  kind: Kind;
  key: string;
  path: string;
  body: unknown;
  assignmentId?: string;
  attempts: number;
}

const WORKERS: Kind[] = ['vitals', 'vitals', 'vitals', 'vitals', 'measure', 'measure', 'receive', 'receive'];

export class Writers {
  acked: Op[] = [];
  unexpected: string[] = [];
  private pending: Op[] = [];
  private running: Promise<void>[] = [];
  private active = false;
  private noNew = false;
  private counter = 0;
  private next = 0;
  private retries = 0;
  private replays = 0;

  constructor(
    private readonly base: string,
    private readonly f: CrashFixture,
    private readonly rng: Rng,
    private readonly prefix: string,
  ) {}

  run(): void {
    this.active = true;
    this.running = WORKERS.map((k) => this.worker(k));
  }

  async pause(): Promise<void> {
    this.active = false;
    await Promise.all(this.running);
  }

  /** No new writes: retry the outstanding ones until all are acknowledged (or time runs out). */
  async drain(ms: number): Promise<void> {
    this.noNew = true;
    this.run();
    const until = Date.now() + ms;
    while (this.pending.length && Date.now() < until) await sleep(50);
    await this.pause();
    for (const op of this.pending)
      this.unexpected.push(`${op.key}: still unacknowledged after ${op.attempts} attempts`);
  }

  summary(): string {
    const n = (k: Kind) => this.acked.filter((o) => o.kind === k).length;
    return `acknowledged ${n('vitals')} vital signs, ${n('measure')} measure answers, ${n('receive')} receipts; ${this.retries} retries (${this.replays} answered as already applied); ${this.pending.length} outstanding`;
  }

  private create(kind: Kind): Op | null {
    const key = `${this.prefix}-${kind[0]}-${++this.counter}`;
    if (kind === 'vitals') {
      const { patientId, sessionId } = this.f.session;
      const sbp = this.rng.int(105, 138);
      return {
        kind,
        key,
        path: `/api/patients/${patientId}/sessions/${sessionId}/entries`,
        body: {
          idempotencyKey: key,
          entry: {
            kind: 'vitals',
            vitals: {
              sbp,
              dbp: sbp - this.rng.int(35, 50),
              hr: this.rng.int(58, 96),
              spo2: this.rng.int(95, 99),
              rr: this.rng.int(12, 18),
            },
          },
        },
        attempts: 0,
      };
    }
    if (kind === 'measure') {
      const a = this.f.assignments[this.next++];
      if (!a) return null;
      return {
        kind,
        key,
        path: `/api/patients/${a.patientId}/measures/${a.assignmentId}/responses`,
        body: { answers: answersFor(this.rng, a.instrumentId, this.rng.int(0, 20)) },
        assignmentId: a.assignmentId,
        attempts: 0,
      };
    }
    return {
      kind,
      key,
      path: '/api/ledger/receive',
      body: {
        ...this.f.receive,
        containerCount: 1,
        supplier: 'Crash Test Supply',
        invoiceNumber: key,
        receivedOn: localDate(Date.now()),
      },
      attempts: 0,
    };
  }

  private async worker(kind: Kind): Promise<void> {
    while (this.active) {
      const i = this.pending.findIndex((o) => o.kind === kind);
      const op = i >= 0 ? (this.pending.splice(i, 1)[0] as Op) : this.noNew ? null : this.create(kind);
      if (!op) {
        if (this.noNew && !this.pending.some((o) => o.kind === kind)) return;
        await sleep(20);
        continue;
      }
      op.attempts++;
      if (op.attempts > 1) this.retries++;
      let status = 0;
      let text = '';
      try {
        const res = await fetch(`${this.base}${op.path}`, {
          method: 'POST',
          headers: {
            cookie: this.f.cookie,
            'x-csrf-token': this.f.csrf,
            'content-type': 'application/json',
            'idempotency-key': op.key,
          },
          body: JSON.stringify(op.body),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        text = await res.text();
      } catch {
        status = 0; // no answer: the server is down or was killed mid-request
      }
      if (status >= 200 && status < 300) this.acked.push(op);
      else if (status === 409 && code(text) === 'already_applied') {
        this.replays++;
        this.acked.push(op);
      } else if (status === 0 || status >= 500) {
        this.pending.push(op);
        await sleep(status === 0 ? 25 : 5);
      } else this.unexpected.push(`${op.key}: ${status} ${text.slice(0, 200)}`);
    }
  }
}

function code(text: string): string | null {
  try {
    return (JSON.parse(text) as { code?: string }).code ?? null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
