/**
 * Issue #14, part 3 ("raw identifiers, JSON and internal wording shown to people"), in Chromium against a real
 * server (demo clinic, demo mode): the controlled-substance running log names its patients and dates in words
 * and fits a 1024 px screen; the audit log reads as actions, people and labelled details, and is searched by
 * a patient's name or chart number; screening shows rule labels only; the portal names the clinic's clock in
 * words; and a walk through the main screens of each role finds no raw id, instant or internal reference.
 *
 * Screenshots go to LIMINAL_SCREENSHOTS when set. Requires `npx vite build` first.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { axeCheck, browserSuite, shot } from '../support/browser';

const suite = browserSuite();
const TABLET = { width: 1024, height: 768 };
const ROBIN = DEMO_PATIENT_IDS[0] as string;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const INTERNAL = /DOMAIN\.md|DOMAIN §|domain brief|\(00\d\d\)|migration 00/;

const open = (email: string, viewport = TABLET) =>
  suite.open({ as: email, viewport, ...(email.startsWith('patient') ? { landing: /\/portal$/ } : {}) });

const shoot = (page: Page, name: string) => shot(page, `plain-words-${name}`);

/** The page's visible text (main content, dialogs and banners) checked for ids, instants and our own files. */
async function expectPlainWords(page: Page, where: string): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees (closed sections left out)
  const text = await page.locator('body').innerText();
  expect(text.match(UUID)?.[0], `${where}: an id on screen`).toBeUndefined();
  expect(text.match(INSTANT)?.[0], `${where}: a raw instant on screen`).toBeUndefined();
  expect(text.match(INTERNAL)?.[0], `${where}: an internal reference on screen`).toBeUndefined();
}

/** The page is no wider than the window: anything wide scrolls inside its own box. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(client);
}

describe('the controlled-substance running log', () => {
  it('names the patient and the dates in words, on screen and in the CSV, and fits a 1024 px screen', async () => {
    const page = await open('nurse@demo.liminal.test');
    const me = await (await page.request.get('/api/auth/me')).json();
    const stock = await (await page.request.get('/api/ledger/containers?inStock=true')).json();
    // A multi-dose vial (a liquid: its quantities carry a volume too, the widest the log gets).
    const vial = stock.containers.find(
      (c: { balanceUg: number; balanceMl: number | null; singleUse: boolean }) =>
        c.balanceMl !== null && !c.singleUse && c.balanceUg >= 30_000,
    );
    const dose = await page.request.post('/api/ledger/administrations', {
      headers: { 'x-csrf-token': me.session.csrfToken },
      data: {
        containerId: vial.id,
        locationId: vial.locationId,
        quantityUg: 25_000,
        patientId: ROBIN,
        sessionId: 'e2e-words',
      },
    });
    expect(dose.status(), await dose.text()).toBe(201);
    const robin = await (await page.request.get(`/api/patients/${ROBIN}`)).json();
    const who = `Robin Example (chart ${robin.patient.chartNumber})`;

    await page.goto(`/app/ledger/reports?report=running&productId=${vial.productId}`);
    const table = page.getByTestId('report-table');
    await table.waitFor();
    const patients = await table.locator('[data-col="patient"]').allTextContents();
    expect(patients).toContain(who);
    await expectPlainWords(page, 'running log');
    await shoot(page, 'running-log-1024');
    await expectNoSidewaysScroll(page, 'running log at 1024 px');
    // It fits: the whole table is on screen, nothing hidden to the right of its box.
    const region = page.getByRole('region', { name: /: entries$/ });
    const [inner, box] = await region.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(inner, 'the running log is wider than its box at 1024 px').toBeLessThanOrEqual(box);
    await axeCheck(page);

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await (await page.request.get(href as string)).text();
    expect(csv).toContain(who);
    expect(csv).not.toMatch(UUID);
    expect(csv).not.toMatch(INSTANT);
  });
});

describe('the audit log', () => {
  it('reads as actions, people and labelled details, and is searched by a patient’s name or chart number', async () => {
    const page = await open('admin@demo.liminal.test', { width: 1280, height: 900 });
    await page.goto('/app/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    await expectPlainWords(page, 'audit log');

    const rows = page.getByTestId('audit-row');
    /** Applies the filters and waits for the list that answers them. */
    const apply = async () => {
      const answered = page.waitForResponse((r) => r.url().includes('/api/admin/audit?') && r.ok());
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await answered;
      await page.getByText(/^Showing \d+ entr/).waitFor();
    };
    await page.getByLabel('Patient', { exact: true }).fill('Robin Example');
    await apply();
    expect(new Set(await rows.locator('td:nth-child(6)').allTextContents())).toEqual(
      new Set(['Robin Example (chart LIM-DEMO01)']),
    );
    await expectPlainWords(page, 'audit log filtered by patient');
    await shoot(page, 'audit-log');

    // The same entries by chart number.
    await page.getByLabel('Patient', { exact: true }).fill('lim-demo01');
    await apply();
    expect(new Set(await rows.locator('td:nth-child(6)').allTextContents())).toEqual(
      new Set(['Robin Example (chart LIM-DEMO01)']),
    );

    // Actions are chosen by their words.
    await page.getByLabel('Action', { exact: true }).first().fill('screening decision');
    await page.getByRole('option', { name: 'Recorded a screening decision' }).click();
    await apply();
    expect(new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(
      new Set(['Recorded a screening decision']),
    );

    // An entry's details: labelled fields, no JSON; record references only when asked for.
    await page.goto('/app/admin/audit?action=screening.decide');
    await rows.first().waitFor();
    await page
      .getByRole('button', { name: /^Details of entry/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Recorded a screening decision').waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees (closed sections left out)
    const text = await dialog.innerText();
    expect(text).toMatch(/Decision\s+Cleared/);
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toMatch(UUID);
    await shoot(page, 'audit-entry');
    await axeCheck(page);
    await dialog.getByText('Record references, for an investigation').click();
    // biome-ignore lint/performance/useDomNodeTextContent: visible once opened
    expect(await dialog.innerText()).toMatch(UUID);
  });
});

describe('the patient log, the console, screening and the portal', () => {
  it('finds a patient for their log by name, never by a record id', async () => {
    const page = await open('nurse@demo.liminal.test');
    await page.goto('/app/ledger/reports?report=patient');
    await page.getByText('Find a patient by name or chart number to see their log.').waitFor();
    const chooser = page.getByLabel('Patient', { exact: true }).first();
    await chooser.fill('Robin');
    await page.getByRole('option', { name: /^Robin Example \(chart LIM-DEMO01\)$/ }).click();
    await page.getByRole('button', { name: 'Show report' }).click();
    await page
      .getByRole('heading', { name: 'Administration and dispensing log: Robin Example (chart LIM-DEMO01)' })
      .waitFor();
    await expectPlainWords(page, 'patient log');
    await expectNoSidewaysScroll(page, 'patient log at 1024 px');
    await shoot(page, 'patient-log-1024');
  });

  it('the session console names its model and scales, and a refused discharge names the field by its label', async () => {
    const page = await open('nurse@demo.liminal.test');
    const board = await (await page.request.get('/api/sessions/active')).json();
    const casey = board.sessions.find((s: { patientName: string }) => /Casey/.test(s.patientName));
    expect(casey, JSON.stringify(board).slice(0, 400)).toBeTruthy();
    await page.goto(`/app/patients/${casey.patientId}/sessions/${casey.id}`);
    await page.getByRole('button', { name: 'Discharge the patient' }).waitFor();
    await page.getByText(/Model: Kamp et al\. 2020 model/).waitFor();
    await expectPlainWords(page, 'session console');

    await page.getByTestId('quick-bar').getByRole('button', { name: 'Sedation' }).click();
    await page.getByRole('dialog', { name: 'Record sedation (MOAA/S)' }).waitFor();
    await page.keyboard.press('Escape');

    // Discharge without the no-driving acknowledgement: the refusal says which item, in words.
    await page.getByRole('button', { name: 'Discharge the patient' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Some fields need attention' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('No driving or machinery until the next day: The patient must acknowledge');
    expect(text).not.toContain('acknowledgedNoDriving');
    await shoot(page, 'discharge-refused');
  });

  it('screening shows each rule by its label, never its key', async () => {
    const page = await open('prescriber@demo.liminal.test', { width: 1280, height: 900 });
    const found = await (await page.request.get('/api/patients?q=avery')).json();
    const avery = found.patients[0];
    await page.goto(`/app/patients/${avery.id}?tab=screening`);
    const reasons = page.getByTestId('screening-reason');
    await reasons.filter({ hasText: 'Takes lamotrigine' }).waitFor();
    const text = (await reasons.allTextContents()).join(' | ');
    expect(text).not.toMatch(/takes_lamotrigine|Hypertension\s*hypertension|_/);
    await expectPlainWords(page, 'screening');
    await shoot(page, 'screening');

    // An IV plan at home is refused where it is saved, next to the route, and nothing is sent.
    await page.getByRole('tab', { name: 'Intake' }).click();
    await page.getByLabel('Planned route').selectOption('iv');
    await page.getByLabel('Planned setting').selectOption('at_home');
    let sent = false;
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/clinical')) sent = true;
    });
    await page.getByRole('button', { name: 'Save intake' }).click();
    await page.getByText('At home only sublingual or oral doses are taken').waitFor();
    expect(await page.getByLabel('Planned route').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toBe(false);
    await shoot(page, 'intake-iv-at-home');
  });

  it('the portal names the clinic’s clock in words', async () => {
    const page = await open('patient1@demo.liminal.test', { width: 390, height: 844 });
    await expectPlainWords(page, 'portal');
    await page.getByTestId('portal-visits').getByRole('button', { name: 'Change time' }).first().click();
    const modal = page.getByRole('dialog', { name: 'Change the time of your visit' });
    await modal.getByText(/Times in Pacific time\./).waitFor();
    expect(await modal.textContent()).not.toContain('America/Los_Angeles');
    await shoot(page, 'portal-change-time');
  });
});

describe('messages with the care team (issue #17)', () => {
  it('the portal conversations and a thread, and the therapist’s thread, read in words', async () => {
    const page = await open('patient1@demo.liminal.test', { width: 390, height: 844 });
    await page.goto('/portal/messages');
    await page.getByTestId('portal-thread').first().waitFor();
    await expectPlainWords(page, 'portal messages');
    await page.getByTestId('portal-thread').filter({ hasText: 'Sleep after the last session' }).click();
    await page.getByTestId('message').first().waitFor();
    await expectPlainWords(page, 'portal thread');
    await expectNoSidewaysScroll(page, 'portal thread on a phone');
    const staff = await open('therapist@demo.liminal.test', { width: 1280, height: 900 });
    await staff.goto('/app/messages');
    await staff.getByTestId('inbox-thread').first().getByRole('link').click();
    await staff.getByTestId('message').first().waitFor();
    await staff.waitForLoadState('networkidle');
    await expectPlainWords(staff, 'staff thread');
    await shoot(staff, 'messages-staff-thread');
  });
});

describe('a walk through the main screens', () => {
  const WALK: [string, string[]][] = [
    [
      'nurse@demo.liminal.test',
      ['/app', '/app/calendar', '/app/patients', '/app/ledger', '/app/ledger/reports?report=discrepancies'],
    ],
    [
      'prescriber@demo.liminal.test',
      [
        '/app',
        '/app/outcomes',
        `/app/patients/${ROBIN}`,
        `/app/patients/${ROBIN}?tab=screening`,
        `/app/patients/${ROBIN}?tab=tasks`,
        `/app/patients/${ROBIN}?tab=messages`,
      ],
    ],
    // The integration journal and messages (issue #17): the chart's shared entries, the patient's own pages.
    [
      'therapist@demo.liminal.test',
      ['/app', '/app/notes', `/app/patients/${ROBIN}?tab=journal`, '/app/messages'],
    ],
    ['patient1@demo.liminal.test', ['/portal', '/portal/progress', '/portal/journal', '/portal/messages']],
    ['frontdesk@demo.liminal.test', ['/app', '/app/enquiries', '/app/calendar']],
    [
      'admin@demo.liminal.test',
      [
        '/app',
        '/app/admin/audit',
        '/app/admin/policies',
        '/app/admin/rules',
        '/app/admin/users',
        '/app/admin/messages',
        '/app/admin/data-protection',
        '/app/admin/journal',
      ],
    ],
  ];
  for (const [email, paths] of WALK) {
    it(`shows ${email.split('@')[0]} no ids, raw instants or internal references`, async () => {
      const page = await open(email, { width: 1280, height: 900 });
      for (const p of paths) {
        await page.goto(p);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        // Lists load after the page: wait until nothing is still loading.
        await page.waitForLoadState('networkidle');
        await expectPlainWords(page, `${email} ${p}`);
      }
    });
  }
});
