/**
 * Messages with the care team (issue #17), in Chromium against a real server (demo clinic, demo mode): Robin
 * (patient1) writes to the care team on a phone (390×844; the draft survives a reload; the answer time, "not for
 * emergencies" and "no attachments" are stated), the therapist finds it in the inbox with how long it has
 * waited, answers with a canned reply, and Robin reads the answer. Crisis words show the crisis resources at
 * once. axe runs on every new screen. Requires `npx vite build` first; screenshots go to LIMINAL_SCREENSHOTS.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeCheck, axeInBothThemes, browserSuite, shot } from '../support/browser';

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const SUBJECT = 'Journaling question';
/** Waits long enough for a loaded machine (vitest's default is one second). */
const POLL = { timeout: 20_000 };
const TEXT = 'Is it all right to write in my journal the same evening as the dosing session?';

async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('a message answered by the therapist', () => {
  it('the patient writes on a phone, the therapist answers with a canned reply, the patient reads it', async () => {
    const robin = await suite.open({ as: 'patient1', viewport: PHONE, landing: /\/portal$/ });
    const card = robin.getByTestId('portal-messages-card');
    await card.getByRole('link', { name: /messages/i }).click();
    await robin.waitForURL(/\/portal\/messages$/);
    await expect
      .poll(() => robin.getByTestId('messaging-terms').textContent(), POLL)
      .toMatch(/answers within 2 working days/);
    const terms = (await robin.getByTestId('messaging-terms').textContent()) ?? '';
    expect(terms).toMatch(/not for emergencies/);
    expect(terms).toMatch(/cannot attach/);
    // The demo's own conversations are listed.
    await robin.getByTestId('portal-thread').first().waitFor();
    expect(await robin.getByTestId('portal-thread').count()).toBe(2);
    await axeInBothThemes(robin);
    await shot(robin, 'messages-portal-list-phone');

    // Sending nothing points at the fields.
    await robin.getByRole('button', { name: 'Send to my care team' }).click();
    await robin.getByText('Give the message a subject').waitFor();
    await robin.getByText('Write a message').waitFor();

    // What is typed is kept through a reload.
    await robin.getByLabel('Subject', { exact: true }).fill(SUBJECT);
    await robin.getByLabel('Your message', { exact: true }).fill(TEXT);
    await robin.getByText(/draft saved on this device/).waitFor();
    await robin.reload();
    await expect.poll(() => robin.getByLabel('Your message', { exact: true }).inputValue(), POLL).toBe(TEXT);
    expect(await robin.getByLabel('Subject', { exact: true }).inputValue()).toBe(SUBJECT);
    await fitsThePhone(robin);
    await robin.getByRole('button', { name: 'Send to my care team' }).click();
    await robin.getByTestId('message-sent').waitFor();
    expect(await robin.getByLabel('Your message', { exact: true }).inputValue()).toBe('');
    await robin.getByRole('link', { name: 'Open the conversation' }).click();
    await robin.waitForURL(/\/portal\/messages\/[0-9a-f-]+$/);
    await robin.getByRole('heading', { name: SUBJECT }).waitFor();
    await axeCheck(robin);
    await shot(robin, 'messages-portal-thread-phone');
    const threadUrl = new URL(robin.url()).pathname;
    const threadId = threadUrl.split('/').pop() as string;

    // The therapist sees it in the inbox, unread, waiting, and opens it.
    const therapist = await suite.open({ as: 'therapist', viewport: DESK });
    await therapist.getByRole('link', { name: 'Messages', exact: true }).click();
    await therapist.waitForURL(/\/app\/messages$/);
    const row = therapist.getByTestId('inbox-thread').filter({ hasText: SUBJECT });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Robin Example/);
    expect(await row.textContent()).toMatch(/waiting \d+ min/);
    expect(await row.textContent()).toMatch(/Unread/);
    // The demo's unanswered question has waited hours.
    expect(
      await therapist.getByTestId('inbox-thread').filter({ hasText: 'Next visit' }).textContent(),
    ).toMatch(/waiting 3 h/);
    await axeInBothThemes(therapist);
    await shot(therapist, 'messages-inbox');
    await row.getByRole('link', { name: 'Robin Example' }).click();
    await therapist.waitForURL(new RegExp(`/app/messages/${threadId}$`));
    await therapist.getByText(TEXT).waitFor();
    await therapist
      .getByLabel('Or send a canned reply')
      .selectOption({ label: 'Bring it to your next visit' });
    const preview = (await therapist.getByTestId('canned-preview').textContent()) ?? '';
    expect(preview).toMatch(/next visit/);
    await therapist.getByRole('button', { name: /^Send “Bring it to your next visit”$/ }).click();
    await expect.poll(() => therapist.getByTestId('message').count(), POLL).toBe(2);
    await expect.poll(() => therapist.getByLabel('Handled by').inputValue(), POLL).not.toBe('');
    await axeInBothThemes(therapist);
    await shot(therapist, 'messages-staff-thread');

    // Robin sees the answer: marked new on the list, then in the thread.
    await robin.goto('/portal/messages');
    await robin.getByTestId('portal-thread').filter({ hasText: SUBJECT }).getByText('New reply').waitFor();
    await robin.getByTestId('portal-thread').filter({ hasText: SUBJECT }).click();
    await robin.getByText(preview.trim()).waitFor();
    const answer = robin.locator('[data-testid="message"][data-side="staff"]');
    expect(await answer.textContent()).toMatch(/\(Therapist\)/);
    await fitsThePhone(robin);
    await shot(robin, 'messages-portal-answered-phone');
  });

  it('crisis words show the crisis resources at once, and the thread is urgent on the therapist’s Today', async () => {
    const robin = await suite.open({ as: 'patient1', viewport: PHONE, landing: /\/portal$/ });
    await robin.goto('/portal/messages');
    await robin.getByLabel('Subject', { exact: true }).fill('Tonight');
    await robin.getByLabel('Your message', { exact: true }).fill('I keep thinking about ending my life.');
    await robin.getByRole('button', { name: 'Send to my care team' }).click();
    const resources = robin.getByTestId('crisis-resources');
    await resources.waitFor();
    expect(await resources.getByRole('link', { name: 'Call 988' }).getAttribute('href')).toBe('tel:988');
    await axeCheck(robin);
    await shot(robin, 'messages-portal-crisis-phone');

    const therapist = await suite.open({ as: 'therapist', viewport: DESK });
    // Today shows it once, as an urgent care task that links to the thread.
    await therapist.getByText('Crisis language in a patient’s message: contact them today').first().waitFor();
    await therapist
      .getByRole('link', { name: /Open the message thread/ })
      .first()
      .waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees
    expect(await therapist.locator('body').innerText()).not.toMatch(/ending my life/);
    await shot(therapist, 'messages-today-urgent');
  });

  it('the clinic changes its answer time and canned replies; the portal states the new time', async () => {
    const admin = await suite.open({ as: 'admin', viewport: DESK });
    await admin.goto('/app/admin/messages');
    const answer = admin.getByLabel('When the care team answers');
    await expect.poll(() => answer.inputValue(), POLL).toBe('within 2 working days');
    await axeCheck(admin);
    await answer.fill('by the end of the next working day');
    await admin.getByRole('button', { name: 'Add a canned reply' }).click();
    // A new reply without a name is refused next to its field, and nothing else is lost.
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Name the reply').first().waitFor();
    expect(await answer.inputValue()).toBe('by the end of the next working day');
    const last = admin.getByTestId('canned-reply').last();
    await last.getByLabel('Name').fill('Thanks for the update');
    await last
      .getByLabel('Text sent to the patient')
      .fill('Thank you for the update. We have noted it in your record.');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await shot(admin, 'messages-settings');

    const robin = await suite.open({ as: 'patient1', viewport: PHONE, landing: /\/portal$/ });
    await robin.goto('/portal/messages');
    await expect
      .poll(() => robin.getByTestId('messaging-terms').textContent(), POLL)
      .toMatch(/answers by the end of the next working day/);
  });
});
