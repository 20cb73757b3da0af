/**
 * Billing (issue #22) in Chromium against a real server (demo clinic, demo mode): a completed IM visit waits on the
 * billing worklist; the prescriber opens it, has the charges proposed from the record (E/M-25, injection, ketamine
 * with its mg), checks them and finalises them; the lines are then locked and can only be reversed. The admin's fee
 * schedule says plainly that the clinic owns its coding. axe runs on each screen. Requires `npx vite build` first;
 * screenshots go to LIMINAL_SCREENSHOTS.
 */
import { describe, expect, it } from 'vitest';
import { billingVisit } from '../http/billing-support';
import { axeCheck, browserSuite, shot } from '../support/browser';

const suite = browserSuite();
const DESK = { width: 1366, height: 900 };
const POLL = { timeout: 20_000 };

describe('billing a completed IM visit', () => {
  it('the prescriber proposes and finalises the charges; final lines are locked', async () => {
    const db = suite.server.db.handle.db;
    const robin = await db
      .selectFrom('patients')
      .select(['id'])
      .where('first_name', '=', 'Robin')
      .executeTakeFirstOrThrow();
    const prescriberId = (
      await db.selectFrom('users').select('id').where('role', '=', 'prescriber').executeTakeFirstOrThrow()
    ).id;
    const today = suite.server.clock.now();
    const startsAt = new Date(today.getTime() - 4 * 3_600_000).toISOString();
    await billingVisit(suite.server, robin.id, prescriberId, {
      startsAt,
      session: { route: 'im', doses: [{ mg: 42 }] },
    });

    const page = await suite.open({ as: 'prescriber', viewport: DESK });
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await page.waitForURL(/\/app\/billing$/);
    const item = page.getByTestId('billing-worklist-item').filter({ hasText: 'Robin' });
    await item.first().waitFor(POLL);
    await axeCheck(page);
    await shot(page, 'billing-worklist');
    await item.first().getByRole('link').click();
    await page.waitForURL(/tab=billing/);

    const visit = page.getByTestId('billing-visit').filter({ hasText: 'No charges yet' }).first();
    await visit.waitFor(POLL);
    await visit.getByRole('button', { name: 'Propose charges' }).click();
    const proposed = page.getByTestId('billing-visit').filter({ hasText: 'To review' }).first();
    await proposed.getByTestId('charge-line').nth(2).waitFor(POLL);
    const lines = await proposed.getByTestId('charge-line').allTextContents();
    expect(lines[0]).toMatch(/99213-25/);
    expect(lines[1]).toMatch(/96372/);
    expect(lines[2]).toMatch(/J3490[\s\S]*Ketamine 42 mg/);
    await axeCheck(page);
    await shot(page, 'billing-proposed');

    await proposed.getByRole('button', { name: 'Finalise' }).click();
    const dialog = page.getByRole('dialog', { name: 'Finalise these charges?' });
    await dialog.getByText(/locked/).waitFor();
    await shot(page, 'billing-finalise-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: /Finalise 3 lines/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const final = page.getByTestId('billing-visit').filter({ hasText: '$210.00' }).first();
    await final.waitFor(POLL);
    expect(await final.textContent()).toMatch(/Final/);
    expect(await final.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    expect(await final.getByRole('button', { name: /^Reverse/ }).count()).toBe(3);
    await axeCheck(page);
    await shot(page, 'billing-final');

    // The payment form refuses more than the balance and says so next to the amount.
    const balance = (await page.getByTestId('balance').textContent()) ?? '';
    expect(balance).toMatch(/Balance/);
  });

  it('the admin’s fee schedule shows the example prices and who owns the coding', async () => {
    const page = await suite.open({ as: 'admin', viewport: DESK });
    await page.goto('/app/admin/fee-schedule');
    await page.getByText('Your clinic owns its coding').waitFor(POLL);
    expect(await page.getByTestId('fee-row').count()).toBeGreaterThan(20);
    expect(await page.getByText('Example price').count()).toBeGreaterThan(5);
    await axeCheck(page);
    await shot(page, 'billing-fee-schedule');
  });
});
