/**
 * The idle sign-out (SECURITY.md S9) against screens that refresh themselves, in Chromium against a real server
 * (demo clinic, demo mode). A Today left open at the front desk keeps refreshing its panels, but those
 * refreshes are not someone at the screen: it warns and signs out at the idle limit. A clinician's Today with a
 * dosing session in progress is a board being watched: its refreshes keep the sign-in alive.
 *
 * Time: the server's and the page's clocks move together (advanceClocks), five minutes at a time, so each
 * step fires the page's refresh timers once, as a screen left alone would.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../src/contracts/auth';
import { advanceClocks, browserSuite, shot } from '../support/browser';

const suite = browserSuite({ demoMode: true });
const MIN = 60_000;

/** The reads this page sends, split by whether they said they were a screen refreshing itself. */
function watchReads(page: Page): { background: string[]; counted: string[] } {
  const seen = { background: [] as string[], counted: [] as string[] };
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (r.method() !== 'GET' || !url.pathname.startsWith('/api/')) return;
    (r.headers()[BACKGROUND_HEADER] === '1' ? seen.background : seen.counted).push(url.pathname);
  });
  return seen;
}

const meStatus = (page: Page) =>
  page.evaluate(() =>
    fetch('/api/auth/me', { headers: { 'x-liminal-background': '1' } }).then((r) => r.status),
  );

describe('idle sign-out on screens that refresh themselves', () => {
  it("signs out a Today left open: the panels' refreshes are not activity", async () => {
    const page = await suite.open({ as: 'frontdesk' });
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.waitForLoadState('networkidle');
    const reads = watchReads(page);

    // Ten minutes alone: the panels refresh (as background reads), the page stays, no warning yet.
    await advanceClocks(suite.server, [page.context()], 5 * MIN);
    await advanceClocks(suite.server, [page.context()], 5 * MIN);
    await page.waitForLoadState('networkidle');
    expect(reads.background.length).toBeGreaterThan(0);
    expect(reads.counted).toEqual([]);
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    expect(await meStatus(page)).toBe(200);

    // Thirteen and a half: the warning counts down from the last thing the person did (the sign-in).
    await advanceClocks(suite.server, [page.context()], 3.5 * MIN);
    await page
      .getByRole('dialog')
      .getByText(/You will be signed out in [01]:\d\d for your patients' privacy/)
      .waitFor();
    await shot(page, 'idle-warning-front-desk');

    // Past fifteen: signed out here and on the server.
    await advanceClocks(suite.server, [page.context()], 1.5 * MIN + 1_000);
    await page.waitForURL('**/signin');
    await page.getByText(/signed out after a period without activity/).waitFor();
    await shot(page, 'idle-signed-out');
    expect(await meStatus(page)).toBe(401);
  });

  it('keeps a clinician signed in while Today shows a dosing session in progress', async () => {
    const page = await suite.open({ as: 'nurse' });
    const board = page.getByTestId('active-board');
    await board.waitFor();
    // The demo clinic has a session in progress: the board lists it.
    await board.getByRole('link').first().waitFor();
    await page.waitForLoadState('networkidle');
    const reads = watchReads(page);

    // Twenty minutes with nobody touching: the board's refreshes keep the sign-in alive. Each step waits for
    // the board's answer, so no refresh reaches the server after its clock has moved on to the next step.
    for (let i = 0; i < 4; i++) {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sessions/active');
      await advanceClocks(suite.server, [page.context()], 5 * MIN);
      expect((await answered).status()).toBe(200);
    }
    expect(reads.counted).toContain('/api/sessions/active');
    expect(reads.background.length).toBeGreaterThan(0); // the other panels still refresh as background
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    expect(page.url()).toMatch(/\/app$/);
    expect(await meStatus(page)).toBe(200);
  });
});
