import type { Executor } from '../../db/dialect';

/** All SQL about rate-limit counters and sign-in throttling (platform/throttle.ts). */

/** Counts a hit in the key's fixed window starting at `windowStart` (a new window starts at 1); the count. */
export async function countHit(db: Executor, key: string, windowStart: string): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb
          .case()
          .when('rate_limits.window_start', '=', windowStart)
          .then(eb('rate_limits.count', '+', 1))
          .else(1)
          .end(),
        window_start: windowStart,
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export const findThrottle = (db: Executor, key: string) =>
  db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();

export async function saveThrottle(
  db: Executor,
  key: string,
  failures: number,
  lockedUntil: string | null,
  now: string,
): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({ key, failures, locked_until: lockedUntil, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now }),
    )
    .execute();
}

export async function deleteThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
