/**
 * Treatment courses and the dosing-session console (issue #5) in Chromium against a real server (fresh
 * database, demo clinic, demo mode: no MFA), on tablet-sized screens: a complete IM session from the
 * readiness gate to a locked record; an entry made offline that lands exactly once; an esketamine session
 * through its REMS record. Requires `npx vite build` first.
 *
 * Each clinician has their own browser context, as on their own device. The minimum monitoring time is
 * passed by moving the session back in time in the database (shiftSessionBack), not by waiting.
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeCheck, browserSuite } from '../support/browser';
import {
  apiCall,
  confirmRecovered,
  courseReadyForDosing,
  DESKTOP,
  dialog,
  label,
  patientId,
  ROBIN,
  recordSedation,
  recordVitals,
  sessionIdFrom,
  setDim,
  shiftSessionBack,
  shot,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
} from './session-console.helpers';

const suite = browserSuite();

// On a failure, every open page is photographed (when LIMINAL_SCREENSHOTS is set) to show what it showed.
// Each test closes its browsers afterwards (a console ticking in the background slows the next test).
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, c] of suite.contexts.entries())
      for (const p of c.pages()) await shot(p, `failed-${ctx.task.name.slice(0, 20)}-${i}`).catch(() => {});
  }
  for (const c of suite.contexts.splice(0)) await c.close();
});

/** Nothing in this scrolling region is cut off: it does not scroll sideways, and its header cells show whole. */
async function expectNotClipped(region: Locator) {
  const widths = await region.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    cut: [...el.querySelectorAll('th')]
      .filter((th) => th.scrollWidth > th.clientWidth + 1)
      .map((th) => th.textContent),
  }));
  expect(widths.cut).toEqual([]);
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

async function as(email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await suite.open({ as: email, viewport: viewport ?? TABLET_LANDSCAPE });
  page.on('pageerror', (e) => console.error(`[${email}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[${email}] console: ${m.text().slice(0, 500)}`);
  });
  return page;
}

describe('an IM dosing session from the readiness gate to a locked record', () => {
  it('runs on tablets: note, readiness, hold, order, administration, alert, discharge, narrative, sign', {
    timeout: 300_000,
  }, async () => {
    // ---- The therapist starts the course and writes and signs the preparation note ----
    const therapist = await as('therapist@demo.liminal.test');
    const jesse = await patientId(therapist, 'Jesse');
    await therapist.goto(`/app/patients/${jesse}/course`);
    await therapist.getByRole('heading', { level: 1, name: 'Jesse Maintenance' }).waitFor();
    await therapist.getByRole('button', { name: 'Start a course' }).click();
    await therapist.getByRole('radio', { name: /IM ketamine-assisted psychotherapy/ }).check();
    const indications = therapist.getByPlaceholder('Type or choose an indication');
    await indications.fill('Treatment-resistant depression');
    await indications.press('Enter');
    await therapist.getByRole('button', { name: 'Start the course' }).click();
    await therapist.getByTestId('course-status').filter({ hasText: 'Active' }).waitFor();
    await therapist.getByTestId('readiness-state').filter({ hasText: 'Not ready' }).waitFor();
    await expect(
      therapist.getByTestId('readiness-item').filter({ hasText: 'preparation' }).getAttribute('data-ok'),
    ).resolves.toBe('false');

    await therapist.getByRole('button', { name: 'New preparation note' }).click();
    await therapist.waitForURL(/\/notes\//);
    const intentions = therapist.getByRole('textbox', { name: 'Intentions' });
    await intentions.fill('To feel less stuck, and to reconnect with my children.');
    await therapist.getByRole('textbox', { name: 'Goals' }).fill('PHQ-9 below 10 by the end of the course.');
    await therapist.getByTestId('save-state').and(therapist.locator('[data-state="saved"]')).waitFor();
    await axeCheck(therapist);
    await setDim(therapist, true);
    await axeCheck(therapist);
    await shot(therapist, 'note-editor-dim');
    await setDim(therapist, false);

    // Typed while the connection is down: the editor says so, keeps the text and saves it on reconnect.
    await therapist.context().setOffline(true);
    await therapist
      .getByRole('textbox', { name: 'Session narrative' })
      .fill('We talked about what the experience may be like and made a safety plan.');
    await therapist.getByTestId('save-state').filter({ hasText: 'Not saved — retrying' }).waitFor();
    await therapist.context().setOffline(false);
    await therapist
      .getByTestId('save-state')
      .and(therapist.locator('[data-state="saved"]'))
      .waitFor({ timeout: 40_000 });
    await therapist.reload();
    await expect(
      therapist.getByRole('textbox', { name: 'Session narrative' }).inputValue(),
    ).resolves.toContain('safety plan');
    await expect(therapist.getByRole('textbox', { name: 'Intentions' }).inputValue()).resolves.toContain(
      'reconnect',
    );
    await shot(therapist, 'note-editor');

    await therapist.getByRole('button', { name: 'Sign and lock' }).click();
    await dialog(therapist, /Sign and lock this preparation note/)
      .getByRole('button', { name: 'Sign and lock' })
      .click();
    await therapist.getByTestId('note-locked').waitFor();
    await therapist
      .getByRole('textbox', { name: 'New addendum' })
      .fill('The patient called: the escort will be her sister.');
    await therapist.getByRole('button', { name: 'Add addendum' }).click();
    await therapist.getByTestId('addendum').filter({ hasText: 'her sister' }).waitFor();

    // ---- The nurse at the chair: readiness, pre-dose checks, a hold, a re-check ----
    const nurse = await as('nurse@demo.liminal.test');
    await nurse.goto(`/app/patients/${jesse}/course`);
    await nurse.getByTestId('readiness-state').filter({ hasText: 'Ready' }).waitFor();
    await shot(nurse, 'course-ready');
    await nurse.getByRole('button', { name: 'Start dosing session' }).click();
    await nurse.waitForURL(/\/sessions\//);
    const sessionId = sessionIdFrom(nurse.url());
    const consoleUrl = nurse.url();

    await nurse.getByRole('checkbox', { name: 'Fasting as instructed' }).check();
    await nurse.getByRole('textbox', { name: /^Escort/ }).fill('Alex Example');
    await nurse.getByRole('checkbox', { name: /Ride home arranged/ }).check();
    await expect(nurse.getByLabel(label('Weight today (kg)')).inputValue()).resolves.toBe('84');
    await nurse.getByRole('button', { name: 'Save checklist' }).click();
    await nurse.getByTestId('checklist-summary').filter({ hasText: 'Weight today: 84 kg' }).waitFor();

    // SBP 150 before the dose crosses the hold threshold: the form warns as it is typed, the banner holds.
    await nurse.getByRole('button', { name: 'Record vitals' }).click();
    const form = dialog(nurse, 'Record vitals');
    await form.getByLabel('Systolic (mmHg)').fill('150');
    await form.getByTestId('rule-alert').filter({ hasText: 'Pre-dose hold' }).waitFor();
    await form.getByLabel('Diastolic (mmHg)').fill('88');
    await form.getByLabel('Heart rate (bpm)').fill('80');
    await form.getByLabel('SpO2 (%)').fill('98');
    await form.getByRole('button', { name: 'Save vitals' }).click();
    const hold = nurse.getByTestId('hold-banner');
    await hold.waitFor();
    await expect(hold.textContent()).resolves.toMatch(/Spravato/);
    await expect(hold.textContent()).resolves.toMatch(/Published rule/);
    await shot(nurse, 'console-hold');
    await axeCheck(nurse);

    await recordVitals(nurse, { sbp: 138, dbp: 84, hr: 78, spo2: 98 }, 'Re-check vitals');
    await hold.waitFor({ state: 'detached' });

    // ---- The prescriber orders: a limit error with its source, then a warning to acknowledge ----
    const prescriber = await as('prescriber@demo.liminal.test', DESKTOP);
    await prescriber.goto(consoleUrl);
    const dose = prescriber.getByLabel('Dose (mg/kg)');
    await dose.fill('1.6');
    await prescriber.getByTestId('dose-preview').filter({ hasText: '134.4 mg' }).waitFor();
    // On a 1024 px tablet the dose comparison fits its column: no column cut off ("Bioav…"), no sideways scroll.
    await prescriber.setViewportSize(TABLET_LANDSCAPE);
    await expectNotClipped(prescriber.getByRole('region', { name: 'Doses compared across routes' }));
    await shot(prescriber, 'console-order-1024');
    await prescriber.setViewportSize(DESKTOP);
    await prescriber.getByRole('button', { name: 'Sign dose order' }).click();
    await dialog(prescriber, 'Sign this dose order?').getByRole('button', { name: 'Sign the order' }).click();
    const limit = prescriber.getByRole('alert').filter({ hasText: 'The order breaks a clinic limit' });
    await limit.waitFor();
    await expect(limit.textContent()).resolves.toMatch(/IM hard maximum; Clinic policy/);
    await dose.fill('1.2');
    await prescriber.getByRole('button', { name: 'Sign dose order' }).click();
    await dialog(prescriber, 'Sign this dose order?').getByRole('button', { name: 'Sign the order' }).click();
    const warning = prescriber.getByText(/IM typical range \(high end\); Andrade 2017/);
    await warning.waitFor();
    await prescriber
      .getByRole('checkbox', { name: 'I have reviewed these warnings and order this dose' })
      .check();
    await prescriber.getByRole('button', { name: 'Sign dose order' }).click();
    await dialog(prescriber, 'Sign this dose order?').getByRole('button', { name: 'Sign the order' }).click();
    await prescriber.getByTestId('order-summary').filter({ hasText: '100.8 mg' }).waitFor();
    await expect(prescriber.getByTestId('order-summary').textContent()).resolves.toMatch(
      /Dr\. Priya Prescott/,
    );

    // ---- The nurse gives the injection, records vitals (an alert) and sedation ----
    await nurse.reload();
    // The dose comes from the clinic's stock: the open multi-dose vial is offered first, with its lot, expiry
    // and balance; the nurse takes a new vial of the other lot instead.
    const sources = nurse.getByTestId('dose-source');
    await expect(sources.first().textContent()).resolves.toMatch(
      /KT-23Z902-1.*Opened.*Lot KT-23Z902 · Expires .*134 mg \(2\.68 mL\) left · Main safe/,
    );
    await nurse.getByRole('radio', { name: /^Lot KT-24A117/ }).click();
    await axeCheck(nurse);
    await shot(nurse, 'console-dose-source');
    await nurse.getByRole('button', { name: 'IM injection given: 100.8 mg' }).click();
    await nurse.getByTestId('session-status').filter({ hasText: 'Monitoring' }).waitFor();
    await nurse
      .getByTestId('administrations')
      .filter({ hasText: 'IM injection given: 100.8 mg (Left deltoid; from KT-24A117-1)' })
      .waitFor();
    // The controlled-substance record has it at once: the running log and the stock.
    const ledger = await nurse.context().newPage();
    await ledger.goto('/app/ledger/reports');
    await ledger
      .getByLabel('Product')
      .selectOption({ label: 'Ketamine HCl 50 mg/mL, 10 mL multi-dose vial' });
    await ledger.getByRole('button', { name: 'Show report' }).click();
    const drawn = ledger.getByTestId('report-row').last();
    await drawn.filter({ hasText: 'KT-24A117-1' }).waitFor();
    await expect(drawn.locator('[data-col="event"]').textContent()).resolves.toBe('Administered');
    await expect(drawn.locator('[data-col="change"]').textContent()).resolves.toBe('−100.8 mg');
    await ledger.goto('/app/ledger#stock');
    await expect(
      ledger.locator('[data-label="KT-24A117-1"]').getByTestId('container-balance').textContent(),
    ).resolves.toBe('399.2 mg (7.984 mL)');
    await ledger.close();
    await recordVitals(nurse, { sbp: 185, dbp: 95, hr: 96, spo2: 97 });
    const alert = nurse
      .getByTestId('alerts-panel')
      .getByTestId('rule-alert')
      .filter({ hasText: 'Systolic BP' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Sanacora/);
    await expect(alert.textContent()).resolves.toMatch(/What to do next/);
    await recordSedation(nurse, 4);
    await nurse.getByTestId('due-next').waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'console-alert');
    await setDim(nurse, true);
    await axeCheck(nurse);
    await shot(nurse, 'console-alert-dim');
    await nurse.getByTestId('section-vitals-chart').getByText('Table', { exact: true }).click();
    await nurse.getByTestId('vitals-table').waitFor();
    await axeCheck(nurse);
    await setDim(nurse, false);
    await nurse.setViewportSize(TABLET_PORTRAIT);
    await axeCheck(nurse);
    await shot(nurse, 'console-portrait');

    // The prescriber's board shows the room with its alert, in words.
    await prescriber.goto('/app');
    const card = prescriber.getByTestId('board-card').filter({ hasText: 'Jesse Maintenance' });
    await card.filter({ hasText: /readings? with alerts/ }).waitFor();
    await expect(card.textContent()).resolves.toMatch(/dose given/);
    await axeCheck(prescriber);
    await shot(prescriber, 'today-board');

    // ---- An hour later: recovered, discharged ----
    await shiftSessionBack(suite.server, sessionId, 65);
    await nurse.reload();
    await recordVitals(nurse, { sbp: 132, dbp: 82, hr: 78, spo2: 98 });
    await recordSedation(nurse, 5);
    await confirmRecovered(nurse);
    await expect(
      nurse.getByRole('textbox', { name: 'Escort taking the patient home' }).inputValue(),
    ).resolves.toBe('Alex Example');
    await nurse.getByRole('checkbox', { name: /no driving or machinery/ }).check();
    await nurse.getByRole('button', { name: 'Discharge the patient' }).click();
    await nurse.getByTestId('discharge-summary').waitFor();
    await expect(nurse.getByTestId('discharge-summary').textContent()).resolves.toMatch(
      /Alex Example after 6\d minutes/,
    );

    // ---- The therapist's narrative, then the prescriber signs and locks ----
    await therapist.goto(consoleUrl);
    await therapist
      .getByRole('textbox', { name: 'What happened in the session, in your words' })
      .fill('Calm session; the patient spoke of his children.');
    await therapist.getByTestId('save-state').and(therapist.locator('[data-state="saved"]')).waitFor();

    await prescriber.goto(consoleUrl);
    await prescriber.getByRole('button', { name: 'Sign and lock the record' }).click();
    const confirm = dialog(prescriber, 'Sign and lock this session record?');
    await expect(confirm.textContent()).resolves.toMatch(/100\.8 mg/);
    await expect(confirm.textContent()).resolves.toMatch(/narrative: written/);
    await confirm.getByRole('button', { name: 'Sign and lock' }).click();
    await prescriber.getByTestId('session-locked').waitFor();
    await prescriber.getByTestId('session-status').filter({ hasText: 'Signed and locked' }).waitFor();
    await expect(prescriber.getByTestId('quick-bar').count()).resolves.toBe(0);
    await axeCheck(prescriber);
    await shot(prescriber, 'console-locked');

    // The chart's course lists the session with its dose, peak vitals and alerts.
    await prescriber.goto(`/app/patients/${jesse}/course`);
    const row = prescriber.getByTestId('session-row').first();
    await row.filter({ hasText: '100.8 mg' }).waitFor();
    await expect(row.textContent()).resolves.toMatch(/SBP 185/);
    await expect(row.textContent()).resolves.toMatch(/Signed and locked/);
  });
});

describe('the note editor', () => {
  it('shows the intentions and the last session’s themes beside an integration note, and keeps text across a reload', async () => {
    const therapist = await as('therapist@demo.liminal.test', DESKTOP);
    await therapist.goto(`/app/patients/${ROBIN}/course`);
    await therapist.getByRole('heading', { level: 1, name: 'Robin Example' }).waitFor();
    await expect(therapist.getByTestId('session-row').count()).resolves.toBe(4);
    await axeCheck(therapist);
    await shot(therapist, 'course-desktop');
    await therapist.getByRole('button', { name: 'New integration note' }).click();
    await therapist.getByRole('menuitem', { name: /^Session 4/ }).click();
    await therapist.waitForURL(/\/notes\//);
    const aside = therapist.getByRole('complementary', { name: 'About this patient' });
    await aside.getByText('To meet old grief with more kindness.').waitFor();
    await aside.getByText('Self-compassion; grief for her father.').waitFor();
    // Typed, then reloaded before the debounce fires: the text comes back from this device and is saved.
    await therapist.getByRole('textbox', { name: 'Themes' }).pressSequentially('Forgiveness', { delay: 5 });
    await therapist.reload();
    await expect(therapist.getByRole('textbox', { name: 'Themes' }).inputValue()).resolves.toBe(
      'Forgiveness',
    );
    await therapist.getByTestId('save-state').and(therapist.locator('[data-state="saved"]')).waitFor();
    await axeCheck(therapist);
    await setDim(therapist, true);
    await axeCheck(therapist);
    await shot(therapist, 'integration-note-dim');
    await setDim(therapist, false);

    // The same note open in a second window: that window saves first, so this one gets a 409. The text
    // typed here stays in the editor, the conflict is explained, and "Keep my text" saves it over the other.
    const other = await therapist.context().newPage();
    await other.goto(therapist.url());
    await other.getByRole('textbox', { name: 'Insights' }).fill('From the other window.');
    await other.getByTestId('save-state').and(other.locator('[data-state="saved"]')).waitFor();
    await therapist.getByRole('textbox', { name: 'Insights' }).fill('From this window.');
    const conflict = therapist
      .getByRole('alert')
      .filter({ hasText: 'This note was saved from another window' });
    await conflict.waitFor();
    await expect(therapist.getByRole('textbox', { name: 'Insights' }).inputValue()).resolves.toBe(
      'From this window.',
    );
    await axeCheck(therapist);
    await conflict.getByRole('button', { name: 'Keep my text' }).click();
    await therapist.getByTestId('save-state').and(therapist.locator('[data-state="saved"]')).waitFor();
    await other.reload();
    await expect(other.getByRole('textbox', { name: 'Insights' }).inputValue()).resolves.toBe(
      'From this window.',
    );
  });
});

describe('offline resilience', () => {
  it('keeps an entry made offline as "not saved", then saves it exactly once', async () => {
    const therapist = await as('therapist@demo.liminal.test', DESKTOP);
    const drew = await patientId(therapist, 'Drew');
    const courseId = await courseReadyForDosing(therapist, drew, 'im_kap');
    const nurse = await as('nurse@demo.liminal.test');
    const { id: sessionId } = await apiCall<{ id: string }>(
      nurse,
      'POST',
      `/api/patients/${drew}/courses/${courseId}/sessions`,
      { overrides: [] },
    );
    await nurse.goto(`/app/patients/${drew}/sessions/${sessionId}`);
    await nurse.getByTestId('session-console').waitFor();

    await nurse.context().setOffline(true);
    await nurse.getByRole('button', { name: 'Record vitals' }).click();
    const d = dialog(nurse, 'Record vitals');
    await d.getByLabel('Systolic (mmHg)').fill('121');
    await d.getByLabel('Diastolic (mmHg)').fill('79');
    await d.getByRole('button', { name: 'Save vitals' }).click();
    const queued = nurse.getByTestId('queued-entry').filter({ hasText: 'BP 121/79' });
    await queued.filter({ hasText: 'Not saved — retrying' }).waitFor();
    await nurse.getByTestId('queue-banner').waitFor();
    await expect(nurse.evaluate(() => localStorage.getItem('liminal-session-queue'))).resolves.toContain(
      '121',
    );
    await shot(nurse, 'console-offline');

    // Back online, the first attempt reaches the server but its answer is lost: the retry carries the same
    // key, so the server replays it instead of recording the reading twice.
    let dropped = false;
    await nurse.route('**/entries', async (route) => {
      if (!dropped) {
        dropped = true;
        await route.fetch();
        await route.abort('failed');
      } else await route.continue();
    });
    await nurse.context().setOffline(false);
    await nurse.getByTestId('timeline-entry').filter({ hasText: 'BP 121/79' }).waitFor({ timeout: 40_000 });
    await queued.waitFor({ state: 'detached' });
    expect(dropped).toBe(true);
    const state = await apiCall<{ entries: { kind: string; data: { vitals?: { sbp?: number } } }[] }>(
      nurse,
      'GET',
      `/api/patients/${drew}/sessions/${sessionId}`,
    );
    expect(state.entries.filter((e) => e.kind === 'vitals' && e.data.vitals?.sbp === 121)).toHaveLength(1);
    await expect(nurse.getByTestId('timeline-entry').filter({ hasText: 'BP 121/79' }).count()).resolves.toBe(
      1,
    );
    await expect(nurse.evaluate(() => localStorage.getItem('liminal-session-queue'))).resolves.toBeNull();
  });
});

describe('an esketamine session', () => {
  it('spaces the devices 5 minutes apart, holds discharge to 120 minutes, and completes the REMS record', {
    timeout: 300_000,
  }, async () => {
    const therapist = await as('therapist@demo.liminal.test', DESKTOP);
    const jordan = await patientId(therapist, 'Jordan');
    // The demo seed gives Jordan an esketamine course (REMS enrolment recorded) with one session so far.
    const { courses } = await apiCall<{ courses: { id: string; status: string }[] }>(
      therapist,
      'GET',
      `/api/patients/${jordan}/courses`,
    );
    const courseId = courses.find((c) => c.status === 'active')?.id as string;
    const nurse = await as('nurse@demo.liminal.test');
    const base = `/api/patients/${jordan}`;
    const { id: sessionId } = await apiCall<{ id: string }>(
      nurse,
      'POST',
      `${base}/courses/${courseId}/sessions`,
      { overrides: [] },
    );
    const path = `${base}/sessions/${sessionId}`;
    await apiCall(nurse, 'PUT', `${path}/checklist`, {
      fasting: true,
      escortName: 'Sam Nasal',
      rideArranged: true,
      medicationsSinceLastVisit: '',
      pregnancyStatus: 'not_applicable',
      weightKg: 88,
    });
    await apiCall(nurse, 'POST', `${path}/entries`, {
      idempotencyKey: `pre-${sessionId}`,
      entry: { kind: 'vitals', vitals: { sbp: 126, dbp: 80, hr: 72, spo2: 98 } },
    });

    const prescriber = await as('prescriber@demo.liminal.test', DESKTOP);
    await prescriber.goto(`/app/patients/${jordan}/sessions/${sessionId}`);
    await prescriber.getByTestId('dose-preview').filter({ hasText: '56 mg' }).waitFor();
    await prescriber.getByRole('button', { name: 'Sign dose order' }).click();
    await dialog(prescriber, 'Sign this dose order?').getByRole('button', { name: 'Sign the order' }).click();
    await prescriber.getByTestId('order-summary').waitFor();

    await nurse.goto(`/app/patients/${jordan}/sessions/${sessionId}`);
    // Devices are offered by lot (the demo's first session used two of twelve).
    await expect(nurse.getByRole('radio', { name: /^Lot ESK-4471/ }).textContent()).resolves.toMatch(
      /Sealed · 10 devices/,
    );
    await expect(nurse.getByRole('radio', { name: /^Lot ESK-4471/ }).isChecked()).resolves.toBe(true);
    await nurse.getByRole('button', { name: 'Nasal device 1 of 2 used' }).click();
    await nurse
      .getByTestId('device-countdown')
      .filter({ hasText: /Next device in 4:/ })
      .waitFor();
    await expect(nurse.getByRole('button', { name: 'Nasal device 2 of 2 used' }).isDisabled()).resolves.toBe(
      true,
    );
    await nurse.getByTestId('discharge-wait').waitFor();
    await nurse
      .getByTestId('due-next')
      .filter({ hasText: 'Blood pressure ~40 min after the first device' })
      .waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'esketamine-devices');

    await shiftSessionBack(suite.server, sessionId, 6);
    await nurse.reload();
    await nurse.getByRole('button', { name: 'Nasal device 2 of 2 used' }).click();
    await nurse
      .getByTestId('section-administration')
      .filter({ hasText: 'Esketamine nasal device 2 used: 28 mg (Both nostrils; from ESK-4471-4)' })
      .waitFor();

    // Two hours on: the 40-minute BP was taken (recorded with its time), vitals and sedation before leaving.
    await shiftSessionBack(suite.server, sessionId, 125);
    const state = await apiCall<{ session: { firstDoseAt: string } }>(nurse, 'GET', path);
    const at40 = new Date(Date.parse(state.session.firstDoseAt) + 40 * 60_000).toISOString();
    await apiCall(nurse, 'POST', `${path}/entries`, {
      idempotencyKey: `bp40-${sessionId}`,
      at: at40,
      entry: { kind: 'vitals', vitals: { sbp: 134, dbp: 84, hr: 76, spo2: 97 } },
    });
    await nurse.reload();
    await recordVitals(nurse, { sbp: 124, dbp: 78, hr: 70, spo2: 98 });
    await recordSedation(nurse, 5);
    await confirmRecovered(nurse);
    await nurse.getByRole('checkbox', { name: /no driving or machinery/ }).check();
    await nurse.getByRole('textbox', { name: /when would the patient have been ready to leave/ }).fill('90');
    await nurse.getByRole('button', { name: 'Discharge the patient' }).click();
    await nurse.getByTestId('discharge-summary').filter({ hasText: 'ready at minute 90' }).waitFor();

    await prescriber.goto(`/app/patients/${jordan}/sessions/${sessionId}`);
    await prescriber.getByRole('link', { name: 'Esketamine REMS monitoring record' }).click();
    await prescriber.getByRole('heading', { level: 1, name: 'Esketamine REMS monitoring record' }).waitFor();
    await prescriber.getByTestId('rems-state').filter({ hasText: 'Due by' }).waitFor();
    const fields = prescriber.getByTestId('rems-fields');
    await expect(fields.textContent()).resolves.toMatch(/ESK-4471/);
    await expect(fields.textContent()).resolves.toMatch(/134\/84/);
    await axeCheck(prescriber);
    await shot(prescriber, 'rems-record');
    await prescriber.getByRole('button', { name: 'Mark submitted' }).click();
    await dialog(prescriber, 'Mark the REMS record submitted?')
      .getByRole('button', { name: 'Mark submitted' })
      .click();
    await prescriber.getByTestId('rems-state').filter({ hasText: 'Submitted' }).waitFor();
  });
});

describe('a sublingual dose', () => {
  it('comes from a card of troches (or, said explicitly, from elsewhere) and reads as a troche taken', async () => {
    const therapist = await as('therapist@demo.liminal.test', DESKTOP);
    const harper = await patientId(therapist, 'Harper');
    const courseId = await courseReadyForDosing(therapist, harper, 'at_home_sl');
    const nurse = await as('nurse@demo.liminal.test');
    const { id: sessionId } = await apiCall<{ id: string }>(
      nurse,
      'POST',
      `/api/patients/${harper}/courses/${courseId}/sessions`,
      { overrides: [] },
    );
    const path = `/api/patients/${harper}/sessions/${sessionId}`;
    await apiCall(nurse, 'PUT', `${path}/checklist`, {
      fasting: true,
      escortName: 'Sitter at home',
      rideArranged: true,
      medicationsSinceLastVisit: '',
      pregnancyStatus: 'not_applicable',
      weightKg: 66,
    });
    await apiCall(nurse, 'POST', `${path}/entries`, {
      idempotencyKey: `pre-${sessionId}`,
      entry: { kind: 'vitals', vitals: { sbp: 122, dbp: 78, hr: 70, spo2: 98 } },
    });
    const prescriber = await as('prescriber@demo.liminal.test', DESKTOP);
    await apiCall(prescriber, 'POST', `${path}/order`, { mg: 200, acknowledgeWarnings: true });

    await nurse.goto(`/app/patients/${harper}/sessions/${sessionId}`);
    const troches = nurse.getByRole('radio', { name: /^Lot TR-0925/ });
    // The demo stocks 3 cards of this lot; one went home with Sam, the at-home patient.
    await expect(troches.textContent()).resolves.toMatch(/Sealed · 2 cards.*Ketamine 100 mg troche/);
    await expect(troches.isChecked()).resolves.toBe(true);

    // "Supplied elsewhere" must say by whom; nothing is recorded until it does.
    await nurse.getByRole('radio', { name: /^Supplied elsewhere/ }).click();
    await nurse.getByRole('button', { name: 'Sublingual dose taken: 200 mg' }).click();
    await nurse.getByText('Say who supplied it (pharmacy, kit or prescription)').waitFor();
    await expect(nurse.getByTestId('queued-entry').count()).resolves.toBe(0);
    await axeCheck(nurse);

    await troches.click();
    await nurse.getByRole('button', { name: 'Sublingual troche taken: 200 mg' }).click();
    await nurse
      .getByTestId('timeline-entry')
      .filter({ hasText: 'Sublingual troche taken: 200 mg (from TR-0925-2)' })
      .waitFor();
    await expect(nurse.getByTestId('administrations').textContent()).resolves.toMatch(
      /Sublingual troche taken: 200 mg \(from TR-0925-2\)/,
    );
    await expect(nurse.getByTestId('session-console').textContent()).resolves.not.toMatch(/Injection/i);
    await shot(nurse, 'console-sublingual');
  });
});
