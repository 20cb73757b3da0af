import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenSafetyTask } from '../../src/server/features/measures/repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';
import { registerSecret } from '../support/secrets';

/**
 * Safety tasks open from completed questionnaires only, never from a draft saved as the patient goes: an
 * unfinished ASQ has unanswered screening items, which the scoring counts as positive, so evaluating drafts
 * opened urgent tasks (and held dosing) for patients who had simply not finished yet.
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

const put = (agent: Agent, url: string, body: unknown) =>
  agent.inject({ method: 'PUT', url, payload: body as object });
const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));
const asqNegative = { 'asq-1': false, 'asq-2': false, 'asq-3': false, 'asq-4': false };

async function assign(patientId: string, instrumentId: string): Promise<string> {
  const res = await nurse.post(`/api/patients/${patientId}/measures/assign`, {
    instrumentIds: [instrumentId],
    schedule: { kind: 'once' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().assignments[0].id;
}
const taskCount = async (patientId: string) =>
  (
    await t.ctx.db
      .selectFrom('measure_safety_tasks')
      .select('id')
      .where('patient_id', '=', patientId)
      .execute()
  ).length;

/** The dosing readiness gate's safety item for a fresh course of this patient. */
async function safetyGate(patientId: string): Promise<boolean> {
  const course = await prescriber.post(`/api/patients/${patientId}/courses`, {
    templateKey: 'im_kap',
    indications: ['Treatment-resistant depression'],
  });
  expect(course.statusCode).toBe(201);
  const gate = (await nurse.get(`/api/patients/${patientId}/courses/${course.json().id}/readiness`)).json();
  return gate.items.find((i: { id: string }) => i.id === 'no_open_safety_task').ok;
}

describe('ASQ drafts do not over-alert', () => {
  it('a portal draft with unanswered screening items opens no task and does not hold dosing', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const a = await assign(id, 'asq');
    // Only question 1 answered ("no"): 2-4 are blank, which the scoring counts as a positive screen.
    const first = await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'asq-1': false } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ crisis: false, missing: ['asq-2', 'asq-3', 'asq-4'] });
    // An explicit null (skipped) and even a "yes" on a draft still open nothing until the form is sent.
    expect(
      (await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'asq-1': false, 'asq-2': null } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'asq-1': true } })).statusCode,
    ).toBe(200);
    expect(await taskCount(id)).toBe(0);
    expect(await hasOpenSafetyTask(t.ctx.db, id)).toBe(false);
    expect(await safetyGate(id)).toBe(true);
    // The draft is kept (nothing typed is lost) and the assignment is in progress.
    const measures = (await nurse.get(`/api/patients/${id}/measures`)).json();
    expect(measures.openSafetyTask).toBe(false);
    expect(measures.assignments[0].status).toBe('in_progress');
  });

  it('a submitted positive ASQ opens the urgent task and holds dosing', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const a = await assign(id, 'asq');
    expect(
      (await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'asq-1': false } })).statusCode,
    ).toBe(200);
    expect(await taskCount(id)).toBe(0);
    const done = await agent.post(`/api/portal/measures/${a}/submit`, {
      answers: { ...asqNegative, 'asq-3': true, 'asq-5': false },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().crisis).toBe(false);
    const tasks = (await prescriber.get(`/api/safety-tasks?patientId=${id}`)).json().tasks;
    expect(
      tasks.map(
        (x: { level: string; flagCode: string; status: string }) => `${x.level}:${x.flagCode}:${x.status}`,
      ),
    ).toEqual(['urgent:positive:open']);
    expect(tasks[0].responseId).toBe(done.json().responseId);
    expect(await hasOpenSafetyTask(t.ctx.db, id)).toBe(true);
    expect(await safetyGate(id)).toBe(false);
  });

  it('a submitted acute positive ASQ opens the emergency task too; a submitted negative ASQ opens none', async () => {
    const acute = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const a = await assign(acute.id, 'asq');
    const draft = await put(acute.agent, `/api/portal/measures/${a}/draft`, {
      answers: { 'asq-1': true, 'asq-5': true },
    });
    expect(draft.json().crisis).toBe(true); // crisis resources at once, from the draft
    expect(await taskCount(acute.id)).toBe(0); // the task follows on submit
    const done = await acute.agent.post(`/api/portal/measures/${a}/submit`, {}); // submit the draft as it stands
    expect(done.statusCode).toBe(422); // 2-4 still blank
    expect(done.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'answers.asq-2',
      'answers.asq-3',
      'answers.asq-4',
    ]);
    expect(await taskCount(acute.id)).toBe(0);
    const sent = await acute.agent.post(`/api/portal/measures/${a}/submit`, {
      answers: { ...asqNegative, 'asq-1': true, 'asq-5': true },
    });
    expect(sent.statusCode).toBe(200);
    const levels = (await nurse.get(`/api/safety-tasks?patientId=${acute.id}`))
      .json()
      .tasks.map((x: { level: string }) => x.level);
    expect(levels).toEqual(['emergency', 'urgent']);

    const calm = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const b = await assign(calm.id, 'asq');
    expect(
      (await put(calm.agent, `/api/portal/measures/${b}/draft`, { answers: { 'asq-1': false } })).statusCode,
    ).toBe(200);
    const neg = await calm.agent.post(`/api/portal/measures/${b}/submit`, { answers: asqNegative });
    expect(neg.statusCode).toBe(200);
    expect(neg.json().crisis).toBe(false);
    expect(await taskCount(calm.id)).toBe(0);
    expect(await safetyGate(calm.id)).toBe(true);
  });

  it('PHQ-9 item 9 above 0: no task from the draft, an urgent task on submit; 0 on submit opens none', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const a = await assign(id, 'phq9');
    expect(
      (await put(agent, `/api/portal/measures/${a}/draft`, { answers: { 'phq9-9': 2 } })).statusCode,
    ).toBe(200);
    expect(await taskCount(id)).toBe(0);
    const done = await agent.post(`/api/portal/measures/${a}/submit`, {
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 2]),
    });
    expect(done.statusCode).toBe(200);
    const tasks = (await prescriber.get(`/api/safety-tasks?patientId=${id}`)).json().tasks;
    expect(tasks.map((x: { level: string; flagCode: string }) => `${x.level}:${x.flagCode}`)).toEqual([
      'urgent:suicide_risk',
    ]);
    expect(await safetyGate(id)).toBe(false);

    const other = await patientWithPortal(t, desk, { firstName: 'Dana', lastName: 'Drafts' });
    const b = await assign(other.id, 'phq9');
    expect(
      (
        await other.agent.post(`/api/portal/measures/${b}/submit`, {
          answers: phq9([2, 2, 2, 2, 2, 2, 2, 2, 0]),
        })
      ).statusCode,
    ).toBe(200);
    expect(await taskCount(other.id)).toBe(0);
  });

  it('the kiosk follows the same rule: a saved draft opens nothing, the submitted positive opens the task', async () => {
    const p = (
      await desk.post('/api/patients', {
        firstName: 'Kit',
        lastName: 'Kiosk',
        dateOfBirth: '1991-07-08',
        state: 'CA',
      })
    ).json();
    const a = await assign(p.id, 'asq');
    const issued = await nurse.post(`/api/patients/${p.id}/measures/${a}/kiosk`);
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    registerSecret(token);
    const headers = { 'x-kiosk-token': token };
    const save = await t.app.inject({
      method: 'PUT',
      url: '/api/kiosk',
      headers,
      payload: { answers: { 'asq-1': false } },
    });
    expect(save.statusCode).toBe(200);
    expect(await taskCount(p.id)).toBe(0);
    const submit = await t.app.inject({
      method: 'POST',
      url: '/api/kiosk/submit',
      headers,
      payload: { answers: { ...asqNegative, 'asq-2': true, 'asq-5': false } },
    });
    expect(submit.statusCode).toBe(200);
    expect(await taskCount(p.id)).toBe(1);
  });

  it('staff entering a complete positive paper form open the task; a complete negative one opens none', async () => {
    const p = (
      await desk.post('/api/patients', {
        firstName: 'Paper',
        lastName: 'Form',
        dateOfBirth: '1980-01-01',
        state: 'CA',
      })
    ).json();
    const a = await assign(p.id, 'asq');
    const pos = await nurse.post(`/api/patients/${p.id}/measures/${a}/responses`, {
      answers: { ...asqNegative, 'asq-4': true, 'asq-5': false },
    });
    expect(pos.statusCode).toBe(201);
    expect(pos.json().safetyTasks).toEqual([
      { id: expect.any(String), flagCode: 'positive', level: 'urgent' },
    ]);
    const b = await assign(p.id, 'asq');
    const neg = await nurse.post(`/api/patients/${p.id}/measures/${b}/responses`, { answers: asqNegative });
    expect(neg.statusCode).toBe(201);
    expect(neg.json().safetyTasks).toEqual([]);
    expect(await taskCount(p.id)).toBe(1);
  });
});
