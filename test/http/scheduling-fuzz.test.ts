import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * S13 for scheduling: the shared fuzz test calls every route as an admin, who is refused most scheduling
 * routes before validation. Here each route is called by a role that reaches its service, with valid bodies
 * whose fields are replaced by hostile values: every answer is a 4xx problem or a success, never a 5xx.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
let patient: Agent;
const ctx: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  [admin, desk] = await Promise.all([t.loginAs('admin'), t.loginAs('front_desk')]);
  const nurse = await t.loginAs('nurse');
  const prescriber = await t.loginAs('prescriber');
  const therapist = await t.loginAs('therapist');
  for (const [id, type] of [
    [nurse.userId, 'RN'],
    [prescriber.userId, 'MD'],
    [therapist.userId, 'LMFT'],
  ] as const) {
    await admin.post(`/api/admin/users/${id}/licences`, {
      state: 'CA',
      licenceType: type,
      number: 'F1',
      expiresOn: '2030-01-01',
    });
  }
  const loc = (
    await admin.post('/api/admin/scheduling/locations', {
      name: 'Fuzz',
      addressLine1: '1 A St',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94607',
      timezone: 'America/Los_Angeles',
      esketamineCertified: true,
    })
  ).json();
  const room = (
    await admin.post(`/api/admin/scheduling/locations/${loc.id}/rooms`, { name: 'Chair', kind: 'chair' })
  ).json();
  const p = (
    await desk.post('/api/patients', {
      firstName: 'Fuzz',
      lastName: 'Case',
      dateOfBirth: '1980-01-01',
      state: 'CA',
      email: 'fuzz@example.test',
    })
  ).json();
  patient = await t.loginAs('patient', { patientId: p.id });
  const types = (await desk.get('/api/scheduling/resources')).json().types as { code: string; id: string }[];
  Object.assign(ctx, {
    location: loc.id,
    room: room.id,
    patient: p.id,
    nurse: nurse.userId,
    prescriber: prescriber.userId,
    therapist: therapist.userId,
    dosing: types.find((x) => x.code === 'dosing_im')?.id as string,
  });
  const appt = await desk.post('/api/appointments', booking());
  ctx.appointment = appt.json().appointment.id;
});
afterAll(async () => {
  await t.close();
});

const booking = () => ({
  patientId: ctx.patient,
  typeId: ctx.dosing,
  startsAt: '2026-12-01T09:00:00-08:00',
  modality: 'in_person',
  locationId: ctx.location,
  roomId: ctx.room,
  staff: [
    { userId: ctx.nurse, role: 'nurse' },
    { userId: ctx.prescriber, role: 'prescriber' },
  ],
});

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    "' OR 1=1 --",
    '<script>',
    '\u0000',
    '9999-12-31',
    '0000-01-01',
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '25:99',
    'Mars/Phobos',
    '1e309',
    'NaN',
    '-1',
    '__proto__',
  ),
  fc.constantFrom(
    '2026-12-01T09:00:00Z',
    '2099-12-31T23:59:00+14:00',
    '2000-01-01T00:00:00-12:00',
    '2026-03-08T02:30:00',
    '2026-11-01T01:30:00-07:00',
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.uuid()), { maxLength: 4 }),
  fc.constant('x'.repeat(3000)),
);

/** A valid body with one to three fields replaced by hostile values (or removed). */
const mutate = (base: () => Record<string, unknown>) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(base()), 'extra', '__proto__'), fc.option(nasty)), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([edits]) => {
      const body: Record<string, unknown> = { ...base() };
      for (const [k, v] of edits) {
        if (v === null) delete body[k];
        else body[k] = v;
      }
      return body;
    });

describe('scheduling bad input (S13)', () => {
  const cases: [string, () => Agent, string, 'GET' | 'POST' | 'PUT', () => Record<string, unknown>][] = [
    ['book', () => desk, '/api/appointments', 'POST', booking],
    ['check', () => desk, '/api/appointments/check', 'POST', booking],
    [
      'move',
      () => desk,
      '/api/appointments/:appointment/move',
      'POST',
      () => ({ startsAt: '2026-12-02T09:00:00-08:00', version: 1, roomId: ctx.room }),
    ],
    [
      'status',
      () => desk,
      '/api/appointments/:appointment/status',
      'POST',
      () => ({ status: 'checked_in', version: 1 }),
    ],
    [
      'propose',
      () => desk,
      '/api/patients/:patient/schedule/propose',
      'POST',
      () => ({
        route: 'esketamine',
        start: '2026-12-07',
        time: '09:00',
        locationId: ctx.location,
        prescriberId: ctx.prescriber,
        nurseId: ctx.nurse,
        therapistId: ctx.therapist,
        dosingCount: 3,
      }),
    ],
    [
      'confirm',
      () => desk,
      '/api/patients/:patient/schedule/confirm',
      'POST',
      () => ({ items: [{ ...booking(), patientId: undefined, startsAt: '2026-12-20T09:00:00-08:00' }] }),
    ],
    [
      'location',
      () => admin,
      '/api/admin/scheduling/locations',
      'POST',
      () => ({
        name: `L${randomUUID().slice(0, 5)}`,
        addressLine1: '1',
        city: 'X',
        state: 'CA',
        postalCode: '94607',
        timezone: 'America/Denver',
      }),
    ],
    [
      'type',
      () => admin,
      '/api/admin/scheduling/types',
      'POST',
      () => ({
        code: `t_${randomUUID().slice(0, 6)}`,
        name: 'T',
        patientLabel: 'T',
        category: 'other',
        defaultMinutes: 30,
        minMinutes: 15,
        maxMinutes: 60,
        modalities: ['video'],
        staff: [{ roles: ['therapist'], hold: 'exclusive' }],
      }),
    ],
    [
      'hours',
      () => admin,
      '/api/admin/scheduling/staff/:nurse/hours',
      'PUT',
      () => ({ hours: [{ locationId: ctx.location, weekday: 2, start: '08:00', end: '17:00' }] }),
    ],
    [
      'time off',
      () => admin,
      '/api/admin/scheduling/staff/:nurse/time-off',
      'POST',
      () => ({ startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-01-02T00:00:00Z' }),
    ],
    [
      'settings',
      () => admin,
      '/api/admin/scheduling/settings',
      'PUT',
      () => ({
        reminderOffsetsMinutes: [2880, 120],
        patientCancelNoticeHours: 24,
        selfBookingEnabled: false,
        selfBookingDays: 14,
        slotStepMinutes: 30,
      }),
    ],
    [
      'portal cancel',
      () => patient,
      '/api/portal/appointments/:appointment/cancel',
      'POST',
      () => ({ reason: 'cannot come' }),
    ],
    [
      'link respond',
      () => desk,
      '/api/public/visits/respond',
      'POST',
      () => ({ token: 'a'.repeat(43), action: 'confirm' }),
    ],
    [
      'self-book',
      () => desk,
      '/api/public/booking/book',
      'POST',
      () => ({
        token: 'a'.repeat(43),
        startsAt: '2026-12-01T09:00:00Z',
        userId: ctx.prescriber,
        modality: 'video',
      }),
    ],
  ];
  for (const [name, who, path, method, base] of cases) {
    it(`${name}: never a 5xx`, async () => {
      const errors: string[] = [];
      await fc.assert(
        fc.asyncProperty(mutate(base), async (body) => {
          const url = path.replace(/:([a-z]+)/g, (_, k: string) => ctx[k] as string);
          const r = await who().inject({
            method,
            url,
            payload: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          if (r.statusCode >= 500)
            errors.push(`${r.statusCode} ${JSON.stringify(body).slice(0, 300)} → ${r.body.slice(0, 200)}`);
          if (r.statusCode >= 400)
            expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
        }),
        { numRuns: 40, seed: 909 },
      );
      expect(errors).toEqual([]);
    });
  }

  it('queries: calendar and Today never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        nasty,
        nasty,
        fc.constantFrom('from', 'days', 'locationId', 'roomId', 'userId', 'date', 'includeCancelled'),
        async (a, b, key) => {
          for (const path of ['/api/scheduling/calendar', '/api/scheduling/today']) {
            const q = new URLSearchParams({
              from: '2026-12-01',
              days: '7',
              [key]: String(a),
              ...(key === 'from' ? {} : { date: String(b) }),
            });
            const r = await desk.get(`${path}?${q}`);
            expect(r.statusCode).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 60, seed: 910 },
    );
  });
});
