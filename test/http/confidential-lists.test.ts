import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { courseRow, sessionRow } from '../support/rows';
import { registerSecret } from '../support/secrets';

/**
 * Confidential records in the lists that span patients (S17, platform/confidential.ts). Lists whose rows are
 * there to be opened leave a confidential patient out for anyone who may not open the chart; the calendars
 * keep the visit's block but mask it. Its care team, and a designated user inside an open emergency window,
 * see the patient as before.
 */
const FIRST = 'Ottoline';
const LAST = 'Quillonfeather';
const DOB = '1931-07-29';
registerSecret(LAST);

let t: TestApp;
let desk: Agent;
let carer: Agent; // prescriber on the care team
let teamNurse: Agent; // nurse on the care team
let therapist: Agent; // clinician, not on the care team
let oncall: Agent; // prescriber, not on the care team, designated for emergency access
let admin: Agent;
let patientId: string;
let chart: string;
let enquiryId: string;
let appointmentId: string;

const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));

/** The lists that name the patient to anyone who may open the chart (searched by name where they search). */
const NAMED_LISTS = [
  `/api/patients?q=${LAST}`,
  `/fhir/R4/Patient?family=${LAST}`,
  '/api/worklist',
  '/api/measures/due',
  '/api/safety-tasks',
  '/api/sessions/active',
  '/api/scheduling/calendar?from=2026-11-24&days=3',
  '/api/scheduling/today?date=2026-11-25',
  '/api/scheduling/reminder-problems',
];

/**
 * The record's own reads (the chart, the FHIR Patient), whose access check reads the patient in the same
 * statement as the answer (issue #23): refused like a missing record to whoever may not open it.
 */
const recordReads = () => [`/api/patients/${patientId}`, `/fhir/R4/Patient/${patientId}`];

const observationsOf = () => `/fhir/R4/Observation?patient=${patientId}&_count=200`;

/** Every list under test, as the agent sees it: the raw bodies, for "the name appears nowhere" checks. */
async function lists(a: Agent): Promise<Record<string, string>> {
  const urls = [
    ...NAMED_LISTS,
    ...recordReads(),
    `/api/patients?q=${encodeURIComponent(chart)}`,
    `/api/patients?q=${DOB}`,
    '/api/patients?limit=200',
    '/api/enquiries?status=converted',
    '/fhir/R4/Observation?_count=200',
    // One patient's search: its access check is the record's own (the matches are not filtered again).
    observationsOf(),
  ];
  const out: Record<string, string> = {};
  for (const url of urls) {
    const res = await a.inject({
      method: 'GET',
      url,
      headers: { accept: url.startsWith('/fhir') ? 'application/fhir+json' : 'application/json' },
    });
    // A role without the permission is refused the whole list; that hides the patient too.
    // A FHIR bundle's self link repeats the query; only its entries are the answer.
    if (res.statusCode !== 200) out[url] = `(${res.statusCode})`;
    else
      out[url] =
        url.startsWith('/fhir') && res.json().resourceType === 'Bundle'
          ? JSON.stringify({ total: res.json().total, entry: res.json().entry ?? [] })
          : res.body;
  }
  return out;
}

const leaks = (bodies: Record<string, string>) =>
  Object.entries(bodies)
    .filter(([, body]) => [LAST, chart, DOB, patientId, enquiryId].some((s) => body.includes(s)))
    .map(([url]) => url);

beforeAll(async () => {
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  [desk, carer, teamNurse, therapist, oncall, admin] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('prescriber'),
    t.loginAs('admin'),
  ]);

  // The record comes from an enquiry, so the converted enquiry carries the name too.
  const enq = await t.anon.post('/api/public/enquiries', {
    firstName: FIRST,
    lastName: LAST,
    email: 'o.q@example.test',
    phone: '5550100123',
    state: 'CA',
    dateOfBirth: DOB,
    concerns: ['anxiety'],
    consentToContact: true,
  });
  expect(enq.statusCode).toBeLessThan(300);
  enquiryId = (
    await t.ctx.db
      .selectFrom('enquiries')
      .select('id')
      .where('last_name', '=', LAST)
      .executeTakeFirstOrThrow()
  ).id;
  const converted = await desk.post(`/api/enquiries/${enquiryId}/convert`);
  expect(converted.statusCode).toBeLessThan(300);
  ({ patientId, chartNumber: chart } = converted.json());
  registerSecret(chart);

  const team = await desk.inject({
    method: 'PUT',
    url: `/api/patients/${patientId}/care-team`,
    payload: {
      members: [
        { userId: carer.userId, role: 'prescriber' },
        { userId: teamNurse.userId, role: 'nurse' },
      ],
    },
  });
  expect(team.statusCode).toBe(200);

  // A PHQ-9 answered with a positive item 9 (an open safety task) and a GAD-7 left due.
  const assigned = await carer.post(`/api/patients/${patientId}/measures/assign`, {
    instrumentIds: ['phq9'],
    schedule: { kind: 'once' },
  });
  expect(assigned.statusCode).toBe(201);
  const again = await carer.post(`/api/patients/${patientId}/measures/assign`, {
    instrumentIds: ['gad7'],
    schedule: { kind: 'once' },
  });
  expect(again.statusCode).toBe(201);
  expect(again.json().assignments).toHaveLength(1);
  const answered = await carer.post(
    `/api/patients/${patientId}/measures/${assigned.json().assignments[0].id}/responses`,
    { answers: phq9([2, 2, 1, 1, 1, 1, 1, 1, 2]) },
  );
  expect(answered.statusCode).toBe(201);
  expect(answered.json().safetyTasks.length).toBeGreaterThan(0);

  // A session under way, a video visit this morning with the therapist, and a reminder that could not be sent.
  const now = t.clock.now().toISOString();
  const course = courseRow(patientId, carer.userId, now);
  await t.ctx.db.insertInto('courses').values(course).execute();
  await t.ctx.db
    .insertInto('dosing_sessions')
    .values(sessionRow(course, carer.userId, now, { status: 'monitoring', first_dose_at: now }))
    .execute();
  const type = await t.ctx.db
    .selectFrom('appointment_types')
    .select('id')
    .where('category', '!=', 'dosing')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  appointmentId = randomUUID();
  await t.ctx.db
    .insertInto('appointments')
    .values({
      id: appointmentId,
      patient_id: patientId,
      enquiry_id: enquiryId,
      type_id: type.id,
      course_id: course.id,
      starts_at: '2026-11-25T18:00:00.000Z',
      ends_at: '2026-11-25T19:00:00.000Z',
      timezone: 'America/Los_Angeles',
      location_id: null,
      room_id: null,
      modality: 'video',
      video_url: 'https://video.example.test/room-quill',
      patient_location_state: 'CA',
      status: 'booked',
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: null,
      escort_name: `Escort ${LAST}`,
      escort_phone: '5550100999',
      confirmed_at: null,
      source: 'staff',
      booked_by: desk.userId,
      sequence: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await t.ctx.db
    .insertInto('appointment_staff')
    .values({
      appointment_id: appointmentId,
      user_id: therapist.userId,
      role: 'therapist',
      hold: 'exclusive',
    })
    .execute();
  await t.ctx.db
    .insertInto('appointment_reminders')
    .values({
      id: randomUUID(),
      appointment_id: appointmentId,
      kind: '2h',
      send_at: now,
      status: 'failed',
      attempts: 3,
      last_error: `550 mailbox o.q@example.test unavailable`,
      outbox_id: null,
      sent_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();

  // Before the mark, everyone with the permission sees the patient in every list (the fixtures are in place).
  const before = await lists(therapist);
  expect(before[`/api/patients?q=${LAST}`]).toContain(LAST);
  expect(before[`/fhir/R4/Patient?family=${LAST}`]).toContain(LAST);
  expect(before['/fhir/R4/Observation?_count=200']).toContain(patientId);
  expect(before['/api/worklist']).toContain(LAST);
  expect(before['/api/measures/due']).toContain(LAST);
  expect(before['/api/safety-tasks']).toContain(LAST);
  expect(before['/api/sessions/active']).toContain(LAST);
  expect(before['/api/scheduling/calendar?from=2026-11-24&days=3']).toContain(LAST);
  expect(before['/api/scheduling/today?date=2026-11-25']).toContain(LAST);
  expect(before['/api/scheduling/reminder-problems']).toContain(LAST);
  expect((await desk.get('/api/enquiries?status=converted')).body).toContain(LAST);

  const mark = await carer.inject({
    method: 'PUT',
    url: `/api/patients/${patientId}/confidential`,
    payload: { confidential: true },
  });
  expect(mark.statusCode).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('confidential patients in cross-patient lists', () => {
  it('are left out or masked for staff who may not open the chart', async () => {
    for (const a of [therapist, oncall, desk]) {
      const bodies = await lists(a);
      expect(leaks(bodies)).toEqual([]);
      expect(bodies['/api/scheduling/calendar?from=2026-11-24&days=3']).not.toContain('Escort');
      if (a !== desk) for (const url of recordReads()) expect(bodies[url], url).toBe('(404)');
    }
    // Counts agree with what is shown: the search finds nothing, and says so.
    const search = (await therapist.get(`/api/patients?q=${LAST}`)).json();
    expect(search).toEqual({ patients: [], total: 0 });
    const due = (await therapist.get('/api/measures/due')).json();
    expect(due.total).toBe(due.items.length);
    expect(due.openSafetyTaskCount).toBe(0);
    // The converted enquiry answers like a missing one.
    expect((await desk.get(`/api/enquiries/${enquiryId}`)).statusCode).toBe(404);
  });

  it('keep the visit on the calendars as a busy block without the patient', async () => {
    const cal = (await therapist.get('/api/scheduling/calendar?from=2026-11-24&days=3')).json();
    const block = cal.appointments.find((a: { id: string }) => a.id === appointmentId);
    expect(block).toMatchObject({
      masked: true,
      patientId: null,
      enquiryId: null,
      patientName: 'Confidential patient',
      chartNumber: null,
      courseId: null,
      videoUrl: null,
      escortName: null,
      escortPhone: null,
      nextStatuses: [],
      startsAt: '2026-11-25T18:00:00.000Z',
      endsAt: '2026-11-25T19:00:00.000Z',
      staff: [expect.objectContaining({ userId: therapist.userId })],
    });
    const today = (await desk.get('/api/scheduling/today?date=2026-11-25')).json();
    expect(today.appointments.find((a: { id: string }) => a.id === appointmentId)).toMatchObject({
      masked: true,
      patientName: 'Confidential patient',
      readiness: null,
      reminderProblems: [],
      sessionId: null,
    });
    expect(today.reminderProblems).toEqual([]);
    // The visit itself opens only for those who may open the chart.
    expect((await therapist.get(`/api/appointments/${appointmentId}`)).statusCode).toBe(404);
    expect((await carer.get(`/api/appointments/${appointmentId}`)).statusCode).toBe(200);

    // The therapist's own calendar feed shows the block without initials.
    const feed = await therapist.post('/api/scheduling/ical');
    expect(feed.statusCode).toBeLessThan(300);
    const ics = await t.anon.get(new URL(feed.json().url).pathname);
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('Confidential patient');
    expect(ics.body).not.toContain('O. Q.');
  });

  it('show the patient as before to the care team', async () => {
    const nurseBodies = await lists(teamNurse);
    for (const url of [
      '/api/worklist',
      '/api/measures/due',
      '/api/safety-tasks',
      '/api/sessions/active',
      `/api/patients?q=${LAST}`,
      `/fhir/R4/Patient?family=${LAST}`,
      '/api/scheduling/calendar?from=2026-11-24&days=3',
      ...recordReads(),
    ])
      expect(nurseBodies[url], url).toContain(LAST);
    expect(JSON.parse(nurseBodies[observationsOf()] as string).total).toBeGreaterThan(0);
    const carerBodies = await lists(carer);
    for (const url of [
      `/api/patients?q=${encodeURIComponent(chart)}`,
      `/api/patients?q=${DOB}`,
      '/api/scheduling/today?date=2026-11-25',
      '/api/scheduling/reminder-problems',
    ])
      expect(carerBodies[url], url).toContain(LAST);
    const cal = (await carer.get('/api/scheduling/calendar?from=2026-11-24&days=3')).json();
    expect(cal.appointments.find((a: { id: string }) => a.id === appointmentId)).toMatchObject({
      masked: false,
      patientId,
      patientName: `${FIRST} ${LAST}`,
      chartNumber: chart,
    });
    expect((await carer.get(`/api/patients?q=${LAST}`)).json()).toMatchObject({
      total: 1,
      patients: [{ id: patientId }],
    });
  });

  it('show the patient to a designated user while their emergency window is open, and not after it ends', async () => {
    const designated = await admin.post(`/api/admin/users/${oncall.userId}/break-glass`, { allowed: true });
    expect(designated.statusCode).toBe(200);
    expect(leaks(await lists(oncall))).toEqual([]);
    const opened = await oncall.post(`/api/patients/${patientId}/emergency-access`, {
      reason: 'Patient unwell in the clinic; the care team cannot be reached.',
    });
    expect(opened.statusCode).toBe(201);
    const bodies = await lists(oncall);
    for (const url of [...NAMED_LISTS, ...recordReads()]) expect(bodies[url], url).toContain(LAST);
    expect(bodies[observationsOf()]).toContain(patientId);
    expect(
      (await oncall.post(`/api/emergency-access/${opened.json().grant.id}/end`)).statusCode,
    ).toBeLessThan(300);
    expect(leaks(await lists(oncall))).toEqual([]);
  });

  it('come back for everyone once the mark is cleared', async () => {
    const clear = await carer.inject({
      method: 'PUT',
      url: `/api/patients/${patientId}/confidential`,
      payload: { confidential: false },
    });
    expect(clear.statusCode).toBe(200);
    expect((await therapist.get(`/api/patients?q=${LAST}`)).json().total).toBe(1);
    const bodies = await lists(therapist);
    for (const url of recordReads()) expect(bodies[url], url).toContain(LAST);
    expect((await desk.get('/api/enquiries?status=converted')).body).toContain(LAST);
    expect((await desk.get(`/api/enquiries/${enquiryId}`)).statusCode).toBe(200);
  });
});
