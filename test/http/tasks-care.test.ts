import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCareTask } from '../../src/server/features/tasks';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';

/**
 * Care tasks between sessions (issue #17): opened once per key by the journal and messages code, listed on
 * Today and in the chart for clinicians, given or taken, and closed only with a documented follow-up.
 */
let t: TestApp;
let desk: Agent;
let admin: Agent;
let nurse: Agent;
let prescriber: Agent;
let therapist: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [desk, admin, nurse, prescriber, therapist] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('admin'),
    t.loginAs('nurse'),
    t.loginAs('prescriber'),
    t.loginAs('therapist'),
  ]);
});
afterAll(async () => {
  await t.close();
});

const now = () => t.clock.now().toISOString();
const open = (patientId: string, over: Partial<Parameters<typeof insertCareTask>[1]> = {}) =>
  t.ctx.db.transaction().execute((trx) =>
    insertCareTask(trx, {
      patientId,
      key: `journal_crisis:${randomUUID()}`,
      kind: 'journal_crisis',
      urgent: true,
      title: 'Crisis language in a shared journal entry',
      source: { type: 'journal_entry', id: randomUUID() },
      at: now(),
      ...over,
    }),
  );
const auditOf = (action: string, objectId?: string) => {
  let q = t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (objectId) q = q.where('object_id', '=', objectId);
  return q.orderBy('seq').execute();
};
type Task = {
  id: string;
  urgent: boolean;
  state: string;
  link: string;
  title: string;
  patient: { id: string };
};

describe('opening a care task', () => {
  it('opens once per key: a second open with the same key does nothing', async () => {
    const { id } = await patientWithPortal(t, desk, { firstName: 'Ona', lastName: 'Once' });
    const key = `message_crisis:${randomUUID()}`;
    const first = await open(id, { key, kind: 'message_crisis' });
    expect(first).toEqual(expect.any(String));
    expect(await open(id, { key, kind: 'message_crisis' })).toBeNull();
    const tasks = (await nurse.get(`/api/care-tasks?patientId=${id}`)).json().tasks as Task[];
    expect(tasks.map((x) => x.id)).toEqual([first]);
  });
});

describe('the list', () => {
  it('shows open tasks to clinicians, urgent first, each linking to where it is worked', async () => {
    const { id } = await patientWithPortal(t, desk, { firstName: 'Lia', lastName: 'Listed' });
    const threadId = randomUUID();
    const routine = await open(id, {
      kind: 'message_follow_up',
      urgent: false,
      title: 'Message to follow up',
      source: { type: 'message_thread', id: threadId },
      openedBy: therapist.userId,
    });
    t.clock.advance(60_000);
    const entryId = randomUUID();
    const urgent = await open(id, { source: { type: 'journal_entry', id: entryId } });
    for (const a of [nurse, prescriber, therapist]) {
      const res = await a.get('/api/care-tasks');
      expect(res.statusCode).toBe(200);
      const mine = (res.json().tasks as Task[]).filter((x) => x.patient.id === id);
      expect(mine.map((x) => [x.id, x.urgent, x.link])).toEqual([
        [urgent, true, `/app/patients/${id}#journal-entry-${entryId}`],
        [routine, false, `/app/messages/${threadId}`],
      ]);
    }
    const one = (await therapist.get(`/api/care-tasks?patientId=${id}`)).json().tasks as Task[];
    expect(one[0]).toMatchObject({
      kindLabel: 'Crisis language in a shared journal entry',
      openedBy: null,
      state: 'open',
      patient: { id, name: 'Lia Listed' },
    });
    expect(one[1]).toMatchObject({ openedBy: { id: therapist.userId } });

    // Today carries them too: the urgent one red (urgent) on top, the routine one due, with the same links.
    const today = (await nurse.get('/api/worklist')).json();
    const items = today.items.filter(
      (i: { kind: string; patientId: string }) => i.kind === 'care_task' && i.patientId === id,
    );
    expect(items.map((i: { severity: string; link: string }) => [i.severity, i.link])).toEqual([
      ['urgent', `/app/patients/${id}#journal-entry-${entryId}`],
      ['due', `/app/messages/${threadId}`],
    ]);
    expect(today.sections.map((s: { key: string }) => s.key)).toContain('care_tasks');
    expect(
      (await desk.get('/api/worklist')).json().sections.map((s: { key: string }) => s.key),
    ).not.toContain('care_tasks');

    // Reads are audited: the list across patients once, the chart's list per patient.
    expect((await auditOf('care_tasks.list')).length).toBeGreaterThanOrEqual(3);
    const read = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'care_tasks.read')
      .where('patient_id', '=', id)
      .execute();
    expect(read.map((r) => r.outcome)).toEqual(['allowed']);
  });

  it('is refused to the front desk, admins and patients; a patient id that is not a uuid names the field', async () => {
    const { id, agent } = await patientWithPortal(t, desk, { firstName: 'Rae', lastName: 'Refused' });
    const task = (await open(id)) as string;
    for (const a of [desk, admin, agent]) {
      expect((await a.get('/api/care-tasks')).statusCode).toBe(403);
      expect((await a.get(`/api/care-tasks?patientId=${id}`)).statusCode).toBe(403);
      expect((await a.post(`/api/care-tasks/${task}/resolve`, { outcome: 'Called.' })).statusCode).toBe(403);
      expect((await a.post(`/api/care-tasks/${task}/assign`, { userId: a.userId })).statusCode).toBe(403);
    }
    const bad = await nurse.get('/api/care-tasks?patientId=nope');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('patientId');
    expect((await nurse.get('/api/care-tasks?state=closed')).json().errors[0].field).toBe('state');
    expect((await nurse.get(`/api/care-tasks?patientId=${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('assigning and resolving', () => {
  it('a clinician takes a task, gives it to another, and it closes only with a note, once', async () => {
    const { id } = await patientWithPortal(t, desk, { firstName: 'Ria', lastName: 'Resolved' });
    const task = (await open(id)) as string;

    const take = await nurse.post(`/api/care-tasks/${task}/assign`, { userId: nurse.userId });
    expect(take.statusCode).toBe(200);
    expect(take.json().task.assignedTo).toMatchObject({ id: nurse.userId });
    const give = await nurse.post(`/api/care-tasks/${task}/assign`, { userId: therapist.userId });
    expect(give.json().task.assignedTo).toMatchObject({ id: therapist.userId });
    // Only an active clinician may hold one: the field is named.
    for (const userId of [desk.userId, admin.userId, randomUUID()]) {
      const no = await nurse.post(`/api/care-tasks/${task}/assign`, { userId });
      expect(no.statusCode).toBe(422);
      expect(no.json().errors[0].field).toBe('userId');
    }
    expect((await nurse.post(`/api/care-tasks/${task}/assign`, { userId: 'x' })).json().errors[0].field).toBe(
      'userId',
    );
    const worklist = (await therapist.get('/api/worklist'))
      .json()
      .items.find((i: { id: string }) => i.id === `care-task:${task}`);
    expect(worklist.detail).toMatch(/^Handled by /);

    const noNote = await therapist.post(`/api/care-tasks/${task}/resolve`, {});
    expect(noNote.statusCode).toBe(422);
    expect(noNote.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noNote.json().errors[0].field).toBe('outcome');
    const blank = await therapist.post(`/api/care-tasks/${task}/resolve`, { outcome: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().errors[0].field).toBe('outcome');
    const long = await therapist.post(`/api/care-tasks/${task}/resolve`, { outcome: 'x'.repeat(4001) });
    expect(long.json().errors[0].field).toBe('outcome');

    const OUTCOME = 'Called the patient within the hour; safe, with support at home. Safety plan reviewed.';
    const ok = await therapist.post(`/api/care-tasks/${task}/resolve`, { outcome: OUTCOME });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().task).toMatchObject({
      state: 'resolved',
      resolvedBy: { id: therapist.userId },
      outcome: OUTCOME,
      resolvedAt: now(),
    });
    // Never reopened, never resolved twice, no longer given to anyone.
    const again = await prescriber.post(`/api/care-tasks/${task}/resolve`, { outcome: 'Again.' });
    expect(again.statusCode).toBe(409);
    expect((await nurse.post(`/api/care-tasks/${task}/assign`, { userId: nurse.userId })).statusCode).toBe(
      409,
    );
    expect((await nurse.post(`/api/care-tasks/${randomUUID()}/resolve`, { outcome: 'x' })).statusCode).toBe(
      404,
    );

    // Off the open list and Today; kept in the chart's history with who resolved it.
    expect(((await nurse.get('/api/care-tasks')).json().tasks as Task[]).some((x) => x.id === task)).toBe(
      false,
    );
    expect(
      (await nurse.get('/api/worklist'))
        .json()
        .items.some((i: { id: string }) => i.id === `care-task:${task}`),
    ).toBe(false);
    const all = (await nurse.get(`/api/care-tasks?patientId=${id}&state=all`)).json().tasks;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      state: 'resolved',
      resolvedBy: { id: therapist.userId },
      outcome: OUTCOME,
    });

    // Every change audited (bad input is refused before the service); the outcome is not in the audit detail.
    const resolves = await auditOf('care_task.resolve', task);
    expect(resolves.map((r) => r.outcome)).toEqual(['allowed', 'failed']);
    expect(resolves.every((r) => !String(r.detail).includes('Called the patient'))).toBe(true);
    expect(resolves[0]?.patient_id).toBe(id);
    const assigns = await auditOf('care_task.assign', task);
    expect(assigns.filter((r) => r.outcome === 'allowed')).toHaveLength(2);
  });
});

describe('confidential patients', () => {
  it('follow the chart’s rule: the care team sees and works the task, others neither see nor reach it', async () => {
    const { id } = await patientWithPortal(t, desk, { firstName: 'Cora', lastName: 'Confidential' });
    const team = await desk.inject({
      method: 'PUT',
      url: `/api/patients/${id}/care-team`,
      payload: { members: [{ userId: prescriber.userId, role: 'prescriber' }] },
    });
    expect(team.statusCode).toBe(200);
    const mark = await prescriber.inject({
      method: 'PUT',
      url: `/api/patients/${id}/confidential`,
      payload: { confidential: true },
    });
    expect(mark.statusCode).toBe(200);
    const task = (await open(id)) as string;

    const seen = async (a: Agent) =>
      ((await a.get('/api/care-tasks')).json().tasks as Task[]).some((x) => x.id === task);
    expect(await seen(prescriber)).toBe(true);
    expect(await seen(therapist)).toBe(false);
    const today = (await therapist.get('/api/worklist')).json();
    expect(JSON.stringify(today)).not.toContain('Confidential');
    expect((await therapist.get(`/api/care-tasks?patientId=${id}`)).statusCode).toBe(404);
    expect((await therapist.post(`/api/care-tasks/${task}/resolve`, { outcome: 'Tried.' })).statusCode).toBe(
      404,
    );
    expect(
      (await therapist.post(`/api/care-tasks/${task}/assign`, { userId: therapist.userId })).statusCode,
    ).toBe(404);
    // Nor can the team give it to someone outside the team.
    const give = await prescriber.post(`/api/care-tasks/${task}/assign`, { userId: therapist.userId });
    expect(give.statusCode).toBe(422);
    expect(give.json().errors[0]).toMatchObject({
      field: 'userId',
      message: expect.stringMatching(/care team/),
    });
    const denied = await auditOf('care_task.resolve', task);
    expect(denied.map((r) => r.outcome)).toEqual(['denied']);
    const ok = await prescriber.post(`/api/care-tasks/${task}/resolve`, { outcome: 'Seen in clinic today.' });
    expect(ok.statusCode).toBe(200);
  });
});
