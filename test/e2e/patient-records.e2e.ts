/**
 * The staff screens around issue #3's journey, in Chromium against a real server (fresh database, demo clinic
 * seeded, demo mode on so staff sign in without two-factor codes): searching patients as you type, a stale
 * demographics save (409) that keeps what was typed, an admin adding a licence, and publishing a new consent
 * version after a warning that signed versions never change. Requires `npx vite build` first.
 */
import { describe, expect, it } from 'vitest';
import { axeCheck, browserSuite, label, signIn } from '../support/browser';

const suite = browserSuite();

describe('patient records, licences and consent versions', () => {
  it('the patient list searches as you type', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'frontdesk');
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByTestId('patient-row').first().waitFor();
    await axeCheck(page);
    await page.getByRole('button', { name: 'Switch to dim theme' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    await axeCheck(page);
    await page.getByRole('searchbox', { name: 'Search' }).fill('newsta');
    await page.waitForURL(/q=newsta/);
    await expect.poll(() => page.getByTestId('patient-row').count()).toBe(1);
    await page.getByTestId('patient-row').getByText('Newstart, Kai').waitFor();
    await page.getByLabel('Status').selectOption('discharged');
    await page.getByText('No patients match.').waitFor();
  });

  it('a stale demographics save says someone else changed the record and keeps the entries', async () => {
    const a = await suite.open({ timeout: 15_000 });
    const b = await suite.open({ timeout: 15_000 });
    await signIn(a, 'frontdesk');
    await signIn(b, 'prescriber');
    for (const page of [a, b]) {
      await page.goto('/app/patients?q=Newstart');
      await page.getByRole('link', { name: 'Newstart, Kai' }).click();
      await page.getByLabel('City').waitFor();
    }
    await a.getByLabel('City').fill('Sacramento');
    await a.getByLabel('Phone', { exact: true }).fill('(555) 010-1111');
    await a.getByRole('button', { name: 'Save demographics' }).click();
    await a.getByText('Demographics are up to date.').waitFor();

    await b.getByLabel('Address line 1').fill('12 Quiet Lane');
    await b.getByLabel('Phone', { exact: true }).fill('(555) 010-2222');
    await b.getByRole('button', { name: 'Save demographics' }).click();
    const conflict = b.getByTestId('demographics-conflict');
    await conflict.waitFor();
    // Nothing typed is lost; their change to a field left alone is taken in; the clash is shown.
    await expect(b.getByLabel('Address line 1').inputValue()).resolves.toBe('12 Quiet Lane');
    await expect(b.getByLabel('Phone', { exact: true }).inputValue()).resolves.toBe('(555) 010-2222');
    await expect(b.getByLabel('City').inputValue()).resolves.toBe('Sacramento');
    await b.getByText('Someone else saved: (555) 010-1111').waitFor();
    await conflict.getByText(/change to city has been brought in/).waitFor();
    await axeCheck(b);
    await conflict.getByRole('button', { name: 'Save my entries' }).click();
    await b.getByText('Demographics are up to date.').waitFor();
  });

  it('an admin adds a licence and publishes a new consent version after a clear warning', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Licences' }).click();
    await page.getByRole('heading', { level: 1, name: 'Licences' }).waitFor();
    await page
      .getByLabel('Staff member', { exact: true })
      .selectOption({ label: 'Theo Thorne, LMFT (Therapist)' });
    const add = page.getByRole('form', { name: /Add a licence for Theo Thorne/ });
    await add.getByLabel(label('State')).selectOption('WA');
    await add.getByLabel(label('Type')).selectOption('LMFT');
    await add.getByLabel(label('Number')).fill('LMFT-60211');
    await add.getByLabel(label('Expires on')).fill('2030-06-30');
    await add.getByRole('button', { name: 'Add licence' }).click();
    await page.getByTestId('licence-row').filter({ hasText: 'LMFT-60211' }).waitFor();
    await axeCheck(page);

    await page.getByRole('link', { name: 'Consent forms' }).click();
    await page.getByRole('heading', { level: 1, name: 'Consent forms' }).waitFor();
    await page.getByRole('button', { name: 'New version' }).click();
    const body = page.getByLabel(label('Text'));
    await body.fill(
      `${await body.inputValue()}\n\n8. Contact\nQuestions about this form: ask your care team.`,
    );
    await page.getByRole('button', { name: /^Publish version 2/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Signed versions never change').waitFor();
    await axeCheck(page);
    await dialog.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Version 2 published').waitFor();
    await page.getByTestId('consent-version').first().getByText('Current').waitFor();
  });

  it('a consent signed on the old version now shows as out of date on the chart', async () => {
    const page = await suite.open({ timeout: 15_000 });
    await signIn(page, 'frontdesk');
    await page.goto('/app/patients?q=Example');
    await page.getByRole('link', { name: 'Example, Robin' }).click();
    await page.getByTestId('chart-header').waitFor();
    await expect(page.getByTestId('consent-state').first().textContent()).resolves.toBe(
      'Consent out of date',
    );
    await page.getByRole('tab', { name: 'Consent' }).click();
    await page.getByText('A newer version has been published since').waitFor();
  });
});
