import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  homePatient,
  portalUrl,
  sessionsUrl,
  step,
  type World,
} from './athome-support';

/**
 * An open urgent safety task (PHQ-9 item 9, a positive ASQ) blocks the at-home go, by the rules and by a
 * clinician alike: the in-clinic readiness item, reused (DOMAIN §4, §9).
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));

describe('an open urgent safety task', () => {
  it('holds the check-in at its first step; no clinician may give the go; cleared, a new session goes', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const assigned = await w.s.nurse.post(`/api/patients/${p.patientId}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'once' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const a = assigned.json().assignments[0].id as string;
    const submitted = await p.phone.post(`/api/portal/measures/${a}/submit`, {
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 2]),
    });
    expect(submitted.statusCode, submitted.body).toBe(200);

    const first = await step(p.phone, 'PUT', `${portalUrl(id)}/check-in/mood`, {
      mood: 3,
      intention: 'Rest',
    });
    expect(first.state).toBe('held');
    expect(first.hold.reason).toContain('An urgent safety task is open for you');
    const held = await step(w.s.prescriber, 'GET', `${sessionsUrl(p)}/${id}`, undefined);
    expect(held.tasks.map((t: { kind: string }) => t.kind)).toEqual(['hold']);

    const refused = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/go`, {
      reason: 'Spoke with the patient',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('urgent safety task');

    const tasks = (await w.s.prescriber.get(`/api/safety-tasks?patientId=${p.patientId}`)).json().tasks;
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks)
      expect(
        (
          await w.s.prescriber.post(`/api/safety-tasks/${t.id}/resolve`, {
            followUp: 'Safety plan reviewed by phone; low risk.',
          })
        ).statusCode,
      ).toBe(200);
    await step(w.s.prescriber, 'POST', `${sessionsUrl(p)}/${id}/close`, {
      reason: 'Held for a safety task; rebooked',
    });
    const next = await bookSession(w, p, { inMinutes: 0 });
    const { view } = await checkIn(w, p, next);
    expect(view.state).toBe('awaiting_go');
    expect((await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${next}/go`, {})).state).toBe('go');
  });
});
