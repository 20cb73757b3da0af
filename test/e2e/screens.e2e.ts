/**
 * Issue #14, part 4 ("missing or dead-end screens"), in Chromium against a real server (demo clinic, demo
 * mode): a prescriber opens Clinic outcomes from the menu and sees the figures the API counts; a therapist
 * opens today's integration visit before any dosing session and is told why only a preparation note fits,
 * and works their list of notes to write and sign; the booking form starts at a free time in the future, and
 * after booking the calendar shows the booked week with the visit outlined and the date in words; a video
 * consultation during a dosing visit the same prescriber supervises is drawn beside it, not over it, and the
 * booking check says why the overlap is allowed.
 *
 * Visits are written for today (whatever the hour: the notes list takes today's visits too) and for a week
 * three weeks ahead, so nothing depends on the day the run happens. Screenshots go to LIMINAL_SCREENSHOTS when
 * set. Accessibility (axe) on each new or changed screen. Requires `npx vite build` first.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToUtc, toLocal, weekday } from '../../src/domain/scheduling';
import { OutcomesService } from '../../src/server/features/outcomes/service';
import { SchedulingAdminService } from '../../src/server/features/scheduling/admin';
import { BookingService } from '../../src/server/features/scheduling/booking';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { systemActor } from '../../src/server/seed/demo-patients';
import { axeCheck, browserSuite, label, shot, signIn } from '../support/browser';

const suite = browserSuite();
const DESKTOP = { width: 1400, height: 1000 };
const TZ = 'America/Los_Angeles';
const ROBIN = DEMO_PATIENT_IDS[0] as string;
const SAM = DEMO_PATIENT_IDS[1] as string;

type User = { id: string; role: string; name: string; email: string };
let users: User[] = [];
const user = (role: string) => users.find((u) => u.role === role) as User;
let site = { id: '', rooms: [] as { id: string; name: string }[] };
let types = new Map<string, string>();
let today = '';
/** A Monday three weeks ahead, and days of that week. */
let monday = '';
const ahead = (n: number) => addDays(monday, n);
const ids = { samToday: '', samNoon: '', robinToday: '', dosing: '', consult: '' };

/** A therapy visit written straight into the calendar (times in the past of today are fine). */
async function therapyVisit(
  patientId: string,
  code: 'integration' | 'preparation',
  date: string,
  time: string,
): Promise<string> {
  const id = randomUUID();
  const now = suite.server.clock.now().toISOString();
  const startsAt = localToUtc(date, time, TZ);
  await suite.server.ctx.db
    .insertInto('appointments')
    .values({
      id,
      patient_id: patientId,
      enquiry_id: null,
      type_id: types.get(code) as string,
      course_id: null,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      timezone: TZ,
      location_id: site.id,
      room_id: site.rooms.find((r) => r.name === 'Office B')?.id ?? null,
      modality: 'in_person',
      video_url: null,
      patient_location_state: 'CA',
      status: 'booked',
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: null,
      escort_name: null,
      escort_phone: null,
      confirmed_at: null,
      source: 'staff',
      booked_by: null,
      sequence: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await suite.server.ctx.db
    .insertInto('appointment_staff')
    .values({ appointment_id: id, user_id: user('therapist').id, role: 'therapist', hold: 'exclusive' })
    .execute();
  return id;
}

beforeAll(async () => {
  const db = suite.server.ctx.db;
  users = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '!=', 'patient')
    .execute();
  const settings = new SchedulingAdminService(suite.server.ctx);
  const admin = systemActor(user('admin'));
  site = (await settings.locations(admin)).locations[0] as typeof site;
  types = new Map((await settings.types(admin)).types.map((t) => [t.code, t.id]));
  today = toLocal(suite.server.clock.now(), TZ).date;
  const inThree = addDays(today, 21);
  monday = addDays(inThree, -((weekday(inThree) + 6) % 7));

  // Today: Sam (an at-home course, no dosing session yet) and Robin (four sessions dosed) with the therapist.
  ids.samToday = await therapyVisit(SAM, 'integration', today, '07:00');
  ids.samNoon = await therapyVisit(SAM, 'integration', today, '12:00');
  ids.robinToday = await therapyVisit(ROBIN, 'integration', today, '08:00');
  // Three weeks ahead, Tuesday: the therapist is busy 09:00–10:00 (the booking form starts after it).
  await therapyVisit(ROBIN, 'preparation', ahead(1), '09:00');

  // Three weeks ahead, Thursday: Drew's IM dosing visit 09:30–12:00 (prescriber on site) and, inside it, a
  // video consultation with the same prescriber at 10:00.
  const desk = systemActor(user('front_desk'));
  const booking = new BookingService(suite.server.ctx);
  const patients = await db.selectFrom('patients').select(['id', 'last_name']).execute();
  const drew = patients.find((p) => p.last_name === 'Prepare')?.id as string;
  const jordan = patients.find((p) => p.last_name === 'Nasal')?.id as string;
  ids.dosing = (
    await booking.book(desk, {
      patientId: drew,
      typeId: types.get('dosing_im') as string,
      startsAt: localToUtc(ahead(3), '09:30', TZ),
      modality: 'in_person',
      locationId: site.id,
      roomId: site.rooms.find((r) => r.name === 'Chair 1')?.id,
      escortName: 'Sky Prepare',
      sendConfirmation: false,
      staff: [
        { userId: user('nurse').id, role: 'nurse' },
        { userId: user('prescriber').id, role: 'prescriber' },
      ],
    })
  ).appointment.id;
  ids.consult = (
    await booking.book(desk, {
      patientId: jordan,
      typeId: types.get('consultation') as string,
      startsAt: localToUtc(ahead(3), '10:00', TZ),
      modality: 'video',
      patientLocationState: 'CA',
      staff: [{ userId: user('prescriber').id, role: 'prescriber' }],
      sendConfirmation: false,
    })
  ).appointment.id;
});

/** A date in words as the browser writes it (the screens use the reader's locale). */
const inWords = (page: Page, date: string) =>
  page.evaluate(
    (d) =>
      new Intl.DateTimeFormat(undefined, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${d}T12:00:00Z`)),
    date,
  );

describe('screens that were missing or led nowhere (issue #14)', () => {
  it('a prescriber opens Clinic outcomes from the menu and sees the figures; a nurse has no such entry', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'prescriber@demo.liminal.test');
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await page.waitForURL(/\/app\/outcomes$/);
    await page.getByRole('heading', { name: 'Clinic outcomes', level: 1 }).waitFor();
    await page.getByText('Clinic data, not a trial').waitFor();
    const expected = (
      await new OutcomesService(suite.server.ctx).clinic(systemActor(user('prescriber')))
    ).instruments.find((i) => i.instrumentId === 'phq9');
    expect(expected?.responseRate).not.toBeNull();
    const row = page.locator('[data-testid="outcome-row"][data-instrument="phq9"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(
      `${Math.round((expected?.responseRate ?? 0) * 100)} % (${expected?.responders} of ${expected?.evaluable})`,
    );
    expect(text).toContain(
      `${Math.round((expected?.remissionRate ?? 0) * 100)} % (${expected?.remitters} of ${expected?.evaluable})`,
    );
    await page
      .getByTestId('outcome-rules')
      .filter({ hasText: 'PHQ-9' })
      .getByText(/at least a 50 % drop from baseline/)
      .waitFor();
    await axeCheck(page);
    await shot(page, 'outcomes');
    await page.getByRole('button', { name: 'Switch to dim theme' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    await axeCheck(page);
    await shot(page, 'outcomes-dim');

    const nurse = await suite.open({ viewport: DESKTOP });
    await signIn(nurse, 'nurse@demo.liminal.test');
    expect(await nurse.getByRole('link', { name: 'Outcomes' }).count()).toBe(0);
    await nurse.goto('/app/outcomes');
    await nurse.getByText('Your role does not include this page.').waitFor();
  });

  it('today’s integration visit before any dosing session: the drawer says why, and offers a preparation note', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'therapist@demo.liminal.test');
    const row = page
      .getByTestId('today-visit')
      .filter({ hasText: 'Sam Sample' })
      .filter({ hasText: /^12:00\sPM/ });
    await row.getByRole('button', { name: 'Visit note' }).click();
    const drawer = page.getByRole('dialog', { name: 'Visit' });
    const panel = drawer.getByTestId('visit-note');
    await panel
      .getByText(/^No dosing session yet in Sam’s course, so an integration note has no session to follow\./)
      .waitFor();
    await panel.getByRole('button', { name: 'Write the preparation note' }).waitFor();
    expect(await panel.getByRole('button', { name: /integration note/ }).count()).toBe(0);
    await axeCheck(page);
    await shot(page, 'integration-visit-drawer');
  });

  it('the therapist’s notes: from Today to the list, a note started from a visit, then a draft to sign', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'therapist@demo.liminal.test');
    const card = page.getByTestId('notes-due');
    await card.getByText(/\d+ visits? to write up · \d+ drafts? to sign/).waitFor();
    await card.getByRole('link', { name: 'Open my notes' }).click();
    await page.waitForURL(/\/app\/notes$/);
    await page.getByRole('heading', { name: 'My notes', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'My notes' }).count()).toBe(1);

    const toWrite = page.getByTestId('notes-to_write');
    const sam = toWrite
      .getByTestId('note-to-write')
      .filter({ hasText: 'Sam Sample' })
      .filter({ hasText: /Today, 7:00\sAM/ });
    await sam.getByText(/No dosing session yet in Sam’s course/).waitFor();
    const robin = toWrite
      .getByTestId('note-to-write')
      .filter({ hasText: 'Robin Example' })
      .filter({ hasText: /Today, 8:00\sAM/ });
    await robin.getByRole('button', { name: /^Write the integration note after session 4 \(/ }).waitFor();
    await axeCheck(page);
    await shot(page, 'my-notes');

    await sam.getByRole('button', { name: 'Write the preparation note' }).click();
    await page.waitForURL(new RegExp(`/app/patients/${SAM}/notes/`));
    const noteId = page.url().split('/').pop() as string;
    const link = await suite.server.ctx.db
      .selectFrom('note_visits')
      .select('appointment_id')
      .where('note_id', '=', noteId)
      .executeTakeFirstOrThrow();
    expect(link.appointment_id).toBe(ids.samToday);
    const note = await suite.server.ctx.db
      .selectFrom('therapy_notes')
      .select(['kind', 'session_date', 'status'])
      .where('id', '=', noteId)
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ kind: 'preparation', session_date: today, status: 'draft' });

    await page.goto('/app/notes');
    await page
      .getByTestId('note-draft')
      .filter({ hasText: 'Sam Sample' })
      .filter({ hasText: /Today, 7:00\sAM/ })
      .waitFor();
    await toWrite.getByTestId('note-to-write').first().waitFor();
    expect(await sam.count()).toBe(0);
    await page
      .getByTestId('note-draft')
      .filter({ hasText: 'Sam Sample' })
      .getByRole('link', { name: 'Continue and sign' })
      .click();
    await page.waitForURL(new RegExp(`/app/patients/${SAM}/notes/${noteId}$`));
  });

  it('the booking form starts at a free time in the future, after the chosen clinician’s visits', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    await page.goto('/app/calendar?view=week');
    await page.getByTestId('calendar-range').waitFor();
    await page.getByRole('button', { name: 'Book a visit' }).click();
    let drawer = page.getByRole('dialog', { name: 'Book a visit' });
    const date = await drawer.getByLabel(label('Date')).inputValue();
    const time = await drawer.getByLabel(label('Start time')).inputValue();
    expect(Date.parse(localToUtc(date, time, TZ)), `${date} ${time}`).toBeGreaterThan(
      suite.server.clock.now().getTime(),
    );
    expect(await drawer.getByTestId('start-passed').count()).toBe(0);
    await drawer.getByRole('button', { name: 'Close' }).last().click();

    // By clinician, on a day the therapist is taken 09:00–10:00: the form starts at 10:00.
    await page.goto(`/app/calendar?view=day&by=clinician&id=${user('therapist').id}&date=${ahead(1)}`);
    await page.getByRole('button', { name: /^Robin Example, Preparation, 9:00\sAM/ }).waitFor();
    await page.getByRole('button', { name: 'Book a visit' }).click();
    drawer = page.getByRole('dialog', { name: 'Book a visit' });
    expect(await drawer.getByLabel(label('Date')).inputValue()).toBe(ahead(1));
    expect(await drawer.getByLabel(label('Start time')).inputValue()).toBe('10:00');
  });

  it('after booking, the calendar shows the booked week with the visit outlined, and the confirmation says the date in words', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    // Booked from this week's calendar for a day three weeks ahead: the calendar goes there and outlines it.
    await page.goto('/app/calendar?view=week');
    await page.getByTestId('calendar-range').waitFor();
    await page.getByRole('button', { name: 'Book a visit' }).click();
    const drawer = page.getByRole('dialog', { name: 'Book a visit' });
    await drawer.getByRole('combobox', { name: 'Patient' }).fill('Avery');
    await page.getByRole('option', { name: /^Avery Intake/ }).click();
    await drawer.getByText('Video', { exact: true }).click();
    await drawer.getByLabel(label('Date')).fill(ahead(2));
    await drawer.getByLabel(label('Start time')).fill('14:00');
    await drawer.getByRole('combobox', { name: /^Prescriber/ }).click();
    await page.getByRole('option', { name: /^Dr\. Priya Prescott/ }).click();
    await drawer.getByText('The time is free for everyone involved.').waitFor();
    await drawer.getByRole('button', { name: 'Book visit' }).click();
    const words = await inWords(page, ahead(2));
    const toast = page.getByRole('alert').filter({ hasText: 'Visit booked' });
    await toast.waitFor();
    const said = (await toast.textContent()) ?? '';
    expect(said).toContain(`${words} at 2:00`);
    expect(said).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.waitForURL(new RegExp(`date=${ahead(2)}`));
    const booked = page.locator('[data-testid="calendar-visit"][data-highlighted="true"]');
    await booked.waitFor();
    expect(await booked.getAttribute('aria-label')).toMatch(
      /^Avery Intake, Consultation, 2:00\sPM to 3:00\sPM, Booked, just booked$/,
    );
    expect(await page.getByTestId('calendar-range').textContent()).toContain(await inWords(page, monday));
    await axeCheck(page);
    await shot(page, 'calendar-after-booking');
  });

  it('a consultation during a dosing visit the prescriber supervises is drawn beside it, and the check says why it is allowed', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    for (const view of [`by=clinician&id=${user('prescriber').id}`, `by=site&id=${site.id}`]) {
      await page.goto(`/app/calendar?view=week&${view}&date=${ahead(3)}`);
      const dosing = page.getByRole('button', { name: /^Drew Prepare, Dosing — IM, 9:30\sAM to 12:00\sPM/ });
      const consult = page.getByRole('button', {
        name: /^Jordan Nasal, Consultation, 10:00\sAM to 11:00\sAM/,
      });
      await dosing.waitFor();
      await consult.waitFor();
      const a = await dosing.boundingBox();
      const b = await consult.boundingBox();
      if (!a || !b) throw new Error('a visit is not drawn');
      const apart = a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5;
      expect(apart, `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(true);
      expect(b.width).toBeGreaterThan(40);
      // And what sits in front at the consultation's centre is the consultation, not the dosing visit.
      const top = await page.evaluate(
        ([x, y]) =>
          document
            .elementFromPoint(x as number, y as number)
            ?.closest('[data-appt]')
            ?.getAttribute('data-appt'),
        [b.x + b.width / 2, b.y + b.height / 2],
      );
      expect(top).toBe(ids.consult);
    }
    await shot(page, 'calendar-overlap');

    await page.getByRole('button', { name: 'Book a visit' }).click();
    const drawer = page.getByRole('dialog', { name: 'Book a visit' });
    await drawer.getByRole('combobox', { name: 'Patient' }).fill('Kai');
    await page.getByRole('option', { name: /^Kai Newstart/ }).click();
    await drawer.getByText('Video', { exact: true }).click();
    await drawer.getByLabel(label('Date')).fill(ahead(3));
    await drawer.getByLabel(label('Start time')).fill('11:00');
    await drawer.getByRole('combobox', { name: /^Prescriber/ }).click();
    await page.getByRole('option', { name: /^Dr\. Priya Prescott/ }).click();
    const overlaps = drawer.getByTestId('allowed-overlaps');
    await overlaps
      .getByText(
        /^Dr\. Priya Prescott supervises a Dosing — IM visit on site, 9:30\sAM–12:00\sPM on .+\. That visit needs them only on site, not with its patient, so they can see this patient at the same time, by video from Liminal Demo Clinic — Oakland\.$/,
      )
      .waitFor();
    await drawer.getByText('No clashes: the booking can go ahead.').waitFor();
    expect(await overlaps.textContent()).not.toContain('Drew');
    await axeCheck(page);
    await shot(page, 'booking-allowed-overlap');
  });
});
