import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';

let t: TestApp;
let desk: Agent;
let nurse: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [desk, nurse] = await Promise.all([t.loginAs('front_desk'), t.loginAs('nurse')]);
});
afterAll(async () => {
  await t.close(); // also checks that no kiosk token reached the logs (each is registered as a secret)
});

const LAST_NAME = `Kioskova${randomUUID().slice(0, 6)}`;
registerSecret(LAST_NAME);
const gad7 = (v: number) => Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7-${i + 1}`, v]));

async function setup(instrument = 'gad7') {
  const patient = (
    await desk.post('/api/patients', {
      firstName: 'Kira',
      lastName: LAST_NAME,
      dateOfBirth: '1991-07-08',
      state: 'CA',
    })
  ).json();
  const a = (
    await nurse.post(`/api/patients/${patient.id}/measures/assign`, {
      instrumentIds: [instrument],
      schedule: { kind: 'once' },
    })
  ).json().assignments[0].id;
  return { patientId: patient.id as string, assignmentId: a as string };
}
async function handOver(patientId: string, assignmentId: string) {
  const res = await nurse.post(`/api/patients/${patientId}/measures/${assignmentId}/kiosk`);
  expect(res.statusCode).toBe(201);
  registerSecret(res.json().token);
  return res.json() as { token: string; kioskPath: string; expiresAt: string };
}
/** The kiosk tablet: no session, only the token header. */
const kiosk = {
  get: (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/kiosk', headers: { 'x-kiosk-token': token } }),
  put: (token: string, answers: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/kiosk',
      headers: { 'x-kiosk-token': token },
      payload: { answers },
    }),
  submit: (token: string, answers?: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/kiosk/submit',
      headers: { 'x-kiosk-token': token },
      payload: answers ? { answers } : {},
    }),
};
const gone = (res: LightMyRequestResponse) => {
  expect(res.statusCode).toBe(404);
  expect(res.json().detail).toMatch(/expired or has already been used/);
};

describe('kiosk hand-over', () => {
  it('shows only that questionnaire and the first name, saves as it goes, and locks once submitted (single use)', async () => {
    const { patientId, assignmentId } = await setup();
    const issued = await handOver(patientId, assignmentId);
    expect(issued.kioskPath).toBe(`/kiosk#token=${issued.token}`);
    expect(issued.expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * 60_000).toISOString());
    // Only a hash is stored.
    const row = await t.ctx.db
      .selectFrom('measure_kiosk_tokens')
      .selectAll()
      .where('assignment_id', '=', assignmentId)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(issued.token);

    const view = await kiosk.get(issued.token);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      assignmentId,
      firstName: 'Kira',
      instrument: { id: 'gad7' },
      answers: {},
      progress: { answered: 0, required: 7 },
    });
    expect(view.body).not.toContain(LAST_NAME);
    expect(view.body).not.toContain(patientId);

    expect((await kiosk.put(issued.token, { 'gad7-1': 2, 'gad7-2': 1 })).json()).toMatchObject({
      progress: { answered: 2 },
      crisis: false,
    });
    expect((await kiosk.get(issued.token)).json().answers).toEqual({ 'gad7-1': 2, 'gad7-2': 1 });
    const bad = await kiosk.put(issued.token, { 'gad7-3': 4 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('answers.gad7-3');

    const done = await kiosk.submit(issued.token, gad7(2));
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ crisis: false, crisisResources: null });
    gone(await kiosk.get(issued.token));
    gone(await kiosk.submit(issued.token, gad7(0)));
    gone(await kiosk.put(issued.token, { 'gad7-1': 0 }));

    const chart = (await nurse.get(`/api/patients/${patientId}/measures`)).json();
    expect(chart.responses).toHaveLength(1);
    expect(chart.responses[0]).toMatchObject({
      mode: 'kiosk',
      enteredBy: { id: nurse.userId },
      score: { total: 14, band: { label: 'Moderate anxiety' } },
    });
    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('action', 'like', 'measures.kiosk%')
      .orderBy('seq')
      .execute();
    expect(audits.map((x) => `${x.action}:${x.outcome}`)).toEqual([
      'measures.kiosk_issue:allowed',
      'measures.kiosk_read:allowed',
      'measures.kiosk_save:allowed',
      'measures.kiosk_read:allowed',
      'measures.kiosk_save:failed',
      'measures.kiosk_submit:allowed',
      'measures.kiosk_read:denied',
      'measures.kiosk_submit:denied',
      'measures.kiosk_save:denied',
    ]);
    expect(JSON.parse(audits[1]?.detail ?? '{}')).toMatchObject({ via: 'kiosk', handedOverBy: nurse.userId });
  });

  it('expires 30 minutes after it was issued (fake clock)', async () => {
    const { patientId, assignmentId } = await setup();
    const issued = await handOver(patientId, assignmentId);
    t.clock.advanceMinutes(29);
    try {
      expect((await kiosk.get(issued.token)).statusCode).toBe(200);
      t.clock.advanceMinutes(1);
      gone(await kiosk.get(issued.token));
      gone(await kiosk.submit(issued.token, gad7(0)));
    } finally {
      t.clock.advanceMinutes(-30);
    }
  });

  it('a new hand-over replaces the previous token; a cancelled measure closes the kiosk', async () => {
    const { patientId, assignmentId } = await setup();
    const first = await handOver(patientId, assignmentId);
    const second = await handOver(patientId, assignmentId);
    gone(await kiosk.get(first.token));
    expect((await kiosk.get(second.token)).statusCode).toBe(200);
    await nurse.post(`/api/patients/${patientId}/measures/${assignmentId}/cancel`, { reason: 'Left early' });
    gone(await kiosk.get(second.token));
    expect((await nurse.post(`/api/patients/${patientId}/measures/${assignmentId}/kiosk`)).statusCode).toBe(
      409,
    );
  });

  it('an acute positive ASQ on the kiosk answers crisis: true at once; the task opens when it is submitted', async () => {
    const { patientId, assignmentId } = await setup('asq');
    const issued = await handOver(patientId, assignmentId);
    const saved = await kiosk.put(issued.token, { 'asq-3': true, 'asq-5': true });
    expect(saved.json()).toMatchObject({
      crisis: true,
      crisisResources: { contacts: expect.arrayContaining([expect.objectContaining({ href: 'tel:988' })]) },
    });
    // A saved draft opens no task (test/http/measures-safety-drafts.test.ts); submitting does.
    expect((await nurse.get(`/api/safety-tasks?patientId=${patientId}`)).json().tasks).toEqual([]);
    const done = await kiosk.submit(issued.token, {
      'asq-1': false,
      'asq-2': false,
      'asq-3': true,
      'asq-4': false,
      'asq-5': true,
    });
    expect(done.statusCode).toBe(200);
    const tasks = (await nurse.get(`/api/safety-tasks?patientId=${patientId}`)).json().tasks;
    expect(tasks[0]).toMatchObject({ level: 'emergency', flagCode: 'acute_positive' });
  });

  it('refuses unknown and malformed tokens without saying which', async () => {
    gone(await kiosk.get('A'.repeat(43)));
    expect((await kiosk.get('short')).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/api/kiosk' })).statusCode).toBe(422);
    expect(
      (await nurse.post(`/api/patients/${randomUUID()}/measures/${randomUUID()}/kiosk`)).statusCode,
    ).toBe(404);
  });
});
