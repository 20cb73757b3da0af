/**
 * Admin → Data protection in Chromium (issue #20): the demo clinic's page says encryption is off because the data
 * is fictional, that backups are not scheduled and which settings turn them on, and passes axe in both themes.
 * Requires `npx vite build` first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { axeInBothThemes, browserSuite, shot } from '../support/browser';

const suite = browserSuite();

afterEach(async () => {
  for (const c of suite.contexts.splice(0)) await c.close();
});

describe('data protection page', () => {
  it('tells the admin the state of encryption, backups and receipts in plain words', async () => {
    const page = await suite.open({ as: 'admin@demo.liminal.test', viewport: { width: 1280, height: 900 } });
    await page.goto('/app/admin/data-protection');
    await page.getByRole('heading', { name: 'Data protection', level: 1 }).waitFor();
    const encryption = page.getByRole('region', { name: 'Encryption at rest' });
    await expect.poll(() => encryption.innerText()).toMatch(/Off \(demo clinic\)/);
    const backups = page.getByRole('region', { name: 'Backups' });
    expect(await backups.innerText()).toMatch(/Not scheduled/);
    expect(await backups.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true);
    expect(await page.getByRole('region', { name: 'Chain receipts' }).innerText()).toMatch(/No receipt yet/);
    // The demo never shows the production warning.
    expect(await page.getByText('Patient data is not encrypted at rest').count()).toBe(0);
    await shot(page, 'data-protection', { fullPage: true });
    await axeInBothThemes(page);
  });
});
