import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * The course's order when a patient moves a visit in the portal (issue #14): an integration visit follows its
 * dosing visit, so "Change time" offers it only after that dosing visit has ended and before the next one —
 * not 08:00 on the morning of a 09:30 dose. The visit type says so (`afterDosing`, on by default for
 * integration), and an admin can turn it off. The clock: Monday 11 January 2027, 08:00 in Los Angeles.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
let nurse: Agent;
let prescriber: Agent;
let therapist: Agent;
let site: { id: string };
let chair: string;
let office: string;
let types: Record<string, { id: string }>;

async function clinician(role: 'nurse' | 'prescriber' | 'therapist', licenceType: string): Promise<Agent> {
  const a = await t.loginAs(role);
  const licence = { state: 'CA', licenceType, number: randomUUID().slice(0, 8), expiresOn: '2030-01-01' };
  expect((await admin.post(`/api/admin/users/${a.userId}/licences`, licence)).statusCode).toBe(201);
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({
    locationId: site.id,
    weekday,
    start: '08:00',
    end: '18:00',
  }));
  const set = await admin.inject({
    method: 'PUT',
    url: `/api/admin/scheduling/staff/${a.userId}/hours`,
    payload: { hours },
  });
  expect(set.statusCode).toBe(200);
  return a;
}

async function patient(): Promise<{ id: string; me: Agent }> {
  const r = await desk.post('/api/patients', {
    firstName: 'Ordered',
    lastName: `P${randomUUID().slice(0, 5)}`,
    dateOfBirth: '1980-01-01',
    state: 'CA',
  });
  expect(r.statusCode).toBe(201);
  return { id: r.json().id, me: await t.loginAs('patient', { patientId: r.json().id }) };
}

const dose = async (patientId: string, startsAt: string) => {
  const r = await desk.post('/api/appointments', {
    patientId,
    typeId: types.dosing_im?.id,
    startsAt,
    modality: 'in_person',
    locationId: site.id,
    roomId: chair,
    staff: [
      { userId: nurse.userId, role: 'nurse' },
      { userId: prescriber.userId, role: 'prescriber' },
    ],
    sendConfirmation: false,
  });
  expect(r.statusCode).toBe(201);
  return r.json().appointment as { id: string; startsAt: string; endsAt: string };
};
const integration = async (patientId: string, startsAt: string) => {
  const r = await desk.post('/api/appointments', {
    patientId,
    typeId: types.integration?.id,
    startsAt,
    modality: 'in_person',
    locationId: site.id,
    roomId: office,
    staff: [{ userId: therapist.userId, role: 'therapist' }],
    sendConfirmation: false,
  });
  expect(r.statusCode).toBe(201);
  return r.json().appointment as { id: string; startsAt: string };
};
type Slot = { startsAt: string; endsAt: string; userId: string; when: string };
const slotsFor = async (me: Agent, id: string) => {
  const r = await me.post(`/api/portal/appointments/${id}/slots`, {});
  expect(r.statusCode).toBe(200);
  return r.json() as {
    slots: Slot[];
    follows: {
      after: { label: string; when: string; endsAt: string } | null;
      before: { when: string } | null;
    } | null;
  };
};
const integrationType = async () =>
  (await admin.get('/api/admin/scheduling/types'))
    .json()
    .types.find((x: { code: string }) => x.code === 'integration');
const putType = (id: string, body: Record<string, unknown>) =>
  admin.inject({ method: 'PUT', url: `/api/admin/scheduling/types/${id}`, payload: body });

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2027-01-11T16:00:00.000Z'); // Monday 08:00 PST
  [admin, desk] = await Promise.all([t.loginAs('admin'), t.loginAs('front_desk')]);
  site = (
    await admin.post('/api/admin/scheduling/locations', {
      name: 'Order site',
      addressLine1: '1 Main',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94607',
      timezone: 'America/Los_Angeles',
    })
  ).json();
  chair = (
    await admin.post(`/api/admin/scheduling/locations/${site.id}/rooms`, { name: 'Chair', kind: 'chair' })
  ).json().id;
  office = (
    await admin.post(`/api/admin/scheduling/locations/${site.id}/rooms`, { name: 'Office', kind: 'office' })
  ).json().id;
  nurse = await clinician('nurse', 'RN');
  prescriber = await clinician('prescriber', 'MD');
  therapist = await clinician('therapist', 'LMFT');
  types = Object.fromEntries(
    (await desk.get('/api/scheduling/resources')).json().types.map((x: { code: string }) => [x.code, x]),
  );
});
afterAll(async () => {
  await t.close();
});

describe(`course order in the portal (${process.env.LIMINAL_TEST_ENGINE ?? 'sqlite'})`, () => {
  it('offers an integration visit only after its dosing visit has ended and before the next; an offer outside is refused', async () => {
    const { id, me } = await patient();
    // Tuesday 09:30–12:00 IM dosing; the integration visit on Wednesday at 10:00; the next dose a week later.
    const first = await dose(id, '2027-01-12T09:30:00-08:00');
    const visit = await integration(id, '2027-01-13T10:00:00-08:00');
    const next = await dose(id, '2027-01-19T09:30:00-08:00');

    const { slots, follows } = await slotsFor(me, visit.id);
    expect(slots.length).toBeGreaterThan(0);
    // Not 08:00 on the day of the dose (the therapist is free then), nor anything before the dose has ended.
    expect(slots.some((s) => s.startsAt === '2027-01-12T16:00:00.000Z')).toBe(false);
    expect(slots.every((s) => Date.parse(s.startsAt) >= Date.parse(first.endsAt))).toBe(true);
    expect(slots[0]?.startsAt).toBe(first.endsAt); // 12:00 on Tuesday, as the dose ends
    expect(slots.every((s) => Date.parse(s.endsAt) <= Date.parse(next.startsAt))).toBe(true);
    expect(slots.at(-1)?.when).toMatch(/^Tuesday, January 19, 2027 at 8:\d\d AM PST$/);
    expect(follows).toEqual({
      after: {
        label: 'Treatment session',
        when: 'Tuesday, January 12, 2027 at 9:30 AM PST',
        endsAt: first.endsAt,
      },
      before: {
        label: 'Treatment session',
        when: 'Tuesday, January 19, 2027 at 9:30 AM PST',
        endsAt: next.endsAt,
      },
    });

    // A time before the dose (free for the therapist) was not offered, so it cannot be booked.
    const early = await me.post(`/api/portal/appointments/${visit.id}/rebook`, {
      startsAt: '2027-01-12T16:00:00.000Z',
      userId: therapist.userId,
    });
    expect(early.statusCode).toBe(409);
    expect((await desk.get(`/api/appointments/${visit.id}`)).json()).toMatchObject({
      status: 'booked',
      startsAt: visit.startsAt,
    });
    const moved = await me.post(`/api/portal/appointments/${visit.id}/rebook`, {
      startsAt: first.endsAt,
      userId: therapist.userId,
    });
    expect(moved.statusCode).toBe(201);
    expect(moved.json()).toMatchObject({ startsAt: first.endsAt, status: 'booked' });
  });

  it('keeps no order for a visit type that does not follow the dosing visit, or an integration visit with no dose before it', async () => {
    const { id, me } = await patient();
    await dose(id, '2027-01-20T09:30:00-08:00');
    const visit = await integration(id, '2027-01-21T10:00:00-08:00');
    const type = await integrationType();
    expect(type.afterDosing).toBe(true);
    const { id: typeId, ...body } = type;
    expect((await putType(typeId, { ...body, afterDosing: false })).statusCode).toBe(200);
    try {
      const { slots, follows } = await slotsFor(me, visit.id);
      expect(follows).toBeNull();
      expect(slots[0]?.startsAt).toBe('2027-01-12T16:00:00.000Z'); // tomorrow 08:00, a week before the dose
    } finally {
      const now = await integrationType();
      expect((await putType(typeId, { ...body, version: now.version, afterDosing: true })).statusCode).toBe(
        200,
      );
    }
    const other = await patient();
    const alone = await integration(other.id, '2027-01-14T11:00:00-08:00');
    const free = await slotsFor(other.me, alone.id);
    expect(free.follows).toBeNull();
    expect(free.slots[0]?.startsAt).toBe('2027-01-12T16:00:00.000Z');
  });

  it('visit types: on by default for integration, off for others, refused for dosing with the field named', async () => {
    const base = {
      name: 'Couples integration',
      patientLabel: 'Integration session',
      defaultMinutes: 90,
      minMinutes: 60,
      maxMinutes: 120,
      modalities: ['in_person'],
      staff: [{ roles: ['therapist'], hold: 'exclusive' }],
    };
    const made = await admin.post('/api/admin/scheduling/types', {
      ...base,
      code: 'couples_integration',
      category: 'integration',
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().afterDosing).toBe(true);
    const other = await admin.post('/api/admin/scheduling/types', {
      ...base,
      code: 'walk_and_talk',
      category: 'other',
    });
    expect(other.json().afterDosing).toBe(false);
    const chosen = await admin.post('/api/admin/scheduling/types', {
      ...base,
      code: 'check_in_call',
      category: 'follow_up',
      afterDosing: true,
    });
    expect(chosen.json().afterDosing).toBe(true);
    const bad = await admin.post('/api/admin/scheduling/types', {
      ...base,
      code: 'bad_dose',
      category: 'dosing',
      route: 'im',
      afterDosing: true,
      staff: [{ roles: ['nurse'], hold: 'exclusive' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['afterDosing']);
    const wrongType = await admin.post('/api/admin/scheduling/types', {
      ...base,
      code: 'bad_flag',
      category: 'integration',
      afterDosing: 'yes',
    });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors.map((e: { field: string }) => e.field)).toEqual(['afterDosing']);
    // Front desk may not change visit types.
    expect(
      (await desk.post('/api/admin/scheduling/types', { ...base, code: 'desk_type', category: 'other' }))
        .statusCode,
    ).toBe(403);
  });
});
