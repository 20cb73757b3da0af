/**
 * Issue #17 in Chromium against a real server (demo clinic, demo mode), on a 390×844 phone: Robin (portal login
 * patient1, mid-course on IM with improving PHQ-9 scores) sees where they are on the home page and their
 * progress page (course phase, what is coming, what to prepare, their scores as a chart with a table beside
 * it, with the chart's bands); and the prescriber, on Today, finds an urgent care task in red and closes it
 * only with a documented follow-up, which the chart's Care tasks tab then shows. axe on every new screen.
 *
 * Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS when set.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertCareTask } from '../../src/server/features/tasks';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { axeCheck, axeInBothThemes, browserSuite, shot } from '../support/browser';

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };
const ROBIN = DEMO_PATIENT_IDS[0] as string;

/** Nothing on the page runs off the phone's screen sideways. */
async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('the patient’s own progress', () => {
  it('shows Robin where they are, what is coming and their scores with the chart’s bands', async () => {
    const page = await suite.open({
      as: 'patient1@demo.liminal.test',
      viewport: PHONE,
      landing: /\/portal$/,
    });
    const card = page.getByTestId('portal-progress-card');
    await card.getByRole('heading', { name: /^Your course: Dosing: session \d+ of \d+ next$/ }).waitFor();
    // The progress card sits at the top of the home page, right under the greeting.
    const cards = await page
      .locator('section[aria-labelledby]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-labelledby')));
    expect(cards[0]).toBe('progress-card-h');
    await fitsThePhone(page);
    await axeCheck(page);
    await shot(page, 'progress-portal-home');

    await card.getByRole('link', { name: 'See your progress' }).click();
    await page.waitForURL(/\/portal\/progress$/);
    await page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
    const course = page.getByTestId('progress-course');
    await course.getByText(/You have had \d+ of \d+ dosing sessions/).waitFor();
    const steps = page.getByTestId('progress-steps').locator('li');
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
      'done',
      'current',
      'upcoming',
      'upcoming',
    ]);
    // Crisis resources one tap away on every portal page.
    await page.getByRole('link', { name: /988/ }).first().waitFor();

    // Scores: the same points and bands as the chart's measures section for Robin.
    const trend = page.locator('[data-testid="progress-trend"][data-instrument="phq9"]');
    await trend.getByTestId('progress-trend-table').waitFor();
    await trend.locator('.recharts-surface').first().waitFor();
    const rows = await trend.getByTestId('progress-trend-row').allTextContents();
    const mine = await (await page.request.get('/api/portal/progress')).json();
    const phq = mine.trends.find((t: { instrumentId: string }) => t.instrumentId === 'phq9');
    expect(rows).toHaveLength(phq.points.length);
    for (const [i, p] of phq.points.entries()) {
      expect(rows[i]).toContain(String(p.total));
      expect(rows[i]).toContain(p.band.label);
    }
    const latest = phq.points[phq.points.length - 1];
    expect(await trend.getByTestId('progress-latest').textContent()).toContain(
      `Your latest score is ${latest.total}, ${latest.band.label.toLowerCase()}`,
    );
    // What is coming: the next visit, and what to prepare for it, in words.
    const coming = page.getByTestId('progress-upcoming');
    if (mine.upcoming.length) {
      await coming.getByText(mine.upcoming[0].label).first().waitFor();
      await page
        .getByTestId('progress-prepare')
        .getByText(/^Before your /)
        .waitFor();
    } else await coming.getByText(/Nothing booked yet/).waitFor();
    await fitsThePhone(page);
    await axeInBothThemes(page);
    await shot(page, 'progress-portal-page');
  });
});

describe('care tasks on Today', () => {
  it('an urgent task stays red on top until the prescriber documents the follow-up', async () => {
    const { ctx, clock } = suite.server;
    const entryId = '0b5e7a11-0000-4000-8000-00000000e001';
    const taskId = await ctx.db.transaction().execute((trx) =>
      insertCareTask(trx, {
        patientId: ROBIN,
        key: `journal_crisis:${entryId}`,
        kind: 'journal_crisis',
        urgent: true,
        title: 'Crisis language in a shared journal entry',
        source: { type: 'journal_entry', id: entryId },
        at: clock.now().toISOString(),
      }),
    );
    expect(taskId).toEqual(expect.any(String));

    const page = await suite.open({ as: 'prescriber@demo.liminal.test', viewport: PHONE });
    const panel = page.getByTestId('care-tasks-panel');
    await panel.getByRole('heading', { name: 'Care tasks (1 open, 1 urgent)' }).waitFor();
    const task = panel.getByTestId('care-task');
    expect(await task.getAttribute('data-urgent')).toBe('true');
    await task.getByText('Urgent', { exact: true }).waitFor();
    await task.getByText('Robin Example · Crisis language in a shared journal entry').waitFor();
    expect(await task.getByRole('link', { name: 'Open the shared journal entry' }).getAttribute('href')).toBe(
      `/app/patients/${ROBIN}#journal-entry-${entryId}`,
    );
    // Not in the general worklist as well: it has its own panel.
    expect(await page.getByTestId('worklist-panel').locator('[data-kind="care_task"]').count()).toBe(0);
    await fitsThePhone(page);
    await axeInBothThemes(page);
    await shot(page, 'progress-today-care-task');

    // Take it, then try to close it without a note: refused, at the field.
    await task.getByRole('button', { name: 'Take the task for Robin Example' }).click();
    await task.getByText('Handled by you.').waitFor();
    // Give it to the therapist by name, then take it back.
    await task.getByLabel('Handled by').selectOption({ label: 'Theo Thorne, LMFT (Therapist)' });
    await task.getByText('Handled by Theo Thorne, LMFT.').waitFor();
    await task.getByRole('button', { name: 'Take the task for Robin Example' }).click();
    await task.getByText('Handled by you.').waitFor();
    await task.getByRole('button', { name: 'Document follow-up for Robin Example' }).click();
    await task.getByRole('button', { name: 'Record follow-up and close task' }).click();
    const note = task.getByRole('textbox', { name: 'Follow-up' });
    await task.getByText(/Write what was done/).waitFor();
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    await axeCheck(page);
    await shot(page, 'progress-today-care-task-note-required');

    const OUTCOME =
      'Called Robin within the hour: safe at home with partner, safety plan reviewed, seen tomorrow.';
    await note.fill(OUTCOME);
    await task.getByRole('button', { name: 'Record follow-up and close task' }).click();
    await page.getByText('Follow-up recorded').waitFor();
    await panel.waitFor({ state: 'detached' });

    // The chart keeps it: resolved, by whom, and what was done.
    await page.goto(`/app/patients/${ROBIN}?tab=tasks`);
    const chart = page.getByTestId('chart-care-tasks');
    const done = chart.locator('[data-testid="care-task"][data-state="resolved"]');
    await done.getByText('Resolved', { exact: true }).waitFor();
    await done.getByText(/Resolved by Dr\. Priya Prescott on /).waitFor();
    expect(await done.getByTestId('care-task-outcome').textContent()).toContain(OUTCOME);
    await axeCheck(page);
    await shot(page, 'progress-chart-care-tasks');
  });
});
