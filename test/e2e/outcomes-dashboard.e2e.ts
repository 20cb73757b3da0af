/**
 * The clinic outcomes dashboard (issue #21) in Chromium against the demo clinic: the medical director (admin)
 * reads the breakdowns, sets a date filter that the address keeps, and has no links to patients (no chart
 * access); a prescriber follows a figure to the patients behind it and on to a chart. axe on each screen.
 * Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS when set.
 */
import { describe, expect, it } from 'vitest';
import { axeCheck, browserSuite, label, shot } from '../support/browser';

const suite = browserSuite();

describe('outcomes dashboard', () => {
  it('the medical director reads it and filters it; a prescriber follows a figure to its patients', {
    timeout: 120_000,
  }, async () => {
    const admin = await suite.open({ as: 'admin@demo.liminal.test', landing: /\/app/ });
    await admin.goto('/app/outcomes');
    const dash = admin.getByTestId('outcomes-dashboard');
    await dash.getByRole('heading', { name: 'What works, for whom' }).waitFor();
    await dash.getByTestId('breakdown-route').waitFor();
    await axeCheck(admin);
    await shot(admin, 'outcomes-dashboard-admin', { fullPage: true });
    // The demo clinic is small: its groups say "too few" rather than a rate.
    await expect(dash.getByTestId('too-few').first().isVisible()).resolves.toBe(true);
    // No chart access, so the figures are not links.
    await expect(dash.getByRole('link', { name: /^Patients behind/ }).count()).resolves.toBe(0);
    await admin.getByLabel(label('Courses starting from')).fill('2020-01-01');
    await admin.waitForURL(/from=2020-01-01/);
    // The downloads carry the same filters (waits for the re-render after the address changes).
    await admin.locator('a[href*="/api/outcomes/dashboard.pdf?from=2020-01-01"]').waitFor();

    const prescriber = await suite.open({ as: 'prescriber@demo.liminal.test', landing: /\/app/ });
    await prescriber.goto('/app/outcomes?from=2020-01-01');
    const link = prescriber.getByRole('link', { name: 'Patients behind All courses' });
    await link.click();
    await prescriber.waitForURL(/\/app\/outcomes\/patients\?.*dimension=all/);
    await prescriber.getByTestId('outcome-patients').waitFor();
    await axeCheck(prescriber);
    await shot(prescriber, 'outcomes-dashboard-patients');
    await prescriber.getByTestId('outcome-patients').getByRole('link').first().click();
    await prescriber.waitForURL(/\/app\/patients\/[0-9a-f-]+/);
  });
});
