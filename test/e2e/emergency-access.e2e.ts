/**
 * Emergency access ("break the glass", S17) in Chromium against a real server (demo clinic, demo mode): a
 * designated prescriber refused a confidential chart types a reason, sees the chart with a banner counting
 * down, and ends the window; the admin sees it on Today, on the users page and in the audit log's
 * "emergency access" filter, and got an email. Requires a web build (LIMINAL_TEST_WEB_ROOT or dist/web).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { axeCheck, launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const patientId = DEMO_PATIENT_IDS[0] as string;

beforeAll(async () => {
  server = await startTestServer({ demoMode: true });
  browser = await launchBrowser();
  // Make the demo patient confidential to a care team without the (designated) demo prescriber.
  const db = server.ctx.db;
  const byEmail = (email: string) => db.selectFrom('users').select(['id', 'can_break_glass']).where('email', '=', email).executeTakeFirstOrThrow();
  const prescriber = await byEmail('prescriber@demo.liminal.test');
  const nurse = await byEmail('nurse@demo.liminal.test');
  expect(prescriber.can_break_glass).toBe(1);
  await db.deleteFrom('care_team').where('patient_id', '=', patientId).where('user_id', '=', prescriber.id).execute();
  await db.insertInto('patient_confidentiality').values({ patient_id: patientId, set_by: nurse.id, set_at: new Date().toISOString() }).execute();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`);

async function staffSignIn(page: Page, who: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel(label('Email')).fill(`${who}@demo.liminal.test`);
  await page.getByLabel(label('Password')).fill(server.demoPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/app$/);
}

describe('emergency access', () => {
  it('a designated prescriber breaks the glass with a reason, sees the banner, and ends it', async () => {
    const page = await newPage();
    await staffSignIn(page, 'prescriber');
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
    await server.waitForMail((m) => m.to.includes('admin@demo.liminal.test') && /Emergency access opened/.test(m.subject));

    await page.getByRole('button', { name: 'End emergency access' }).click();
    await page.getByText('You cannot open this chart').waitFor();
  });

  it('the admin sees it on Today, on the users page and in the audit log filter', async () => {
    const page = await newPage();
    await staffSignIn(page, 'admin');
    await page.getByText(/Review emergency access by Dr\. Priya Prescott/).waitFor();
    await page.goto('/app/admin/users');
    const row = page.getByTestId('user-row').filter({ hasText: 'Dr. Priya Prescott' });
    await row.getByText('Emergency access').waitFor();
    await axeCheck(page);
    await page.goto('/app/admin/audit');
    await page.getByLabel('Emergency access only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/emergency=true/);
    await page.getByText('emergency_access.open').first().waitFor();
    await axeCheck(page);
  });
});
