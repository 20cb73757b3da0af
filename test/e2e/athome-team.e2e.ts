/**
 * The care team's at-home screens (issue #16) in Chromium at a desktop (1280 and 1024 px): a missed check-in
 * escalated to the nurse's Today, acknowledged by the nurse, resolved and the session closed by the prescriber,
 * all on the session's timeline; the prescriber booking a session from the course and signing its order; the
 * take-home supply; the program settings. axe on every page. Requires `npx vite build` first.
 *
 * The patient's phone and the sitter act through the API (their screens are tested elsewhere): the patient
 * from a signed-in browser context, the sitter with their token in a context of their own. Time moves with
 * advanceClocks (server and browsers together), in steps shorter than the idle sign-out; the escalation
 * timer is run by hand on the server's clock, as the one-minute job would.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAtHomeEscalations } from '../../src/server/features/athome';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { advanceClocks, axeCheck, launchBrowser, newTestContext, signIn } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { apiCall, DESKTOP, dialog, label, setDim, shot } from './session-console.helpers';

const SAM = DEMO_PATIENT_IDS[1];
const SMALL_DESKTOP = { width: 1024, height: 768 };
const MIN = 60_000;

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer({ demoMode: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, c] of contexts.entries())
      for (const p of c.pages())
        await shot(p, `athome-failed-${ctx.task.name.slice(0, 12)}-${i}`).catch(() => {});
  }
  for (const c of contexts.splice(0)) await c.close();
});

async function as(email: string, viewport = DESKTOP, landing?: RegExp): Promise<Page> {
  const context = await newTestContext(browser, server, { viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${email}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      console.error(`[${email}] console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  await signIn(page, email, landing ? { landing } : {});
  return page;
}

/** The sitter: no account, their token in a header, from a context without anyone's cookies. */
async function sitterApi(): Promise<APIRequestContext> {
  const context = await newTestContext(browser, server);
  contexts.push(context);
  return context.request;
}

async function sitterPost(req: APIRequestContext, token: string, url: string, data: unknown) {
  const res = await req.post(url, { headers: { 'x-sitter-token': token }, data: data as object });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** Moves the server and the browsers on by `minutes`, in steps short of the 15-minute idle sign-out. */
async function pass(minutes: number, pages: Page[]) {
  let left = minutes;
  while (left > 0) {
    const step = Math.min(10, left);
    await advanceClocks(
      server,
      pages.map((p) => p.context()),
      step * MIN,
    );
    for (const p of pages) await apiCall(p, 'GET', '/api/auth/me');
    left -= step;
  }
}

const portal = (id: string) => `/api/portal/at-home-sessions/${id}`;

describe('a missed check-in escalated to the nurse’s board and closed by a clinician', () => {
  it('escalates on Today with an alert, the nurse acknowledges, the prescriber resolves and closes', {
    timeout: 240_000,
  }, async () => {
    const nurse = await as('nurse@demo.liminal.test');
    // Today: the remote board with the demo's at-home session for Sam, and who is on call.
    const board = nurse.getByTestId('remote-board');
    await board.getByTestId('remote-board-card').filter({ hasText: 'Sam Sample' }).waitFor();
    await expect(board.getByTestId('on-call').textContent()).resolves.toContain('Noah Nightingale');
    await expect(nurse.getByTestId('athome-escalations').count()).resolves.toBe(0);
    await axeCheck(nurse);
    await shot(nurse, 'athome-today-board');

    const { sessions } = await apiCall<{ sessions: { id: string; patientId: string }[] }>(
      nurse,
      'GET',
      '/api/at-home/board',
    );
    const id = sessions.find((s) => s.patientId === SAM)?.id ?? '';
    expect(id).not.toBe('');

    // Sam checks in on the phone and names a sitter, who confirms with the one-time code.
    const phone = await as('patient2@demo.liminal.test', { width: 390, height: 844 }, /\/portal/);
    // The phone's calls go from a plain page of the same site (the portal's own screens are tested elsewhere).
    await phone.goto('/api/auth/me');
    await apiCall(phone, 'PUT', `${portal(id)}/check-in/mood`, { mood: 6, intention: 'To rest and listen' });
    await apiCall(phone, 'PUT', `${portal(id)}/check-in/safety`, {
      answers: { no_sedatives: true, no_driving: true, fasting: true, safe_place: true },
    });
    await apiCall(phone, 'POST', `${portal(id)}/check-in/readings`, { sbp: 124, dbp: 78, hr: 70 });
    const invite = await apiCall<{ code: string }>(phone, 'POST', `${portal(id)}/sitter`, {
      name: 'Alex Sitter',
      phone: '555 010 0142',
    });
    const sitter = await sitterApi();
    const confirmed = await sitter.post('/api/sitter/confirm', {
      headers: { 'x-sitter-token': invite.code },
      data: { present: true },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
    const token = (await confirmed.json()).token as string;

    // The clinic's setting: a clinician gives the go. The nurse opens the session from the board and gives it.
    await nurse.getByTestId('remote-board-card').filter({ hasText: 'Sam Sample' }).click();
    await nurse.waitForURL(new RegExp(`/app/patients/${SAM}/at-home/${id}$`));
    await nurse.getByTestId('athome-state').filter({ hasText: 'Checking in' }).waitFor();
    await nurse.getByRole('tab', { name: 'Give the go' }).click();
    await nurse.getByRole('button', { name: 'Give the go' }).click();
    const go = dialog(nurse, 'Give the go');
    await expect(go.textContent()).resolves.toContain('Sam Sample may take 2 troches (200 mg) now.');
    await go.getByRole('button', { name: 'Give the go' }).click();
    await nurse.getByTestId('athome-status').filter({ hasText: 'Go given at' }).waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'athome-session-go-1280');
    await nurse.getByRole('link', { name: 'Today' }).click();
    await nurse.getByTestId('remote-board-card').filter({ hasText: 'Go given' }).waitFor();
    // Sam takes the dose.
    await apiCall(phone, 'POST', `${portal(id)}/dose-taken`, {});

    // The sitter's visual checks at 15 and 30 minutes are done; the 30-minute check-in is not answered.
    await pass(15, [nurse, phone]);
    await sitterPost(sitter, token, '/api/sitter/visual-checks', { ok: true });
    await pass(15, [nurse, phone]);
    await sitterPost(sitter, token, '/api/sitter/visual-checks', { ok: true });
    await pass(14, [nurse, phone]);
    expect((await runAtHomeEscalations(server.ctx)).opened).toEqual([]);
    await pass(1, [nurse, phone]);
    const { opened } = await runAtHomeEscalations(server.ctx);
    expect(opened).toHaveLength(1);

    // The nurse's Today, left open, shows it at the top within one refresh, in red, with a tone.
    await advanceClocks(server, [nurse.context()], 15_000);
    const top = nurse.getByTestId('athome-escalations');
    await top.getByTestId('athome-escalation').filter({ hasText: 'Sam Sample' }).waitFor();
    await expect(top.textContent()).resolves.toContain('30-minute check-in after the dose was not answered');
    const firstSection = await nurse.locator('main section').first().getAttribute('data-testid');
    expect(firstSection).toBe('athome-escalations');
    await expect(top.getAttribute('data-tones')).resolves.toBe('1');
    await board
      .getByTestId('remote-board-card')
      .filter({ hasText: 'Sam Sample' })
      .and(nurse.locator('[data-state="escalated"]'))
      .waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'athome-today-escalation');

    // The nurse acknowledges from Today.
    await top.getByRole('button', { name: 'Acknowledge the escalation for Sam Sample' }).click();
    await top.getByTestId('athome-escalation').and(nurse.locator('[data-state="acknowledged"]')).waitFor();

    // The on-call email names no patient; its link opens the session for the signed-in nurse.
    const mail = await server.waitForMail((m) => m.subject === 'An at-home session needs attention');
    expect(mail.text).not.toContain('Sam');
    const link = /(\/app\/at-home\/[0-9a-f-]{36})/.exec(mail.text)?.[1] ?? '';
    await nurse.goto(link);
    await nurse.waitForURL(new RegExp(`/app/patients/${SAM}/at-home/${id}$`));
    await nurse.getByTestId('athome-state').filter({ hasText: 'Escalated' }).waitFor();
    await axeCheck(nurse);

    // The prescriber, at a smaller desktop, opens the session from the board and resolves the escalation.
    const prescriber = await as('prescriber@demo.liminal.test', SMALL_DESKTOP);
    await prescriber.getByTestId('athome-escalations').waitFor();
    await shot(prescriber, 'athome-today-1024');
    await prescriber.getByTestId('remote-board-card').filter({ hasText: 'Sam Sample' }).click();
    await prescriber.waitForURL(new RegExp(`/app/patients/${SAM}/at-home/${id}$`));
    await prescriber.getByRole('heading', { level: 1, name: 'Sam Sample: at-home session 1' }).waitFor();
    const escalation = prescriber.getByTestId('athome-escalation').first();
    await expect(escalation.getAttribute('data-state')).resolves.toBe('acknowledged');
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-session-escalated-1024');
    await setDim(prescriber, true);
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-session-escalated-dim');
    await setDim(prescriber, false);
    await escalation.getByRole('button', { name: /Resolve the escalation/ }).click();
    // An outcome is required: the field says so, and nothing is sent.
    await escalation.getByRole('button', { name: 'Record outcome and resolve' }).click();
    await expect(escalation.getByLabel(label('Outcome')).getAttribute('aria-invalid')).resolves.toBe('true');
    await escalation
      .getByLabel(label('Outcome'))
      .fill('Phoned Sam: fell asleep after the dose, sitter present, feeling fine. No further action.');
    await escalation.getByRole('button', { name: 'Record outcome and resolve' }).click();
    await prescriber.getByRole('heading', { name: 'Resolved escalations' }).waitFor();

    // A note, then the session is closed with a reason (confirmed with a summary).
    await prescriber.getByRole('tab', { name: 'Add a note' }).click();
    await prescriber.getByLabel(label('Note')).fill('Spoke with the sitter, who stays until the evening.');
    await prescriber.getByRole('button', { name: 'Add the note' }).click();
    await prescriber.getByTestId('athome-event').filter({ hasText: 'Spoke with the sitter' }).waitFor();
    await prescriber.getByRole('tab', { name: 'Close the session' }).click();
    // Typed text survives a visit to another tab.
    await prescriber.getByLabel(label('Reason for closing')).fill('Ended early by phone; patient settled.');
    await prescriber.getByRole('tab', { name: 'Add a note' }).click();
    await prescriber.getByRole('tab', { name: 'Close the session' }).click();
    await expect(prescriber.getByLabel(label('Reason for closing')).inputValue()).resolves.toBe(
      'Ended early by phone; patient settled.',
    );
    await prescriber.getByRole('button', { name: 'Close the session' }).click();
    const confirm = dialog(prescriber, 'Close the session');
    await expect(confirm.textContent()).resolves.toContain('Ended early by phone');
    await confirm.getByRole('button', { name: 'Close the session' }).click();
    await prescriber.getByTestId('athome-state').filter({ hasText: 'Closed' }).waitFor();

    // The timeline tells it all, in words and local times.
    const kinds = await prescriber
      .getByTestId('athome-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'reading',
        'sitter_confirmed',
        'go',
        'dose_taken',
        'sitter_check',
        'escalation',
        'acknowledged',
        'resolved',
        'note',
        'close',
      ]),
    );
    const timeline = (await prescriber.getByTestId('section-athome-timeline').textContent()) ?? '';
    expect(timeline).toContain(
      'Escalated to the on-call clinician: The 30-minute check-in after the dose was not answered',
    );
    expect(timeline).toContain('Escalation resolved: Phoned Sam');
    expect(timeline).toContain('Session closed: Ended early by phone');
    expect(timeline).toContain('Dose taken: 2 troches (200 mg)');
    expect(timeline).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(timeline).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await axeCheck(prescriber);
    await prescriber.setViewportSize(DESKTOP);
    await shot(prescriber, 'athome-session-closed-1280');

    // Closed with its escalation resolved: the prescriber signs the record, which then says who and when.
    const record = prescriber.getByTestId('athome-record');
    await record.getByRole('button', { name: 'Sign the record' }).click();
    await record.getByText(/^Signed by Dr\. Priya Prescott on /).waitFor();
    await prescriber.getByTestId('section-athome-timeline').getByText('Session record signed.').waitFor();
    // After the close, the 30-minute check-in the patient never answered still reads as missed.
    await expect(prescriber.getByRole('row', { name: /^30-minute check-in/ }).textContent()).resolves.toMatch(
      /Missed/,
    );
    await expect(
      record.getByRole('link', { name: 'At-home session record (PDF)' }).getAttribute('href'),
    ).resolves.toMatch(/\/record\.pdf$/);
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-session-signed-1280');

    // Back on Today, nothing is left at the top.
    await nurse.goto('/app');
    await nurse.getByTestId('remote-board-card').filter({ hasText: 'Sam Sample' }).waitFor();
    await expect(nurse.getByTestId('athome-escalations').count()).resolves.toBe(0);
  });
});

describe('the prescriber books an at-home session from the course and signs its order', () => {
  it('books from the course, signs the order on the session page, and the dose history shows it', {
    timeout: 180_000,
  }, async () => {
    const prescriber = await as('prescriber@demo.liminal.test', SMALL_DESKTOP);
    await prescriber.goto(`/app/patients/${SAM}/course`);
    const course = prescriber.getByTestId('athome-course');
    await course.getByTestId('athome-session-row').first().waitFor();
    // The course's progress counts the dose Sam took at home in the escalation test above.
    await expect
      .poll(() => prescriber.getByTestId('course-progress').innerText())
      .toMatch(/Dosing:\s*1 of \d+ given/);
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-course-1024');

    await course.getByRole('button', { name: 'Book at-home session' }).click();
    const book = prescriber.getByRole('form', { name: 'Book an at-home session' });
    await book.getByLabel(label('Time')).fill('');
    await book.getByRole('button', { name: 'Book the session' }).click();
    await expect(book.getByLabel(label('Time')).getAttribute('aria-invalid')).resolves.toBe('true');
    await book.getByLabel(label('Time')).fill('15:30');
    await axeCheck(prescriber);
    await book.getByRole('button', { name: 'Book the session' }).click();
    await prescriber.waitForURL(new RegExp(`/app/patients/${SAM}/at-home/[0-9a-f-]{36}$`));
    await prescriber.getByRole('heading', { level: 1, name: 'Sam Sample: at-home session 2' }).waitFor();

    // The order: the product and lot Sam took home come first; the mg show as the troches are typed.
    const order = prescriber.getByRole('form', { name: 'Prescriber’s order' });
    await expect
      .poll(() => order.getByRole('combobox', { name: label('Product dispensed') }).inputValue())
      .toContain('100 mg troche');
    await order.getByRole('button', { name: 'Sign the order' }).click();
    await expect(
      order.getByRole('textbox', { name: label('Troches this session') }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await order.getByRole('textbox', { name: label('Troches this session') }).fill('3');
    await order.getByTestId('order-preview').filter({ hasText: '= 300 mg (3 × 100 mg)' }).waitFor();
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-order-form-1024');
    await order.getByRole('button', { name: 'Sign the order' }).click();
    const confirm = dialog(prescriber, 'Sign the order');
    await expect(confirm.textContent()).resolves.toContain('3 troches of Ketamine 100 mg troche');
    await confirm.getByRole('button', { name: 'Sign', exact: true }).click();
    const summary = prescriber.getByTestId('athome-order');
    await summary.filter({ hasText: '300 mg sublingual · 3 troches' }).waitFor();
    await expect(summary.textContent()).resolves.toContain('Signed by Dr. Priya Prescott');
    await prescriber
      .getByTestId('athome-event')
      .filter({ hasText: 'Order signed: 3 troches, 300 mg sublingual.' })
      .waitFor();
    await prescriber.getByTestId('exposure-caveat').waitFor();
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-order-signed-1024');

    // A hold needs its reason; a go on a check-in not yet done is refused in words, and the text stays.
    await prescriber.getByRole('tab', { name: 'Hold' }).click();
    await prescriber.getByRole('button', { name: 'Hold the session' }).click();
    const holdReason = prescriber.getByLabel(label('Reason for the hold'));
    await expect(holdReason.getAttribute('aria-invalid')).resolves.toBe('true');
    await holdReason.fill('Waiting for the new blood-pressure cuff to arrive.');
    await prescriber.getByRole('button', { name: 'Hold the session' }).click();
    await prescriber
      .getByTestId('athome-status')
      .filter({ hasText: 'Waiting for the new blood-pressure cuff' })
      .waitFor();
    await prescriber.getByRole('tab', { name: 'Give the go' }).click();
    const lift = prescriber.getByLabel(label('Why the hold is lifted'));
    await lift.fill('Cuff arrived; reading fine on the phone.');
    await prescriber.getByRole('button', { name: 'Give the go' }).click();
    await dialog(prescriber, 'Give the go').getByRole('button', { name: 'Give the go' }).click();
    await prescriber.getByRole('alert').filter({ hasText: 'The check-in is not complete' }).waitFor();
    await expect(lift.inputValue()).resolves.toBe('Cuff arrived; reading fine on the phone.');
    await axeCheck(prescriber);
    await shot(prescriber, 'athome-held-refused-go-1024');

    // The course's dose history lists both sessions with mg, troches, mg/kg and F × mg.
    await prescriber.getByRole('link', { name: 'Course and sessions' }).click();
    const rows = prescriber.getByTestId('athome-session-row');
    await rows.filter({ hasText: 'At-home session 2' }).filter({ hasText: '300 mg' }).waitFor();
    await expect(rows.filter({ hasText: 'At-home session 1' }).textContent()).resolves.toContain('200 mg');
  });
});

describe('the take-home supply on the course', () => {
  it('records a patient-reported disposal and compares a count, never as stock returned', {
    timeout: 120_000,
  }, async () => {
    const nurse = await as('nurse@demo.liminal.test', SMALL_DESKTOP);
    await nurse.goto(`/app/patients/${SAM}/course`);
    const supply = nurse.getByTestId('athome-supply');
    // 12 dispensed, 2 taken in session 1.
    await supply.getByTestId('supply-should-hold').filter({ hasText: '10' }).waitFor();
    await supply.getByRole('button', { name: 'Record a disposal' }).click();
    const form = nurse.getByRole('form', { name: 'Record a patient-reported disposal' });
    await expect(form.textContent()).resolves.toContain('never stock returned');
    await form.getByRole('combobox', { name: label('How') }).click();
    await nurse.getByRole('option', { name: 'Mail-back package' }).click();
    await form.getByRole('button', { name: 'Record the disposal' }).click();
    await expect(
      form.getByRole('textbox', { name: label('Troches') }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await form.getByRole('textbox', { name: label('Troches') }).fill('2');
    await axeCheck(nurse);
    await shot(nurse, 'athome-disposal-form-1024');
    await form.getByRole('button', { name: 'Record the disposal' }).click();
    await supply.getByTestId('supply-disposed-of').filter({ hasText: '2' }).waitFor();
    await supply.getByTestId('supply-should-hold').filter({ hasText: '8' }).waitFor();
    await expect(supply.textContent()).resolves.toContain('Mail-back package');

    await supply.getByRole('button', { name: 'Record a count' }).click();
    const count = nurse.getByRole('form', { name: 'Record the patient’s count' });
    await count.getByRole('textbox', { name: label('Troches the patient counted') }).fill('8');
    await count.getByRole('button', { name: 'Compare the count' }).click();
    await count.getByTestId('count-result').filter({ hasText: 'The count matches the record' }).waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'athome-supply-1024');
  });
});

describe('the at-home program settings', () => {
  it('shows each setting with its source, names the field on a refusal, and saves the on-call clinician', {
    timeout: 120_000,
  }, async () => {
    const admin = await as('admin@demo.liminal.test');
    await admin.getByRole('link', { name: 'At-home program' }).click();
    await admin.getByRole('heading', { level: 1, name: 'At-home program' }).waitFor();
    const grace = admin.getByTestId('setting-graceMinutes');
    await expect(grace.textContent()).resolves.toContain('Clinic policy');
    await expect(grace.textContent()).resolves.toContain('a missed check-in escalates after 15 minutes');
    // The staff list arrives after the settings: the name shows once it has.
    await expect
      .poll(() => admin.getByRole('combobox', { name: 'On-call clinician' }).inputValue())
      .toContain('Noah Nightingale');
    await axeCheck(admin);
    await shot(admin, 'athome-settings-1280');

    const minutes = admin.getByRole('textbox', { name: 'Timed check-ins (minutes after the dose)' });
    await minutes.fill('30, 200');
    await admin.getByRole('button', { name: 'Save the settings' }).click();
    await admin.getByText('Every check-in must come before the earliest check-out').waitFor();
    await expect(minutes.getAttribute('aria-invalid')).resolves.toBe('true');
    await minutes.fill('30, 60, 90');
    await admin
      .getByRole('textbox', { name: label('Grace before a missed item escalates (min)') })
      .fill('20');
    await admin.getByRole('combobox', { name: 'On-call clinician' }).click();
    await admin.getByRole('option', { name: /Dr\. Priya Prescott/ }).click();
    await admin.getByRole('button', { name: 'Save the settings' }).click();
    await admin.getByText('Settings saved').waitFor();
    await admin.reload();
    await expect(minutes.inputValue()).resolves.toBe('30, 60, 90');
    await expect
      .poll(() => admin.getByRole('combobox', { name: 'On-call clinician' }).inputValue())
      .toContain('Priya Prescott');
  });
});
