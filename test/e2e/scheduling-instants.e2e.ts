/**
 * The scheduling journeys at many instants (issue #14): a suite that passes only at some hours is not a suite.
 * For each instant a fresh server starts with its clock there and the demo clinic seeded relative to it, and the
 * browsers keep the same time (newTestContext); then, in Chromium:
 *
 *   in the portal, "Change time" on Robin's integration visit offers only times after the treatment session it
 *   follows; she cancels another integration visit (booked after the demo's) and books a new time from the
 *   "book again" card → a dosing visit booked for today is on the nurse's Today board, dated the clinic's
 *   today, with the way into the session.
 *
 * The instants are local to the demo clinic (America/Los_Angeles): just after midnight, before the clinic's day
 * starts, just before noon, evening, ten minutes before midnight on a Friday, and the mornings the clocks change
 * in 2027 (14 March, spring forward; 7 November, fall back, in the hour that happens twice). Any other instant:
 * LIMINAL_TEST_NOW with the other browser specs. Requires `npx vite build` first.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatLocal, localToUtc, toLocal, weekday } from '../../src/domain/scheduling';
import { SchedulingAdminService } from '../../src/server/features/scheduling/admin';
import { BookingService } from '../../src/server/features/scheduling/booking';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { systemActor } from '../../src/server/seed/demo-patients';
import { launchBrowser, openPage, signIn, CLINIC_TIME_ZONE as TZ } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

const INSTANTS = [
  { label: 'Monday 00:10', at: '2027-01-11T08:10:00Z', local: '2027-01-11 00:10' },
  { label: 'Tuesday 05:45', at: '2027-01-12T13:45:00Z', local: '2027-01-12 05:45' },
  { label: 'Wednesday 11:59', at: '2027-01-13T19:59:00Z', local: '2027-01-13 11:59' },
  { label: 'Thursday 21:30', at: '2027-01-15T05:30:00Z', local: '2027-01-14 21:30' },
  { label: 'Friday 23:50', at: '2027-01-16T07:50:00Z', local: '2027-01-15 23:50' },
  { label: 'spring forward, Sunday 03:10 PDT', at: '2027-03-14T10:10:00Z', local: '2027-03-14 03:10' },
  {
    label: 'fall back, Sunday 01:30 PDT (the first of two)',
    at: '2027-11-07T08:30:00Z',
    local: '2027-11-07 01:30',
  },
];
const PHONE = { width: 390, height: 844 };
/** The first weekday on or after a date (the therapist works Monday to Friday). */
const weekdayFrom = (date: string): string =>
  weekday(date) % 6 === 0 ? weekdayFrom(addDays(date, 1)) : date;
const ROBIN = DEMO_PATIENT_IDS[0] as string;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(INSTANTS)('at $label in the clinic', ({ at, local }) => {
  let server: TestServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const l = toLocal(at, TZ);
    expect(`${l.date} ${l.time}`).toBe(local);
    server = await startTestServer({ demoMode: true, now: at });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await server?.close();
  });

  const newPage = (viewport = PHONE) => openPage(browser, server, contexts, { viewport });

  /** The demo clinic's people, site and visit types, as the services see them. */
  async function clinic() {
    const staff = await server.ctx.db
      .selectFrom('users')
      .select(['id', 'role', 'name', 'email'])
      .where('role', '!=', 'patient')
      .execute();
    const user = (role: string) => staff.find((u) => u.role === role) as (typeof staff)[number];
    const admin = systemActor(user('admin'));
    const settings = new SchedulingAdminService(server.ctx);
    const site = (await settings.locations(admin)).locations[0] as {
      id: string;
      rooms: { id: string; name: string }[];
    };
    const types = new Map((await settings.types(admin)).types.map((t) => [t.code, t.id]));
    return {
      admin,
      settings,
      site,
      types,
      desk: systemActor(user('front_desk')),
      nurse: user('nurse').id,
      prescriber: user('prescriber').id,
      therapist: user('therapist').id,
    };
  }

  const robinsVisits = () =>
    server.ctx.db
      .selectFrom('appointments as a')
      .innerJoin('appointment_types as t', 't.id', 'a.type_id')
      .select(['a.id', 'a.starts_at', 'a.ends_at', 'a.status', 'a.source', 't.category'])
      .where('a.patient_id', '=', ROBIN)
      .orderBy('a.starts_at')
      .execute();

  it('Robin’s integration visit keeps its place after her treatment session; she cancels another and books again', async () => {
    const seeded = await robinsVisits();
    const dose = seeded.find((v) => v.category === 'dosing' && v.status === 'booked');
    const integration = seeded.find((v) => v.category === 'integration' && v.status === 'booked');
    if (!dose || !integration)
      throw new Error('the demo clinic has no dosing and integration visits for Robin');
    // The front desk books her a second integration hour two weeks on (booked now, after the demo's).
    const { desk, site, types, therapist } = await clinic();
    const later = (
      await new BookingService(server.ctx).book(desk, {
        patientId: ROBIN,
        typeId: types.get('integration') as string,
        startsAt: localToUtc(weekdayFrom(addDays(toLocal(server.clock.now(), TZ).date, 14)), '10:00', TZ),
        modality: 'in_person',
        locationId: site.id,
        roomId: site.rooms.find((r) => r.name === 'Office B')?.id as string,
        staff: [{ userId: therapist, role: 'therapist' }],
        sendConfirmation: false,
      })
    ).appointment;

    const page = await newPage();
    await signIn(page, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    // The page's clock is the server's.
    const drift = (await page.evaluate(() => Date.now())) - server.clock.now().getTime();
    expect(Math.abs(drift)).toBeLessThan(5_000);
    const visits = page.getByTestId('portal-visits');
    const card = (startsAt: string) =>
      visits.getByTestId('visit-card').filter({ hasText: formatLocal(startsAt, TZ) });

    // Change time on the demo's integration visit: only times after the treatment session has ended.
    const offered = page.waitForResponse((r) =>
      r.url().endsWith(`/api/portal/appointments/${integration.id}/slots`),
    );
    await card(integration.starts_at).getByRole('button', { name: 'Change time' }).click();
    const change = page.getByRole('dialog', { name: 'Change the time of your visit' });
    await change.getByTestId('course-order').filter({ hasText: 'after your treatment session' }).waitFor();
    const slots = ((await (await offered).json()) as { slots: { startsAt: string }[] }).slots;
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.filter((x) => Date.parse(x.startsAt) < Date.parse(dose.ends_at))).toEqual([]);
    await page.keyboard.press('Escape');
    await change.waitFor({ state: 'detached' });

    // Cancel the later one, then book again from the card the portal offers.
    await card(later.startsAt).getByRole('button', { name: 'Cancel visit' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel this visit?' })
      .getByRole('button', { name: 'Cancel the visit' })
      .click();
    await page.getByText('Visit cancelled').waitFor();
    await visits.getByTestId('rebook-card').getByRole('button', { name: 'Book a new time' }).click();
    const modal = page.getByRole('dialog', { name: 'Book a new time' });
    const times = modal.getByRole('group', { name: 'Free times' }).getByRole('button');
    await times.first().click();
    await modal.getByRole('button', { name: /^Book / }).click();
    await page.getByText('Your visit is booked').waitFor();
    await visits.getByTestId('rebook-card').waitFor({ state: 'detached' });

    const after = await robinsVisits();
    expect(after.find((v) => v.id === later.id)?.status).toBe('cancelled');
    expect(after.find((v) => v.id === integration.id)?.status).toBe('booked');
    const fresh = after.filter((v) => v.source === 'portal');
    expect(fresh.map((v) => v.status)).toEqual(['booked']);
    // From tomorrow in the clinic, and after the treatment session.
    const startsAt = fresh[0]?.starts_at as string;
    expect(toLocal(startsAt, TZ).date > toLocal(server.clock.now(), TZ).date).toBe(true);
    expect(Date.parse(startsAt)).toBeGreaterThanOrEqual(Date.parse(dose.ends_at));
  });

  it('a dosing visit booked for today is on the nurse’s Today board, dated today, with the way into the session', async () => {
    const { admin, settings, site, types, desk, nurse, prescriber } = await clinic();
    // The nurse and prescriber work around the clock here, so a visit fits today whatever the day.
    for (const u of [nurse, prescriber])
      await settings.setHours(admin, u, {
        hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
          locationId: site.id,
          weekday,
          start: '00:00',
          end: '23:59',
        })),
      });
    const db = server.ctx.db;
    const jordan = (
      await db.selectFrom('patients').select('id').where('last_name', '=', 'Nasal').executeTakeFirstOrThrow()
    ).id;
    const now = server.clock.now();
    const today = toLocal(now, TZ).date;
    // Early in the clinic's day, before any of the demo's visits.
    await new BookingService(server.ctx).book(desk, {
      patientId: jordan,
      typeId: types.get('dosing_esketamine') as string,
      startsAt: localToUtc(today, '00:05', TZ),
      modality: 'in_person',
      locationId: site.id,
      roomId: site.rooms.find((r) => r.name === 'Chair 2')?.id as string,
      staff: [
        { userId: nurse, role: 'nurse' },
        { userId: prescriber, role: 'prescriber' },
      ],
      escortName: 'Pat Nasal',
      sendConfirmation: false,
    });

    const page = await newPage({ width: 1024, height: 1000 });
    await signIn(page, 'nurse@demo.liminal.test');
    const date = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      timeZone: TZ,
    }).format(now);
    await page.getByText(`Signed in as Nurse · ${date}`).waitFor();
    const row = page
      .getByTestId('today-visits')
      .getByTestId('today-visit')
      .filter({ hasText: 'Jordan Nasal' })
      .filter({ hasText: '12:05 AM' });
    await row.getByText('Dosing — esketamine').waitFor();
    await row.getByRole('link', { name: /Start session|Session console/ }).click();
    await page.waitForURL(new RegExp(`/app/patients/${jordan}/(course|sessions/)`));
  });
});
