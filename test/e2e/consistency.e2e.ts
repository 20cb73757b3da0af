/**
 * Issue #14 §2 ("screens disagree about the same fact"), §7 (a time that does not exist) and the staff
 * sidebar of §4, in Chromium against a real server (demo clinic, demo mode, the shared test clock):
 *
 *   Casey's infusion is under way and her vitals are overdue: Today's board, the worklist, the chart and the
 *   console all say so (the board said "No alerts") → Jordan's esketamine visit is ready by the course's gate,
 *   so Today does not say otherwise (it said "no preparation session"), and starting the session checks the
 *   visit in while the console says "All met" → Casey is discharged and the record signed: her visit reads
 *   "Completed", not "Checked in" → a prescriber clears a patient's screening and the chart header says so at
 *   once → the course planner, given 02:30 on the spring-forward Sunday, shows 03:30 and why → the prescriber's
 *   sidebar runs the length of a long page.
 *
 * Screenshots go to LIMINAL_SCREENSHOTS when set. Requires `npx vite build` first.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_KEYS } from '../../src/domain/screening';
import { PatientsService } from '../../src/server/features/patients/service';
import { systemActor } from '../../src/server/seed/demo-patients';
import { axeCheck, browserSuite, shot } from '../support/browser';
import { apiCall } from './session-console.helpers';

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const ids = { casey: '', jordan: '', caseySession: '', newcomer: '' };

beforeAll(async () => {
  const people = await suite.server.ctx.db.selectFrom('patients').select(['id', 'first_name']).execute();
  ids.casey = people.find((p) => p.first_name === 'Casey')?.id ?? '';
  ids.jordan = people.find((p) => p.first_name === 'Jordan')?.id ?? '';
  const open = await suite.server.ctx.db
    .selectFrom('dosing_sessions')
    .select('id')
    .where('patient_id', '=', ids.casey)
    .where('status', 'not in', ['discharged', 'signed'])
    .executeTakeFirstOrThrow();
  ids.caseySession = open.id;
  // 40 minutes on: the demo's infusion has gone that long without vitals (they are due every 15 minutes).
  suite.server.clock.advance(40 * 60_000);
});

const visitRow = (page: Page, name: string) => page.getByTestId('today-visit').filter({ hasText: name });

describe('screens agree about a session and a patient (issue #14 §2)', () => {
  it('overdue vitals are an alert on Today’s board, in the worklist, in the chart and in the console', async () => {
    // At a 1024 px tablet's width, where the board's cards are narrowest.
    const page = await suite.open({
      as: 'prescriber@demo.liminal.test',
      viewport: { width: 1024, height: 800 },
    });
    const card = page.getByTestId('board-card').filter({ hasText: 'Casey Infusion' });
    const overdue = card.locator('[data-flag="overdue"]');
    await overdue.waitFor();
    await expect(overdue.textContent()).resolves.toMatch(/^Vitals \(every 15 min\) overdue by \d+ min$/);
    await expect(card.getByText('No alerts').count()).resolves.toBe(0);
    // The whole sentence shows inside the card, wrapped if need be, not cut off at its edge.
    const [flagBox, cardBox] = [await overdue.boundingBox(), await card.boundingBox()];
    if (!flagBox || !cardBox) throw new Error('the alert and its card are on screen');
    expect(flagBox.x + flagBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
    await expect(
      overdue.evaluate((el) =>
        [...el.querySelectorAll('*'), el].every((n) => n.scrollWidth <= n.clientWidth + 1),
      ),
    ).resolves.toBe(true);
    const item = page.getByTestId('worklist-panel').getByText('Monitoring overdue in a session');
    await item.waitFor();
    // Casey's visit: her session is under way, so Today does not second-guess the readiness it started with.
    await visitRow(page, 'Casey Infusion').waitFor();
    await expect(visitRow(page, 'Casey Infusion').getByTestId('today-readiness').count()).resolves.toBe(0);
    await axeCheck(page);
    await shot(page, 'today-overdue');

    await page.goto(`/app/patients/${ids.casey}?tab=course`);
    const row = page.getByTestId('session-row').filter({ has: page.locator('[data-flag="overdue"]') });
    await row.waitFor();
    await expect(row.locator('[data-flag="overdue"]').textContent()).resolves.toMatch(/overdue by \d+ min/);
    await shot(page, 'chart-sessions-overdue');

    await page.goto(`/app/patients/${ids.casey}/sessions/${ids.caseySession}`);
    const due = page.locator('[data-testid="due-next"][data-overdue="true"]');
    await due.waitFor();
    await expect(due.textContent()).resolves.toMatch(/Overdue/);
    await shot(page, 'console-overdue');
  });

  it('a visit ready by the course’s gate is ready on Today too; starting its session checks it in and the console says All met', async () => {
    const nurse = await suite.open({ as: 'nurse@demo.liminal.test', viewport: DESKTOP });
    const jordan = visitRow(nurse, 'Jordan Nasal');
    await jordan.getByText('Booked').waitFor();
    await expect(jordan.getByTestId('today-readiness').count()).resolves.toBe(0);
    await jordan.getByRole('link', { name: 'Start session' }).click();
    await nurse.getByTestId('readiness-state').filter({ hasText: 'Ready' }).waitFor();
    await nurse.getByRole('button', { name: 'Start dosing session' }).click();
    await nurse.waitForURL(/\/sessions\//);
    const readiness = nurse.getByTestId('section-readiness');
    await readiness.getByText('All met').waitFor();
    await nurse.goto('/app');
    await jordan.getByText('Checked in').waitFor();
    await jordan.getByRole('link', { name: 'Session console' }).waitFor();
    await expect(jordan.getByText('Booked').count()).resolves.toBe(0);
    await shot(nurse, 'today-jordan-checked-in');
  });

  it('once Casey is discharged and the record signed, her visit reads Completed', async () => {
    const nurse = await suite.open({ as: 'nurse@demo.liminal.test', viewport: DESKTOP });
    await visitRow(nurse, 'Casey Infusion').getByText('Checked in').waitFor();
    const base = `/api/patients/${ids.casey}/sessions/${ids.caseySession}`;
    const key = () => `e2e-${Math.random().toString(36).slice(2)}`;
    await apiCall(nurse, 'POST', `${base}/entries`, {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { sbp: 124, dbp: 80, hr: 72, spo2: 98, rr: 14 } },
    });
    await apiCall(nurse, 'POST', `${base}/entries`, {
      idempotencyKey: key(),
      entry: { kind: 'sedation', moaas: 5 },
    });
    const now = await nurse.evaluate(() => new Date().toISOString());
    await apiCall(nurse, 'POST', `${base}/discharge`, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Morgan Infusion',
      acknowledgedNoDriving: true,
      readyToLeaveAt: now,
    });
    const prescriber = await suite.open({ as: 'prescriber@demo.liminal.test', viewport: DESKTOP });
    await apiCall(prescriber, 'POST', `${base}/sign`);
    await prescriber.reload();
    const casey = visitRow(prescriber, 'Casey Infusion');
    await casey.getByText('Completed').waitFor();
    await expect(casey.getByText('Checked in').count()).resolves.toBe(0);
    await shot(prescriber, 'today-casey-completed');
  });

  it('after a prescriber clears the screening, the chart header says Cleared at once', async () => {
    const users = await suite.server.ctx.db
      .selectFrom('users')
      .select(['id', 'role', 'name', 'email'])
      .execute();
    const actor = systemActor(users.find((u) => u.role === 'prescriber') as (typeof users)[number]);
    const patients = new PatientsService(suite.server.ctx);
    const { id } = await patients.create(actor, {
      firstName: 'Quinn',
      lastName: 'Review',
      dateOfBirth: '1984-04-04',
      state: 'CA',
    } as never);
    ids.newcomer = id;
    await patients.updateClinical(actor, id, {
      weightKg: 70,
      pregnancyStatus: 'not_pregnant',
      breastfeeding: false,
      history: Object.fromEntries(HISTORY_KEYS.map((k) => [k, false])),
      plannedRoute: 'im',
      plannedSetting: 'in_clinic',
      // An interacting medicine: a rule the prescriber must accept with a reason.
      medications: [{ name: 'Lorazepam', dose: '0.5 mg as needed' }],
    } as never);

    const page = await suite.open({ as: 'prescriber@demo.liminal.test', viewport: DESKTOP });
    await page.goto(`/app/patients/${id}?tab=screening`);
    const status = page.getByTestId('screening-status');
    await expect(status.textContent()).resolves.toBe('Screening: Needs review');
    await expect(page.getByTestId('screening-summary-status').textContent()).resolves.toBe(
      'Screening: Needs review',
    );
    // Watch every change to the page from here on: the two badges must never disagree, not even for one render
    // (they come from two answers; the chart puts both in place together).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { badgeDisagreements: string[] }).badgeDisagreements = seen;
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      new MutationObserver(() => {
        const header = text('screening-status');
        const summary = text('screening-summary-status');
        if (header !== null && summary !== null && header !== summary) seen.push(`${header} / ${summary}`);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByRole('radio', { name: 'Cleared for treatment' }).check();
    const reasons = page.locator('textarea[data-testid^="override-"]');
    await reasons.first().waitFor();
    for (const r of await reasons.all())
      await r.fill('Will hold it on dosing days; reviewed with the patient.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    // The screening tab's answer arrives well after the header's, as it can on a busy server.
    await page.route(/\/api\/patients\/[^/]+\/screening$/, async (route) => {
      await new Promise((r) => setTimeout(r, 500));
      await route.continue();
    });
    await page.getByRole('dialog').getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded').waitFor();
    // No reload: the header follows the decision.
    await page.locator('[data-testid="screening-status"][data-state="cleared"]').waitFor();
    await expect(status.textContent()).resolves.toBe('Screening: Cleared');
    // The screening tab says the same, from the same status.
    await expect(page.getByTestId('screening-summary-status').textContent()).resolves.toBe(
      'Screening: Cleared',
    );
    await expect(
      page.evaluate(() => (window as unknown as { badgeDisagreements: string[] }).badgeDisagreements),
    ).resolves.toEqual([]);
    await axeCheck(page);
    await shot(page, 'chart-header-cleared');
  });
});

describe('a time that does not exist (issue #14 §7)', () => {
  it('the course planner shows 3:30 AM, the time that will be booked, for 02:30 on the spring-forward Sunday, and says why', async () => {
    const page = await suite.open({ as: 'frontdesk@demo.liminal.test', viewport: DESKTOP });
    await page.goto(`/app/patients/${ids.newcomer}?tab=visits`);
    await page.getByRole('button', { name: 'Plan course visits' }).click();
    await page.getByRole('button', { name: 'Propose visits' }).click();
    const table = page.getByRole('table', { name: 'Proposed visits' });
    await table.waitFor();
    const date = table.getByRole('textbox', { name: /^Date of Dosing 1 / });
    const time = table.getByRole('textbox', { name: /^Time of Dosing 1 / });
    await expect(page.getByTestId('time-notice').count()).resolves.toBe(0);
    await date.fill('2027-03-14');
    await time.fill('02:30');
    const notice = page.getByTestId('time-notice');
    await notice.waitFor();
    // The field shows the time that will be booked, and the notice says why it is not the one typed.
    await expect(time.inputValue()).resolves.toBe('03:30');
    await expect(notice.textContent()).resolves.toBe(
      '2:30 AM does not exist on Sunday, March 14: the clocks go forward an hour that night, so this visit is at 3:30 AM.',
    );
    await axeCheck(page);
    await shot(page, 'planner-spring-forward');
  });
});

describe('the staff sidebar (issue #14 §4)', () => {
  /** The navigation column's bottom edge and the document's height, in page coordinates. */
  const measure = (page: Page) =>
    page.evaluate(() => {
      const nav = document.getElementById('staff-nav') as HTMLElement;
      const box = nav.getBoundingClientRect();
      return { navBottom: box.bottom + window.scrollY, doc: document.documentElement.scrollHeight };
    });

  it('runs the whole length of a long page, with its links in view when scrolled down', async () => {
    const page = await suite.open({
      as: 'prescriber@demo.liminal.test',
      viewport: { width: 1280, height: 640 },
    });
    // Today, once its lists have come: several screens long at this height.
    await page.getByTestId('board-card').first().waitFor();
    await page.getByTestId('worklist-item').first().waitFor();
    await page.getByTestId('today-visit').first().waitFor();
    await expect.poll(async () => (await measure(page)).doc).toBeGreaterThan(640 * 1.5);
    let m = await measure(page);
    expect(m.navBottom).toBeGreaterThanOrEqual(m.doc - 1);

    await page.getByRole('link', { name: 'Controlled substances' }).click();
    await page.goto('/app/ledger/reports');
    await page.getByLabel('Product').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByRole('table').first().waitFor();
    m = await measure(page);
    expect(m.doc).toBeGreaterThan(640);
    expect(m.navBottom).toBeGreaterThanOrEqual(m.doc - 1);
    await shot(page, 'reports-sidebar');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const link = await page.getByRole('link', { name: 'Today' }).boundingBox();
    expect(link && link.y >= 0 && link.y + link.height <= 640).toBe(true);
    await shot(page, 'reports-sidebar-scrolled', { fullPage: false });
  });
});
