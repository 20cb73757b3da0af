/**
 * Emergency access ("break the glass", S17) in Chromium against a real server (demo clinic, demo mode): a
 * designated prescriber refused a confidential chart types a reason, sees the chart with a banner counting
 * down, and ends the window; the admin sees it on Today, on the users page and in the audit log's
 * "emergency access" filter, and got an email. Requires a web build (LIMINAL_TEST_WEB_ROOT or dist/web).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { axeCheck, browserSuite, label, signIn } from '../support/browser';

const suite = browserSuite();
const patientId = DEMO_PATIENT_IDS[0] as string;

beforeAll(async () => {
  // Make the demo patient confidential to a care team without the (designated) demo prescriber.
  const db = suite.server.ctx.db;
  const byEmail = (email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'can_break_glass'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const prescriber = await byEmail('prescriber@demo.liminal.test');
  const nurse = await byEmail('nurse@demo.liminal.test');
  expect(prescriber.can_break_glass).toBe(1);
  await db
    .deleteFrom('care_team')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', prescriber.id)
    .execute();
  await db
    .insertInto('patient_confidentiality')
    .values({ patient_id: patientId, set_by: nurse.id, set_at: suite.server.clock.now().toISOString() })
    .execute();
});

describe('emergency access', () => {
  it('a designated prescriber breaks the glass with a reason, sees the banner, and ends it', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'prescriber');
    await page.goto(`/app/patients/${patientId}`);
    await page.getByText('You cannot open this chart').waitFor();
    await axeCheck(page);
    await page.getByRole('button', { name: 'Emergency access' }).click();
    const reason = page.getByLabel(label('Why do you need this chart now?'));
    await reason.fill('too short');
    await page.getByRole('button', { name: 'Open emergency access' }).click();
    await page.getByText(/at least 20 characters\)$/).waitFor();
    await axeCheck(page);
    await reason.fill('Patient called in crisis; the care team is off site and cannot be reached.');
    await page.getByRole('button', { name: 'Open emergency access' }).click();
    const banner = page.getByTestId('emergency-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/closes in (60|59) minutes/);
    await page.getByTestId('chart-number').waitFor();
    await axeCheck(page);
    await suite.server.waitForMail(
      (m) => m.to.includes('admin@demo.liminal.test') && /Emergency access opened/.test(m.subject),
    );

    await page.getByRole('button', { name: 'End emergency access' }).click();
    await page.getByText('You cannot open this chart').waitFor();
  });

  it('the admin sees it on Today, on the users page and in the audit log filter', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'admin');
    await page.getByText(/Review emergency access by Dr\. Priya Prescott/).waitFor();
    await page.goto('/app/admin/users');
    const row = page.getByTestId('user-row').filter({ hasText: 'Dr. Priya Prescott' });
    await row.getByText('Emergency access').waitFor();
    await axeCheck(page);
    await page.goto('/app/admin/audit');
    await page.getByLabel('Emergency access only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/emergency=true/);
    await page.getByText('Opened emergency access to a confidential chart').first().waitFor();
    await axeCheck(page);
  });
});

describe('clinic policies', () => {
  it('the admin sets the window length and the record retention; the next window lasts that long', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Clinic policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clinic policies' }).waitFor();
    const report = page.getByTestId('retention-table');
    await report.locator('[data-testid="retention-row"][data-table="audit_log"]').waitFor();
    await axeCheck(page);

    const window = page.getByRole('form', { name: 'Emergency access window' });
    const minutes = window.getByLabel(label('Each emergency access window stays open for'));
    await expect(minutes.inputValue()).resolves.toBe('60');
    await minutes.fill('30');
    await window.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Emergency access windows opened from now on stay open 30 minutes.').waitFor();

    // Below the floor: the field says why, and keeps what was typed.
    const retention = page.getByRole('form', { name: 'Record retention' });
    const years = retention.getByLabel(label('Keep signed clinical records for at least'));
    await expect(years.inputValue()).resolves.toBe('');
    await years.fill('4');
    await retention.getByRole('button', { name: 'Save' }).click();
    await retention.getByText('At least 6 years (the floor for clinical records)').waitFor();
    await expect(years.inputValue()).resolves.toBe('4');
    await axeCheck(page);
    await years.fill('8');
    await retention.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signed clinical records are now kept at least 8 years.').waitFor();
    await report
      .locator('[data-testid="retention-row"][data-table="therapy_notes"]')
      .getByText('8 years', { exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Switch to dim theme' }).click();
    await axeCheck(page);
    await page.reload();
    await expect(years.inputValue()).resolves.toBe('8');
    await expect(minutes.inputValue()).resolves.toBe('30');

    // The prescriber's next window lasts 30 minutes.
    const prescriber = await suite.open({ timeout: 15_000 });
    await signIn(prescriber, 'prescriber');
    await prescriber.goto(`/app/patients/${patientId}`);
    await prescriber.getByRole('button', { name: 'Emergency access' }).click();
    await prescriber
      .getByLabel(label('Why do you need this chart now?'))
      .fill('Patient called again in crisis; the care team is still off site and unreachable.');
    await prescriber.getByRole('button', { name: 'Open emergency access' }).click();
    const banner = prescriber.getByTestId('emergency-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/closes in (30|29) minutes/);
  });
});
