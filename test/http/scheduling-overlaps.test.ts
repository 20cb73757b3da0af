import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';

/**
 * The booking check says which overlaps the visit types' holds allow (issue #14). A dosing visit holds its
 * prescriber only on site, so a video consultation with that prescriber at the same time is allowed; before,
 * the check said nothing and the calendar drew one visit over the other. Two exclusive holds still clash.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
let prescriber: Agent;
let nurse: Agent;
let nurse2: Agent;
let therapist: Agent;
let site: { id: string };
let chairs: { id: string }[];
let types: Record<string, { id: string }>;
const PATIENT_LAST = 'Overlapworth';
registerSecret(PATIENT_LAST);

async function patient(): Promise<string> {
  const r = await desk.post('/api/patients', {
    firstName: 'Olive',
    lastName: PATIENT_LAST,
    dateOfBirth: '1980-03-04',
    state: 'CA',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

/** IM dosing 09:30–12:00 local on 1 December 2026 in `chair`, with a nurse and the supervising prescriber. */
const dosing = (patientId: string, chair = 0, staffNurse = nurse) => ({
  patientId,
  typeId: types.dosing_im?.id,
  startsAt: '2026-12-01T09:30:00-08:00',
  modality: 'in_person',
  locationId: site.id,
  roomId: chairs[chair]?.id,
  staff: [
    { userId: staffNurse.userId, role: 'nurse' },
    { userId: prescriber.userId, role: 'prescriber' },
  ],
});

const videoConsultation = (patientId: string, startsAt: string) => ({
  patientId,
  typeId: types.consultation?.id,
  startsAt,
  modality: 'video',
  patientLocationState: 'CA',
  staff: [{ userId: prescriber.userId, role: 'prescriber' }],
});

beforeAll(async () => {
  t = await buildTestApp();
  [admin, desk, prescriber, nurse, nurse2, therapist] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
  ]);
  const loc = await admin.post('/api/admin/scheduling/locations', {
    name: 'Oakland',
    addressLine1: '1 Broadway',
    city: 'Oakland',
    state: 'CA',
    postalCode: '94607',
    timezone: 'America/Los_Angeles',
  });
  expect(loc.statusCode).toBe(201);
  site = loc.json();
  chairs = [];
  for (const name of ['Chair 1', 'Chair 2'])
    chairs.push(
      (await admin.post(`/api/admin/scheduling/locations/${site.id}/rooms`, { name, kind: 'chair' })).json(),
    );
  for (const [u, type] of [
    [prescriber, 'MD'],
    [nurse, 'RN'],
    [nurse2, 'RN'],
    [therapist, 'LMFT'],
  ] as const) {
    const r = await admin.post(`/api/admin/users/${u.userId}/licences`, {
      state: 'CA',
      licenceType: type,
      number: `N-${randomUUID().slice(0, 6)}`,
      expiresOn: '2030-12-31',
    });
    expect(r.statusCode).toBe(201);
  }
  const res = (await desk.get('/api/scheduling/resources')).json();
  types = Object.fromEntries(res.types.map((x: { code: string }) => [x.code, x]));
});
afterAll(async () => {
  await t.close();
});

describe('overlaps the holds allow, in the booking check', () => {
  it('a video consultation with the prescriber during a dosing visit they supervise: allowed, and said', async () => {
    const dosed = await desk.post('/api/appointments', dosing(await patient()));
    expect(dosed.statusCode, dosed.body).toBe(201);
    const res = await desk.post(
      '/api/appointments/check',
      videoConsultation(await patient(), '2026-12-01T10:00:00-08:00'),
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, conflicts: [] });
    expect(body.allowedOverlaps).toHaveLength(1);
    expect(body.allowedOverlaps[0]).toMatchObject({
      userId: prescriber.userId,
      appointmentId: dosed.json().appointment.id,
      startsAt: '2026-12-01T17:30:00.000Z',
      endsAt: '2026-12-01T20:00:00.000Z',
    });
    expect(body.allowedOverlaps[0].message).toBe(
      `${dosed.json().appointment.staff.find((s: { role: string }) => s.role === 'prescriber').name} supervises a Dosing — IM visit on site, 9:30 AM–12:00 PM on Tue, Dec 1. That visit needs them only on site, not with its patient, so they can see this patient at the same time, by video from Oakland.`,
    );
    // The other visit's patient is not named.
    expect(res.body).not.toContain(PATIENT_LAST);

    // Booked, then the reverse check (the dosing visit moved onto the consultation) says it from the other side.
    const consult = await desk.post(
      '/api/appointments',
      videoConsultation(await patient(), '2026-12-01T10:00:00-08:00'),
    );
    expect(consult.statusCode, consult.body).toBe(201);
    const moved = await desk.post(`/api/appointments/${dosed.json().appointment.id}/move/check`, {
      startsAt: '2026-12-01T09:45:00-08:00',
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().ok).toBe(true);
    expect(moved.json().allowedOverlaps.map((o: { message: string }) => o.message)).toEqual([
      expect.stringMatching(
        /has a Consultation visit 10:00 AM–11:00 AM on Tue, Dec 1\. This visit needs them only on site as the supervisor, so the two may overlap\.$/,
      ),
    ]);
  });

  it('a second chair supervised by the same prescriber: allowed, and said; two exclusive holds clash and are not an allowed overlap', async () => {
    const second = await desk.post('/api/appointments/check', dosing(await patient(), 1, nurse2));
    expect(second.json()).toMatchObject({ ok: true, conflicts: [] });
    expect(second.json().allowedOverlaps.map((o: { message: string }) => o.message)).toContainEqual(
      expect.stringMatching(
        /also supervises a Dosing — IM visit on site, 9:30 AM–12:00 PM on Tue, Dec 1; one supervisor may oversee several visits at once\.$/,
      ),
    );

    // The same nurse in both chairs: a clash, named as such, with no "allowed" words for the nurse.
    const clash = await desk.post('/api/appointments/check', dosing(await patient(), 1));
    expect(clash.json().ok).toBe(false);
    expect(clash.json().conflicts.map((c: { resource: string }) => c.resource)).toContain('clinician');
    expect(clash.json().allowedOverlaps.every((o: { userId: string }) => o.userId !== nurse.userId)).toBe(
      true,
    );
  });

  it('nothing to say when nobody overlaps; bad input is refused as before', async () => {
    const free = await desk.post(
      '/api/appointments/check',
      videoConsultation(await patient(), '2026-12-02T15:00:00-08:00'),
    );
    expect(free.json()).toMatchObject({ ok: true, allowedOverlaps: [] });
    const bad = await desk.post('/api/appointments/check', {
      ...videoConsultation(await patient(), 'tomorrow'),
      staff: [],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      (
        await (
          await t.loginAs('therapist')
        ).post('/api/appointments/check', videoConsultation(await patient(), '2026-12-02T15:00:00-08:00'))
      ).statusCode,
    ).toBe(403);
  });
});
