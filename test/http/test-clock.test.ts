import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { systemClock } from '../../src/server/platform/clock';
import { seedDemo } from '../../src/server/seed/demo';
import { createTestDatabase } from '../support/db';

/**
 * Tests choose the time (test/support/clock.ts): the harness hands a TestClock object to `buildApp`, and
 * LIMINAL_TEST_NOW is read by the harness alone. An app started the way `liminal serve --demo` starts it
 * (configuration from the environment, no clock given) keeps the machine's time: no setting, environment
 * variable or route can move the clock of a running app.
 */
const saved = process.env.LIMINAL_TEST_NOW;
afterEach(() => {
  if (saved === undefined) delete process.env.LIMINAL_TEST_NOW;
  else process.env.LIMINAL_TEST_NOW = saved;
});

describe('the clock of a normally configured app', () => {
  it('is the system clock, whatever the test variables say, and no route or setting can set it', async () => {
    process.env.LIMINAL_TEST_NOW = '2001-02-03T04:05:06.000Z';
    const env = {
      LIMINAL_DEMO: 'true',
      LOG_LEVEL: 'silent',
      LIMINAL_SECRET_KEY: 'clock-test-key-'.padEnd(44, 'x'),
      LIMINAL_TEST_NOW: process.env.LIMINAL_TEST_NOW,
      LIMINAL_CLOCK: '2001-02-03T04:05:06.000Z',
    };
    const config = loadConfig(env);
    // The configuration is the documented settings only: nothing about the clock survives loading.
    expect(Object.keys(config).filter((k) => /clock|now|time_travel/i.test(k))).toEqual([]);

    const db = await createTestDatabase();
    try {
      // As the server's start-up does for the demo (src/server/main.ts): seed, then build without a clock.
      await seedDemo(db.handle.db, systemClock);
      const { app, ctx, routes } = await buildApp({ config, handle: db.handle, webRoot: null, jobs: false });
      try {
        expect(ctx.clock).toBe(systemClock);
        expect(Math.abs(ctx.clock.now().getTime() - Date.now())).toBeLessThan(5_000);
        expect(routes.length).toBeGreaterThan(100);
        expect(routes.filter((r) => /clock|time-travel|fake|\/now\b/i.test(r.url))).toEqual([]);
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  });
});
