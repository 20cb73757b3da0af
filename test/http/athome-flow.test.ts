import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  checkout,
  homePatient,
  MIN,
  portalUrl,
  SAFE_ANSWERS,
  sessionsUrl,
  sitter,
  step,
  type World,
} from './athome-support';

/**
 * At-home sessions through the API (issue #16): a clean session from check-in to reconciliation, and a high home
 * reading re-checked then held and escalated. The state machine's refusals: athome-states.test.ts.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

describe('a clean at-home session', () => {
  it('check-in → awaiting the go → clinician go → dose taken (once) → timed check-ins → check-out → reconciliation', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 10 });
    const url = portalUrl(id);

    // The portal lists it; the check-in is saved one step at a time, so a reload shows each answer.
    const listed = await step(p.phone, 'GET', '/api/portal/at-home-sessions', undefined);
    expect(listed.sessions.map((s: { id: string }) => s.id)).toContain(id);
    const afterMood = await step(p.phone, 'PUT', `${url}/check-in/mood`, {
      mood: 6,
      intention: 'Gentleness',
    });
    expect(afterMood.state).toBe('checking_in');
    expect(afterMood.checkIn.decision.missing).toEqual(['safety', 'reading', 'sitter']);
    const reloaded = await step(p.phone, 'GET', url, undefined);
    expect(reloaded.checkIn).toMatchObject({ mood: 6, intention: 'Gentleness' });
    // Safety answers may come one at a time.
    await step(p.phone, 'PUT', `${url}/check-in/safety`, { answers: { no_sedatives: true } });
    const safety = await step(p.phone, 'PUT', `${url}/check-in/safety`, {
      answers: { no_driving: true, fasting: true, safe_place: true },
    });
    expect(safety.checkIn.safetyAnswers).toEqual(SAFE_ANSWERS);
    await step(p.phone, 'POST', `${url}/check-in/readings`, { sbp: 124, dbp: 80, hr: 70 });

    // The sitter: a link and a code returned once to the patient; only a hash is stored.
    const invite = await step(
      p.phone,
      'POST',
      `${url}/sitter`,
      { name: 'Sam Sitter', phone: '555 010 0142' },
      201,
    );
    expect(invite.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invite.link).toContain(`/sitter#${invite.code}`);
    expect(invite.delivery).toBe('patient_forwards');
    const row = await w.t.ctx.db
      .selectFrom('at_home_sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(invite.code);
    expect(JSON.stringify(row)).not.toContain(invite.code.replace(/-/g, ''));
    // The sitter may type the code in lower case, without dashes.
    const before = await sitter(w, invite.code.toLowerCase().replace(/-/g, ''), 'GET', '/api/sitter/session');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ confirmed: false, state: 'checking_in' });
    const confirm = await sitter(w, invite.code, 'POST', '/api/sitter/confirm', { present: true });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const token = confirm.json().token as string;

    // Clean, and the clinic's default is a clinician's go.
    const waiting = await step(p.phone, 'GET', url, undefined);
    expect(waiting.state).toBe('awaiting_go');
    expect(waiting.boardState).toBe('checked_in');
    // The patient can neither take the dose nor change an answer now.
    const early = await p.phone.post(`${url}/dose-taken`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('The dose can be recorded only after the go, and only once.');
    expect(
      (
        await p.phone.inject({
          method: 'PUT',
          url: `${url}/check-in/mood`,
          payload: { mood: 2, intention: 'x' },
        })
      ).statusCode,
    ).toBe(409);

    const go = await w.s.nurse.post(`${sessionsUrl(p)}/${id}/go`, {});
    expect(go.statusCode, go.body).toBe(200);
    expect(go.json().go).toMatchObject({ kind: 'clinician', by: { id: w.s.nurse.userId } });

    const dose = await step(p.phone, 'POST', `${url}/dose-taken`, {});
    expect(dose.state).toBe('dose_taken');
    expect(dose.dose.troches).toBe(2);
    const again = await p.phone.post(`${url}/dose-taken`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('The dose can be recorded only after the go, and only once.');

    // Timed check-ins: not before 5 minutes ahead of time; the patient or the sitter answers.
    const tooEarly = await p.phone.post(`${url}/check-ins`, { key: 'timed_check_in:30', ok: true });
    expect(tooEarly.statusCode).toBe(409);
    const notAKey = await p.phone.post(`${url}/check-ins`, { key: 'timed_check_in:45', ok: true });
    expect(notAKey.statusCode).toBe(422);
    expect(notAKey.json().errors[0].field).toBe('key');
    w.t.clock.advanceMinutes(15);
    expect((await sitter(w, token, 'POST', '/api/sitter/visual-checks', { ok: true })).statusCode).toBe(200);
    w.t.clock.advanceMinutes(15);
    await step(p.phone, 'POST', `${url}/check-ins`, { key: 'timed_check_in:30', ok: true });
    expect((await sitter(w, token, 'POST', '/api/sitter/visual-checks', { ok: true })).statusCode).toBe(200);
    w.t.clock.advanceMinutes(30);
    const byStitter = await sitter(w, token, 'POST', '/api/sitter/check-ins', {
      key: 'timed_check_in:60',
      ok: true,
    });
    expect(byStitter.statusCode, byStitter.body).toBe(200);

    // Check-out opens at the minimum session length.
    const soon = await p.phone.post(`${url}/check-out`, checkout(10));
    expect(soon.statusCode).toBe(409);
    w.t.clock.advanceMinutes(60);
    const patientOut = await step(p.phone, 'POST', `${url}/check-out`, checkout(10));
    expect(patientOut.state).toBe('dose_taken'); // the sitter has not checked out yet
    expect(patientOut.patientCheckout.answers.dissociation).toBe(3);
    expect(patientOut.ratingNote).toMatch(/not validated/);
    const sitterOut = await sitter(w, token, 'POST', '/api/sitter/check-out', {
      settled: true,
      sideEffects: [],
      stayedWholeSession: true,
    });
    expect(sitterOut.statusCode, sitterOut.body).toBe(200);
    expect(sitterOut.json().state).toBe('checked_out');

    // Reconciliation: 12 dispensed − 2 taken = 10 held, as counted: no task.
    const supply = await step(w.s.nurse, 'GET', `/api/patients/${p.patientId}/at-home-supply`, undefined);
    expect(supply).toMatchObject({ dispensed: 12, taken: 2, disposed: 0, expected: 10, overdrawn: false });
    const detail = await step(w.s.nurse, 'GET', `${sessionsUrl(p)}/${id}`, undefined);
    expect(detail.tasks).toEqual([]);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining([
        'booked',
        'order_signed',
        'reading',
        'sitter_confirmed',
        'go',
        'dose_taken',
        'check_in',
        'sitter_check',
        'check_out',
        'supply_check',
      ]),
    );
    expect(detail.exposureInputs).toMatchObject({ route: 'sublingual', doseMg: 200 });
    const curve = await step(w.s.nurse, 'GET', `${sessionsUrl(p)}/${id}/exposure`, undefined);
    expect(curve.estimate).toBe(true);
    expect(curve.peak.minute).toBeGreaterThan(20);

    // Closing ends the sitter's token.
    await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/close`, { reason: 'Completed without concerns' });
    expect((await sitter(w, token, 'GET', '/api/sitter/session')).statusCode).toBe(404);
  });

  it('a count that differs from the record opens a task for the prescriber; disposal is recorded, never stock', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const { sitterToken } = await checkIn(w, p, id);
    await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/go`, {});
    await step(p.phone, 'POST', `${portalUrl(id)}/dose-taken`, {});
    w.t.clock.advanceMinutes(120);
    await sitter(w, sitterToken, 'POST', '/api/sitter/check-out', {
      settled: true,
      sideEffects: ['nausea'],
      stayedWholeSession: true,
    });
    const out = await step(p.phone, 'POST', `${portalUrl(id)}/check-out`, checkout(7));
    expect(out.state).toBe('checked_out');
    const detail = await step(w.s.prescriber, 'GET', `${sessionsUrl(p)}/${id}`, undefined);
    const task = detail.tasks.find((t: { kind: string }) => t.kind === 'supply');
    expect(task).toMatchObject({ urgent: false, state: 'open', assignedTo: { id: w.s.prescriber.userId } });
    expect(task.reason).toContain('counted 7 troches; the record says 10 troches');

    const eventsBefore = (await w.t.ctx.db.selectFrom('ledger_events').select('id').execute()).length;
    const disposed = await step(
      p.phone,
      'POST',
      '/api/portal/at-home-disposals',
      {
        courseId: p.courseId,
        method: 'mail_back',
        disposedOn: w.t.clock.now().toISOString().slice(0, 10),
        count: 7,
      },
      201,
    );
    expect(disposed).toMatchObject({ expected: 3, disposed: 7 });
    expect((await w.t.ctx.db.selectFrom('ledger_events').select('id').execute()).length).toBe(eventsBefore);
    const badMethod = await w.s.nurse.post(`/api/patients/${p.patientId}/at-home-disposals`, {
      courseId: p.courseId,
      method: 'returned_to_clinic',
      disposedOn: '2026-11-25',
      count: 1,
    });
    expect(badMethod.statusCode).toBe(422);
    expect(badMethod.json().errors[0].field).toBe('method');

    const endCount = await step(w.s.nurse, 'POST', `/api/patients/${p.patientId}/at-home-supply/counts`, {
      courseId: p.courseId,
      count: 3,
      atCourseEnd: true,
    });
    expect(endCount).toMatchObject({ matches: true, taskId: null });
    const resolved = await step(
      w.s.prescriber,
      'POST',
      `/api/patients/${p.patientId}/at-home-tasks/${task.id}/resolve`,
      {
        outcome: 'Called: patient had counted before disposing of 7 by mail-back.',
      },
    );
    expect(resolved.state).toBe('resolved');
  });
});

describe('a high home reading', () => {
  it('asks for a re-check after 5 minutes, refuses an early one, then holds and escalates; a prescriber lifts the hold', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const url = portalUrl(id);
    await step(p.phone, 'PUT', `${url}/check-in/mood`, { mood: 5, intention: 'Calm' });
    await step(p.phone, 'PUT', `${url}/check-in/safety`, { answers: SAFE_ANSWERS });
    const high = await step(p.phone, 'POST', `${url}/check-in/readings`, { sbp: 152, dbp: 88, hr: 80 });
    expect(high.state).toBe('recheck');
    expect(high.checkIn.decision.outcome).toBe('recheck');
    expect(high.checkIn.decision.fired[0].ruleId).toBe('home_sbp_hold');
    const recheckAt = high.checkIn.recheckAt as string;
    expect(Date.parse(recheckAt) - w.t.clock.now().getTime()).toBe(5 * MIN);

    w.t.clock.advanceMinutes(4);
    const early = await p.phone.post(`${url}/check-in/readings`, { sbp: 130, dbp: 80, hr: 70 });
    expect(early.statusCode).toBe(409);
    expect(early.json().recheckAt).toBe(recheckAt);
    w.t.clock.advanceMinutes(1);
    const still = await step(p.phone, 'POST', `${url}/check-in/readings`, { sbp: 150, dbp: 86, hr: 78 });
    expect(still.state).toBe('held');
    expect(still.hold).toMatchObject({ kind: 'rules' });
    expect(still.boardState).toBe('escalated');

    const detail = await step(w.s.nurse, 'GET', `${sessionsUrl(p)}/${id}`, undefined);
    const esc = detail.tasks.find((t: { kind: string }) => t.kind === 'hold');
    expect(esc).toMatchObject({ urgent: true, state: 'open', assignedTo: { id: w.s.nurse.userId } });
    const mail = await w.t.ctx.db.selectFrom('outbox').selectAll().where('related_id', '=', esc.id).execute();
    expect(mail).toHaveLength(1);

    // Nothing moves a held session but a clinician: the dose is refused, a nurse may not lift the hold.
    expect((await p.phone.post(`${url}/dose-taken`, {})).statusCode).toBe(409);
    expect((await w.s.nurse.post(`${sessionsUrl(p)}/${id}/go`, {})).statusCode).toBe(403);
    const noReason = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/go`, {});
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');
    // The check-in must be complete: the sitter has not confirmed.
    const incomplete = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/go`, {
      reason: 'Known white-coat pattern',
    });
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().missing).toEqual(['sitter']);
    const invite = await step(p.phone, 'POST', `${url}/sitter`, { name: 'Ann', phone: '555 010 0143' }, 201);
    expect((await sitter(w, invite.code, 'POST', '/api/sitter/confirm', { present: true })).statusCode).toBe(
      200,
    );
    const ack = await step(
      w.s.nurse,
      'POST',
      `/api/patients/${p.patientId}/at-home-tasks/${esc.id}/acknowledge`,
      {},
    );
    expect(ack.state).toBe('acknowledged');
    const lifted = await step(w.s.prescriber, 'POST', `${sessionsUrl(p)}/${id}/go`, {
      reason: 'Called the patient: repeat 138/84, known white-coat pattern',
    });
    expect(lifted.state).toBe('go');
    expect(lifted.go).toMatchObject({
      kind: 'clinician',
      reason: 'Called the patient: repeat 138/84, known white-coat pattern',
    });
  });
});
