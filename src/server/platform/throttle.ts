import type { Executor } from '../db/dialect';
import type { Clock } from './clock';
import { sha256 } from './crypto';
import { countHit, deleteThrottle, findThrottle, saveThrottle } from './repository/throttle';

/**
 * Rate limits and sign-in throttling kept in the database, so several app processes share them (S8).
 */

/** Fixed-window counter. Returns whether this hit is allowed and, if not, seconds until the window resets. */
export async function hitRateLimit(
  db: Executor,
  clock: Clock,
  key: string,
  max: number,
  windowMs: number,
): Promise<{ allowed: boolean; retryAfterSec: number }> {
  const now = clock.now();
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const count = await countHit(db, key, windowStart);
  const allowed = count <= max;
  const retryAfterSec = Math.ceil((new Date(windowStart).getTime() + windowMs - now.getTime()) / 1000);
  return { allowed, retryAfterSec };
}

/**
 * Per-account progressive delay. Keyed by a hash of the lower-cased email, so unknown and real accounts
 * behave identically. The first FREE_FAILURES failures are free; each later one locks the key for
 * 2^(n - FREE_FAILURES) seconds, capped at 15 minutes — at most ~20 evaluated failures an hour.
 * Failures older than an hour are forgotten.
 */
export const FREE_FAILURES = 5;
const MAX_DELAY_SEC = 900;
const FORGET_AFTER_MS = 3_600_000;

export const throttleKey = (kind: string, id: string) => `${kind}:${sha256(id.trim().toLowerCase())}`;

export async function checkThrottle(
  db: Executor,
  clock: Clock,
  key: string,
): Promise<{ locked: boolean; retryAfterSec: number }> {
  const row = await findThrottle(db, key);
  const now = clock.now().getTime();
  if (!row?.locked_until) return { locked: false, retryAfterSec: 0 };
  const until = new Date(row.locked_until).getTime();
  return until > now
    ? { locked: true, retryAfterSec: Math.ceil((until - now) / 1000) }
    : { locked: false, retryAfterSec: 0 };
}

export async function recordFailure(db: Executor, clock: Clock, key: string): Promise<number> {
  const now = clock.now();
  const row = await findThrottle(db, key);
  const stale = row && now.getTime() - new Date(row.updated_at).getTime() > FORGET_AFTER_MS;
  const failures = (row && !stale ? row.failures : 0) + 1;
  const delaySec = failures > FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SEC) : 0;
  const lockedUntil = delaySec ? new Date(now.getTime() + delaySec * 1000).toISOString() : null;
  await saveThrottle(db, key, failures, lockedUntil, now.toISOString());
  return failures;
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await deleteThrottle(db, key);
}
