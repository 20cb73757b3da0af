import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Executor } from '../db/dialect';
import { fromBool, toBool } from '../db/dialect';
import type { SeenKey } from './auth-context';
import { removeInBatches } from './batches';
import { addMs, type Clock } from './clock';
import { randomToken, sha256 } from './crypto';
import type { FoldPlan } from './first-read';
import * as repo from './repository/sessions';

/**
 * Server-side sessions. The browser holds a random token; the database holds only its SHA-256, so a copy of
 * the database cannot be replayed as a cookie. Idle and absolute limits are checked on every request.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  mfaVerified: boolean;
  createdAt: string;
  lastSeenAt: string;
  absoluteExpiresAt: string;
  idleExpiresAt: string;
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: number;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
}

/** The account columns each request reads with its session. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  patient_id: string | null;
  mfa_enabled: number;
  can_break_glass: number;
}

/** What the account recorded under a write's Idempotency-Key, from the session's row (undefined: nothing). */
function seenOf(row: Record<string, unknown>): SeenKey | undefined {
  if (row.key_key === null || row.key_key === undefined) return undefined;
  return {
    method: row.key_method as string,
    path: row.key_path as string,
    status_code: row.key_status_code as SeenKey['status_code'],
    response: row.key_response as SeenKey['response'],
  };
}

export class SessionStore {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>,
  ) {}

  private get idleMs() {
    return this.config.SESSION_IDLE_MINUTES * 60_000;
  }

  async create(
    userId: string,
    opts: { mfaVerified: boolean; ip: string | null; userAgent: string | null },
    trx: Executor = this.db,
  ): Promise<{ token: string; session: SessionRecord }> {
    const now = this.clock.now();
    const token = randomToken(32);
    const row = {
      id: randomUUID(),
      token_hash: sha256(token),
      user_id: userId,
      csrf_token: randomToken(24),
      mfa_verified: fromBool(opts.mfaVerified),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      absolute_expires_at: addMs(now, this.config.SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
      ended_at: null,
      end_reason: null,
      ip: opts.ip,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    };
    await repo.insertSession(trx, row);
    return { token, session: this.toRecord(row) };
  }

  /** Returns the live session for a token, ending it if a limit has passed; null when none. */
  async resolve(token: string): Promise<SessionRecord | null> {
    if (!token || token.length > 200) return null;
    const row = await repo.findSessionByTokenHash(this.db, sha256(token));
    return row ? this.live(row) : null;
  }

  /**
   * `resolve` and the account behind the session in one query (each request needs both: the account's status
   * and role are read fresh every time, so disabling an account or changing a role applies to its very next
   * request).
   */
  async resolveWithUser(token: string): Promise<{ session: SessionRecord; user: SessionUser } | null> {
    if (!token || token.length > 200) return null;
    const row = await repo.findSessionWithUser(this.db, sha256(token));
    return row ? this.withUser(row) : null;
  }

  /**
   * `resolveWithUser` with a route's first read of a patient's record in the same statement (platform/first-read.ts;
   * PostgreSQL only: SQLite has no lateral join): `read` holds the read's columns of the row, for the plan's
   * reader to take (`taken`) once access has been decided from the session. With `key` (a write's
   * Idempotency-Key), what the account recorded under it as well, as `resolveWithUserAndKey` answers it.
   */
  async resolveWithUserAndRead(
    token: string,
    plan: FoldPlan,
    key?: string,
  ): Promise<{
    session: SessionRecord;
    user: SessionUser;
    read: Record<string, unknown>;
    seen?: SeenKey | undefined;
  } | null> {
    if (!token || token.length > 200) return null;
    const [row] = await plan.reader.fold(this.db, sha256(token), plan.args, key);
    if (!row) return null;
    const { session, read } = repo.splitFolded(row);
    const found = await this.withUser(session);
    if (!found) return null;
    return key === undefined ? { ...found, read } : { ...found, read, seen: seenOf(session) };
  }

  /**
   * `resolveWithUser` for a write that carries an Idempotency-Key, read in the same query: what the account
   * recorded under the key (undefined when nothing), for the replay check (platform/idempotency.ts).
   */
  async resolveWithUserAndKey(
    token: string,
    key: string,
  ): Promise<{ session: SessionRecord; user: SessionUser; seen: SeenKey | undefined } | null> {
    if (!token || token.length > 200) return null;
    const row = await repo.findSessionWithUserAndKey(this.db, sha256(token), key);
    const found = row ? await this.withUser(row) : null;
    if (!row || !found) return null;
    return { ...found, seen: seenOf(row) };
  }

  private async withUser(
    row: NonNullable<Awaited<ReturnType<typeof repo.findSessionWithUser>>>,
  ): Promise<{ session: SessionRecord; user: SessionUser } | null> {
    const session = await this.live(row);
    if (!session) return null;
    const { email, name, role, status, patient_id, mfa_enabled, can_break_glass } = row;
    return {
      session,
      user: { id: row.user_id, email, name, role, status, patient_id, mfa_enabled, can_break_glass },
    };
  }

  /** The session of a stored row if it is still live; ends it (and answers null) once a limit has passed. */
  private async live(row: SessionRow & { ended_at: string | null }): Promise<SessionRecord | null> {
    if (row.ended_at) return null;
    const now = this.clock.now();
    if (now.toISOString() >= row.absolute_expires_at) {
      await this.end(row.id, 'absolute_timeout');
      return null;
    }
    if (now.getTime() - new Date(row.last_seen_at).getTime() >= this.idleMs) {
      await this.end(row.id, 'idle_timeout');
      return null;
    }
    return this.toRecord(row);
  }

  /** Marks activity. Writes at most every 15 s per session to keep reads cheap. */
  async touch(session: SessionRecord): Promise<SessionRecord> {
    const now = this.clock.now();
    if (now.getTime() - new Date(session.lastSeenAt).getTime() < 15_000) return session;
    await repo.touchSession(this.db, session.id, now.toISOString());
    return {
      ...session,
      lastSeenAt: now.toISOString(),
      idleExpiresAt: addMs(now, this.idleMs).toISOString(),
    };
  }

  async markMfaVerified(id: string, trx: Executor = this.db): Promise<void> {
    await repo.markSessionMfaVerified(trx, id);
  }

  async end(id: string, reason: string, trx: Executor = this.db): Promise<void> {
    await repo.endSession(trx, id, this.clock.now().toISOString(), reason);
  }

  async endAllForUser(userId: string, reason: string, trx: Executor = this.db): Promise<number> {
    return repo.endSessionsOfUser(trx, userId, this.clock.now().toISOString(), reason);
  }

  /** Ends the user's other live sessions, keeping `keepId` (the one asking). */
  async endOthersForUser(
    userId: string,
    keepId: string,
    reason: string,
    trx: Executor = this.db,
  ): Promise<void> {
    await repo.endSessionsOfUser(trx, userId, this.clock.now().toISOString(), reason, keepId);
  }

  private toRecord(row: SessionRow): SessionRecord {
    const idle = addMs(new Date(row.last_seen_at), this.idleMs).toISOString();
    return {
      id: row.id,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      mfaVerified: toBool(row.mfa_verified),
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      absoluteExpiresAt: row.absolute_expires_at,
      // biome-ignore lint/complexity/useMathMinMax: ISO strings, compared as text
      idleExpiresAt: idle < row.absolute_expires_at ? idle : row.absolute_expires_at,
    };
  }
}

/**
 * Sign-in records are kept for a while after they are over, then removed (`SESSION_RECORDS_KEEP_DAYS`, 30 unless
 * set). A record only serves to recognise a live sign-in; once over, it holds the device's address and browser for
 * nothing (who signed in when stays in the audit log, with its own retention). Counted from the absolute limit,
 * by which every sign-in is over whatever ended it. Removed in batches, oldest first, letting requests through
 * between them; the data-protection job runs it (features/protection).
 */
export async function expireSessionRecords(
  db: Executor,
  now: Date,
  keepDays: number,
  batch = 250,
): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  return removeInBatches((limit) => repo.deleteSessionsOverBefore(db, cutoff, limit), batch);
}
