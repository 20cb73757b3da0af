import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';
import { courseRow, sessionRow } from '../support/rows';

/**
 * The patient's own progress on the portal (issue #17): the phase of their course at its edges, what is coming
 * and what to prepare, and their trends with the same bands as the chart; only ever their own.
 */
let t: TestApp;
let desk: Agent;
let nurse: Agent;
let prescriber: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [desk, nurse, prescriber] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('nurse'),
    t.loginAs('prescriber'),
  ]);
});
afterAll(async () => {
  await t.close();
});

const now = () => t.clock.now().toISOString();
const progress = async (a: Agent, q = '') => {
  const res = await a.get(`/api/portal/progress${q}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};
const signedNote = (course: { id: string; patient_id: string }, kind: 'preparation' | 'integration') =>
  t.ctx.db
    .insertInto('therapy_notes')
    .values({
      id: randomUUID(),
      course_id: course.id,
      patient_id: course.patient_id,
      kind,
      dosing_session_id: null,
      session_date: now().slice(0, 10),
      content: '{}',
      status: 'signed',
      author_id: prescriber.userId,
      content_hash: 'h',
      signed_at: now(),
      version: 1,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
const dose = (course: { id: string; patient_id: string }, n: number) =>
  t.ctx.db
    .insertInto('dosing_sessions')
    .values(sessionRow(course, nurse.userId, now(), { number: n, status: 'signed', first_dose_at: now() }))
    .execute();

describe('where the patient is in their course', () => {
  it('moves through preparation, dosing n of N, integration and follow-up at each edge', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Pia', lastName: 'Phases' });
    const none = await progress(agent);
    expect(none).toMatchObject({ course: null, courses: [], upcoming: [], prepare: null, trends: [] });

    const course = courseRow(id, prescriber.userId, now(), {
      planned_preparation: 1,
      planned_dosing: 3,
      planned_integration: 2,
    });
    await t.ctx.db.insertInto('courses').values(course).execute();
    const stage = async () => (await progress(agent)).course.stage;

    expect(await stage()).toMatchObject({ phase: 'preparation', preparation: { done: 0, planned: 1 } });
    await signedNote(course, 'preparation');
    expect(await stage()).toMatchObject({ phase: 'preparation', preparation: { done: 1, planned: 1 } });
    // A session started but no dose given yet is not a dose.
    await t.ctx.db
      .insertInto('dosing_sessions')
      .values(sessionRow(course, nurse.userId, now()))
      .execute();
    expect((await stage()).phase).toBe('preparation');
    await t.ctx.db
      .updateTable('dosing_sessions')
      .set({ first_dose_at: now() })
      .where('course_id', '=', course.id)
      .execute();
    expect(await stage()).toMatchObject({
      phase: 'dosing',
      label: 'Dosing: session 2 of 3 next',
      dosing: { done: 1, planned: 3 },
    });
    await dose(course, 2);
    expect((await stage()).label).toBe('Dosing: session 3 of 3 next');
    await dose(course, 3);
    const integration = await stage();
    expect(integration).toMatchObject({ phase: 'integration', integration: { done: 0, planned: 2 } });
    expect(integration.steps.map((s: { state: string }) => s.state)).toEqual([
      'done',
      'done',
      'current',
      'upcoming',
    ]);
    await signedNote(course, 'integration');
    expect((await stage()).phase).toBe('integration');
    await signedNote(course, 'integration');
    expect((await stage()).phase).toBe('follow_up');

    // A stopped course has ended; the course list names it in words, no ids or ISO dates shown as labels.
    await t.ctx.db.updateTable('courses').set({ status: 'stopped' }).where('id', '=', course.id).execute();
    const stopped = await progress(agent);
    expect(stopped.course.stage.phase).toBe('ended');
    expect(stopped.courses).toEqual([{ id: course.id, label: 'In the clinic, started Nov 25, 2026' }]);
  });

  it('shows the active course first; another course of theirs by id; anyone else’s course is 404', async () => {
    const a = await patientWithPortal(t, desk, { firstName: 'Ada', lastName: 'Own' });
    const b = await patientWithPortal(t, desk, { firstName: 'Bo', lastName: 'Other' });
    const old = courseRow(a.id, prescriber.userId, now(), { status: 'completed' });
    t.clock.advance(60_000);
    const active = courseRow(a.id, prescriber.userId, now(), { setting: 'at_home' });
    const theirs = courseRow(b.id, prescriber.userId, now());
    await t.ctx.db.insertInto('courses').values([old, active, theirs]).execute();

    const mine = await progress(a.agent);
    expect(mine.course).toMatchObject({ id: active.id, settingLabel: 'At home', status: 'active' });
    expect(mine.courses.map((c: { id: string }) => c.id)).toEqual([active.id, old.id]);
    expect((await progress(a.agent, `?courseId=${old.id}`)).course).toMatchObject({
      id: old.id,
      stage: { phase: 'follow_up' },
    });
    const other = await a.agent.get(`/api/portal/progress?courseId=${theirs.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Other');
    expect((await a.agent.get(`/api/portal/progress?courseId=${randomUUID()}`)).statusCode).toBe(404);
    const bad = await a.agent.get('/api/portal/progress?courseId=nope');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('courseId');
    // Staff use the chart, not the portal.
    for (const s of [nurse, desk]) expect((await s.get('/api/portal/progress')).statusCode).toBe(403);
    expect((await t.anon.get('/api/portal/progress')).statusCode).toBe(401);

    // Each read audited on the patient's own record; the refused one too.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['outcome', 'object_id', 'actor_id'])
      .where('action', '=', 'progress.read')
      .where('patient_id', '=', a.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((r) => r.outcome)).toEqual(['allowed', 'allowed', 'failed', 'failed']);
    expect(audit.every((r) => r.actor_id === a.agent.userId)).toBe(true);
    expect(audit[2]?.object_id).toBe(theirs.id);
  });
});

describe('what is coming and what to prepare', () => {
  it('lists the next visit with the clinic’s instructions and the steps to prepare', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Nia', lastName: 'Next' });
    const course = courseRow(id, prescriber.userId, now());
    await t.ctx.db.insertInto('courses').values(course).execute();
    const type = await t.ctx.db
      .selectFrom('appointment_types')
      .select(['id', 'patient_label', 'instructions'])
      .where('category', '=', 'dosing')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('appointment_types')
      .set({ instructions: 'No food for 4 hours before your session.' })
      .where('id', '=', type.id)
      .execute();
    const visit = (startsAt: string, status = 'booked') => ({
      id: randomUUID(),
      patient_id: id,
      enquiry_id: null,
      type_id: type.id,
      course_id: course.id,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      timezone: 'America/Los_Angeles',
      location_id: null,
      room_id: null,
      modality: 'in_person',
      video_url: null,
      patient_location_state: 'CA',
      status,
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: null,
      escort_name: null,
      escort_phone: null,
      confirmed_at: null,
      source: 'staff',
      booked_by: desk.userId,
      sequence: 0,
      version: 1,
      created_at: now(),
      updated_at: now(),
    });
    const later = visit('2026-12-08T18:00:00.000Z');
    const past = visit('2026-11-20T18:00:00.000Z', 'completed');
    const cancelled = visit('2026-12-01T18:00:00.000Z', 'cancelled');
    const next = visit('2026-12-01T17:00:00.000Z');
    await t.ctx.db.insertInto('appointments').values([later, past, cancelled, next]).execute();

    const p = await progress(agent);
    expect(p.upcoming.map((u: { id: string }) => u.id)).toEqual([next.id, later.id]);
    expect(p.upcoming[0]).toMatchObject({
      kind: 'visit',
      label: type.patient_label,
      link: '/portal#visits-h',
    });
    expect(p.upcoming[0].when).toMatch(/December 1, 2026/);
    expect(p.prepare.heading).toBe(
      `Before your ${type.patient_label.toLowerCase()} on ${p.upcoming[0].when}`,
    );
    expect(p.prepare.clinicInstructions).toBe('No food for 4 hours before your session.');
    expect(p.prepare.items[0]).toMatch(/intention/);
  });
});

describe('their own trends', () => {
  it('are the chart’s trends for the same patient: the same scores and the same bands', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Tao', lastName: 'Trends' });
    const answer = async (values: number[]) => {
      const res = await nurse.post(`/api/patients/${id}/measures/assign`, {
        instrumentIds: ['phq9'],
        schedule: { kind: 'once' },
      });
      expect(res.statusCode).toBe(201);
      const a = res.json().assignments[0].id;
      const answers = Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));
      expect((await agent.post(`/api/portal/measures/${a}/submit`, { answers })).statusCode).toBe(200);
      t.clock.advance(10 * 60_000); // within the sessions' idle limit
    };
    await answer([2, 2, 2, 2, 2, 2, 2, 2, 0]); // 16: moderately severe
    await answer([1, 1, 1, 1, 1, 1, 1, 1, 0]); // 8: mild
    const mine = (await progress(agent)).trends;
    const chart = (await nurse.get(`/api/patients/${id}/measures`)).json().trends;
    expect(mine).toEqual(chart);
    expect(
      mine[0].points.map((p: { total: number; band: { label: string } }) => [p.total, p.band.label]),
    ).toEqual([
      [16, 'Moderately severe depression'],
      [8, 'Mild depression'],
    ]);
  });
});
