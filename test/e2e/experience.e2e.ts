/**
 * In-session experience ratings in Chromium (issue #21), against a real server (demo clinic, demo mode):
 *  - on the dosing console (tablet), the nurse enters Casey's end-of-session ratings as Casey says them, a
 *    missing answer is named on its question, and the scores show once rated;
 *  - on Sam's phone (360 px), after an at-home session's check-out (reached through the API: the phone journey
 *    itself is athome-phone.e2e.ts), the optional rating prompt, answered; the care team then sees it on the
 *    at-home session record.
 * axe runs on every screen. Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS when set.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { advanceClocks, axeCheck, launchBrowser, newTestContext, signIn } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { apiCall, patientId, shot, TABLET_LANDSCAPE } from './session-console.helpers';

const PHONE = { width: 360, height: 740 };
const MIN = 60_000;

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  server = await startTestServer({ demoMode: true });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail')
    for (const [i, c] of contexts.entries())
      for (const p of c.pages()) await shot(p, `experience-failed-${i}`).catch(() => {});
  for (const c of contexts.splice(0)) await c.close();
  await server?.close();
});

async function open(who: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await newTestContext(browser, server, { viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${who}] page error: ${e.message}`));
  await signIn(page, who, who.startsWith('patient') ? { landing: /\/portal$/ } : {});
  return page;
}

/** Picks a number on each 0–10 question of a rating form, in order. */
async function answer(form: ReturnType<Page['getByTestId']>, numbers: number[]) {
  const groups = await form.getByRole('radiogroup').all();
  expect(groups).toHaveLength(numbers.length);
  for (const [i, g] of groups.entries())
    await g.getByRole('radio', { name: new RegExp(`^${numbers[i]}( \\(|$)`) }).check();
}

describe('experience ratings', () => {
  it('are entered on the dosing console and shown as scores', { timeout: 180_000 }, async () => {
    const nurse = await open('nurse@demo.liminal.test', TABLET_LANDSCAPE);
    const casey = await patientId(nurse, 'Casey');
    const active = await apiCall<{ sessions: { id: string; patientId: string }[] }>(
      nurse,
      'GET',
      '/api/sessions/active',
    );
    const session = active.sessions.find((s) => s.patientId === casey);
    if (!session) throw new Error('no session under way for Casey');
    await nurse.goto(`/app/patients/${casey}/sessions/${session.id}`);
    const section = nurse.getByTestId('section-experience');
    await section.getByText('Not rated yet.', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Rate the session' }).click();

    // All but the last question answered: the last is named on its question.
    const all = [6, 7, 5, 8, 2, 5, 6, 4, 3];
    const groups = await section.getByRole('radiogroup').all();
    expect(groups).toHaveLength(9);
    for (const [i, g] of groups.slice(0, 8).entries())
      await g.getByRole('radio', { name: new RegExp(`^${all[i]}( \\(|$)`) }).check();
    await section.getByRole('button', { name: 'Save the rating' }).click();
    await section.getByText('Choose a number from 0 to 10').waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'experience-console-missing');
    await groups[8]?.getByRole('radio', { name: '3', exact: true }).check();
    await section.getByRole('button', { name: 'Save the rating' }).click();

    const scores = section.getByTestId('experience-scores');
    await scores.waitFor();
    await expect(section.getByTestId('rating-lxr').textContent()).resolves.toMatch(/28 of 50/);
    await expect(section.getByTestId('rating-lds').textContent()).resolves.toMatch(/18 of 40/);
    await section.getByText('Insight and connection 20', { exact: false }).waitFor();
    await section
      .getByText(/^Entered by /)
      .first()
      .waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'experience-console-rated');
  });

  it('are asked on the phone after an at-home check-out and shown on the record', {
    timeout: 240_000,
  }, async () => {
    const staff = await open('prescriber@demo.liminal.test', TABLET_LANDSCAPE);
    const sam = await open('patient2@demo.liminal.test', PHONE);
    const board = await apiCall<{ sessions: { id: string; patientId: string; patientName: string }[] }>(
      staff,
      'GET',
      '/api/at-home/board',
    );
    const row = board.sessions.find((s) => s.patientName.startsWith('Sam'));
    if (!row) throw new Error('no at-home session for Sam');
    const portal = `/api/portal/at-home-sessions/${row.id}`;
    // Check-in, sitter, go and dose through the API (the phone journey has its own test).
    await advanceClocks(server, contexts, 5 * MIN);
    await apiCall(sam, 'PUT', `${portal}/check-in/mood`, { mood: 6, intention: 'Rest' });
    await apiCall(sam, 'PUT', `${portal}/check-in/safety`, {
      answers: { no_sedatives: true, no_driving: true, fasting: true, safe_place: true },
    });
    await apiCall(sam, 'POST', `${portal}/check-in/readings`, { sbp: 122, dbp: 78, hr: 72 });
    const invite = await apiCall<{ code: string }>(sam, 'POST', `${portal}/sitter`, {
      name: 'Alex Sitter',
      phone: '555 010 0142',
    });
    const confirmed = await sam.evaluate(async (code) => {
      const r = await fetch('/api/sitter/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sitter-token': code },
        body: JSON.stringify({ present: true }),
      });
      return r.status;
    }, invite.code);
    expect(confirmed).toBe(200);
    await apiCall(staff, 'POST', `/api/patients/${row.patientId}/at-home-sessions/${row.id}/go`, {});
    await apiCall(sam, 'POST', `${portal}/dose-taken`, {});
    // Two hours on; both sign in again (the idle limit passed), and Sam checks out.
    await advanceClocks(server, contexts, 125 * MIN);
    await signIn(sam, 'patient2@demo.liminal.test', { landing: /\/portal$/ });
    await apiCall(sam, 'POST', `${portal}/check-out`, {
      settled: true,
      sideEffects: [],
      dissociation: 4,
      experience: 7,
      doseLeft: false,
      remainingTroches: 10,
    });

    await sam.goto(`/portal/at-home/${row.id}`);
    await sam.getByTestId('checked-out').waitFor();
    const card = sam.getByTestId('portal-rating');
    await card.getByRole('heading', { name: 'How was your session?' }).waitFor();
    await axeCheck(sam);
    await shot(sam, 'experience-phone-prompt');
    await card.getByRole('button', { name: 'Rate my session' }).click();
    await answer(card, [5, 8, 7, 8, 2, 4, 5, 3, 3]);
    await axeCheck(sam);
    const overflow = await sam.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(sam, 'experience-phone-form');
    await card.getByRole('button', { name: 'Save the rating' }).click();
    await card.getByRole('heading', { name: 'Thank you for rating your session' }).waitFor();
    await expect(card.getByTestId('rating-lxr').textContent()).resolves.toMatch(/30 of 50/);
    await axeCheck(sam);
    await shot(sam, 'experience-phone-rated');

    await signIn(staff, 'prescriber@demo.liminal.test');
    await staff.goto(`/app/patients/${row.patientId}/at-home/${row.id}`);
    const section = staff.getByTestId('section-experience');
    await section.getByTestId('rating-lds').waitFor();
    await expect(section.getByTestId('rating-lds').textContent()).resolves.toMatch(/15 of 40/);
    await section
      .getByText(/^Rated by the patient/)
      .first()
      .waitFor();
    await axeCheck(staff);
    await shot(staff, 'experience-athome-record');
  });
});
