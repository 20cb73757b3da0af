/**
 * The at-home session on phones (issue #16), in Chromium against a real server (demo clinic, demo mode) on a
 * 360×740 screen: Sam (the demo's at-home patient, portal login patient2) checks in step by step, names a
 * sitter who confirms from a second phone, waits for a clinician's go (given through the API by the
 * prescriber), takes the dose, answers the timed check-ins while the sitter records the visual checks, and both
 * check out; and a session held for a high home blood pressure after its re-check. axe runs on every new
 * screen. Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS when set.
 *
 * Time: the server's and the browsers' clocks move together (advanceClocks), five minutes at a time so the
 * pages' polling keeps the patient's sign-in alive (the portal's idle limit is 15 minutes).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { advanceClocks, axeCheck, label, launchBrowser, newTestContext, signIn } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { apiCall, setDim, shot } from './session-console.helpers';

const PHONE = { width: 360, height: 740 };
const MIN = 60_000;

let server: TestServer;
let browser: Browser;
let contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
// Each journey has its own clinic: the demo's one at-home session for Sam is spent by the first.
beforeEach(async () => {
  server = await startTestServer({ demoMode: true });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, c] of contexts.entries())
      for (const p of c.pages()) await shot(p, `athome-failed-${i}`).catch(() => {});
  }
  for (const c of contexts.splice(0)) await c.close();
  contexts = [];
  await server?.close();
});

async function phone(who: string, email?: string): Promise<Page> {
  const context = await newTestContext(browser, server, { viewport: PHONE });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${who}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
      console.error(`[${who}] console: ${m.text().slice(0, 300)}`);
  });
  if (email) await signIn(page, email, email.startsWith('patient') ? { landing: /\/portal$/ } : {});
  return page;
}

/** Nothing on the page runs off a 360 px screen sideways. */
async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * Moves every clock on, five minutes at a time, letting the patient's page poll in between (from the go on,
 * the page re-reads the session every 15 seconds: each jump fires that timer once).
 */
async function pass(minutes: number, patient: Page) {
  for (let left = minutes; left > 0; left -= 5) {
    const polled = patient
      .waitForResponse((r) => r.url().includes('/api/portal/at-home-sessions/'), { timeout: 20_000 })
      .catch(() => null);
    await advanceClocks(server, contexts, Math.min(5, left) * MIN);
    await polled;
  }
}

/** Sam's portal: the card on the home page, then the check-in's first two steps. */
async function startCheckIn(sam: Page) {
  const card = sam.getByTestId('portal-at-home-card');
  await expect(card.getByRole('heading').textContent()).resolves.toMatch(
    /^At-home session today at \d{1,2}:\d\d [ap]m$/,
  );
  await axeCheck(sam);
  await shot(sam, 'athome-portal-card');
  await card.getByRole('link', { name: 'Start check-in' }).click();
  await sam.waitForURL(/\/portal\/at-home\//);
  await sam.getByTestId('step-mood').waitFor();
  await expect(sam.getByTestId('help-button').isVisible()).resolves.toBe(true);
}

async function moodAndSafety(sam: Page) {
  await sam.getByRole('radio', { name: '6', exact: true }).check();
  await sam
    .getByRole('textbox', { name: label('Your intention for today') })
    .fill('To be gentler with myself');
  await sam.getByTestId('draft-state').filter({ hasText: 'Draft saved on this phone' }).waitFor();
  await sam.getByRole('button', { name: 'Next' }).click();
  await sam.getByTestId('step-safety').waitFor();
  for (const group of await sam.getByRole('radiogroup').all())
    await group.getByRole('radio', { name: 'Yes' }).check();
  await sam.getByRole('button', { name: 'Next' }).click();
  await sam.getByTestId('step-reading').waitFor();
}

async function reading(sam: Page, sbp: number, dbp: number, hr: number) {
  await sam.getByRole('textbox', { name: label('Top number (systolic)') }).fill(String(sbp));
  await sam.getByRole('textbox', { name: label('Bottom number (diastolic)') }).fill(String(dbp));
  await sam.getByRole('textbox', { name: label('Pulse') }).fill(String(hr));
  await sam.getByRole('button', { name: /^Send (reading|re-check)$/ }).click();
}

/** The staff's view of Sam's session (the prescriber's API, as the board reads it). */
async function samOnTheBoard(staff: Page) {
  const board = await apiCall<{
    sessions: { id: string; patientId: string; patientName: string; boardWords: string }[];
    escalations: { kind: string; reason: string }[];
  }>(staff, 'GET', '/api/at-home/board');
  const sam = board.sessions.find((s) => s.patientName.startsWith('Sam'));
  if (!sam) throw new Error('no at-home session for Sam on the board');
  return { ...sam, escalations: board.escalations };
}

describe('an at-home session on a phone', () => {
  it('runs clean from check-in to check-out, with a sitter on a second phone and a clinician’s go', {
    timeout: 420_000,
  }, async () => {
    const sam = await phone('sam', 'patient2@demo.liminal.test');
    await startCheckIn(sam);
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'athome-step-mood');

    // The intention is a draft on the phone as it is typed: a reload keeps it.
    await sam.getByRole('textbox', { name: label('Your intention for today') }).fill('To rest');
    await sam.getByTestId('draft-state').filter({ hasText: 'Draft saved on this phone' }).waitFor();
    await sam.reload();
    await expect(
      sam.getByRole('textbox', { name: label('Your intention for today') }).inputValue(),
    ).resolves.toBe('To rest');
    await moodAndSafety(sam);
    // Each step is saved as it is answered: a reload resumes at the reading.
    await sam.reload();
    await sam.getByTestId('step-reading').waitFor();
    await axeCheck(sam);
    await shot(sam, 'athome-step-reading');

    // An implausible reading is refused with the server's words next to the field it names.
    await reading(sam, 400, 20, 0);
    await sam.getByText('Systolic BP 400 mmHg is outside').waitFor();
    await sam.getByText(/Heart rate 0 .* is outside/).waitFor();
    await shot(sam, 'athome-reading-refused');
    await reading(sam, 122, 78, 72);

    // The sitter: a name and a phone number give the one-time link and code, shown once with copy buttons.
    await sam.getByTestId('step-sitter').waitFor();
    await sam.getByRole('textbox', { name: label('Your sitter’s name') }).fill('Alex Sitter');
    await sam.getByRole('textbox', { name: label('Your sitter’s phone number') }).fill('555 010 0142');
    await sam.getByRole('button', { name: 'Make the link' }).click();
    const link = (await sam.getByTestId('sitter-link').textContent()) ?? '';
    const code = (await sam.getByTestId('sitter-code').textContent()) ?? '';
    expect(link).toMatch(/\/sitter#[A-Z0-9-]{14}$/);
    expect(link.endsWith(code)).toBe(true);
    await sam.getByTestId('copy-code').waitFor();
    await sam.getByTestId('waiting-for-sitter').waitFor();
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'athome-sitter-link');

    // The sitter opens the link on their own phone: the code is in the fragment, then off the address bar.
    const alex = await phone('sitter');
    await alex.goto(new URL(link).pathname + new URL(link).hash);
    await alex.getByTestId('sitter-confirm').waitFor();
    expect(new URL(alex.url()).hash).toBe('');
    await axeCheck(alex);
    await fitsThePhone(alex);
    await shot(alex, 'athome-sitter-confirm');
    await alex.getByRole('button', { name: 'I am with Sam and will stay' }).click();
    await alex.getByTestId('sitter-status').filter({ hasText: 'Waiting for a clinician’s go' }).waitFor();
    await axeCheck(alex);

    // The same link on another phone is refused: the code was spent.
    const other = await phone('second-use');
    await other.goto(`/sitter#${code}`);
    await other.getByTestId('sitter-ended').waitFor();
    await axeCheck(other);
    await shot(other, 'athome-sitter-ended');

    // Sam's page notices the confirmation by itself, and the clinic's setting says a clinician gives the go.
    await sam.getByTestId('awaiting-go').waitFor({ timeout: 15_000 });
    await axeCheck(sam);
    await shot(sam, 'athome-awaiting-go');

    const staff = await phone('prescriber', 'prescriber@demo.liminal.test');
    const row = await samOnTheBoard(staff);
    await apiCall(staff, 'POST', `/api/patients/${row.patientId}/at-home-sessions/${row.id}/go`, {});

    await sam.getByTestId('go').waitFor({ timeout: 15_000 });
    await expect(sam.getByTestId('dose-order').textContent()).resolves.toBe(
      'Take 2 troches (200 mg) as prescribed',
    );
    await axeCheck(sam);
    await shot(sam, 'athome-go');
    await sam.getByRole('button', { name: 'I have taken my dose' }).click();
    await sam.getByRole('dialog').getByText('This records that you took 2 troches (200 mg) now').waitFor();
    await sam.getByRole('button', { name: 'Yes, I have taken it' }).click();
    await sam.getByTestId('during').waitFor();
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'athome-during');
    await alex.getByTestId('sitter-since-dose').waitFor({ timeout: 20_000 });

    // Two hours, fifteen minutes at a time: the sitter's visual checks, and Sam's check-ins at 30 and 60.
    for (let minute = 15; minute < 120; minute += 15) {
      await pass(15, sam);
      const check = alex.getByTestId('due-visual-check');
      await check.waitFor({ timeout: 20_000 });
      if (minute === 15) {
        await axeCheck(alex);
        await shot(alex, 'athome-sitter-visual-check');
      }
      await check.getByRole('button', { name: 'OK', exact: true }).click();
      await check.waitFor({ state: 'detached' });
      if (minute === 30) {
        const due = sam.getByTestId('due-check-in');
        await due.waitFor();
        await axeCheck(sam);
        await shot(sam, 'athome-check-in-due');
        await due.getByRole('button', { name: 'OK', exact: true }).click();
        await due.waitFor({ state: 'detached' });
        await sam.getByText('30-minute check-in: answered').waitFor();
      }
      if (minute === 60) {
        // Answered with no connection: kept on the phone, shown as not sent yet, sent when back online.
        await sam.context().setOffline(true);
        const due = sam.getByTestId('due-check-in');
        await due.getByRole('button', { name: 'Add a note (optional)' }).click();
        await due.getByRole('textbox', { name: 'Note (optional)' }).fill('A bit floaty, fine');
        await due.getByRole('button', { name: 'OK', exact: true }).click();
        await sam
          .getByTestId('pending-write')
          .filter({ hasText: /^60-minute check-in: OK \(.*\) — not sent yet$/ })
          .waitFor();
        await axeCheck(sam);
        await shot(sam, 'athome-not-sent-yet');
        await sam.context().setOffline(false);
        await sam.getByTestId('pending-writes').waitFor({ state: 'detached', timeout: 20_000 });
        await sam.getByText('60-minute check-in: answered').waitFor();
      }
    }
    await pass(15, sam);

    // Check-out: Sam's, then the sitter's; the session is then checked out and the link ends.
    await sam.getByRole('button', { name: 'Check out' }).click();
    const form = sam.getByTestId('checkout-form');
    await form
      .getByRole('radiogroup', { name: /settled/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await form.getByRole('checkbox', { name: 'Dizziness' }).check();
    await form
      .getByRole('radiogroup', { name: /dissociation/ })
      .getByRole('radio', { name: '3', exact: true })
      .check();
    await form
      .getByRole('radiogroup', { name: /experience overall/ })
      .getByRole('radio', { name: '8', exact: true })
      .check();
    await form
      .getByRole('radiogroup', { name: /dose left/ })
      .getByRole('radio', { name: 'No' })
      .check();
    await form.getByText('Liminal’s own rating, not a validated scale.').first().waitFor();
    await form.getByRole('textbox', { name: label('How many troches do you have now?') }).fill('10');
    await axeCheck(sam);
    await shot(sam, 'athome-check-out');
    await form.getByRole('button', { name: 'Send my check-out' }).click();
    await sam.getByTestId('checked-out').waitFor();
    await axeCheck(sam);

    const sitterForm = alex.getByTestId('sitter-checkout-form');
    await sitterForm.waitFor({ timeout: 20_000 });
    await sitterForm
      .getByRole('radiogroup', { name: /settled/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await sitterForm
      .getByRole('radiogroup', { name: /whole session/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await axeCheck(alex);
    await shot(alex, 'athome-sitter-check-out');
    await sitterForm.getByRole('button', { name: 'Send my check-out' }).click();
    await alex.getByTestId('sitter-done').waitFor();
    await alex.reload();
    await alex.getByTestId('sitter-ended').waitFor();

    const staffView = await apiCall<{ state: string; remainingTroches: number; tasks: { kind: string }[] }>(
      staff,
      'GET',
      `/api/patients/${row.patientId}/at-home-sessions/${row.id}`,
    ).catch(async () => {
      await signIn(staff, 'prescriber@demo.liminal.test');
      return apiCall<{ state: string; remainingTroches: number; tasks: { kind: string }[] }>(
        staff,
        'GET',
        `/api/patients/${row.patientId}/at-home-sessions/${row.id}`,
      );
    });
    expect(staffView.state).toBe('checked_out');
    expect(staffView.remainingTroches).toBe(10);
    expect(staffView.tasks.filter((t) => t.kind !== 'supply')).toEqual([]);
  });

  it('holds a session whose home blood pressure stays high after the re-check', {
    timeout: 240_000,
  }, async () => {
    const sam = await phone('sam', 'patient2@demo.liminal.test');
    await startCheckIn(sam);
    await moodAndSafety(sam);
    await reading(sam, 150, 95, 80);

    // High: rest, a countdown to the re-check, the rule that fired and its source.
    await sam.getByTestId('reading-high').waitFor();
    await sam.getByTestId('recheck-countdown').waitFor();
    await sam.getByText(/Systolic BP 150 mmHg is above the at-home check-in hold threshold/).waitFor();
    await expect(sam.getByRole('button', { name: /^Send (reading|re-check)$/ }).count()).resolves.toBe(0);
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'athome-recheck-countdown');

    // Help, from the bar at the top: the numbers as links a phone dials, and the tap is recorded.
    await sam.getByTestId('help-button').click();
    const help = sam.getByRole('dialog', { name: 'Help' });
    await help.getByText('The on-call clinician has been alerted and will call you.').waitFor();
    await expect(help.getByRole('link', { name: 'Call 911 — emergency' }).getAttribute('href')).resolves.toBe(
      'tel:911',
    );
    await expect(help.getByRole('link', { name: /Call or text 988/ }).getAttribute('href')).resolves.toBe(
      'tel:988',
    );
    await expect(
      help.getByRole('link', { name: /on call: \(555\) 010-0199/ }).getAttribute('href'),
    ).resolves.toBe('tel:5550100199');
    await axeCheck(sam);
    await shot(sam, 'athome-help');
    await help
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => sam.keyboard.press('Escape'));
    await help.waitFor({ state: 'detached' });

    // Five minutes later the re-check opens on its own; still high, the session is held with the reasons.
    await advanceClocks(server, contexts, 5 * MIN);
    await sam.getByRole('heading', { name: 'Your re-check' }).waitFor({ timeout: 15_000 });
    await axeCheck(sam);
    await reading(sam, 152, 96, 82);
    const held = sam.getByTestId('held');
    await held.waitFor();
    await held.getByText('Your session is on hold: do not take the dose').waitFor();
    await held.getByText(/Systolic BP 152 mmHg is above/).waitFor();
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'athome-held');
    // The dim theme, as a phone at night may use it: the same contrast.
    await setDim(sam, true);
    await axeCheck(sam);
    await shot(sam, 'athome-held-dim');
    await setDim(sam, false);

    // The care team sees it: the hold and the help tap are open escalations on the board.
    const staff = await phone('nurse', 'nurse@demo.liminal.test');
    const row = await samOnTheBoard(staff);
    expect(row.boardWords).toBe('Escalated');
    expect(row.escalations.map((e) => e.kind).sort()).toEqual(['help', 'hold']);

    // And the portal's home says so too.
    await sam.goto('/portal');
    await sam
      .getByTestId('portal-at-home-card')
      .getByText('Your session is on hold: see what to do.')
      .waitFor();
  });
});
