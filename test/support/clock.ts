import type { Clock } from '../../src/server/platform/clock';

/**
 * The clock of a test server: it starts at an instant the test chooses and then runs at real speed, so idle
 * timeouts, the mail outbox and the page's own timers behave as they do in use, while the date and the hour
 * of day are the test's, not the machine's. Tests move it on with `advance` or `set` (and move the browser's
 * clock with it: `advanceClocks` in ./browser).
 *
 * Only the test harness makes one: the app takes its clock as an object passed to `buildApp`, and neither the
 * command line nor any setting or route can change the clock of a running app (test/http/test-clock.test.ts).
 */
export class TestClock implements Clock {
  private startMs = 0;
  private realStart = 0;

  constructor(start: string | Date | number) {
    this.set(start);
  }

  now(): Date {
    return new Date(this.startMs + (performance.now() - this.realStart));
  }

  /** Jumps to an instant; the clock keeps running from there. */
  set(at: string | Date | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(at)}`);
    this.startMs = ms;
    this.realStart = performance.now();
  }

  advance(ms: number): void {
    this.set(this.now().getTime() + ms);
  }
}

/**
 * When the test servers' clocks start unless a test chooses: Tuesday 12 January 2027, 10:30 in the demo
 * clinic's zone (America/Los_Angeles, 18:30 UTC): an ordinary clinic morning, away from daylight-saving changes.
 * `LIMINAL_TEST_NOW=<ISO instant>` runs the browser tier at another instant, e.g.
 * `LIMINAL_TEST_NOW=2027-03-14T10:10:00Z npx vitest run --project e2e test/e2e/scheduling.e2e.ts`.
 * test/e2e/scheduling-instants.e2e.ts runs the scheduling journeys at many instants on every run.
 */
export const DEFAULT_TEST_NOW = '2027-01-12T18:30:00.000Z';

export function testStartInstant(): string {
  const raw = process.env.LIMINAL_TEST_NOW;
  if (!raw) return DEFAULT_TEST_NOW;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Error(`LIMINAL_TEST_NOW is not an instant: ${raw}`);
  return new Date(ms).toISOString();
}
