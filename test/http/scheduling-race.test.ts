import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * Double booking under concurrency, on whichever engine this run uses (the db tier runs on SQLite and on
 * PostgreSQL): of several bookings racing for the same slot, exactly one succeeds and every other one is
 * refused with a 409 naming the clashing resource; the calendar ends with exactly one visit.
 */
const RACERS = 8;
let t: TestApp;
let admin: Agent;
let desk: Agent;
let prescriber: Agent;
let location: { id: string };
let dosingType: string;

async function licensed(role: 'nurse' | 'prescriber'): Promise<Agent> {
  const a = await t.loginAs(role);
  const r = await admin.post(`/api/admin/users/${a.userId}/licences`, {
    state: 'CA',
    licenceType: role === 'nurse' ? 'RN' : 'MD',
    number: randomUUID().slice(0, 8),
    expiresOn: '2030-01-01',
  });
  expect(r.statusCode).toBe(201);
  return a;
}
async function patient(): Promise<string> {
  const r = await desk.post('/api/patients', {
    firstName: 'Race',
    lastName: `P${randomUUID().slice(0, 5)}`,
    dateOfBirth: '1980-01-01',
    state: 'CA',
  });
  return r.json().id;
}
async function chair(name: string): Promise<string> {
  return (
    await admin.post(`/api/admin/scheduling/locations/${location.id}/rooms`, { name, kind: 'chair' })
  ).json().id;
}
const booking = (
  patientId: string,
  roomId: string,
  nurseId: string,
  startsAt = '2026-12-08T09:00:00-08:00',
) => ({
  patientId,
  typeId: dosingType,
  startsAt,
  modality: 'in_person',
  locationId: location.id,
  roomId,
  staff: [
    { userId: nurseId, role: 'nurse' },
    { userId: prescriber.userId, role: 'prescriber' },
  ],
  sendConfirmation: false,
});
const countAt = async (startsAt: string) =>
  (
    await t.ctx.db
      .selectFrom('appointments')
      .select('id')
      .where('starts_at', '=', startsAt)
      .where('status', '=', 'booked')
      .execute()
  ).length;

beforeAll(async () => {
  t = await buildTestApp();
  [admin, desk] = await Promise.all([t.loginAs('admin'), t.loginAs('front_desk')]);
  prescriber = await licensed('prescriber');
  location = (
    await admin.post('/api/admin/scheduling/locations', {
      name: 'Race site',
      addressLine1: '1 Main',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94607',
      timezone: 'America/Los_Angeles',
    })
  ).json();
  dosingType = (await desk.get('/api/scheduling/resources'))
    .json()
    .types.find((x: { code: string }) => x.code === 'dosing_im').id;
});
afterAll(async () => {
  await t.close();
});

describe(`concurrent bookings (${process.env.LIMINAL_TEST_ENGINE ?? 'sqlite'})`, () => {
  it(`${RACERS} bookings of one chair and nurse for the same slot: exactly 1 succeeds, ${RACERS - 1} get 409 naming the chair`, async () => {
    const nurse = await licensed('nurse');
    const room = await chair('Contested chair');
    const patients = await Promise.all(Array.from({ length: RACERS }, patient));
    const results = await Promise.all(
      patients.map((p) => desk.post('/api/appointments', booking(p, room, nurse.userId))),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, ...Array(RACERS - 1).fill(409)]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().code).toBe('conflict');
      const resources = r
        .json()
        .conflicts.map((c: { resource: string; name: string }) => `${c.resource}:${c.name}`);
      expect(resources).toContain('room:Contested chair');
      expect(resources.some((x: string) => x.startsWith('clinician:Test nurse'))).toBe(true);
      expect(r.json().detail).toMatch(/Contested chair is already booked 9:00 AM–11:30 AM on Tue, Dec 8/);
    }
    expect(await countAt('2026-12-08T17:00:00.000Z')).toBe(1);
  });

  it(`${RACERS} bookings of one patient in different chairs with different nurses: exactly 1 succeeds, the rest name the patient`, async () => {
    const p = await patient();
    const nurses = await Promise.all(Array.from({ length: RACERS }, () => licensed('nurse')));
    const rooms = await Promise.all(nurses.map((_, i) => chair(`Patient race chair ${i}`)));
    const startsAt = '2026-12-09T09:00:00-08:00';
    const results = await Promise.all(
      nurses.map((n, i) =>
        desk.post('/api/appointments', booking(p, rooms[i] as string, n.userId, startsAt)),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array(RACERS - 1).fill(409)]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().conflicts.map((c: { resource: string }) => c.resource)).toEqual(['patient']);
    }
    expect(await countAt('2026-12-09T17:00:00.000Z')).toBe(1);
  });

  it(`${RACERS} visits dragged into the same chair at once: exactly 1 move succeeds`, async () => {
    const nurses = await Promise.all(Array.from({ length: RACERS }, () => licensed('nurse')));
    const target = await chair('Drag target');
    const appts = [];
    for (const [i, n] of nurses.entries()) {
      const r = await desk.post(
        '/api/appointments',
        booking(await patient(), await chair(`Drag source ${i}`), n.userId, '2026-12-10T09:00:00-08:00'),
      );
      expect(r.statusCode).toBe(201);
      appts.push(r.json().appointment);
    }
    const moves = await Promise.all(
      appts.map((a) =>
        desk.post(`/api/appointments/${a.id}/move`, {
          startsAt: '2026-12-10T13:00:00-08:00',
          roomId: target,
          version: a.version,
        }),
      ),
    );
    expect(moves.map((r) => r.statusCode).sort()).toEqual([200, ...Array(RACERS - 1).fill(409)]);
    expect(
      moves
        .filter((r) => r.statusCode === 409)
        .every((r) => /Drag target is already booked/.test(r.json().detail)),
    ).toBe(true);
    expect(await countAt('2026-12-10T21:00:00.000Z')).toBe(1);
  });

  it('the losers leave one failed audit entry each and no rows behind', async () => {
    const failed = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'appointment.book')
      .where('outcome', '=', 'failed')
      .execute();
    expect(failed).toHaveLength(2 * (RACERS - 1));
    expect(failed.every((f) => JSON.parse(f.detail ?? '{}').error === 'conflict')).toBe(true);
    const staffRows = await t.ctx.db.selectFrom('appointment_staff').select('appointment_id').execute();
    const visits = await t.ctx.db.selectFrom('appointments').select('id').execute();
    expect(staffRows).toHaveLength(visits.length * 2);
  });
});
