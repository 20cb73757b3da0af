/**
 * The integration journal (issue #17) in Chromium against a real server (demo clinic, demo mode), patients on a
 * 390×844 phone: Sam writes an intention before the at-home session and sees it again at check-in; Robin writes
 * an intention before the in-clinic dosing visit, sees it on the portal on the day, writes a reflection that
 * evening and shares it; the therapist finds it in the chart and inserts it, quoted with its date, into the
 * integration note. axe runs on every new screen. Requires `npx vite build` first; screenshots go to
 * LIMINAL_SCREENSHOTS when set.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { advanceClocks, axeCheck, browserSuite, label, shot, signIn } from '../support/browser';
import { apiCall } from './session-console.helpers';

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };
const MIN = 60_000;
const ROBIN = DEMO_PATIENT_IDS[0] as string;

const phone = (email: string) => suite.open({ as: email, viewport: PHONE, landing: /\/portal$/ });

async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Opens the journal from the portal's home card; the privacy notice is there before anything is written. */
async function openJournal(page: Page) {
  await page.getByTestId('portal-journal-card').getByRole('link', { name: 'Open your journal' }).click();
  await page.waitForURL(/\/portal\/journal$/);
  await page.getByText('Your journal is private').waitFor();
  await expect(page.getByText(/Private entries never notify anyone/).isVisible()).resolves.toBe(true);
  await expect(page.getByTestId('crisis-bar').isVisible()).resolves.toBe(true);
}

/** Answers a due prompt: types, waits for the server's "Saved", and returns to the list. */
async function answer(page: Page, promptTitle: string, button: string, text: string, share = false) {
  const prompt = page.getByTestId('journal-prompt').filter({ hasText: promptTitle });
  await prompt.getByRole('button', { name: button }).click();
  const box = page.getByRole('textbox', { name: label(promptTitle) });
  await box.fill(text);
  await page
    .getByTestId('journal-save-state')
    .filter({ hasText: /^Saved · private/ })
    .waitFor();
  if (share) {
    await page.getByRole('button', { name: 'Share with my care team' }).click();
    await page
      .getByTestId('journal-save-state')
      .filter({ hasText: /shared with your care team/ })
      .waitFor();
  }
  await axeCheck(page);
  await fitsThePhone(page);
}

describe('the clinic’s prompts', () => {
  it('an admin edits a prompt as a new version and the patient’s portal asks it in the new words', {
    timeout: 120_000,
  }, async () => {
    const admin = await suite.open({ as: 'admin@demo.liminal.test' });
    await admin.goto('/app/admin/journal');
    await admin.getByText('In use: the prompts shipped with Liminal.').waitFor();
    await axeCheck(admin);
    await shot(admin, 'journal-prompts-admin');
    const section = admin.getByRole('region', { name: /^Intention: before a dosing session/ });
    const title = section.getByRole('textbox', { name: label('Title') });
    await title.fill('');
    await admin.getByRole('button', { name: 'Save as a new version' }).click();
    // An empty title is refused, naming the field; what was typed elsewhere is kept.
    await section.getByText('Give the prompt a title').waitFor();
    await title.fill('What do you hope for this time?');
    await admin.getByRole('button', { name: 'Save as a new version' }).click();
    await admin.getByText(/^In use: version 1, saved /).waitFor();

    // Robin's due intention prompt now asks it in the clinic's words.
    const robin = await phone('patient1@demo.liminal.test');
    await openJournal(robin);
    await robin
      .getByTestId('journal-prompt')
      .filter({ hasText: 'What do you hope for this time?' })
      .waitFor();

    // Back to the shipped text, as a further version (the journeys below use the shipped prompts).
    await section.getByRole('button', { name: 'Use the shipped text' }).click();
    await admin.getByRole('button', { name: 'Save as a new version' }).click();
    await admin.getByText(/^In use: version 2, saved /).waitFor();
  });
});

describe('the integration journal', () => {
  it('Sam writes an intention before the at-home session and sees it again at check-in', {
    timeout: 180_000,
  }, async () => {
    const sam = await phone('patient2@demo.liminal.test');
    await openJournal(sam);
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'journal-portal-sam');

    const intention = 'To let whatever comes up come, without judging it.';
    await answer(sam, 'Set an intention for your session', 'Write your intention', intention);
    await shot(sam, 'journal-editor-saved');
    await sam.getByRole('button', { name: 'Done' }).click();
    const entry = sam.getByTestId('journal-entry').filter({ hasText: intention });
    await entry.waitFor();
    await expect(entry.getByText('Private', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(
      sam.getByTestId('journal-prompt').filter({ hasText: 'Set an intention' }).count(),
    ).resolves.toBe(0);
    await shot(sam, 'journal-entry-private');

    // At check-in, the intention from the journal is shown again and can be used as today's.
    await sam.getByRole('link', { name: 'Back to your portal' }).click();
    await sam.getByTestId('portal-at-home-card').getByRole('link', { name: 'Start check-in' }).click();
    await sam.getByTestId('step-mood').waitFor();
    const shown = sam.getByTestId('checkin-journal-intention');
    await shown.getByText(intention).waitFor();
    await shown.getByRole('button', { name: 'Use it for today' }).click();
    await expect(
      sam.getByRole('textbox', { name: label('Your intention for today') }).inputValue(),
    ).resolves.toBe(intention);
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'journal-checkin-intention');

    // Crisis language in a private entry: resources at once, and plain words that no one has been told.
    await sam.goto('/portal/journal');
    await sam.getByRole('button', { name: 'New entry' }).click();
    await sam
      .getByRole('textbox', { name: label('Write freely') })
      .fill('Tonight I feel like I want to die.');
    const help = sam.getByTestId('crisis-resources');
    await help.waitFor();
    await help.getByText(/This entry is private: no one at the clinic has been told/).waitFor();
    await expect(help.getByRole('link', { name: 'Call 988' }).isVisible()).resolves.toBe(true);
    await axeCheck(sam);
    await fitsThePhone(sam);
    await shot(sam, 'journal-crisis-private');
  });

  it('Robin reflects after the dosing visit and shares it; the therapist quotes it into the integration note', {
    timeout: 240_000,
  }, async () => {
    const robin = await phone('patient1@demo.liminal.test');
    await openJournal(robin);
    // The demo's private entry is Robin's alone; the withdrawn one is marked as such.
    await robin.getByTestId('journal-entry').filter({ hasText: 'A quiet day' }).waitFor();
    await robin.getByText(/you stopped sharing/).waitFor();
    const intention = 'To stay curious about the grief instead of pushing it away.';
    await answer(robin, 'Set an intention for your session', 'Write your intention', intention);
    await robin.getByRole('button', { name: 'Done' }).click();
    await robin.getByTestId('journal-entry').filter({ hasText: intention }).waitFor();

    // The morning of the visit: the portal's home shows the intention for today's session.
    const mine = await apiCall<{
      entries: { kind: string; body: string; session: { startsAt: string } | null }[];
    }>(robin, 'GET', '/api/portal/journal');
    const dose = Date.parse(mine.entries.find((e) => e.body === intention)?.session?.startsAt ?? '');
    expect(Number.isNaN(dose)).toBe(false);
    const now = await robin.evaluate(() => Date.now());
    await advanceClocks(suite.server, suite.contexts, dose - 90 * MIN - now);
    await signIn(robin, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    await robin.getByTestId('todays-intention').getByText(intention).waitFor();
    await axeCheck(robin);
    await shot(robin, 'journal-portal-todays-intention');

    // Robin shares the intention; the nurse sees it on the console before the dose.
    await openJournal(robin);
    const intentionCard = robin.getByTestId('journal-entry').filter({ hasText: intention });
    await intentionCard.getByRole('button', { name: 'Share with my care team' }).click();
    await intentionCard.getByText(/^Shared with your care team on /).waitFor();
    const nurse = await suite.open({ as: 'nurse@demo.liminal.test' });
    const robinCourses = await apiCall<{ courses: { id: string; status: string }[] }>(
      nurse,
      'GET',
      `/api/patients/${ROBIN}/courses`,
    );
    const active = robinCourses.courses.find((c) => c.status === 'active');
    const started = await apiCall<{ id: string }>(
      nurse,
      'POST',
      `/api/patients/${ROBIN}/courses/${active?.id}/sessions`,
      { overrides: [] },
    );
    await nurse.goto(`/app/patients/${ROBIN}/sessions/${started.id}`);
    await nurse.getByTestId('shared-intention').getByText(intention).waitFor();
    await axeCheck(nurse);
    await shot(nurse, 'journal-console-intention');

    // That evening: the reflection prompt; Robin writes and shares it.
    await advanceClocks(suite.server, suite.contexts, 90 * MIN + 10 * 60 * MIN);
    await signIn(robin, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    await openJournal(robin);
    const reflection = 'A memory of the lake came back. I felt light, and I want to swim again this summer.';
    await answer(robin, 'This evening: what came up?', 'Write a reflection', reflection, true);
    await shot(robin, 'journal-reflection-shared');
    await robin.getByRole('button', { name: 'Done' }).click();
    const card = robin.getByTestId('journal-entry').filter({ hasText: reflection });
    await card.getByText(/^Shared with your care team on /).waitFor();

    // The therapist: the chart's journal tab shows it, not the private or withdrawn text.
    const therapist = await suite.open({ as: 'therapist@demo.liminal.test' });
    await therapist.goto(`/app/patients/${ROBIN}?tab=journal`);
    const chart = therapist.getByTestId('chart-journal');
    await chart.getByText(reflection).waitFor();
    await chart.getByText('The patient stopped sharing this entry; its text is not shown.').waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees
    const seen = await chart.innerText();
    expect(seen).not.toContain('A quiet day');
    expect(seen).not.toContain('decided to keep it for myself');
    await axeCheck(therapist);
    await shot(therapist, 'journal-chart');
    // A care task links straight to an entry: the chart opens on the journal tab, scrolled to it.
    const shared = await apiCall<{ entries: { id: string; body: string | null }[] }>(
      therapist,
      'GET',
      `/api/patients/${ROBIN}/journal`,
    );
    const sharedId = shared.entries.find((e) => e.body === reflection)?.id;
    await therapist.goto('/app');
    await therapist.goto(`/app/patients/${ROBIN}#journal-entry-${sharedId}`);
    await therapist.locator(`#journal-entry-${sharedId}`).getByText(reflection).waitFor();
    await therapist.waitForFunction((id) => {
      const r = document.getElementById(id)?.getBoundingClientRect();
      return !!r && r.top >= 0 && r.top < window.innerHeight;
    }, `journal-entry-${sharedId}`);

    // The integration note offers it, quoted with its date.
    const courses = await apiCall<{
      courses: {
        id: string;
        status: string;
        sessions: { id: string; startedAt: string; firstDoseAt: string | null }[];
      }[];
    }>(therapist, 'GET', `/api/patients/${ROBIN}/courses`);
    const course = courses.courses.find((c) => c.status === 'active');
    const today = await therapist.evaluate(() => new Date().toLocaleDateString('en-CA'));
    const note = await apiCall<{ id: string }>(
      therapist,
      'POST',
      `/api/patients/${ROBIN}/courses/${course?.id}/notes`,
      {
        kind: 'integration',
        sessionDate: today,
        // The course's last dosed session (the demo's; the visit today was booked, not run on the console).
        dosingSessionId: course?.sessions.filter((x) => x.firstDoseAt).at(-1)?.id,
      },
    );
    await therapist.goto(`/app/patients/${ROBIN}/notes/${note.id}`);
    const offers = therapist.getByTestId('journal-offers');
    const offer = offers.getByTestId('journal-offer').filter({ hasText: reflection });
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Insert quoted' }).click();
    const themes = therapist.getByRole('textbox', { name: label('Themes') });
    await expect(themes.inputValue()).resolves.toMatch(
      new RegExp(
        `^Patient’s journal \\(reflection, [A-Z][a-z]{2} \\d{1,2}, \\d{4}\\): “${reflection.replace(/[.]/g, '\\.')}”$`,
      ),
    );
    await axeCheck(therapist);
    await shot(therapist, 'journal-note-quoted');
  });
});
