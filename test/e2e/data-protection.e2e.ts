/**
 * Admin → Data protection in Chromium (issue #20): the demo clinic's page says encryption is off because the data
 * is fictional (on PostgreSQL: that the server's disk encryption does it), that backups are not scheduled and which settings turn them on, and passes axe in both themes.
 * Requires `npx vite build` first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { axeInBothThemes, browserSuite, shot } from '../support/browser';
import { testEngine } from '../support/db';

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
    await expect
      .poll(() => encryption.innerText())
      .toMatch(
        testEngine() === 'postgres' ? /runs on PostgreSQL.*disk or volume encryption/ : /Off \(demo clinic\)/,
      );
    const backups = page.getByRole('region', { name: 'Backups' });
    if (testEngine() === 'sqlite') {
      expect(await backups.innerText()).toMatch(/Not scheduled/);
      expect(await backups.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true);
    } else expect(await backups.innerText()).toMatch(/PostgreSQL up with its own tools/);
    // The first receipt is issued within a minute of the server starting: either state is said in words.
    expect(await page.getByRole('region', { name: 'Chain receipts' }).innerText()).toMatch(
      /No receipt yet|Last receipt[\s\S]*audit entries/i,
    );
    // How long records of resent changes are kept, in days (IDEMPOTENCY_KEEP_HOURS, a week by default).
    expect(await page.getByRole('region', { name: 'Records of resent changes' }).innerText()).toMatch(
      /applies it once[\s\S]*kept for 7 days and then removed/,
    );
    // And sign-in records once over (SESSION_RECORDS_KEEP_DAYS, 30 by default).
    expect(await page.getByRole('region', { name: 'Records of sign-ins' }).innerText()).toMatch(
      /Once a sign-in is over, its record is kept for 30 days and then removed/,
    );
    // The demo never shows the production warning.
    expect(await page.getByText('Patient data is not encrypted at rest').count()).toBe(0);
    await shot(page, 'data-protection', { fullPage: true });
    await axeInBothThemes(page);
  });
});
