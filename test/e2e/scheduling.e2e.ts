/**
 * Issue #9, "Scheduling", in Chromium against a real server (fresh database, demo clinic with its calendar,
 * demo mode on so staff sign in without two-factor codes, mail captured by a local SMTP server):
 *
 *   the front desk books a video consultation from the calendar with the live check, and the patient
 *   confirms it from the emailed link → in the week view, dragging a visit onto a time its therapist is
 *   busy is refused with the reason, and dragging it to a free time moves it → Robin, on a phone, changes
 *   the time of her integration visit and is offered times only after the treatment session it follows →
 *   she cancels a visit in the portal and books a new time with the same clinician → a dosing visit booked
 *   for today is on the nurse's Today board, with the way into the session → with self-booking on, the front
 *   desk sends an enquirer a booking link and they choose their own consultation time (the link then stops
 *   working).
 *
 * The server and the browsers keep the test clock (test/support/clock.ts: a Tuesday morning in the clinic
 * unless LIMINAL_TEST_NOW says otherwise), and the demo's week is seeded around it. Visits the drag test moves
 * are booked through the services two weeks ahead. test/e2e/scheduling-instants.e2e.ts runs the portal and
 * Today journeys at other hours and on the days the clocks change. Accessibility (axe, serious/critical fail)
 * on the calendar, the booking drawer, the visit link page, the portal and Today. Requires `npx vite build`.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatLocal, localToUtc, toLocal, weekday } from '../../src/domain/scheduling';
import { SchedulingAdminService } from '../../src/server/features/scheduling/admin';
import { BookingService } from '../../src/server/features/scheduling/booking';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { systemActor } from '../../src/server/seed/demo-patients';
import { axeCheck, browserSuite, label, setDim, shot, signIn } from '../support/browser';

const suite = browserSuite();
const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };
const TZ = 'America/Los_Angeles';
const ROBIN = DEMO_PATIENT_IDS[0] as string;
const SAM = DEMO_PATIENT_IDS[1] as string;

/** The week the tests work in: Monday two weeks from now (local to the clinic). */
let monday = '';
const day = (n: number) => addDays(monday, n);
const ids = { robinVisit: '', jordan: '', avery: '', therapist: '', todayDosing: '' };

beforeAll(async () => {
  const db = suite.server.ctx.db;
  const today = toLocal(suite.server.clock.now(), TZ).date;
  const inTwoWeeks = addDays(today, 14);
  monday = addDays(inTwoWeeks, -((weekday(inTwoWeeks) + 6) % 7));
  const users = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '!=', 'patient')
    .execute();
  const user = (role: string) => users.find((u) => u.role === role) as (typeof users)[number];
  ids.therapist = user('therapist').id;
  const patients = await db.selectFrom('patients').select(['id', 'last_name']).execute();
  ids.jordan = patients.find((p) => p.last_name === 'Nasal')?.id as string;
  ids.avery = patients.find((p) => p.last_name === 'Intake')?.id as string;
  const desk = systemActor(user('front_desk'));
  const admin = systemActor(user('admin'));
  const booking = new BookingService(suite.server.ctx);
  const settings = new SchedulingAdminService(suite.server.ctx);
  const site = (await settings.locations(admin)).locations[0] as {
    id: string;
    rooms: { id: string; name: string }[];
  };
  const room = (name: string) => site.rooms.find((r) => r.name === name)?.id as string;
  const types = new Map((await settings.types(admin)).types.map((t) => [t.code, t.id]));
  const therapy = (patientId: string, date: string, time: string, roomName: string) =>
    booking.book(desk, {
      patientId,
      typeId: types.get('integration') as string,
      startsAt: localToUtc(date, time, TZ),
      modality: 'in_person',
      locationId: site.id,
      roomId: room(roomName),
      staff: [{ userId: ids.therapist, role: 'therapist' }],
      sendConfirmation: false,
    });
  await therapy(SAM, day(1), '10:00', 'Office B');
  ids.robinVisit = (await therapy(ROBIN, day(2), '10:00', 'Office B')).appointment.id;
  // A dosing visit today, whatever the hour: the nurse and prescriber work around the clock for this test.
  for (const u of [user('nurse').id, user('prescriber').id])
    await settings.setHours(admin, u, {
      hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        locationId: site.id,
        weekday,
        start: '00:00',
        end: '23:59',
      })),
    });
  const start = toLocal(suite.server.clock.now(), TZ).time < '02:00' ? '00:05' : '00:30';
  ids.todayDosing = (
    await booking.book(desk, {
      patientId: ids.jordan,
      typeId: types.get('dosing_esketamine') as string,
      startsAt: localToUtc(today, start, TZ),
      modality: 'in_person',
      locationId: site.id,
      roomId: room('Chair 2'),
      staff: [
        { userId: user('nurse').id, role: 'nurse' },
        { userId: user('prescriber').id, role: 'prescriber' },
      ],
      escortName: 'Pat Nasal',
      sendConfirmation: false,
    })
  ).appointment.id;
});

/** Centre of a calendar column at a local time, plus a few pixels (where a drag should land). */
async function pointAt(page: Page, date: string, time: string) {
  const col = page.getByTestId(`calendar-column-${date}`);
  const box = await col.boundingBox();
  const dayStart = Number(await col.getAttribute('data-day-start'));
  if (!box) throw new Error(`no column for ${date}`);
  const [h, m] = time.split(':').map(Number);
  return { x: box.x + box.width / 2, y: box.y + ((h as number) * 60 + (m as number) - dayStart) * 1.1 + 6 };
}

async function drag(page: Page, name: RegExp, to: { x: number; y: number }) {
  const block = page.getByRole('button', { name });
  const box = await block.boundingBox();
  if (!box) throw new Error('visit not on the calendar');
  await page.mouse.move(box.x + box.width / 2, box.y + 6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + 20, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  // The preview asks the server whether the slot is free before the drop.
  await page.getByTestId('drag-preview').filter({ hasNotText: 'Checking…' }).waitFor();
  await page.mouse.up();
}

describe('scheduling in the browser', () => {
  it('front desk books a video consultation with the live check; the patient confirms from the email', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    await page.getByRole('link', { name: 'Calendar' }).click();
    await page.waitForURL(/\/app\/calendar/);
    await page.goto(`/app/calendar?view=week&date=${day(3)}`);
    await page.getByTestId('calendar-range').waitFor();
    await axeCheck(page);

    await page.getByRole('button', { name: 'Book a visit' }).click();
    const drawer = page.getByRole('dialog', { name: 'Book a visit' });
    await drawer.getByRole('combobox', { name: 'Patient' }).fill('Avery');
    await page.getByRole('option', { name: /^Avery Intake/ }).click();
    await drawer.getByText('Video', { exact: true }).click();
    await drawer.getByLabel(label('Date')).fill(day(3));
    await drawer.getByLabel(label('Start time')).fill('10:00');
    await drawer.getByRole('combobox', { name: /^Prescriber/ }).click();
    await page.getByRole('option', { name: /^Dr\. Priya Prescott/ }).click();
    await drawer.getByText('The time is free for everyone involved.').waitFor();
    await axeCheck(page);
    await drawer.getByRole('button', { name: 'Book visit' }).click();
    await page.getByText('Visit booked').waitFor();
    await page
      .getByRole('button', { name: /^Avery Intake, Consultation, 10:00 AM to 11:00 AM, Booked/ })
      .waitFor();

    const row = await suite.server.ctx.db
      .selectFrom('appointments')
      .select(['id', 'modality', 'starts_at', 'status'])
      .where('patient_id', '=', ids.avery)
      .where('starts_at', '=', localToUtc(day(3), '10:00', TZ))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ modality: 'video', status: 'booked' });

    // The confirmation email carries a link to confirm, cancel or add the visit to a calendar.
    const mail = await suite.server.waitForMail(
      (m) => m.to.includes('avery.intake@example.test') && /booked/.test(m.subject),
    );
    expect(mail.raw).toMatch(/text\/calendar/);
    const link = /\/visit#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0] as string;
    const visitor = await suite.open({ viewport: PHONE });
    await visitor.goto(link);
    await visitor.getByRole('heading', { name: /Your visit with/ }).waitFor();
    await visitor.getByText('By video: we will send you the link.').waitFor();
    await axeCheck(visitor);
    await visitor.getByRole('button', { name: 'I will be there' }).click();
    await visitor.getByText('you confirmed you are coming').waitFor();
    const confirmed = await suite.server.ctx.db
      .selectFrom('appointments')
      .select('confirmed_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(confirmed.confirmed_at).toBeTruthy();
  });

  it('drag to move: a clash is refused with the reason and nothing changes; a free time moves the visit', async () => {
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    await page.goto(`/app/calendar?view=week&date=${day(2)}`);
    const robin = /^Robin Example, Integration, 10:00 AM to 11:00 AM/;
    await page.getByRole('button', { name: robin }).waitFor();

    // Onto Tuesday 10:00, when the therapist is with Sam: refused, with who is busy.
    await drag(page, robin, await pointAt(page, day(1), '10:00'));
    const refused = page.getByTestId('move-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Theo Thorne/);
    const still = await suite.server.ctx.db
      .selectFrom('appointments')
      .select(['starts_at', 'status'])
      .where('id', '=', ids.robinVisit)
      .executeTakeFirstOrThrow();
    expect(still).toEqual({ starts_at: localToUtc(day(2), '10:00', TZ), status: 'booked' });
    await axeCheck(page);

    // Onto Wednesday 11:30: free, so it moves (and the patient is told).
    await drag(page, robin, await pointAt(page, day(2), '11:30'));
    await page.getByText('Visit moved').waitFor();
    await page.getByRole('button', { name: /^Robin Example, Integration, 11:30 AM to 12:30 PM/ }).waitFor();
    const moved = await suite.server.ctx.db
      .selectFrom('appointments')
      .select(['starts_at', 'version'])
      .where('id', '=', ids.robinVisit)
      .executeTakeFirstOrThrow();
    expect(moved.starts_at).toBe(localToUtc(day(2), '11:30', TZ));
    expect(Number(moved.version)).toBe(2);

    // The visit drawer from the keyboard: the block is a button.
    await page.getByRole('button', { name: /^Robin Example, Integration, 11:30 AM/ }).focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Visit' });
    await drawer.getByText('Theo Thorne, LMFT (Therapist)').waitFor();
    await axeCheck(page);
  });

  it('Robin changes the time of her integration visit: the times start once her treatment session has ended', async () => {
    // The demo clinic's week: Robin's IM dosing visit 09:30–12:00, her integration visit the next weekday.
    const robins = await suite.server.ctx.db
      .selectFrom('appointments as a')
      .innerJoin('appointment_types as t', 't.id', 'a.type_id')
      .select(['a.id', 'a.starts_at', 'a.ends_at', 't.category'])
      .where('a.patient_id', '=', ROBIN)
      .where('a.status', '=', 'booked')
      .where('a.starts_at', '<', localToUtc(monday, '00:00', TZ))
      .orderBy('a.starts_at')
      .execute();
    const dose = robins.find((a) => a.category === 'dosing') as (typeof robins)[number];
    const visit = robins.find((a) => a.category === 'integration') as (typeof robins)[number];
    expect(toLocal(dose.starts_at, TZ).time).toBe('09:30');
    const page = await suite.open({ viewport: PHONE });
    await signIn(page, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    await page
      .getByTestId('portal-visits')
      .getByTestId('visit-card')
      .filter({ hasText: formatLocal(visit.starts_at, TZ) })
      .getByRole('button', { name: 'Change time' })
      .click();
    const modal = page.getByRole('dialog', { name: 'Change the time of your visit' });
    await modal
      .getByTestId('course-order')
      .filter({ hasText: `comes after your treatment session on ${formatLocal(dose.starts_at, TZ)}` })
      .filter({ hasText: 'start once it has ended, at 12:00 PM' })
      .waitFor();
    // The first time offered is 12:00 on the dosing day (not 08:00, before the dose), and nothing earlier.
    const first = modal.getByRole('group', { name: 'Free times' }).getByRole('button').first();
    await expect(first.textContent()).resolves.toBe('12:00 PM');
    const firstDay = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: TZ }).format(
      new Date(dose.starts_at),
    );
    await expect(modal.getByRole('heading', { level: 3 }).first().textContent()).resolves.toMatch(firstDay);
    await axeCheck(page);
    await shot(page, 'portal-change-time', { fullPage: false });
    await first.click();
    await modal.getByRole('button', { name: /^Book / }).click();
    await page.getByText('Your visit is booked').waitFor();
    const after = await suite.server.ctx.db
      .selectFrom('appointments')
      .select(['id', 'starts_at', 'status'])
      .where('patient_id', '=', ROBIN)
      .where('status', '=', 'booked')
      .where('starts_at', '=', dose.ends_at)
      .execute();
    expect(after).toHaveLength(1);
    expect(
      (
        await suite.server.ctx.db
          .selectFrom('appointments')
          .select('status')
          .where('id', '=', visit.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('cancelled');
  });

  it('Robin cancels a visit in the portal and books a new time with the same clinician', async () => {
    const robins = () =>
      suite.server.ctx.db
        .selectFrom('appointments')
        .select(['id', 'status', 'source', 'cancelled_by_kind'])
        .where('patient_id', '=', ROBIN)
        .execute();
    const before = new Set((await robins()).map((a) => a.id));
    const page = await suite.open({ viewport: PHONE });
    await signIn(page, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    const visits = page.getByTestId('portal-visits');
    await visits.waitFor();
    const card = visits
      .getByTestId('visit-card')
      .filter({
        hasText: `${new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(new Date(`${day(2)}T12:00:00Z`))} ${Number(day(2).slice(8))}`,
      })
      .filter({ hasText: '11:30 AM' });
    await card.getByRole('button', { name: 'Cancel visit' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel this visit?' })
      .getByRole('button', { name: 'Cancel the visit' })
      .click();
    await page.getByText('Visit cancelled').waitFor();
    const again = visits.getByTestId('rebook-card');
    await again.waitFor();
    await axeCheck(page);
    await setDim(page, true);
    await axeCheck(page);
    await again.getByRole('button', { name: 'Book a new time' }).click();
    const modal = page.getByRole('dialog', { name: 'Book a new time' });
    const times = modal.getByRole('group', { name: 'Free times' }).getByRole('button');
    await times.first().waitFor();
    await times.first().click();
    await axeCheck(page);
    await modal.getByRole('button', { name: /^Book / }).click();
    await page.getByText('Your visit is booked').waitFor();
    await visits.getByTestId('rebook-card').waitFor({ state: 'detached' });

    const mine = await robins();
    expect(mine.find((a) => a.id === ids.robinVisit)).toMatchObject({
      status: 'cancelled',
      cancelled_by_kind: 'patient',
    });
    const fresh = mine.filter((a) => !before.has(a.id));
    expect(fresh.map((a) => a.source)).toEqual(['portal']);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.status).toBe('booked');
    const staff = await suite.server.ctx.db
      .selectFrom('appointment_staff')
      .select('user_id')
      .where('appointment_id', '=', fresh[0]?.id as string)
      .execute();
    expect(staff.map((s) => s.user_id)).toEqual([ids.therapist]);
  });

  it('a dosing visit booked for today is on the nurse’s Today board, with the way into the session', async () => {
    const page = await suite.open({ viewport: { width: 1024, height: 1000 } });
    await signIn(page, 'nurse@demo.liminal.test');
    const board = page.getByTestId('today-visits');
    await board.waitFor();
    const row = board
      .getByTestId('today-visit')
      .filter({ hasText: 'Jordan Nasal' })
      .filter({ hasText: 'Dosing — esketamine' })
      .first();
    await row.waitFor();
    await row.getByRole('link', { name: /Start session|Session console/ }).waitFor();
    await axeCheck(page);
    await setDim(page, true);
    await axeCheck(page);
    await row.getByRole('link', { name: /Start session|Session console/ }).click();
    await page.waitForURL(new RegExp(`/app/patients/${ids.jordan}/(course|sessions/)`));
  });

  it('a prospective patient books their own consultation from the link the front desk sends', async () => {
    const { setSchedulingSettings, getSchedulingSettings } = await import(
      '../../src/server/features/scheduling/settings'
    );
    const policy = await getSchedulingSettings(suite.server.ctx.db);
    await setSchedulingSettings(
      suite.server.ctx.db,
      { ...policy, selfBookingEnabled: true },
      'e2e',
      suite.server.clock.now().toISOString(),
    );
    const enquiry = await suite.server.ctx.db
      .selectFrom('enquiries')
      .select('id')
      .where('email', '=', 'lane.enquirer@example.test')
      .executeTakeFirstOrThrow();
    const page = await suite.open({ viewport: DESKTOP });
    await signIn(page, 'frontdesk@demo.liminal.test');
    await page.goto(`/app/enquiries/${enquiry.id}`);
    await page.getByRole('button', { name: 'Send a booking link' }).click();
    await page.getByText('A link to choose a consultation time is on its way by email.').waitFor();
    const mail = await suite.server.waitForMail(
      (m) => m.to.includes('lane.enquirer@example.test') && /choose a time/.test(m.subject),
    );
    const link = /\/book#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0] as string;

    const visitor = await suite.open({ viewport: PHONE });
    await visitor.goto(link);
    await visitor.getByRole('heading', { name: 'Hello Lane, choose a time' }).waitFor();
    const times = visitor.getByRole('group', { name: 'Free times' }).getByRole('button');
    await times.first().waitFor();
    await axeCheck(visitor);
    await times.first().click();
    await visitor.getByRole('button', { name: 'Book this time' }).click();
    await visitor.getByRole('heading', { name: 'Your consultation is booked' }).waitFor();
    const booked = await suite.server.ctx.db
      .selectFrom('appointments')
      .select(['status', 'source', 'modality'])
      .where('enquiry_id', '=', enquiry.id)
      .execute();
    expect(booked).toEqual([{ status: 'booked', source: 'self_booking', modality: 'video' }]);
    // The link works once.
    await visitor.reload();
    await visitor.getByText('This booking link does not work').waitFor();
  });
});
