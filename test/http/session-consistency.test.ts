import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { key, put, readyPatient as readyFor, stockUp, VIAL } from '../support/dosing';

/**
 * Issue #14 §2, "screens disagree about the same fact", over HTTP: every answer that shows a session (the
 * console, the prescriber's board on Today, the worklist, the chart's sessions) says the same about its safety.
 */
let t: TestApp;
let prescriber: Agent;
let nurse: Agent;
let therapist: Agent;
let desk: Agent;
let admin: Agent;
let site: { id: string; rooms: { id: string }[] };
let types: Record<string, { id: string }>;
const LA = 'America/Los_Angeles';

beforeAll(async () => {
  // Sessions last hours on the fake clock: keep the staff signed in throughout.
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  [prescriber, nurse, therapist, desk, admin] = await Promise.all([
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('front_desk'),
    t.loginAs('admin'),
  ]);
  for (const [agent, type] of [
    [prescriber, 'MD'],
    [nurse, 'RN'],
    [therapist, 'LMFT'],
  ] as const)
    await admin.post(`/api/admin/users/${agent.userId}/licences`, {
      state: 'CA',
      licenceType: type,
      number: `CA-${type}`,
      expiresOn: '2030-01-01',
    });
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
  site = { id: loc.json().id, rooms: [] };
  for (const name of [
    'Chair 1',
    'Chair 2',
    'Chair 3',
    'Chair 4',
    'Chair 5',
    'Chair 6',
    'Chair 7',
    'Chair 8',
  ]) {
    site.rooms.push(
      (await admin.post(`/api/admin/scheduling/locations/${site.id}/rooms`, { name, kind: 'chair' })).json(),
    );
  }
  const res = (await desk.get('/api/scheduling/resources')).json();
  types = Object.fromEntries(res.types.map((x: { code: string }) => [x.code, x]));
});
afterAll(async () => {
  await t.close();
});

/** A patient ready for an IM session (every readiness item met unless named in `skip`; the shared test helper). */
const readyPatient = (skip: string[] = []) =>
  readyFor({ prescriber, nurse, therapist, desk, admin }, 'im_kap', skip);

/** Starts an IM session and gives the dose; returns the console's base URL. */
async function dosedSession(patientId: string, courseId: string) {
  const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json()
    .id as string;
  const base = `/api/patients/${patientId}/sessions/${sid}`;
  await put(nurse, `${base}/checklist`, {
    fasting: true,
    escortName: 'Alex Example',
    rideArranged: true,
    medicationsSinceLastVisit: 'none',
    pregnancyStatus: 'not_pregnant',
    weightKg: 70,
  });
  await nurse.post(`${base}/entries`, {
    idempotencyKey: key(),
    entry: { kind: 'vitals', vitals: { sbp: 124, dbp: 80, hr: 72, spo2: 98 } },
  });
  expect(
    (await prescriber.post(`${base}/order`, { mgPerKg: 0.5, acknowledgeWarnings: true })).statusCode,
  ).toBe(200);
  // The dose is drawn from a vial in the ledger, as the console does.
  const vials = await stockUp({ prescriber, nurse, therapist, desk, admin }, VIAL, {
    count: 1,
    lot: 'LOT-1',
  });
  const given = await nurse.post(`${base}/administrations`, {
    idempotencyKey: key(),
    mg: 35,
    site: 'left deltoid',
    phase: 'bolus',
    containerId: vials.containers[0],
  });
  expect(given.statusCode, given.body).toBe(201);
  return { sid, base };
}

type Flag = { kind: string; text: string };

/** What each screen's answer says about the session's safety. */
async function everywhere(patientId: string, sid: string) {
  const console = (await nurse.get(`/api/patients/${patientId}/sessions/${sid}`)).json();
  const board = (await prescriber.get('/api/sessions/active'))
    .json()
    .sessions.find((s: { id: string }) => s.id === sid);
  const work = (await prescriber.get('/api/worklist'))
    .json()
    .items.find((i: { id: string }) => i.id === `session:${sid}`);
  const chart = (await prescriber.get(`/api/patients/${patientId}/courses`))
    .json()
    .courses[0].sessions.find((s: { id: string }) => s.id === sid);
  return { console, board, work, chart };
}

describe('overdue monitoring is an alert on every screen that shows the session', () => {
  it('IM, every 15 min: on time nothing is flagged; 55 minutes after the last vitals the console, board, worklist and chart all say so', async () => {
    const { patientId, courseId } = await readyPatient();
    const { sid } = await dosedSession(patientId, courseId);

    t.clock.advanceMinutes(10);
    let s = await everywhere(patientId, sid);
    expect(s.console.safety).toEqual({ level: 'ok', flags: [] });
    expect(s.console.cadence).toMatchObject({
      nextLabel: 'Vitals (every 15 min)',
      minutesRemaining: 5,
      overdue: false,
    });
    expect(s.board.safety).toEqual({ level: 'ok', flags: [] });
    expect(s.chart.safety).toEqual({ level: 'ok', flags: [] });
    expect(s.work).toMatchObject({ severity: 'info', title: 'Session in progress' });

    // The repeating check fell due 15 minutes after the dose; 55 minutes later it is still not done.
    t.clock.advanceMinutes(60);
    s = await everywhere(patientId, sid);
    const overdue: Flag = { kind: 'overdue', text: 'Vitals (every 15 min) overdue by 55 min' };
    expect(s.console.cadence).toMatchObject({ overdue: true, minutesRemaining: -55 });
    expect(s.console.safety).toEqual({ level: 'alert', flags: [overdue] });
    expect(s.board.safety).toEqual(s.console.safety);
    expect(s.chart.safety).toEqual(s.console.safety);
    expect(s.work).toMatchObject({ severity: 'urgent', title: 'Monitoring overdue in a session' });
    expect(s.work.detail).toContain(overdue.text);

    // Vitals taken: the alert is gone everywhere at once.
    await nurse.post(`/api/patients/${patientId}/sessions/${sid}/entries`, {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { sbp: 126, dbp: 80, hr: 70, spo2: 98 } },
    });
    s = await everywhere(patientId, sid);
    for (const safety of [s.console.safety, s.board.safety, s.chart.safety])
      expect(safety).toEqual({ level: 'ok', flags: [] });
    expect(s.work.severity).toBe('info');
  });
});

let chairsUsed = 0;
/** A nurse of their own for each visit (a dosing visit holds its nurse), licensed where the site is. */
async function freshNurse(): Promise<Agent> {
  const n = await t.loginAs('nurse');
  await admin.post(`/api/admin/users/${n.userId}/licences`, {
    state: 'CA',
    licenceType: 'RN',
    number: `RN-${randomUUID().slice(0, 6)}`,
    expiresOn: '2030-01-01',
  });
  return n;
}

/** An IM dosing visit booked for now (local), in a chair and with a nurse of its own. */
async function dosingVisitNow(patientId: string, startsAt = t.clock.now().toISOString()) {
  const n = await freshNurse();
  const r = await desk.post('/api/appointments', {
    patientId,
    typeId: types.dosing_im?.id,
    startsAt,
    modality: 'in_person',
    locationId: site.id,
    roomId: site.rooms[chairsUsed++ % site.rooms.length]?.id,
    staff: [
      { userId: n.userId, role: 'nurse' },
      { userId: prescriber.userId, role: 'prescriber' },
    ],
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as {
    appointment: { id: string; version: number; status: string };
    warnings: { code: string }[];
  };
}

type Item = { id: string; ok: boolean };
/** The booking check's warnings about readiness (not about working hours or the confirmation email). */
const readinessCodes = (warnings: { code: string }[]) =>
  warnings.map((w) => w.code).filter((c) => !['no_working_hours', 'no_confirmation_sent'].includes(c));
const unmet = (items: Item[]) => items.filter((i) => !i.ok).map((i) => i.id);

describe('one readiness computation: the course gate, Today, the booking check and the session start', () => {
  it('a patient with a signed preparation note and no preparation visit is ready on Today as in the gate (Today used to say "no preparation session")', async () => {
    t.clock.set('2026-11-25T17:00:00.000Z'); // 09:00 in Oakland (the sign-ins last the day)
    const { patientId, courseId } = await readyPatient();
    const booked = await dosingVisitNow(patientId);
    const gate = (await nurse.get(`/api/patients/${patientId}/courses/${courseId}/readiness`)).json();
    expect(gate.ready).toBe(true);
    expect(readinessCodes(booked.warnings)).toEqual([]);
    const today = (await nurse.get(`/api/scheduling/today?locationId=${site.id}`)).json();
    const row = today.appointments.find((a: { id: string }) => a.id === booked.appointment.id);
    expect(row.readiness).toEqual(gate);

    // Once the session has started, Today no longer checks readiness: the console shows the one it started with.
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const after = (await nurse.get(`/api/scheduling/today?locationId=${site.id}`)).json();
    const started = after.appointments.find((a: { id: string }) => a.id === booked.appointment.id);
    expect(started).toMatchObject({ readiness: null, sessionId: sid });
    const console = (await nurse.get(`/api/patients/${patientId}/sessions/${sid}`)).json();
    expect(unmet(console.readiness)).toEqual([]);
  });

  it('unmet items are the same on Today, in the booking check and in the gate that refuses the start', async () => {
    t.clock.set('2026-11-25T18:00:00.000Z');
    const { patientId, courseId } = await readyPatient(['screening_cleared', 'preparation_signed']);
    const booked = await dosingVisitNow(patientId);
    const gate = (await nurse.get(`/api/patients/${patientId}/courses/${courseId}/readiness`)).json();
    expect(unmet(gate.items)).toEqual(['screening_cleared', 'preparation_signed']);
    expect(readinessCodes(booked.warnings)).toEqual(unmet(gate.items));
    const row = (await nurse.get(`/api/scheduling/today?locationId=${site.id}`))
      .json()
      .appointments.find((a: { id: string }) => a.id === booked.appointment.id);
    expect(row.readiness.ready).toBe(false);
    expect(unmet(row.readiness.items)).toEqual(unmet(gate.items));
    // Booked for today with no preparation visit before it: the item says so, in the same words everywhere.
    const prep = row.readiness.items.find((i: { id: string }) => i.id === 'preparation_signed');
    expect(prep.detail).toBe(
      'No signed preparation note in this course. No preparation visit is booked before this dosing visit either.',
    );
    const start = await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
    expect(start.statusCode).toBe(409);
    expect(start.json().errors.map((e: { field: string }) => e.field)).toEqual(
      unmet(gate.items).map((id) => `overrides.${id}`),
    );
  });

  it('a dosing visit for a patient without an active course says so (and no course item is checked)', async () => {
    const p = (
      await desk.post('/api/patients', {
        firstName: 'No',
        lastName: 'Course',
        dateOfBirth: '1980-01-01',
        state: 'CA',
      })
    ).json();
    const booked = await dosingVisitNow(p.id);
    expect(booked.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['course_active', 'screening_cleared', 'consent_current']),
    );
    expect(booked.warnings.map((w) => w.code)).not.toContain('preparation_signed');
  });
});

describe('the visit follows its session', () => {
  it('booked → checked in when the session starts, → completed at discharge; it cannot be put back while the patient is monitored', async () => {
    t.clock.set('2026-11-25T19:00:00.000Z');
    const { patientId, courseId } = await readyPatient();
    const { appointment } = await dosingVisitNow(patientId);
    expect(appointment.status).toBe('booked');
    const visit = async () => (await desk.get(`/api/appointments/${appointment.id}`)).json();

    const { sid, base } = await dosedSession(patientId, courseId);
    let v = await visit();
    expect(v.status).toBe('checked_in');
    const undo = await desk.post(`/api/appointments/${appointment.id}/status`, {
      status: 'booked',
      version: v.version,
    });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().detail ?? undo.json().title).toMatch(/session has started/);
    expect((await visit()).status).toBe('checked_in');

    t.clock.advanceMinutes(61);
    await nurse.post(`${base}/entries`, {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { sbp: 124, dbp: 80, hr: 70, spo2: 98 } },
    });
    await nurse.post(`${base}/entries`, { idempotencyKey: key(), entry: { kind: 'sedation', moaas: 5 } });
    const discharged = await nurse.post(`${base}/discharge`, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Alex Example',
      acknowledgedNoDriving: true,
      readyToLeaveAt: t.clock.now().toISOString(),
    });
    expect(discharged.statusCode, discharged.body).toBe(200);
    v = await visit();
    expect(v.status).toBe('completed');
    expect((await prescriber.post(`${base}/sign`)).statusCode).toBe(200);
    expect((await visit()).status).toBe('completed');

    // Each move of the visit is audited as the visit's own change, naming the session.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'detail'])
      .where('object_id', '=', appointment.id)
      .where('action', 'in', ['appointment.checked_in', 'appointment.completed'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.detail ?? '{}').sessionId])).toEqual([
      ['appointment.checked_in', sid],
      ['appointment.completed', sid],
    ]);
  });

  it('a visit already checked in stays so at the start; a visit on another day is not touched', async () => {
    t.clock.set('2026-11-25T21:00:00.000Z');
    const { patientId, courseId } = await readyPatient();
    const { appointment } = await dosingVisitNow(patientId);
    const tomorrow = (
      await dosingVisitNow(patientId, new Date(t.clock.now().getTime() + 86_400_000).toISOString())
    ).appointment;
    expect(
      (
        await desk.post(`/api/appointments/${appointment.id}/status`, {
          status: 'checked_in',
          version: appointment.version,
        })
      ).statusCode,
    ).toBe(200);
    await dosedSession(patientId, courseId);
    expect((await desk.get(`/api/appointments/${appointment.id}`)).json().status).toBe('checked_in');
    expect((await desk.get(`/api/appointments/${tomorrow.id}`)).json().status).toBe('booked');
  });
});

describe('the chart header shows the screening as the prescriber left it', () => {
  it('needs review before the decision, cleared after it (the chart and the screening tab say the same), review again after a change', async () => {
    const { patientId } = await readyPatient(['screening_cleared']);
    const chart = async () => (await prescriber.get(`/api/patients/${patientId}`)).json().clinical;
    const before = await chart();
    expect(before.screeningStatus).toMatchObject({
      state: 'awaiting_decision',
      cleared: false,
      tone: 'amber',
    });
    expect(
      (await prescriber.post(`/api/patients/${patientId}/screening/decisions`, { decision: 'cleared' }))
        .statusCode,
    ).toBe(201);
    const after = await chart();
    expect(after.screeningStatus).toEqual({
      state: 'cleared',
      label: 'Cleared',
      cleared: true,
      tone: 'green',
    });
    expect(after.screeningCleared).toBe(true);
    const tab = (await prescriber.get(`/api/patients/${patientId}/screening`)).json();
    expect(tab.status).toEqual(after.screeningStatus);
    // The record changes (a new medication with an interaction): the decision no longer counts.
    await put(prescriber, `/api/patients/${patientId}/clinical`, {
      medications: [{ name: 'Lamotrigine', dose: '100 mg' }],
    });
    const changed = await chart();
    expect(changed.screeningStatus).toMatchObject({ state: 'review_again', cleared: false });
  });
});

describe('a proposed time that does not exist', () => {
  it('02:30 on the spring-forward morning is proposed as 03:30, the time it will be booked, with the reason', async () => {
    const p = (
      await desk.post('/api/patients', {
        firstName: 'Spring',
        lastName: 'Forward',
        dateOfBirth: '1980-01-01',
        state: 'CA',
      })
    ).json();
    const r = await desk.post(`/api/patients/${p.id}/schedule/propose`, {
      route: 'im',
      start: '2027-03-14',
      time: '02:30',
      dosingCount: 2,
      preparationCount: 0,
      integrationWindow: null,
      followUpMonths: [],
      skipWeekends: false,
      locationId: site.id,
      prescriberId: prescriber.userId,
      nurseId: nurse.userId,
      therapistId: therapist.userId,
    });
    expect(r.statusCode, r.body).toBe(200);
    const [first, second] = r.json().items;
    expect(first).toMatchObject({
      localDate: '2027-03-14',
      localStart: '03:30',
      shiftedFrom: '02:30',
      timeNotice:
        '2:30 AM does not exist on Sunday, March 14: the clocks go forward an hour that night, so this visit is at 3:30 AM.',
      booking: { startsAt: '2027-03-14T10:30:00.000Z' },
    });
    expect(second.localDate > '2027-03-14').toBe(true);
    expect(second).toMatchObject({ localStart: '02:30', shiftedFrom: null, timeNotice: null });
  });
});
