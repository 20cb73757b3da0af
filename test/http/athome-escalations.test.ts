import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAtHomeEscalations } from '../../src/server/features/athome';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  homePatient,
  portalUrl,
  sessionsUrl,
  sitter,
  step,
  type World,
} from './athome-support';

/**
 * Escalation timers with the fake clock (issue #16): a missed item escalates at exactly the grace minutes, once
 * however often the timer runs; the on-call clinician is emailed without patient details; the board shows it on
 * top, and a clinician acknowledges, resolves and closes.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

const run = async () => (await runAtHomeEscalations(w.t.ctx)).opened;
const tasksOf = async (id: string) =>
  w.t.ctx.db
    .selectFrom('at_home_tasks')
    .selectAll()
    .where('session_id', '=', id)
    .orderBy('opened_at')
    .execute();

describe('missed check-in', () => {
  it('escalates at exactly the grace minutes after the booked start, and only once', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 20 });
    const startsAt = Date.parse((await step(p.phone, 'GET', portalUrl(id), undefined)).startsAt);
    // The check-in is due at the start; 15 grace minutes later it is missed. A millisecond before: nothing.
    w.t.clock.set(new Date(startsAt + 15 * 60_000 - 1));
    expect(await run()).toEqual([]);
    expect(await tasksOf(id)).toHaveLength(0);
    w.t.clock.set(new Date(startsAt + 15 * 60_000));
    const opened = await run();
    expect(opened).toHaveLength(1);
    expect(await run()).toEqual([]);
    w.t.clock.advanceMinutes(30);
    expect(await run()).toEqual([]);
    const [task] = await tasksOf(id);
    expect(task).toMatchObject({
      task_key: `${id}:missed:check_in`,
      kind: 'missed',
      urgent: 1,
      state: 'open',
      assigned_to: w.s.nurse.userId,
    });
    expect(task?.reason).toContain('15 minutes after the booked start');

    // One email to the on-call nurse, naming no patient; one audit entry by the system.
    const mail = await w.t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('related_id', '=', task?.id ?? '')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to_address).toBe(w.s.nurse.email);
    expect(mail[0]?.subject).toBe('An at-home session needs attention');
    const patient = await w.t.ctx.db
      .selectFrom('patients')
      .selectAll()
      .where('id', '=', p.patientId)
      .executeTakeFirstOrThrow();
    for (const phi of [
      patient.first_name,
      patient.last_name,
      patient.chart_number,
      patient.date_of_birth,
      patient.email ?? '@',
    ])
      expect(`${mail[0]?.subject} ${mail[0]?.body_text}`).not.toContain(phi);
    expect(mail[0]?.body_text).toContain(`/app/at-home/${id}`);
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'athome.escalate')
      .where('object_id', '=', task?.id ?? '')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, patient_id: p.patientId, outcome: 'allowed' });

    // The board: escalated, on top; a nurse acknowledges, resolves with the outcome, and closes the session.
    const board = await step(w.s.nurse, 'GET', '/api/at-home/board', undefined);
    const row = board.sessions.find((s: { id: string }) => s.id === id);
    expect(row).toMatchObject({ boardState: 'escalated', openEscalations: 1, sitterConfirmed: false });
    expect(board.escalations.map((e: { id: string }) => e.id)).toContain(task?.id);
    expect(board.escalations.find((e: { id: string }) => e.id === task?.id).patientName).toContain(
      patient.last_name,
    );
    expect(board.onCall).toMatchObject({ userId: w.s.nurse.userId, phone: '(555) 010-0199' });
    expect(board.onCall.name).toBeTruthy();
    await step(w.s.nurse, 'POST', `/api/patients/${p.patientId}/at-home-tasks/${task?.id}/acknowledge`, {});
    const twice = await w.s.nurse.post(
      `/api/patients/${p.patientId}/at-home-tasks/${task?.id}/acknowledge`,
      {},
    );
    expect(twice.statusCode).toBe(409);
    await step(w.s.nurse, 'POST', `/api/patients/${p.patientId}/at-home-tasks/${task?.id}/resolve`, {
      outcome: 'Phoned the patient: cuff battery flat, rebooking for tomorrow.',
    });
    const closed = await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/close`, {
      reason: 'Rebooked for tomorrow',
    });
    expect(closed.state).toBe('closed');
    expect(closed.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['escalation', 'acknowledged', 'resolved', 'close']),
    );
    const after = await step(w.s.nurse, 'GET', '/api/at-home/board', undefined);
    expect(after.sessions.find((s: { id: string }) => s.id === id).boardState).toBe('closed');
    expect(after.escalations.map((e: { id: string }) => e.id)).not.toContain(task?.id);
    // A closed session never escalates again.
    w.t.clock.advanceMinutes(120);
    expect(await run()).toEqual([]);
  });
});

describe('missed items after the dose', () => {
  it('a timed check-in and the sitter’s visual checks escalate at their grace minutes; answered ones never do', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const { sitterToken } = await checkIn(w, p, id);
    await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/go`, {});
    const dose = Date.parse((await step(p.phone, 'POST', `${portalUrl(id)}/dose-taken`, {})).dose.takenAt);
    w.t.clock.set(new Date(dose + 15 * 60_000));
    expect((await sitter(w, sitterToken, 'POST', '/api/sitter/visual-checks', { ok: true })).statusCode).toBe(
      200,
    );
    // The 30-minute check-in and visual check are missed at 45 minutes exactly.
    w.t.clock.set(new Date(dose + 45 * 60_000 - 1));
    expect(await run()).toEqual([]);
    w.t.clock.set(new Date(dose + 45 * 60_000));
    expect(await run()).toHaveLength(2);
    const keys = (await tasksOf(id)).map((t) => t.task_key).sort();
    expect(keys).toEqual([`${id}:missed:sitter_check:30`, `${id}:missed:timed_check_in:30`]);
    expect(await run()).toEqual([]);
    // Answering late does not reopen or duplicate anything; a "not OK" escalates at once.
    const late = await step(p.phone, 'POST', `${portalUrl(id)}/check-ins`, {
      key: 'timed_check_in:30',
      ok: false,
      note: 'Nauseous',
    });
    expect(late.boardState).toBe('escalated');
    const notOk = (await tasksOf(id)).filter((t) => t.kind === 'not_ok');
    expect(notOk).toHaveLength(1);
    expect(notOk[0]?.reason).toContain('The patient answered “not OK” at the 30-minute check-in');
    expect(await run()).toEqual([]);
  });
});
