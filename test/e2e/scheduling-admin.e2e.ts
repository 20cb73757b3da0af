/**
 * Issue #9, scheduling setup, in Chromium against a real server (fresh database, demo clinic seeded, demo mode
 * on): an admin adds a site with a chair, edits the consultation's length (a default below the minimum is
 * refused next to the field, and what was typed stays), sets the reminder intervals and gives a clinician
 * working hours; a clinician creates their calendar feed URL on the profile page and the URL serves an
 * iCalendar. axe runs on every tab. Works whether or not the demo seed has sites. Requires `npx vite build`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeCheck, axeInBothThemes, browserSuite, label, shot } from '../support/browser';

const suite = browserSuite();
const SITE = 'Harbor Street clinic';

const signedIn = (who: string) => suite.open({ as: who, timeout: 15_000 });

/** Waits for a toast with this title, then dismisses it so it cannot cover the next control. */
async function toast(page: Page, title: string): Promise<void> {
  const alert = page.locator('.mantine-Notification-root').filter({ hasText: title });
  await alert.first().waitFor();
  await alert.first().getByRole('button', { name: 'Dismiss notification' }).click();
}

describe('scheduling setup (admin)', () => {
  let page: Page;

  it('opens from the navigation, on the sites tab, and passes axe with an empty or seeded clinic', async () => {
    page = await signedIn('admin');
    await page.getByRole('link', { name: 'Scheduling setup' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scheduling setup' }).waitFor();
    await page.getByRole('tab', { name: 'Sites and rooms', selected: true }).waitFor();
    // Either the empty state or the seeded sites, once loaded.
    await page.getByRole('button', { name: 'Add a site' }).waitFor();
    await page.getByRole('status', { name: 'Loading sites' }).waitFor({ state: 'detached' });
    await axeCheck(page);
  });

  it('adds a site with a dosing chair', async () => {
    await page.getByRole('button', { name: 'Add a site' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a site' });
    await dialog.getByLabel(label('Name')).fill(SITE);
    await dialog.getByLabel(label('Address line 1')).fill('12 Harbor Street');
    await dialog.getByLabel(label('City')).fill('Oakland');
    await dialog.getByLabel(label('State')).selectOption('CA');
    await dialog.getByLabel(label('ZIP code')).fill('946');
    await dialog.getByLabel(label('Time zone')).fill('Los Angeles');
    await page.getByRole('option', { name: 'Pacific time (Los Angeles)' }).click();
    await dialog.getByRole('switch', { name: /Certified for esketamine/ }).check();
    await dialog.getByRole('button', { name: 'Add site' }).click();
    // The ZIP code is checked before anything is sent; the rest stays as typed.
    await dialog.getByText('Use a 5-digit ZIP code').waitFor();
    await expect(dialog.getByLabel(label('Name')).inputValue()).resolves.toBe(SITE);
    await axeCheck(page);
    await dialog.getByLabel(label('ZIP code')).fill('94607');
    await dialog.getByRole('button', { name: 'Add site' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, 'Site added');

    const card = page.getByTestId('site-card').filter({ hasText: SITE });
    await card.getByText('Esketamine certified').waitFor();
    await card.getByText('Times in Pacific time (Los Angeles)').waitFor();
    await card.getByText(/No rooms or chairs yet/).waitFor();
    await card.getByRole('button', { name: `Add a room to ${SITE}` }).click();
    const roomDialog = page.getByRole('dialog', { name: `Add a room or chair to ${SITE}` });
    await roomDialog.getByLabel(label('Room name')).fill('Chair 1');
    await roomDialog.getByLabel(label('Kind')).selectOption('chair');
    await roomDialog.getByRole('button', { name: 'Add room' }).click();
    await roomDialog.waitFor({ state: 'detached' });
    await toast(page, 'Room added');
    const row = card.getByTestId('room-row').filter({ hasText: 'Chair 1' });
    await row.getByText('Dosing chair').waitFor();
    await row.getByText('In use').waitFor();
    await axeInBothThemes(page);
    await shot(page, 'scheduling-sites');
  });

  it('edits the consultation length: a default below the minimum is refused at the field, input kept', async () => {
    await page.getByRole('tab', { name: 'Visit types' }).click();
    const row = page
      .getByTestId('type-row')
      .filter({ has: page.getByRole('rowheader', { name: /^Consultation/ }) });
    await row.waitFor();
    await axeInBothThemes(page);
    await row.getByRole('button', { name: 'Edit Consultation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit visit type: Consultation' });
    await dialog.getByLabel(label('Shortest')).fill('30');
    await dialog.getByLabel(label('Default length')).fill('20');
    await dialog.getByRole('button', { name: 'Save visit type' }).click();
    await dialog.getByText('The default length must lie between the minimum and the maximum').waitFor();
    await expect(dialog.getByLabel(label('Default length')).inputValue()).resolves.toBe('20');
    await expect(dialog.getByLabel(label('Default length')).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    // Focus moves to the field, which may be scrolled out of sight in the long dialog.
    await expect
      .poll(() => dialog.getByLabel(label('Default length')).evaluate((el) => el === document.activeElement))
      .toBe(true);
    await axeCheck(page);
    await shot(page, 'scheduling-type-error');

    await dialog.getByLabel(label('Default length')).fill('45');
    await dialog.getByRole('button', { name: 'Save visit type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, 'Visit type saved');
    await row.getByText('45 min').waitFor();
  });

  it('shows a clash with someone else’s edit without losing what was typed', async () => {
    const row = page
      .getByTestId('type-row')
      .filter({ has: page.getByRole('rowheader', { name: /^Consultation/ }) });
    await row.getByRole('button', { name: 'Edit Consultation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit visit type: Consultation' });
    await dialog.getByLabel(label('Label patients see')).fill('First consultation');
    // Meanwhile another admin saves the type (through the API, with the same session).
    const changed = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const list = await (await fetch('/api/admin/scheduling/types')).json();
      const { id, ...rest } = list.types.find((x: { code: string }) => x.code === 'consultation');
      const res = await fetch(`/api/admin/scheduling/types/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.session.csrfToken },
        body: JSON.stringify({
          ...rest,
          instructions: `${rest.instructions} Please arrive 10 minutes early.`,
        }),
      });
      return res.status;
    });
    expect(changed).toBe(200);
    await dialog.getByRole('button', { name: 'Save visit type' }).click();
    const clash = dialog.getByTestId('type-conflict');
    await clash.getByText('Someone else changed this visit type').waitFor();
    await expect(dialog.getByLabel(label('Label patients see')).inputValue()).resolves.toBe(
      'First consultation',
    );
    await axeCheck(page);
    await clash.getByRole('button', { name: 'Save mine over theirs' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, 'Visit type saved');
    await row.getByText('First consultation').waitFor();
  });

  it('says integration visits come after the dosing visit, and lets the admin turn that off', async () => {
    const row = page
      .getByTestId('type-row')
      .filter({ has: page.getByRole('rowheader', { name: /^Integration/ }) });
    await row.getByText('After dosing').waitFor();
    await row.getByRole('button', { name: 'Edit Integration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit visit type: Integration' });
    const follows = dialog.getByRole('switch', { name: "Comes after the patient's dosing visit" });
    await expect(follows.isChecked()).resolves.toBe(true);
    await follows.scrollIntoViewIfNeeded();
    await axeCheck(page);
    await shot(page, 'scheduling-type-after-dosing');
    await follows.uncheck();
    await dialog.getByRole('button', { name: 'Save visit type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, 'Visit type saved');
    await row.getByText('After dosing').waitFor({ state: 'detached' });
    const saved = await suite.server.ctx.db
      .selectFrom('appointment_types')
      .select('after_dosing')
      .where('code', '=', 'integration')
      .executeTakeFirstOrThrow();
    expect(Number(saved.after_dosing)).toBe(0);
    // A dosing visit cannot follow a dosing visit: the form does not offer the switch.
    await page
      .getByTestId('type-row')
      .filter({ has: page.getByRole('rowheader', { name: /^Dosing — IM/ }) })
      .getByRole('button', { name: /^Edit Dosing — IM/ })
      .click();
    const dosing = page.getByRole('dialog', { name: /^Edit visit type: Dosing — IM/ });
    await dosing.getByLabel(label('Default length')).waitFor();
    await expect(
      dosing.getByRole('switch', { name: "Comes after the patient's dosing visit" }).count(),
    ).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await dosing.waitFor({ state: 'detached' });
  });

  it('sets the reminder intervals', async () => {
    await page.getByRole('tab', { name: 'Reminders and policy' }).click();
    const form = page.getByRole('form', { name: 'Reminders and policy' });
    await form.getByTestId('reminder-row').first().waitFor();
    await axeCheck(page);
    // Start from a known list: remove what is there, then add 72 h and 3 h 30 min.
    while ((await form.getByTestId('reminder-row').count()) > 0) {
      await form.getByRole('button', { name: 'Remove reminder 1' }).click();
    }
    await form.getByRole('button', { name: 'Add a reminder' }).click();
    await form.getByLabel('Reminder 1: hours before').fill('72');
    await form.getByRole('button', { name: 'Add a reminder' }).click();
    await form.getByLabel('Reminder 2: hours before').fill('0');
    await form.getByLabel('Reminder 2: and minutes').fill('10');
    await form.getByRole('button', { name: 'Save reminders and policy' }).click();
    await form.getByText('Between 15 minutes and 14 days (336 hours) before the visit').waitFor();
    await expect(form.getByLabel('Reminder 2: and minutes').inputValue()).resolves.toBe('10');
    await form.getByLabel('Reminder 2: hours before').fill('3');
    await form.getByLabel('Reminder 2: and minutes').fill('30');
    await form
      .getByTestId('reminder-summary')
      .getByText('3 days, then 3 h 30 min', { exact: false })
      .waitFor();
    await form.getByLabel(label('Notice needed (hours)')).fill('48');
    await form.getByRole('button', { name: 'Save reminders and policy' }).click();
    await toast(page, 'Reminders and policy saved');
    await axeCheck(page);

    const saved = await page.evaluate(async () => (await fetch('/api/admin/scheduling/settings')).json());
    expect(saved).toMatchObject({
      reminderOffsetsMinutes: [72 * 60, 3 * 60 + 30],
      patientCancelNoticeHours: 48,
    });
  });

  it('gives a clinician working hours and time off, and can turn off their calendar feed', async () => {
    await page.getByRole('tab', { name: 'Staff hours' }).click();
    const staff = page.getByRole('combobox', { name: 'Staff member' });
    await staff.waitFor();
    await axeCheck(page);
    await staff.click();
    await page.getByRole('option', { name: /Priya Prescott/ }).click();
    const hours = page.getByRole('form', { name: /Working hours of Dr\. Priya Prescott/ });
    await hours.waitFor();
    const tuesday = hours.getByTestId('weekday-Tuesday');
    // Whatever the seed gave her on Tuesday, replace it with one window at the new site.
    while ((await tuesday.getByRole('button', { name: /^Remove Tuesday/ }).count()) > 0) {
      await tuesday
        .getByRole('button', { name: /^Remove Tuesday/ })
        .first()
        .click();
    }
    await tuesday.getByRole('button', { name: 'Add hours on Tuesday' }).click();
    await tuesday.getByLabel('Tuesday 1: site').selectOption({ label: SITE });
    await tuesday.getByLabel('Tuesday 1: from').fill('13:00');
    await tuesday.getByLabel('Tuesday 1: until').fill('09:00');
    await hours.getByRole('button', { name: 'Save working hours' }).click();
    await tuesday.getByText('The end must be after the start').waitFor();
    await tuesday.getByLabel('Tuesday 1: until').fill('17:30');
    await hours.getByRole('button', { name: 'Save working hours' }).click();
    await toast(page, 'Working hours saved');
    await axeCheck(page);

    const add = page.getByRole('form', { name: 'Add time off' });
    await add.getByLabel(label('Away from')).fill('2030-03-04T09:00');
    await add.getByLabel(label('Back at')).fill('2030-03-06T17:00');
    await add.getByLabel('Reason (optional)').fill('Conference');
    await add.getByRole('button', { name: 'Add time off' }).click();
    await toast(page, 'Time off recorded');
    await page.getByTestId('time-off-row').filter({ hasText: 'Conference' }).waitFor();
    await axeCheck(page);
    await shot(page, 'scheduling-staff-hours');

    await page.getByRole('button', { name: 'Turn off calendar feed' }).click();
    const confirm = page.getByRole('dialog', { name: /Turn off Dr\. Priya Prescott’s calendar feed/ });
    await axeCheck(page);
    await confirm.getByRole('button', { name: 'Turn off feed' }).click();
    await confirm.waitFor({ state: 'detached' });
    await toast(page, 'Calendar feed turned off');

    const { hours: saved } = await page.evaluate(async () => {
      const list = await (await fetch('/api/admin/scheduling/staff')).json();
      const priya = list.staff.find((s: { name: string }) => s.name.includes('Priya'));
      return (await fetch(`/api/admin/scheduling/staff/${priya.id}`)).json();
    });
    expect(saved.filter((h: { weekday: number }) => h.weekday === 2)).toMatchObject([
      { weekday: 2, start: '13:00', end: '17:30', timezone: 'America/Los_Angeles' },
    ]);
  });
});

describe('calendar feed (clinician)', () => {
  it('creates a feed URL on the profile page that serves an iCalendar, and turns it off', async () => {
    const page = await signedIn('prescriber');
    await page.goto('/app/profile');
    const card = page.getByTestId('calendar-feed');
    await card.getByText('Your calendar feed is off.').waitFor();
    await axeCheck(page);
    await card.getByRole('button', { name: 'Create feed URL' }).click();
    await toast(page, 'Calendar feed created');
    const url = await card.getByTestId('feed-url').inputValue();
    expect(url).toMatch(/\/api\/ical\/[^/]+\.ics$/);
    await card.getByText('On', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Copy URL' }).waitFor();
    await axeInBothThemes(page);
    await shot(page, 'calendar-feed');

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const body = await res.text();
    expect(body.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(body.trimEnd().endsWith('END:VCALENDAR')).toBe(true);

    await card.getByRole('button', { name: 'Turn off' }).click();
    const confirm = page.getByRole('dialog', { name: 'Turn off your calendar feed?' });
    await confirm.getByRole('button', { name: 'Turn off feed' }).click();
    await confirm.waitFor({ state: 'detached' });
    await card.getByText('Your calendar feed is off.').waitFor();
    expect((await fetch(url)).status).toBe(404);
  });
});
