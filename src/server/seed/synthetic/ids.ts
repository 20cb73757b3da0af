import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import type { Rng } from './random';

/**
 * Makes the ids that services draw from `node:crypto` (randomUUID, randomInt for chart numbers) come from the
 * seeded stream while the synthetic clinic is built, so one `--seed` gives the same ids every time. Node's
 * own mechanism for this is used (`syncBuiltinESMExports` carries the change to the modules' named imports);
 * the real functions are put back when `fn` settles. Only the `seed --synthetic` command does this, in its
 * own short-lived process.
 */
export async function withSeededIds<T>(rng: Rng, fn: () => Promise<T>): Promise<T> {
  const c = crypto as unknown as { randomUUID: typeof crypto.randomUUID; randomInt: typeof crypto.randomInt };
  const saved = { randomUUID: c.randomUUID, randomInt: c.randomInt };
  c.randomUUID = (() => rng.uuid()) as typeof crypto.randomUUID;
  c.randomInt = ((a: number, b?: number) => {
    const [min, max] = b === undefined ? [0, a] : [a, b];
    return min + Math.floor(rng.next() * (max - min));
  }) as typeof crypto.randomInt;
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    c.randomUUID = saved.randomUUID;
    c.randomInt = saved.randomInt;
    syncBuiltinESMExports();
  }
}
