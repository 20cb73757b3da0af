import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { bookingBuilders } from '../support/bookings';
import { registerSecret } from '../support/secrets';
import { startSmtpCapture } from '../support/smtp';

/**
 * Scheduling over HTTP (issue #9): booking rules, licensure, moves, status, course proposals, DST, the
 * calendar and Today board, the portal, emailed links, self-booking and the clinician's calendar feed.
 * The clock is fixed at 2026-10-20 so that visits cross the 1 November 2026 change to standard time.
 */
const LA = 'America/Los_Angeles';
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let admin: Agent;
let desk: Agent;
let prescriber: Agent;
let nurse: Agent;
let therapist: Agent;
let oakland: { id: string };
let reno: { id: string };
let chairs: { id: string; name: string }[];
let types: Record<string, { id: string; defaultMinutes: number }>;

async function licence(userId: string, state: string, type = 'MD') {
  const r = await admin.post(`/api/admin/users/${userId}/licences`, {
    state,
    licenceType: type,
    number: `N-${randomUUID().slice(0, 6)}`,
    expiresOn: '2030-12-31',
  });
  expect(r.statusCode).toBe(201);
}

async function newPatient(over: Record<string, unknown> = {}) {
  const r = await desk.post('/api/patients', {
    firstName: 'Robin',
    lastName: `Sched${randomUUID().slice(0, 4)}`,
    dateOfBirth: '1985-05-06',
    state: 'CA',
    email: `r.${randomUUID().slice(0, 8)}@example.test`,
    ...over,
  });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string };
}

const { dosing, dosingStaff, video } = bookingBuilders(() => ({
  types,
  site: oakland,
  chairs,
  nurse,
  prescriber,
  therapist,
}));

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await buildTestApp({ SMTP_URL: smtp.url });
  t.clock.set('2026-10-20T15:00:00.000Z');
  [admin, desk, prescriber, nurse, therapist] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
  ]);
  registerSecret('Robin');
  const loc = await admin.post('/api/admin/scheduling/locations', {
    name: 'Oakland',
    addressLine1: '1 Broadway',
    city: 'Oakland',
    state: 'CA',
    postalCode: '94607',
    timezone: LA,
    esketamineCertified: true,
  });
  expect(loc.statusCode).toBe(201);
  oakland = loc.json();
  reno = (
    await admin.post('/api/admin/scheduling/locations', {
      name: 'Reno',
      addressLine1: '2 Virginia St',
      city: 'Reno',
      state: 'NV',
      postalCode: '89501',
      timezone: LA,
    })
  ).json();
  chairs = [];
  for (const name of ['Chair 1', 'Chair 2', 'Quiet room']) {
    const r = await admin.post(`/api/admin/scheduling/locations/${oakland.id}/rooms`, {
      name,
      kind: name.startsWith('Chair') ? 'chair' : 'room',
    });
    expect(r.statusCode).toBe(201);
    chairs.push(r.json());
  }
  await licence(prescriber.userId, 'CA');
  await licence(nurse.userId, 'CA', 'RN');
  await licence(therapist.userId, 'CA', 'LMFT');
  const res = (await desk.get('/api/scheduling/resources')).json();
  types = Object.fromEntries(res.types.map((x: { code: string }) => [x.code, x]));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('reference data', () => {
  it('ships the KAP visit types with what each holds, and lists sites, rooms and licensed clinicians', async () => {
    const res = (await desk.get('/api/scheduling/resources')).json();
    expect(Object.keys(types).sort()).toEqual([
      'consultation',
      'dosing_esketamine',
      'dosing_im',
      'dosing_iv',
      'dosing_sublingual',
      'follow_up',
      'integration',
      'preparation',
    ]);
    expect(types.dosing_esketamine).toMatchObject({
      defaultMinutes: 135,
      minMinutes: 135,
      certifiedSiteRequired: true,
      roomRequired: true,
    });
    expect(types.dosing_im).toMatchObject({ defaultMinutes: 150, minMinutes: 120, maxMinutes: 180 });
    expect(types.dosing_iv).toMatchObject({ defaultMinutes: 120 });
    expect(types.dosing_im).toMatchObject({
      staff: [
        { roles: ['nurse'], hold: 'exclusive' },
        { roles: ['prescriber'], hold: 'on_site' },
      ],
    });
    expect(types.consultation).toMatchObject({
      modalities: ['in_person', 'video'],
      staff: [{ roles: ['prescriber'], hold: 'exclusive' }],
    });
    expect(res.locations.find((l: { id: string }) => l.id === oakland.id).rooms).toHaveLength(3);
    expect(res.clinicians.find((c: { id: string }) => c.id === prescriber.userId).licensedStates).toEqual([
      'CA',
    ]);
    expect(res.settings.reminderOffsetsMinutes).toEqual([2880, 120]);
  });

  it('lets admins edit a type, with optimistic concurrency and a frozen code', async () => {
    const list = (await admin.get('/api/admin/scheduling/types')).json().types;
    const follow = list.find((x: { code: string }) => x.code === 'follow_up');
    const body = { ...follow, defaultMinutes: 45, maxMinutes: 60 };
    delete body.id;
    const ok = await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/types/${follow.id}`,
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ defaultMinutes: 45, version: follow.version + 1 });
    const stale = await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/types/${follow.id}`,
      payload: body,
    });
    expect(stale.statusCode).toBe(409);
    const recode = await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/types/${follow.id}`,
      payload: { ...body, code: 'renamed', version: follow.version + 1 },
    });
    expect(recode.statusCode).toBe(422);
    const bad = await admin.post('/api/admin/scheduling/types', {
      ...body,
      code: 'x_dosing',
      category: 'dosing',
      route: null,
      minMinutes: 200,
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['defaultMinutes', 'route']);
  });
});

describe('booking rules', () => {
  it('books a dosing visit holding a chair and a nurse, with the prescriber on site, and warns about readiness', async () => {
    const p = await newPatient();
    const before = await t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('patient_id', '=', p.id)
      .execute();
    const r = await desk.post('/api/appointments', dosing(p.id, '2026-10-27'));
    expect(r.statusCode).toBe(201);
    const { appointment, warnings } = r.json();
    expect(appointment).toMatchObject({
      status: 'booked',
      modality: 'in_person',
      startsAt: '2026-10-27T16:00:00.000Z',
      endsAt: '2026-10-27T18:30:00.000Z',
      timezone: LA,
      localDate: '2026-10-27',
      localStart: '09:00',
      localEnd: '11:30',
      roomName: 'Chair 1',
      locationName: 'Oakland',
      patientLocationState: 'CA',
      type: { code: 'dosing_im', category: 'dosing', route: 'im' },
      nextStatuses: ['checked_in', 'no_show', 'cancelled'],
    });
    expect(
      appointment.staff.map((s: { role: string; hold: string }) => `${s.role}:${s.hold}`).sort(),
    ).toEqual(['nurse:exclusive', 'prescriber:on_site']);
    // The readiness gate's unmet items (the same computation as the course's gate and Today): no course yet.
    expect(warnings.map((w: { code: string }) => w.code).sort()).toEqual(
      expect.arrayContaining(['consent_current', 'course_active', 'screening_cleared']),
    );
    // S3: exactly one audit entry for the booking, in the patient's name.
    const after = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('patient_id', '=', p.id)
      .orderBy('seq')
      .execute();
    expect(after.slice(before.length)).toEqual([{ action: 'appointment.book', outcome: 'allowed' }]);
  });

  it('refuses double booking of a clinician, a room or a patient, naming what clashes; back-to-back is fine', async () => {
    const a = await newPatient();
    const b = await newPatient();
    expect((await desk.post('/api/appointments', dosing(a.id, '2026-10-28'))).statusCode).toBe(201);
    // Same nurse and chair, another patient, overlapping by 30 minutes.
    const both = await desk.post(
      '/api/appointments',
      dosing(b.id, '2026-10-28', { startsAt: '2026-10-28T11:00:00-07:00' }),
    );
    expect(both.statusCode).toBe(409);
    const resources = both
      .json()
      .conflicts.map((c: { resource: string }) => c.resource)
      .sort();
    expect(resources).toEqual(['clinician', 'room']);
    expect(both.json().detail).toMatch(/Chair 1 is already booked 9:00 AM–11:30 AM/);
    expect(both.json().detail).toMatch(/Test nurse/);
    // The prescriber only supervises: a second chair with another nurse at the same time is fine.
    const nurse2 = await t.loginAs('nurse');
    await licence(nurse2.userId, 'CA', 'RN');
    const other = await desk.post(
      '/api/appointments',
      dosing(b.id, '2026-10-28', {
        roomId: chairs[1]?.id,
        staff: dosingStaff(nurse2),
      }),
    );
    expect(other.statusCode).toBe(201);
    // The same patient cannot be in two places.
    const twice = await desk.post('/api/appointments', video(a.id, '2026-10-28T10:00:00-07:00'));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().conflicts[0]).toMatchObject({ resource: 'patient', name: 'The patient' });
    // Back-to-back: a visit starting when the last one ends.
    const next = await desk.post(
      '/api/appointments',
      dosing(b.id, '2026-10-28', {
        startsAt: '2026-10-28T11:30:00-07:00',
        endsAt: '2026-10-28T13:30:00-07:00',
      }),
    );
    expect(next.statusCode).toBe(201);
  });

  it('refuses a video visit with a clinician not licensed where the patient will be, with the reason', async () => {
    const p = await newPatient();
    const body = video(p.id, '2026-10-29T10:00:00-07:00', {
      type: 'consultation',
      clinician: prescriber,
      role: 'prescriber',
      state: 'NV',
    });
    const refused = await desk.post('/api/appointments', body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        field: 'staff.0.userId',
        message: expect.stringMatching(
          /holds no current licence in NV, where the patient will be during this video visit/,
        ),
      },
    ]);
    expect(refused.json().detail).toMatch(/Test prescriber \d+ holds no current licence in NV/);
    const noState = await desk.post('/api/appointments', { ...body, patientLocationState: undefined });
    expect(noState.json().errors[0].field).toBe('patientLocationState');
    await licence(prescriber.userId, 'NV');
    const ok = await desk.post('/api/appointments', { ...body, videoUrl: 'https://video.example/room/123' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().appointment).toMatchObject({
      modality: 'video',
      locationId: null,
      patientLocationState: 'NV',
      timezone: LA,
      videoUrl: 'https://video.example/room/123',
    });
    // In person, the site's state counts: the nurse holds no Nevada licence.
    const reno1 = await admin.post(`/api/admin/scheduling/locations/${reno.id}/rooms`, {
      name: 'Reno chair',
      kind: 'chair',
    });
    const inReno = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-10-30', { locationId: reno.id, roomId: reno1.json().id }),
    );
    expect(inReno.statusCode).toBe(422);
    expect(inReno.json().errors.map((e: { field: string }) => e.field)).toEqual(['staff.0.userId']);
  });

  it('checks the type: length, modality, room kind and site, esketamine certification, who is needed', async () => {
    const p = await newPatient();
    const short = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', {
        typeId: types.dosing_esketamine?.id,
        endsAt: '2026-11-02T11:00:00-08:00',
      }),
    );
    expect(short.json().errors).toEqual([
      { field: 'endsAt', message: expect.stringMatching(/135–240 minutes \(this is 120\)/) },
    ]);
    const uncertified = await admin.post('/api/admin/scheduling/locations', {
      name: 'Berkeley',
      addressLine1: '3 Shattuck',
      city: 'Berkeley',
      state: 'CA',
      postalCode: '94704',
      timezone: LA,
    });
    const bChair = (
      await admin.post(`/api/admin/scheduling/locations/${uncertified.json().id}/rooms`, {
        name: 'B chair',
        kind: 'chair',
      })
    ).json();
    const esk = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', {
        typeId: types.dosing_esketamine?.id,
        locationId: uncertified.json().id,
        roomId: bChair.id,
      }),
    );
    expect(esk.json().errors).toEqual([
      { field: 'locationId', message: expect.stringMatching(/not certified to give esketamine/) },
    ]);
    const video = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', { modality: 'video', patientLocationState: 'CA' }),
    );
    expect(
      video
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['modality', 'roomId']);
    const noNurse = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', { staff: [{ userId: prescriber.userId, role: 'prescriber' }] }),
    );
    expect(noNurse.json().errors).toEqual([{ field: 'staff', message: 'Dosing — IM needs: A nurse' }]);
    const noChair = await desk.post('/api/appointments', dosing(p.id, '2026-11-02', { roomId: null }));
    expect(noChair.json().errors[0]).toMatchObject({
      field: 'roomId',
      message: expect.stringMatching(/holds a chair or room/),
    });
    const wrongSite = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', { locationId: uncertified.json().id }),
    );
    expect(wrongSite.json().errors[0].message).toBe('Chair 1 is at another site');
    const wrongRole = await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-11-02', {
        staff: dosingStaff(therapist),
      }),
    );
    expect(wrongRole.json().errors[0]).toEqual({
      field: 'staff.0.role',
      message: 'This person is a therapist',
    });
  });

  it('warns when no confirmation can be emailed', async () => {
    const p = await newPatient({ email: null });
    const r = await desk.post(
      '/api/appointments',
      video(p.id, '2026-11-02T10:00:00-08:00', { type: 'preparation' }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json().warnings).toContainEqual({
      code: 'no_confirmation_sent',
      message: expect.stringMatching(/no email address on file/),
      fixPath: `/app/patients/${p.id}#demographics`,
    });
  });

  it('enforces working hours in local time and time off', async () => {
    const p = await newPatient();
    const n = await t.loginAs('nurse');
    await licence(n.userId, 'CA', 'RN');
    // Tuesday and Wednesday, 08:00–17:00 at Oakland.
    const hours = await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/staff/${n.userId}/hours`,
      payload: {
        hours: [2, 3].map((weekday) => ({ locationId: oakland.id, weekday, start: '08:00', end: '17:00' })),
      },
    });
    expect(hours.statusCode).toBe(200);
    expect(hours.json().hours).toHaveLength(2);
    const withN = (date: string, time: string) =>
      dosing(p.id, date, {
        startsAt: `${date}T${time}`,
        roomId: chairs[2]?.id,
        staff: dosingStaff(n),
      });
    // Tuesday 3 November (after the change to PST): 15:00–17:30 local runs past 17:00.
    const late = await desk.post('/api/appointments', withN('2026-11-03', '15:00:00-08:00'));
    expect(late.statusCode).toBe(409);
    expect(late.json().conflicts[0]).toMatchObject({ resource: 'working_hours' });
    expect(late.json().detail).toMatch(/is not working 3:00 PM–5:30 PM on Tue, Nov 3 at this site/);
    // 08:00 PST is inside the hours even though UTC shifted by an hour since October.
    const early = await desk.post('/api/appointments', withN('2026-11-03', '08:00:00-08:00'));
    expect(early.statusCode).toBe(201);
    expect(early.json().warnings.map((w: { code: string }) => w.code)).toContain('no_working_hours'); // the prescriber has none set
    const off = await admin.post(`/api/admin/scheduling/staff/${n.userId}/time-off`, {
      startsAt: '2026-11-04T00:00:00-08:00',
      endsAt: '2026-11-05T00:00:00-08:00',
      reason: 'Conference',
    });
    expect(off.statusCode).toBe(201);
    const away = await desk.post('/api/appointments', withN('2026-11-04', '09:00:00-08:00'));
    expect(away.statusCode).toBe(409);
    expect(away.json().conflicts[0]).toMatchObject({
      resource: 'time_off',
      message: expect.stringMatching(/is away \(time off\)/),
    });
    expect(away.json().detail).not.toMatch(/Conference/);
    expect(
      (await admin.post(`/api/admin/scheduling/staff/${n.userId}/time-off/${off.json().id}/remove`))
        .statusCode,
    ).toBe(200);
    expect((await desk.post('/api/appointments', withN('2026-11-04', '09:00:00-08:00'))).statusCode).toBe(
      201,
    );
  });
});

describe('moving, status and cancelling', () => {
  it('moves a visit (drag and drop): clashes refused with the reason, stale versions refused, reminders re-planned', async () => {
    const a = await newPatient();
    const b = await newPatient();
    const first = (await desk.post('/api/appointments', dosing(a.id, '2026-11-10'))).json().appointment;
    const second = (
      await desk.post(
        '/api/appointments',
        dosing(b.id, '2026-11-10', { startsAt: '2026-11-10T13:00:00-08:00' }),
      )
    ).json().appointment;
    const preview = await desk.post(`/api/appointments/${second.id}/move/check`, {
      startsAt: '2026-11-10T10:00:00-08:00',
      version: second.version,
    });
    expect(preview.json()).toMatchObject({ ok: false, problems: [] });
    expect(
      preview
        .json()
        .conflicts.map((c: { resource: string }) => c.resource)
        .sort(),
    ).toEqual(['clinician', 'room']);
    const clash = await desk.post(`/api/appointments/${second.id}/move`, {
      startsAt: '2026-11-10T10:00:00-08:00',
      version: second.version,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toMatch(/Chair 1 is already booked 9:00 AM–11:30 AM on Tue, Nov 10/);
    const moved = await desk.post(`/api/appointments/${second.id}/move`, {
      startsAt: '2026-11-10T10:00:00-08:00',
      roomId: chairs[1]?.id,
      staff: dosingStaff(await extraNurse()),
      version: second.version,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().appointment).toMatchObject({
      localStart: '10:00',
      localEnd: '12:30',
      roomName: 'Chair 2',
      version: 2,
    });
    const stale = await desk.post(`/api/appointments/${second.id}/move`, {
      startsAt: '2026-11-10T14:00:00-08:00',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(2);
    const reminders = (await desk.get(`/api/appointments/${second.id}`)).json().reminders;
    expect(
      reminders
        .filter((r: { status: string }) => r.status === 'pending')
        .map((r: { sendAt: string }) => r.sendAt),
    ).toEqual(['2026-11-08T18:00:00.000Z', '2026-11-10T16:00:00.000Z']);
    expect(reminders.filter((r: { status: string }) => r.status === 'cancelled')).toHaveLength(2);
    expect(first.id).not.toBe(second.id);
  });

  it('checks in, completes, marks no-show and undoes it; refuses nonsense transitions', async () => {
    const p = await newPatient();
    const appt = (await desk.post('/api/appointments', dosing(p.id, '2026-11-11'))).json().appointment;
    expect((await desk.post(`/api/appointments/${appt.id}/status`, { status: 'completed' })).statusCode).toBe(
      409,
    );
    const inn = await desk.post(`/api/appointments/${appt.id}/status`, { status: 'checked_in' });
    expect(inn.json()).toMatchObject({ status: 'checked_in', nextStatuses: ['completed', 'booked'] });
    expect(
      (await desk.post(`/api/appointments/${appt.id}/status`, { status: 'completed' })).json().status,
    ).toBe('completed');
    expect((await desk.post(`/api/appointments/${appt.id}/cancel`, { reason: 'too late' })).statusCode).toBe(
      409,
    );
    const q = await newPatient();
    const other = (await desk.post('/api/appointments', dosing(q.id, '2026-11-12'))).json().appointment;
    expect(
      (await desk.post(`/api/appointments/${other.id}/status`, { status: 'no_show' })).json().status,
    ).toBe('no_show');
    // The chair is free again once the visit is a no-show…
    const taken = await desk.post('/api/appointments', dosing(p.id, '2026-11-12'));
    expect(taken.statusCode).toBe(201);
    // …so putting the no-show back is refused with the reason.
    const undo = await desk.post(`/api/appointments/${other.id}/status`, { status: 'booked' });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().conflicts.map((c: { resource: string }) => c.resource)).toContain('room');
  });

  it('cancels with a reason, frees the slot, cancels reminders and tells the patient', async () => {
    const p = await newPatient();
    const appt = (await desk.post('/api/appointments', dosing(p.id, '2026-11-13'))).json().appointment;
    const r = await desk.post(`/api/appointments/${appt.id}/cancel`, { reason: 'Nurse unwell' });
    expect(r.json()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Nurse unwell',
      cancelledByKind: 'clinic',
    });
    const rem = (await desk.get(`/api/appointments/${appt.id}`)).json().reminders;
    expect(rem.every((x: { status: string }) => x.status === 'cancelled')).toBe(true);
    expect((await desk.post('/api/appointments', dosing(p.id, '2026-11-13'))).statusCode).toBe(201);
    await deliver();
    expect(
      smtp.messages.some((m) => /is cancelled/.test(m.subject) && /Reason: Nurse unwell/.test(m.text)),
    ).toBe(true);
  });
});

async function extraNurse() {
  const n = await t.loginAs('nurse');
  await licence(n.userId, 'CA', 'RN');
  return n;
}

/** Delivers queued mail (a flush already running may have started before the newest row committed). */
async function deliver() {
  await t.ctx.mailer.flush();
  await t.ctx.mailer.flush();
}

describe('course schedules: proposed, reviewed, then booked', () => {
  const propose = (patientId: string, over: Record<string, unknown> = {}) =>
    desk.post(`/api/patients/${patientId}/schedule/propose`, {
      route: 'im',
      start: '2026-12-01',
      time: '09:00',
      therapyTime: '14:00',
      locationId: oakland.id,
      prescriberId: prescriber.userId,
      nurseId: nurse.userId,
      therapistId: therapist.userId,
      ...over,
    });
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('appointments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('proposes each course template without booking anything', async () => {
    const p = await newPatient();
    const before = await count();
    const expected = { im: 6, iv: 6, sublingual: 6, esketamine: 12 } as const;
    for (const route of ['im', 'iv', 'sublingual', 'esketamine'] as const) {
      const r = await propose(p.id, { route });
      expect(r.statusCode).toBe(200);
      const items = r.json().items as {
        kind: string;
        booking: { typeId: string; roomId: string | null; staff: unknown[] };
        conflicts: unknown[];
        problems: unknown[];
      }[];
      const doses = items.filter((i) => i.kind === 'dosing');
      expect(doses).toHaveLength(expected[route]);
      expect(
        doses.every(
          (d) =>
            d.booking.typeId === types[`dosing_${route}`]?.id &&
            d.booking.roomId &&
            d.booking.staff.length === 2,
        ),
      ).toBe(true);
      expect(items.filter((i) => i.kind === 'integration')).toHaveLength(expected[route]);
      expect(items.filter((i) => i.kind === 'follow_up')).toHaveLength(3);
      expect(items.filter((i) => i.kind === 'preparation')).toHaveLength(1);
      expect(items.every((i) => i.problems.length === 0)).toBe(true);
    }
    expect(await count()).toBe(before);
    const esk = (await propose(p.id, { route: 'esketamine' }))
      .json()
      .items.filter((i: { kind: string }) => i.kind === 'dosing');
    expect(esk.slice(0, 2).map((d: { localDate: string }) => d.localDate)).toEqual([
      '2026-12-01',
      '2026-12-04',
    ]);
  });

  it('books a confirmed proposal all-or-nothing; a second confirm is refused item by item', async () => {
    const p = await newPatient();
    const n = await extraNurse();
    const proposal = (await propose(p.id, { dosingCount: 3, nurseId: n.userId, start: '2027-01-05' })).json();
    expect(proposal.timezone).toBe(LA);
    const items = proposal.items.map((i: { booking: unknown }) => i.booking);
    const ok = await desk.post(`/api/patients/${p.id}/schedule/confirm`, { items });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().appointments).toHaveLength(1 + 3 + 3 + 3);
    // Readiness warnings are the gate's unmet items (this patient has no course yet), not a check of their own.
    const codes = ok.json().warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain('course_active');
    expect(codes).not.toContain('no_preparation_before');
    const before = await count();
    const again = await desk.post(`/api/patients/${p.id}/schedule/confirm`, { items });
    expect(again.statusCode).toBe(409);
    const clashes = again.json().conflicts as { item: number; resource: string }[];
    expect(new Set(clashes.map((c) => c.item)).size).toBe(items.length);
    expect(await count()).toBe(before);
    // A proposal for the same weeks now shows the clashes before anyone confirms.
    const re = (await propose(p.id, { dosingCount: 3, nurseId: n.userId, start: '2027-01-05' })).json();
    expect(re.items.every((i: { conflicts: unknown[] }) => i.conflicts.length > 0)).toBe(true);
    await deliver();
    const mail = smtp.messages.find((m) => /Your visits at .* are booked/.test(m.subject));
    expect(mail?.text).toMatch(/Tuesday, January 5, 2027 at 9:00 AM PST: Treatment session \(Oakland\)/);
  });

  it('keeps local times across the daylight-saving change (stored in UTC, shown in the site’s zone)', async () => {
    const p = await newPatient();
    const n = await extraNurse();
    // Weekly from Tuesday 20 October 2026: the third dose falls after clocks go back on 1 November.
    const items = (
      await propose(p.id, {
        start: '2026-10-20',
        dosingCount: 3,
        nurseId: n.userId,
        followUpMonths: [],
        preparationCount: 0,
        integrationWindow: null,
      })
    ).json().items;
    const ok = await desk.post(`/api/patients/${p.id}/schedule/confirm`, {
      items: items.map((i: { booking: unknown }) => i.booking),
    });
    expect(ok.statusCode).toBe(201);
    const appts = ok.json().appointments as { startsAt: string; localStart: string; localDate: string }[];
    expect(appts.map((a) => a.startsAt)).toEqual([
      '2026-10-20T16:00:00.000Z',
      '2026-10-27T16:00:00.000Z',
      '2026-11-03T17:00:00.000Z',
    ]);
    expect(appts.every((a) => a.localStart === '09:00')).toBe(true);
    // The week calendar over the change day returns local dates in the site's zone.
    const week = (
      await desk.get(`/api/scheduling/calendar?from=2026-10-29&days=7&userId=${n.userId}`)
    ).json();
    expect(week.timezone).toBe(LA);
    expect(
      week.appointments.map(
        (a: { localDate: string; localStart: string }) => `${a.localDate} ${a.localStart}`,
      ),
    ).toEqual(['2026-11-03 09:00']);
    // A visit at 01:30 on 1 November is the first 01:30 (PDT); the day is 25 hours long.
    const night = await desk.post('/api/appointments/check', video(p.id, '2026-11-01T01:30:00-07:00'));
    expect(night.json()).toMatchObject({ ok: true, problems: [] });
  });
});

describe('calendars and the Today board', () => {
  it('shows the day by site, room and clinician, with readiness and reminder problems', async () => {
    const p = await newPatient();
    const n = await extraNurse();
    const appt = (
      await desk.post(
        '/api/appointments',
        dosing(p.id, '2026-10-20', {
          startsAt: '2026-10-20T13:00:00-07:00',
          roomId: chairs[1]?.id,
          staff: dosingStaff(n),
        }),
      )
    ).json().appointment;
    const today = await nurse.get(`/api/scheduling/today?locationId=${oakland.id}`);
    expect(today.statusCode).toBe(200);
    const row = today.json().appointments.find((a: { id: string }) => a.id === appt.id);
    expect(today.json().date).toBe('2026-10-20');
    expect(row.readiness.ready).toBe(false);
    const unmet = row.readiness.items.filter((i: { ok: boolean }) => !i.ok);
    expect(unmet.map((i: { id: string }) => i.id)).toContain('screening_cleared');
    expect(unmet[0].fixPath).toMatch(new RegExp(`/app/patients/${p.id}`));
    const byRoom = (
      await nurse.get(`/api/scheduling/calendar?from=2026-10-20&days=1&roomId=${chairs[1]?.id}`)
    ).json();
    expect(byRoom.appointments.map((a: { id: string }) => a.id)).toContain(appt.id);
    const byOtherRoom = (
      await nurse.get(`/api/scheduling/calendar?from=2026-10-20&days=1&roomId=${chairs[2]?.id}`)
    ).json();
    expect(byOtherRoom.appointments.map((a: { id: string }) => a.id)).not.toContain(appt.id);
    // A site's day shows its own visits and the clinic's video visits, not another site's.
    const remote = (await desk.post('/api/appointments', video(p.id, '2026-10-20T16:00:00-07:00'))).json()
      .appointment;
    const bySite = (
      await nurse.get(`/api/scheduling/calendar?from=2026-10-20&days=1&locationId=${oakland.id}`)
    )
      .json()
      .appointments.map((a: { id: string }) => a.id);
    expect(bySite).toEqual(expect.arrayContaining([appt.id, remote.id]));
    const byReno = (await nurse.get(`/api/scheduling/calendar?from=2026-10-20&days=1&locationId=${reno.id}`))
      .json()
      .appointments.map((a: { id: string }) => a.id);
    expect(byReno).toContain(remote.id);
    expect(byReno).not.toContain(appt.id);
    const byClinician = (
      await therapist.get(`/api/scheduling/calendar?from=2026-10-19&days=7&userId=${n.userId}`)
    ).json();
    expect(byClinician.appointments).toHaveLength(1);
    const list = (await nurse.get(`/api/patients/${p.id}/appointments`)).json().appointments;
    expect(list[0].reminders.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual([
      '2h:pending',
    ]);
    expect((await nurse.get(`/api/scheduling/calendar?from=2026-10-20&days=99`)).statusCode).toBe(422);
  });
});

describe('the clinician’s calendar feed', () => {
  it('serves a secret, revocable iCalendar URL that a real parser reads, with initials only', async () => {
    const p = await newPatient({ firstName: 'Quinlan', lastName: 'Feedwell' });
    registerSecret('Feedwell');
    await desk.post(
      '/api/appointments',
      dosing(p.id, '2026-12-15', { startsAt: '2026-12-15T13:00:00-08:00' }),
    );
    expect((await nurse.get('/api/scheduling/ical')).json()).toEqual({ active: false, createdAt: null });
    const created = await nurse.post('/api/scheduling/ical');
    expect(created.statusCode).toBe(201);
    const path = new URL(created.json().url).pathname;
    const feed = await t.anon.get(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(feed.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const mine = events.find((e) => e.summary.includes('Q. F.'));
    expect(mine?.summary).toBe('Dosing — IM: Q. F.');
    expect(mine?.location).toBe('Chair 1, Oakland');
    expect(mine?.startDate.toJSDate().toISOString()).toBe('2026-12-15T21:00:00.000Z');
    expect(feed.body).not.toMatch(/Feedwell|Quinlan/);
    // The prescriber sees the same visit as supervising.
    const pPath = new URL((await prescriber.post('/api/scheduling/ical')).json().url).pathname;
    const pFeed = await t.anon.get(pPath);
    expect(pFeed.body).toMatch(/Q\. F\. \(supervising\)/);
    // A new URL replaces the old; revoking turns it off; an admin can revoke anyone's.
    const second = new URL((await nurse.post('/api/scheduling/ical')).json().url).pathname;
    expect((await t.anon.get(path)).statusCode).toBe(404);
    expect((await t.anon.get(second)).statusCode).toBe(200);
    expect((await nurse.post('/api/scheduling/ical/revoke')).statusCode).toBe(200);
    expect((await t.anon.get(second)).statusCode).toBe(404);
    expect(
      (await admin.post(`/api/admin/scheduling/staff/${prescriber.userId}/ical/revoke`)).statusCode,
    ).toBe(200);
    expect((await t.anon.get(pPath)).statusCode).toBe(404);
    expect((await t.anon.get('/api/ical/not-a-real-token.ics')).json().code).toBe('not_found');
  });
});

const tokenIn = (text: string, path: string) =>
  new RegExp(`${path}#token=([A-Za-z0-9_-]+)`).exec(text)?.[1] as string;

describe('patients: the portal and the emailed link', () => {
  it('shows my visits with instructions, cancels within the notice period, and serves a calendar file', async () => {
    const p = await newPatient();
    const me = await t.loginAs('patient', { patientId: p.id });
    const soon = (
      await desk.post(
        '/api/appointments',
        dosing(p.id, '2026-10-21', {
          startsAt: '2026-10-21T07:00:00-07:00',
          roomId: chairs[2]?.id,
          staff: dosingStaff(await extraNurse()),
        }),
      )
    ).json().appointment;
    const later = (await desk.post('/api/appointments', video(p.id, '2026-11-05T14:00:00-08:00'))).json()
      .appointment;
    const view = await me.get('/api/portal/appointments');
    expect(view.statusCode).toBe(200);
    const [first, second] = view.json().upcoming;
    expect(first).toMatchObject({
      id: soon.id,
      label: 'Treatment session',
      when: 'Wednesday, October 21, 2026 at 7:00 AM PDT',
      canCancel: false,
      address: '1 Broadway, Oakland, CA 94607',
    });
    expect(first.instructions).toMatch(/Do not drive/);
    expect(second).toMatchObject({
      id: later.id,
      label: 'Integration session',
      when: 'Thursday, November 5, 2026 at 2:00 PM PST',
      canCancel: true,
      modality: 'video',
    });
    const tooLate = await me.post(`/api/portal/appointments/${soon.id}/cancel`, { reason: 'sick' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().detail).toMatch(/until 24 hours before/);
    const ics = await me.get(`/api/portal/appointments/${later.id}/ics`);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    const ev = new ICAL.Event(
      new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent') as ICAL.Component,
    );
    expect(ev.summary).toBe('Integration session at Liminal Clinic');
    const ok = await me.post(`/api/portal/appointments/${later.id}/cancel`, {});
    expect(ok.json()).toMatchObject({ status: 'cancelled', canCancel: false });
    expect((await desk.get(`/api/appointments/${later.id}`)).json()).toMatchObject({
      status: 'cancelled',
      cancelledByKind: 'patient',
    });
    // Someone else's visit is simply not there.
    const stranger = await t.loginAs('patient', { patientId: (await newPatient()).id });
    expect((await stranger.post(`/api/portal/appointments/${soon.id}/cancel`, {})).statusCode).toBe(404);
    expect((await stranger.get(`/api/portal/appointments/${soon.id}/ics`)).statusCode).toBe(404);
    expect((await stranger.get('/api/portal/appointments')).json().upcoming).toEqual([]);
  });

  it('lets a patient move a therapy visit to an offered time, or book again after cancelling; dosing visits stay with the clinic', async () => {
    const th = await t.loginAs('therapist');
    await licence(th.userId, 'CA', 'LMFT');
    // Video hours on Tuesdays, Wednesdays and Thursdays, 09:00–12:00 local.
    await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/staff/${th.userId}/hours`,
      payload: {
        hours: [2, 3, 4].map((weekday) => ({ locationId: null, weekday, start: '09:00', end: '12:00' })),
      },
    });
    const p = await newPatient();
    const me = await t.loginAs('patient', { patientId: p.id });
    const visit = (
      await desk.post('/api/appointments', video(p.id, '2026-10-27T09:00:00-07:00', { clinician: th }))
    ).json().appointment;
    const dose = (
      await desk.post(
        '/api/appointments',
        dosing(p.id, '2026-10-29', {
          roomId: chairs[1]?.id,
          staff: dosingStaff(await extraNurse()),
        }),
      )
    ).json().appointment;
    const listed = (await me.get('/api/portal/appointments')).json().upcoming;
    expect(listed.find((v: { id: string }) => v.id === visit.id).canRebook).toBe(true);
    expect(listed.find((v: { id: string }) => v.id === dose.id).canRebook).toBe(false);
    expect((await me.post(`/api/portal/appointments/${dose.id}/slots`, {})).statusCode).toBe(409);

    const slots = await me.post(`/api/portal/appointments/${visit.id}/slots`, { from: '2026-10-27' });
    expect(slots.statusCode).toBe(200);
    const offered = slots.json().slots as { startsAt: string; userId: string; when: string }[];
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((s) => s.userId === th.userId && s.startsAt !== visit.startsAt)).toBe(true);
    // Every offer lies inside the clinician's hours in local time (Tuesday to Thursday, 09:00–12:00).
    expect(offered.every((s) => /^(Tuesday|Wednesday|Thursday), .* at (9|10|11):\d\d AM/.test(s.when))).toBe(
      true,
    );
    // The therapist is free on Thursday morning, but the patient is in the dosing chair: those times are not offered.
    const clashesWithDose = (s: { startsAt: string }) =>
      Date.parse(s.startsAt) < Date.parse(dose.endsAt) &&
      Date.parse(s.startsAt) + 60 * 60_000 > Date.parse(dose.startsAt);
    expect(offered.filter(clashesWithDose)).toEqual([]);
    expect(offered.some((s) => s.startsAt.startsWith('2026-10-29'))).toBe(
      Date.parse(dose.endsAt) <= Date.parse('2026-10-29T18:00:00Z'),
    );
    const pick = offered[1] as (typeof offered)[number];
    // A time that was not offered is refused, and nothing changes.
    expect(
      (
        await me.post(`/api/portal/appointments/${visit.id}/rebook`, {
          startsAt: '2026-10-27T20:00:00.000Z',
          userId: th.userId,
        })
      ).statusCode,
    ).toBe(409);
    expect((await desk.get(`/api/appointments/${visit.id}`)).json().status).toBe('booked');
    const moved = await me.post(`/api/portal/appointments/${visit.id}/rebook`, {
      startsAt: pick.startsAt,
      userId: th.userId,
    });
    expect(moved.statusCode).toBe(201);
    expect(moved.json()).toMatchObject({
      status: 'booked',
      startsAt: pick.startsAt,
      label: 'Integration session',
      canCancel: true,
    });
    expect((await desk.get(`/api/appointments/${visit.id}`)).json()).toMatchObject({
      status: 'cancelled',
      cancelledByKind: 'patient',
    });
    // The cancelled original cannot be used to book a second visit while the new one stands.
    const after = (await me.get('/api/portal/appointments')).json();
    expect(after.past.find((v: { id: string }) => v.id === visit.id).canRebook).toBe(false);
    // A visit of the same kind booked before a cancellation does not stop booking again after it.
    const other = await desk.post(
      '/api/appointments',
      video(p.id, '2026-10-28T11:00:00-07:00', { clinician: th }),
    );
    expect(other.statusCode).toBe(201);
    t.clock.advanceMinutes(1);
    // Cancel, then book again from the cancelled visit.
    const newId = moved.json().id as string;
    expect((await me.post(`/api/portal/appointments/${newId}/cancel`, {})).statusCode).toBe(200);
    expect(
      (await me.get('/api/portal/appointments')).json().past.find((v: { id: string }) => v.id === newId)
        .canRebook,
    ).toBe(true);
    const again = (await me.post(`/api/portal/appointments/${newId}/slots`, {})).json().slots as {
      startsAt: string;
    }[];
    const rebooked = await me.post(`/api/portal/appointments/${newId}/rebook`, {
      startsAt: again[0]?.startsAt,
      userId: th.userId,
    });
    expect(rebooked.statusCode).toBe(201);
    // Another patient cannot see or use these slots through my visit.
    const stranger = await t.loginAs('patient', { patientId: (await newPatient()).id });
    expect((await stranger.post(`/api/portal/appointments/${newId}/slots`, {})).statusCode).toBe(404);
    // Bad input names the field.
    const bad = await me.post(`/api/portal/appointments/${newId}/rebook`, {
      startsAt: 'soon',
      userId: th.userId,
    });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().errors)).toMatch(/startsAt/);
  });

  it('keeps the room when a patient moves an in-person visit to a time the room is free, and books without one when it is not', async () => {
    const th = await t.loginAs('therapist');
    await licence(th.userId, 'CA', 'LMFT');
    // In-person hours at Oakland on Tuesdays, 09:00–12:00 local.
    await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/staff/${th.userId}/hours`,
      payload: { hours: [{ locationId: oakland.id, weekday: 2, start: '09:00', end: '12:00' }] },
    });
    const quiet = chairs[2]?.id as string;
    const inPerson = (patientId: string, startsAt: string, userId: string) =>
      desk.post('/api/appointments', {
        patientId,
        typeId: types.integration?.id,
        startsAt,
        modality: 'in_person',
        locationId: oakland.id,
        roomId: quiet,
        staff: [{ userId, role: 'therapist' }],
      });
    const p = await newPatient();
    const me = await t.loginAs('patient', { patientId: p.id });
    const visit = (await inPerson(p.id, '2027-02-02T09:00:00-08:00', th.userId)).json().appointment;
    expect(visit.roomId).toBe(quiet);
    // Someone else has the quiet room the next Tuesday at 09:00, with another therapist.
    const other = await inPerson((await newPatient()).id, '2027-02-09T09:00:00-08:00', therapist.userId);
    expect(other.statusCode).toBe(201);

    const offered = (
      await me.post(`/api/portal/appointments/${visit.id}/slots`, { from: '2027-02-02' })
    ).json().slots as { startsAt: string }[];
    const at = (iso: string) => offered.find((s) => s.startsAt === iso)?.startsAt as string;
    // Same day, 10:00: the room is free, so the visit keeps it.
    const moved = await me.post(`/api/portal/appointments/${visit.id}/rebook`, {
      startsAt: at('2027-02-02T18:00:00.000Z'),
      userId: th.userId,
    });
    expect(moved.statusCode).toBe(201);
    expect((await desk.get(`/api/appointments/${moved.json().id}`)).json()).toMatchObject({
      roomId: quiet,
      status: 'booked',
    });
    // The next Tuesday at 09:00 the therapist is free but the room is not: booked, without a room.
    const again = await me.post(`/api/portal/appointments/${moved.json().id}/rebook`, {
      startsAt: at('2027-02-09T17:00:00.000Z'),
      userId: th.userId,
    });
    expect(again.statusCode).toBe(201);
    expect((await desk.get(`/api/appointments/${again.json().id}`)).json()).toMatchObject({
      roomId: null,
      status: 'booked',
    });
  });

  it('confirms or cancels from the emailed link without signing in', async () => {
    const email = `link.${randomUUID().slice(0, 6)}@example.test`;
    const p = await newPatient({ email });
    const appt = (
      await desk.post('/api/appointments', {
        patientId: p.id,
        typeId: types.preparation?.id,
        startsAt: '2026-11-06T10:00:00-08:00',
        modality: 'in_person',
        locationId: oakland.id,
        staff: [{ userId: therapist.userId, role: 'therapist' }],
      })
    ).json().appointment;
    await deliver();
    const mail = smtp.messages.find((m) => m.to.includes(email));
    expect(mail?.subject).toBe('Your visit at Liminal Clinic on Friday, November 6 is booked');
    expect(mail?.text).toMatch(/When: Friday, November 6, 2026 at 10:00 AM PST/);
    expect(mail?.text).toMatch(/988/);
    expect(mail?.subject).not.toMatch(/ketamine|dosing/i);
    const token = tokenIn(mail?.text ?? '', '/visit');
    registerSecret(token);
    const seen = await t.anon.post('/api/public/visits/inspect', { token });
    expect(seen.json()).toMatchObject({
      label: 'Preparation session',
      status: 'booked',
      confirmedAt: null,
      clinicName: 'Liminal Clinic',
      canCancel: true,
    });
    expect(seen.json().id).toBeUndefined();
    const confirmed = await t.anon.post('/api/public/visits/respond', { token, action: 'confirm' });
    expect(confirmed.json().confirmedAt).toBeTruthy();
    expect((await desk.get(`/api/appointments/${appt.id}`)).json().confirmedAt).toBeTruthy();
    const ics = await t.anon.post('/api/public/visits/ics', { token });
    expect(new ICAL.Component(ICAL.parse(ics.body)).getAllSubcomponents('vevent')).toHaveLength(1);
    const cancelled = await t.anon.post('/api/public/visits/respond', { token, action: 'cancel' });
    expect(cancelled.json().status).toBe('cancelled');
    expect((await t.anon.post('/api/public/visits/inspect', { token: 'x'.repeat(43) })).statusCode).toBe(404);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('object_id', '=', appt.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'appointment.book',
      'visit_link.read',
      'visit_link.confirm',
      'appointment.read',
      'visit_link.ics',
      'visit_link.cancel',
    ]);
  });
});

describe('self-booking after an enquiry', () => {
  it('sends a single-use link; the person books a free video consultation with a licensed prescriber', async () => {
    const email = `prospect.${randomUUID().slice(0, 6)}@example.test`;
    const sub = await t.anon.post('/api/public/enquiries', {
      firstName: 'Avery',
      lastName: 'Prospect',
      email,
      phone: '555 010 9999',
      state: 'CA',
      dateOfBirth: '1990-01-01',
      concerns: ['depression'],
      consentToContact: true,
    });
    expect(sub.statusCode).toBe(201);
    const enquiry = (await desk.get('/api/enquiries'))
      .json()
      .enquiries.find((e: { email: string }) => e.email === email);
    expect((await desk.post(`/api/enquiries/${enquiry.id}/booking-invite`)).statusCode).toBe(409); // off by default
    const settings = (await admin.get('/api/admin/scheduling/settings')).json();
    expect(
      (
        await admin.inject({
          method: 'PUT',
          url: '/api/admin/scheduling/settings',
          payload: { ...settings, selfBookingEnabled: true },
        })
      ).statusCode,
    ).toBe(200);
    const doc = await t.loginAs('prescriber');
    await licence(doc.userId, 'CA');
    await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/staff/${doc.userId}/hours`,
      payload: { hours: [{ locationId: null, weekday: 3, start: '09:00', end: '11:00' }] },
    });
    const invite = await desk.post(`/api/enquiries/${enquiry.id}/booking-invite`);
    expect(invite.json()).toEqual({ emailQueued: true });
    await deliver();
    const token = tokenIn(
      smtp.messages.find((m) => m.to.includes(email) && m.text.includes('/book#token='))?.text ?? '',
      '/book',
    );
    registerSecret(token);
    const slots = await t.anon.post('/api/public/booking/slots', { token });
    expect(slots.statusCode).toBe(200);
    const mine = slots.json().slots.filter((s: { userId: string }) => s.userId === doc.userId);
    // Wednesdays 09:00–11:00 local, one-hour consultations every 30 minutes, from tomorrow (21 October).
    expect(mine.slice(0, 3).map((s: { when: string }) => s.when)).toEqual([
      'Wednesday, October 21, 2026 at 9:00 AM PDT',
      'Wednesday, October 21, 2026 at 9:30 AM PDT',
      'Wednesday, October 21, 2026 at 10:00 AM PDT',
    ]);
    const booked = await t.anon.post('/api/public/booking/book', {
      token,
      startsAt: mine[0].startsAt,
      userId: doc.userId,
      modality: 'video',
    });
    expect(booked.statusCode).toBe(201);
    expect(booked.json()).toMatchObject({ booked: true, when: 'Wednesday, October 21, 2026 at 9:00 AM PDT' });
    expect((await t.anon.post('/api/public/booking/slots', { token })).statusCode).toBe(404); // single use
    expect((await desk.get(`/api/enquiries/${enquiry.id}`)).json().status).toBe('consultation_booked');
    const day = (
      await desk.get(`/api/scheduling/calendar?from=2026-10-21&days=1&userId=${doc.userId}`)
    ).json().appointments;
    expect(day[0]).toMatchObject({
      patientName: 'Avery Prospect (enquiry)',
      patientId: null,
      enquiryId: enquiry.id,
      patientLocationState: 'CA',
      modality: 'video',
    });
    // Once the enquiry becomes a patient record, the visit is in the chart.
    const converted = (await desk.post(`/api/enquiries/${enquiry.id}/convert`)).json();
    const list = (await desk.get(`/api/patients/${converted.patientId}/appointments`)).json().appointments;
    expect(list.map((a: { id: string }) => a.id)).toEqual([day[0].id]);
    // That slot is gone for anyone else.
    const other = await t.anon.post('/api/public/enquiries', {
      firstName: 'Blake',
      lastName: 'Other',
      email: `o.${email}`,
      phone: '555 010 9998',
      state: 'CA',
      dateOfBirth: '1991-01-01',
      concerns: ['anxiety'],
      consentToContact: true,
    });
    expect(other.statusCode).toBe(201);
    const otherId = (await desk.get('/api/enquiries'))
      .json()
      .enquiries.find((e: { email: string }) => e.email === `o.${email}`).id;
    await desk.post(`/api/enquiries/${otherId}/booking-invite`);
    await deliver();
    const token2 = tokenIn(
      smtp.messages.find((m) => m.to.includes(`o.${email}`) && m.text.includes('/book#token='))?.text ?? '',
      '/book',
    );
    registerSecret(token2);
    const offered = (await t.anon.post('/api/public/booking/slots', { token: token2 }))
      .json()
      .slots.filter((s: { userId: string }) => s.userId === doc.userId);
    expect(offered[0].when).toBe('Wednesday, October 21, 2026 at 10:00 AM PDT');
    const taken = await t.anon.post('/api/public/booking/book', {
      token: token2,
      startsAt: mine[0].startsAt,
      userId: doc.userId,
      modality: 'video',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toBe('That time is no longer available. Please choose another.');
  });
});
