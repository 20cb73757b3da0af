import { addDays, localToUtc, toLocal, weekday } from '../../domain/scheduling';
import type { Db } from '../db/dialect';
import { SchedulingAdminService } from '../features/scheduling/admin';
import { BookingService } from '../features/scheduling/booking';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { systemActor } from './demo-patients';

/**
 * The demo clinic's calendar, made through the scheduling services the app uses: one site with two
 * treatment chairs, a treatment room and two offices; weekday hours for the clinicians; and a week of visits
 * around today (Casey's infusion this morning, checked in; a consultation, an esketamine visit and therapy
 * hours; Robin's next IM dosing visit with its integration visit after). Times are local to the site.
 */
const TZ = 'America/Los_Angeles';

/** The next weekday on or after `date` (visits are not seeded at weekends). */
function weekdayFrom(date: string): string {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
  return d;
}

export async function seedDemoSchedule(db: Db, realNow: Date, ids: Map<string, string>): Promise<void> {
  const today = toLocal(realNow, TZ).date;
  // Book as if at 06:00 on the first day seeded, so that the morning's visits are "upcoming" when booked — or
  // at now, when 06:00 is still to come (earlier in the morning, or at a weekend): a visit is never booked later than now.
  const firstDay = weekdayFrom(today);
  const clock = new FakeClock(
    new Date(Math.min(Date.parse(localToUtc(firstDay, '06:00', TZ)), realNow.getTime())),
  );
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '!=', 'patient')
    .execute();
  const user = (role: string) => staff.find((s) => s.role === role) as (typeof staff)[number];
  const admin = systemActor(user('admin'));
  const desk = systemActor(user('front_desk'));
  const [prescriber, nurse, therapist] = [user('prescriber').id, user('nurse').id, user('therapist').id];
  const settings = new SchedulingAdminService(ctx);
  const booking = new BookingService(ctx);

  const site = await settings.createLocation(admin, {
    name: 'Liminal Demo Clinic — Oakland',
    addressLine1: '100 Example Street',
    addressLine2: 'Suite 200',
    city: 'Oakland',
    state: 'CA',
    postalCode: '94612',
    phone: '(555) 010-0100',
    timezone: TZ,
    esketamineCertified: true,
    active: true,
  });
  const room = async (name: string, kind: 'chair' | 'room' | 'office') =>
    (await settings.addRoom(admin, site.id, { name, kind, active: true })).id;
  const chair1 = await room('Chair 1', 'chair');
  await room('Chair 2', 'chair');
  const treatment = await room('Treatment room', 'room');
  const officeA = await room('Office A', 'office');
  await room('Office B', 'office');

  // Monday to Friday, 08:00–18:00 at the site; the therapist also sees video clients from home on Friday afternoons.
  const weekdays = [1, 2, 3, 4, 5];
  for (const id of [prescriber, nurse])
    await settings.setHours(admin, id, {
      hours: weekdays.map((d) => ({ locationId: site.id, weekday: d, start: '08:00', end: '18:00' })),
    });
  await settings.setHours(admin, therapist, {
    hours: [
      ...weekdays.map((d) => ({
        locationId: site.id,
        weekday: d,
        start: '08:00',
        end: d === 5 ? '13:00' : '18:00',
      })),
      { locationId: null, weekday: 5, start: '13:00', end: '18:00' },
    ],
  });

  const types = new Map((await settings.types(admin)).types.map((t) => [t.code, t.id]));
  const type = (code: string) => types.get(code) as string;
  const at = (date: string, time: string) => localToUtc(date, time, TZ);
  const inPerson = {
    modality: 'in_person' as const,
    locationId: site.id,
    patientLocationState: 'CA' as const,
    sendConfirmation: false,
  };
  const dosingStaff = [
    { userId: nurse, role: 'nurse' as const },
    { userId: prescriber, role: 'prescriber' as const },
  ];
  const book = (
    patient: string,
    body: Omit<Parameters<BookingService['book']>[1], 'patientId' | 'sendConfirmation'>,
  ) => booking.book(desk, { patientId: ids.get(patient) as string, sendConfirmation: false, ...body });

  const day2 = weekdayFrom(addDays(firstDay, 1));
  const day3 = weekdayFrom(addDays(day2, 1));
  const day5 = weekdayFrom(addDays(day3, 2));

  // Casey's IV infusion this morning (the session in progress on the board), already checked in.
  const casey = await book('casey', {
    ...inPerson,
    typeId: type('dosing_iv'),
    startsAt: at(firstDay, '09:00'),
    roomId: treatment,
    staff: dosingStaff,
    escortName: 'Morgan Infusion',
  });
  await booking.setStatus(desk, casey.appointment.id, {
    status: 'checked_in',
    version: casey.appointment.version,
  });
  // Jordan's esketamine visit this afternoon in a chair (2 h 15 min minimum at a certified site).
  await book('jordan', {
    ...inPerson,
    typeId: type('dosing_esketamine'),
    startsAt: at(firstDay, '13:00'),
    roomId: chair1,
    staff: dosingStaff,
    escortName: 'Pat Nasal',
  });
  // Avery's consultation by video with the prescriber (licensed in CA).
  await book('avery', {
    modality: 'video',
    videoUrl: 'https://video.example.test/liminal-demo',
    patientLocationState: 'CA',
    typeId: type('consultation'),
    startsAt: at(firstDay, '11:00'),
    staff: [{ userId: prescriber, role: 'prescriber' }],
  });
  // Sam's integration hour in an office.
  await book('sam', {
    ...inPerson,
    typeId: type('integration'),
    startsAt: at(firstDay, '15:00'),
    roomId: officeA,
    staff: [{ userId: therapist, role: 'therapist' }],
  });
  // Robin: next IM dosing visit, integration the day after, and a follow-up by video later in the week.
  await book('robin', {
    ...inPerson,
    typeId: type('dosing_im'),
    startsAt: at(day2, '09:30'),
    roomId: chair1,
    staff: dosingStaff,
    escortName: 'Alex Example',
  });
  await book('robin', {
    ...inPerson,
    typeId: type('integration'),
    startsAt: at(day3, '10:00'),
    roomId: officeA,
    staff: [{ userId: therapist, role: 'therapist' }],
  });
  await book('robin', {
    modality: 'video',
    videoUrl: 'https://video.example.test/liminal-demo',
    patientLocationState: 'CA',
    typeId: type('follow_up'),
    startsAt: at(day5, '14:00'),
    staff: [{ userId: prescriber, role: 'prescriber' }],
  });
  // Drew's preparation session (preparing for a first IM dose).
  await book('drew', {
    ...inPerson,
    typeId: type('preparation'),
    startsAt: at(day2, '14:00'),
    roomId: officeA,
    staff: [{ userId: therapist, role: 'therapist' }],
  });
}
