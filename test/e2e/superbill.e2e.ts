/**
 * Billing documents (issue #22) in Chromium against a real server (demo clinic, demo mode): Robin, on a 390×844
 * phone, opens the superbills from the portal's home, downloads the superbill of a visit and gets a PDF with the
 * clinic's NPI, Robin's insurer and the visit's codes; then the admin sees the claim files screen and the billing
 * identity. axe runs on every screen. Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { check837p, parseX12 } from '../../src/domain/billing-docs';
import { axeCheck, browserSuite, label, shot } from '../support/browser';
import { pdfText } from '../support/pdf-text';

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };

async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('superbills', () => {
  it('the biller sees the patient’s insurance and emails a link to the superbills', {
    timeout: 120_000,
  }, async () => {
    const biller = await suite.open({ as: 'biller@demo.liminal.test' });
    await biller.goto('/app/patients/5a1d0d0e-0000-4000-8000-000000000001');
    await biller.getByRole('tab', { name: 'Insurance & superbills' }).click();
    await biller.getByRole('heading', { name: 'Insurance' }).waitFor();
    await expect
      .poll(() => biller.getByRole('textbox', { name: label('Member id') }).inputValue())
      .toBe('DEMO123450');
    await biller.getByRole('button', { name: 'Email the patient a link' }).click();
    await biller.getByText(/^Link sent to /).waitFor();
    await axeCheck(biller);
    await shot(biller, 'chart-insurance-superbills', { fullPage: true });
  });

  it('the patient downloads the superbill of a visit on a phone', { timeout: 120_000 }, async () => {
    const page = await suite.open({
      as: 'patient1@demo.liminal.test',
      viewport: PHONE,
      landing: /\/portal$/,
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: 'Your superbills' }).click();
    await page.waitForURL(/\/portal\/billing$/);
    const first = page.getByTestId('superbill-visit').first();
    await first.waitFor();
    await axeCheck(page);
    await fitsThePhone(page);
    await shot(page, 'superbill-portal-list');
    const button = first.getByRole('link', { name: /^Download superbill for / });
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(file.suggestedFilename()).toBe('superbill.pdf');
    const path = await file.path();
    const text = pdfText(await readFile(path));
    for (const s of [
      'Superbill',
      'Liminal Demo Clinic',
      '9990000017',
      '12-3456789',
      'Example Health Plan',
      'DEMO123450',
      'Signature of rendering clinician',
    ])
      expect(text, s).toContain(s);
    expect(text).toMatch(/NPI 99900000(25|33)/);
  });

  it('the admin exports a structurally valid 837P for the esketamine visits', {
    timeout: 120_000,
  }, async () => {
    const admin = await suite.open({ as: 'admin@demo.liminal.test', acceptDownloads: true });
    await admin.goto('/app/admin/billing-identity');
    await admin.getByRole('heading', { name: 'Rendering clinicians' }).waitFor();
    await axeCheck(admin);
    await shot(admin, 'billing-identity-admin', { fullPage: true });
    await admin.goto('/app/claim-files');
    await admin.getByRole('button', { name: 'Show the esketamine visits' }).click();
    await admin.getByRole('heading', { name: /^Esketamine visits from / }).waitFor();
    await admin.getByRole('textbox', { name: label('From') }).fill('2026-01-01');
    await admin.getByRole('textbox', { name: label('To') }).fill('2027-12-31');
    await admin.getByRole('button', { name: 'Show the esketamine visits' }).click();
    await admin.getByRole('heading', { name: /^Esketamine visits from Jan 1, 2026/ }).waitFor();
    await axeCheck(admin);
    await shot(admin, 'claim-files-preview', { fullPage: true });
    const exportButton = admin.getByRole('button', { name: /^Export the claim file \([1-9]/ });
    const [file] = await Promise.all([admin.waitForEvent('download'), exportButton.click()]);
    expect(file.suggestedFilename()).toBe('claims-1.837p.x12');
    const text = (await readFile(await file.path())).toString('utf8');
    expect(check837p(text)).toEqual([]);
    expect(parseX12(text).filter((s) => s.tag === 'CLM').length).toBeGreaterThan(0);
    await admin.getByRole('link', { name: 'Download claim file 1' }).waitFor();
    await shot(admin, 'claim-files-exported', { fullPage: true });
  });
});
