import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashing (S7)', () => {
  it('uses argon2id with at least 19 MiB and 2 iterations', async () => {
    const h = await hashPassword('a long enough passphrase');
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(h);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(m?.[2])).toBeGreaterThanOrEqual(2);
    expect(await verifyPassword(h, 'a long enough passphrase')).toBe(true);
    expect(await verifyPassword(h, 'wrong')).toBe(false);
  });

  it('an unknown account still costs an argon2 verification, not an early return', async () => {
    const h = await hashPassword('a long enough passphrase');
    await verifyPassword(null, 'warm-up'); // builds the dummy hash once
    const time = async (stored: string | null) => {
      const t0 = performance.now();
      await verifyPassword(stored, 'not the password');
      return performance.now() - t0;
    };
    // Both paths run one argon2id verify at the same cost parameters; an early return would take ~0 ms.
    expect(await time(null)).toBeGreaterThan(2);
    expect(await time(h)).toBeGreaterThan(2);
  });
});
