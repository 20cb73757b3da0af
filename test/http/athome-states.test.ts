import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  checkout,
  homePatient,
  portalUrl,
  sessionsUrl,
  step,
  type World,
} from './athome-support';

/** The at-home state machine through the API (issue #16): every transition, and refusals of the impossible ones. */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

describe('the state machine through the API', () => {
  it('refuses what does not fit and names why; every transition is reachable', async () => {
    const p = await homePatient(w);
    // Unsigned order: a clean check-in waits; signing it with go-by-rules gives the go at once.
    const setGoBy = async (goBy: 'rules' | 'clinician') => {
      const admin = await w.t.loginAs('admin'); // the fake clock has run for hours: a fresh session
      const current = (await admin.get('/api/admin/at-home/settings')).json();
      const r = await admin.inject({
        method: 'PUT',
        url: '/api/admin/at-home/settings',
        payload: {
          program: { ...current.program, goBy },
          onCallUserId: current.onCallUserId,
          onCallPhone: current.onCallPhone,
        },
      });
      expect(r.statusCode, r.body).toBe(200);
    };
    await setGoBy('rules');
    try {
      const id = await bookSession(w, p, { inMinutes: 0, troches: null });
      const { view } = await checkIn(w, p, id);
      expect(view.state).toBe('awaiting_go');
      expect((await w.s.nurse.post(`${sessionsUrl(p)}/${id}/go`, {})).statusCode).toBe(409); // no order yet
      const nurseOrder = await w.s.nurse.post(`${sessionsUrl(p)}/${id}/order`, {
        productId: w.stock.productId,
        troches: 2,
      });
      expect(nurseOrder.statusCode).toBe(403);
      const wrongMg = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/order`, {
        productId: w.stock.productId,
        troches: 2,
        mg: 150,
      });
      expect(wrongMg.statusCode).toBe(422);
      expect(wrongMg.json().errors[0].field).toBe('mg');
      const signed = await step(w.s.prescriber, 'POST', `${sessionsUrl(p)}/${id}/order`, {
        productId: w.stock.productId,
        troches: 2,
      });
      expect(signed.state).toBe('go');
      expect(signed.go.kind).toBe('rules');
      // After the go: the order is fixed; a hold is still possible until the dose.
      expect(
        (
          await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/order`, {
            productId: w.stock.productId,
            troches: 1,
          })
        ).statusCode,
      ).toBe(409);
      const held = await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/hold`, {
        reason: 'Patient called: feeling unwell',
      });
      expect(held.state).toBe('held');
      const closed = await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/close`, {
        reason: 'Not taken today',
      });
      expect(closed.state).toBe('closed');
      // The record says the session was closed before the dose (read from the state it was in, not 'closed').
      const closeEvent = closed.events.find((e: { kind: string }) => e.kind === 'close');
      expect(closeEvent.data).toEqual({ beforeDose: true });
      for (const [path, body] of [
        ['go', { reason: 'x' }],
        ['hold', { reason: 'x' }],
        ['close', { reason: 'x' }],
      ] as const) {
        const r = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/${path}`, body);
        expect(r.statusCode, path).toBe(409);
      }
      expect((await p.phone.post(`${portalUrl(id)}/help`, {})).statusCode).toBe(409);
    } finally {
      await setGoBy('clinician');
    }
  });

  it('a "no" safety answer holds at once; a hold after the dose and check-out before it are refused', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    await step(p.phone, 'PUT', `${portalUrl(id)}/check-in/safety`, { answers: { no_sedatives: false } });
    const view = await step(p.phone, 'GET', portalUrl(id), undefined);
    expect(view.state).toBe('held');
    expect(view.hold.reason).toContain('Do not take the dose today');
    const q = await homePatient(w);
    const sid = await bookSession(w, q, { inMinutes: 0 });
    await checkIn(w, q, sid);
    expect((await q.phone.post(`${portalUrl(sid)}/check-out`, checkout(10))).statusCode).toBe(409);
    await step(w.s.nurse, 'POST', `${sessionsUrl(q)}/${sid}/go`, {});
    await step(q.phone, 'POST', `${portalUrl(sid)}/dose-taken`, {});
    const late = await w.s.nurse.post(`${sessionsUrl(q)}/${sid}/hold`, { reason: 'x' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('The session can be held only before the dose is taken.');
    // The help button answers with the numbers to call, and escalates.
    const help = await step(q.phone, 'POST', `${portalUrl(sid)}/help`, {});
    expect(help).toMatchObject({ onCallPhone: '(555) 010-0199', crisisLine: '988', emergency: '911' });
    expect(help.taskId).toBeTruthy();
  });
});
