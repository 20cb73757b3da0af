import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Executor } from '../db/dialect';
import { isUniqueViolation } from '../db/dialect';
import type { IdempotencyKeysTable } from '../db/schema';
import type { AuthContext, RequestMeta } from './auth-context';
import { removeInBatches } from './batches';
import type { Clock } from './clock';
import type { AppContext } from './context';
import { AppError } from './errors';
import {
  deleteIdempotencyKeysBefore,
  findIdempotencyKey,
  type IdempotentResponse,
  insertIdempotencyKey,
  saveIdempotentResponses,
} from './repository/idempotency';

/**
 * Idempotency keys (issue 8, S5). A client may send `Idempotency-Key` with any write. The key is recorded
 * in the same transaction as the write's audit entry, so "applied" and "key recorded" commit together: a
 * retry after a crash, a timeout or a dropped connection is refused as already applied instead of being
 * applied twice. When the first response was delivered its status and body are kept and replayed.
 */
const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readIdempotencyKey(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined || !WRITE.has(request.method)) return null;
  if (typeof raw !== 'string' || !KEY.test(raw)) {
    throw new AppError('validation_failed', 'Idempotency-Key: use 8–100 letters, digits or . _ : -', [
      { field: 'Idempotency-Key', message: 'Use 8–100 letters, digits or . _ : -' },
    ]);
  }
  return raw;
}

const actorKey = (actor: AuthContext | RequestMeta) =>
  'userId' in actor ? actor.userId : `anon:${actor.ip ?? '?'}`;

/**
 * The key row a request's first allowed audit entry records, or null when the request carries no key or has
 * recorded it already. The caller stores it in the transaction of the entry, then calls `keyRecorded`.
 */
export function idempotencyKeyRow(
  clock: Clock,
  actor: AuthContext | RequestMeta,
  auditId: string,
): IdempotencyKeysTable | null {
  if (!actor.idempotencyKey || actor.idempotencyRecorded) return null;
  const [method = 'POST', path = ''] = (actor.requestLine ?? '').split(' ');
  return {
    actor_key: actorKey(actor),
    key: actor.idempotencyKey,
    method,
    path,
    audit_id: auditId,
    status_code: null,
    response: null,
    created_at: clock.now().toISOString(),
  };
}

/** The key was stored: the request's later entries do not store it again. */
export const keyRecorded = (actor: AuthContext | RequestMeta) => {
  actor.idempotencyRecorded = true;
};

/** Two copies of the same write raced: the loser's insert of the key fails, and its transaction rolls back. */
export function asAlreadyApplied(err: unknown): unknown {
  return isUniqueViolation(err)
    ? new AppError('already_applied', 'A request with this Idempotency-Key was already applied.')
    : err;
}

/** Called by appendAudit for the request's first allowed entry (SQLite; PostgreSQL stores it with the entry). */
export async function recordIdempotencyKey(
  trx: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta,
  auditId: string,
): Promise<void> {
  const row = idempotencyKeyRow(clock, actor, auditId);
  if (!row) return;
  try {
    await insertIdempotencyKey(trx, row);
  } catch (err) {
    throw asAlreadyApplied(err);
  }
  keyRecorded(actor);
}

/** Before the handler: a key seen before is answered from the record, without running the write again. */
export async function replayIfSeen(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: AuthContext | RequestMeta,
): Promise<boolean> {
  if (!actor.idempotencyKey) return false;
  // Read with the session when the caller signed in with one (access-hook.ts); otherwise read here.
  const row =
    'idempotencyLookup' in actor && actor.idempotencyLookup
      ? actor.idempotencyLookup.seen
      : await findIdempotencyKey(ctx.db, actorKey(actor), actor.idempotencyKey);
  if (!row) return false;
  if (`${row.method} ${row.path}` !== `${request.method} ${request.routeOptions.url}`) {
    throw new AppError('validation_failed', 'This Idempotency-Key was used for a different request.', [
      { field: 'Idempotency-Key', message: 'Already used for a different request' },
    ]);
  }
  reply.header('idempotent-replayed', 'true');
  if (row.status_code && row.response !== null) {
    await reply.status(row.status_code).type('application/json').send(row.response);
  } else {
    throw new AppError('already_applied', 'A request with this Idempotency-Key was already applied.');
  }
  return true;
}

/**
 * Key records are kept for a while, then removed (`IDEMPOTENCY_KEEP_HOURS`, a week unless set). A record is only
 * there to make a retry safe: a client retries within seconds, an offline tablet or phone when it is back online.
 * Kept for ever, the table would grow with every keyed write (each console entry, each at-home check-in) and hold
 * copies of answers that carry patient data outside the records' own rules. A retry with a key older than the
 * window is taken as a new request; writes whose body carries a key of their own (a session's monitoring entries
 * and doses) are still applied once, by that key. Removed in batches, oldest first, so no statement holds the
 * table (or SQLite's event loop) for long; the data-protection job runs it (features/protection).
 */
export async function expireIdempotencyKeys(
  db: Db,
  now: Date,
  keepHours: number,
  batch = 250,
): Promise<number> {
  const cutoff = new Date(now.getTime() - keepHours * 3_600_000).toISOString();
  return removeInBatches((limit) => deleteIdempotencyKeysBefore(db, cutoff, limit), batch);
}

/** At most this many responses in one statement (4 parameters each). */
const MAX_GROUP = 200;

/**
 * The responses of keyed writes, stored in groups (issue #23). Each used to be an UPDATE committed on its own
 * after the write's transaction: a second commit per write (and on PostgreSQL a second round trip). Responses
 * handed in during the same turn of the event loop, or while the previous group is being stored, go in one
 * statement. Each caller still waits for its group, so a response is kept before the answer leaves, and the
 * answer's wait for the group commit's sync (registered after this hook) covers it. Storing a response is best
 * effort, as before: without it a retry is refused as already applied rather than replayed.
 */
export class IdempotentResponseWriter {
  private queue: { row: IdempotentResponse; done: () => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(private readonly db: Db) {}

  save(row: IdempotentResponse): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ row, done });
      if (this.running || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, MAX_GROUP);
        await saveIdempotentResponses(
          this.db,
          group.map((w) => w.row),
        ).catch(() => {});
        for (const w of group) w.done();
      }
    } finally {
      this.running = false;
    }
  }
}

/** After a successful write, keep its response so a retry gets the same answer. */
export function registerIdempotencyResponses(app: FastifyInstance, ctx: AppContext): void {
  const writer = new IdempotentResponseWriter(ctx.db);
  app.addHook('onSend', async (request, reply, payload) => {
    const actor = request.auth ?? request.meta;
    if (
      !actor?.idempotencyRecorded ||
      !actor.idempotencyKey ||
      reply.statusCode >= 300 ||
      reply.getHeader('idempotent-replayed')
    )
      return payload;
    if (typeof payload === 'string' && payload.length < 64_000) {
      await writer.save({
        actorKey: actorKey(actor),
        key: actor.idempotencyKey,
        statusCode: reply.statusCode,
        response: payload,
      });
    }
    return payload;
  });
}
