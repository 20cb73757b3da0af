/**
 * An at-home session run from booking to a signed record through the API (issue #16), for the record, FHIR
 * and export tests: a high home reading re-checked in range, a sitter, the go, the dose, a timed check-in and a
 * visual check, a "not OK" escalated and resolved, both check-outs, the close and the prescriber's signature.
 */
import { expect } from 'vitest';
import {
  bookSession,
  checkout,
  type HomePatient,
  portalUrl,
  SAFE_ANSWERS,
  sessionsUrl,
  sitter,
  step,
  type World,
} from './athome-support';

export interface RunSession {
  id: string;
  taskId: string;
  sitterCheckEventId: string;
}

/** Runs one whole session; `sign: false` stops after the close. */
export async function runWholeSession(
  w: World,
  p: HomePatient,
  o: { sign?: boolean } = {},
): Promise<RunSession> {
  const id = await bookSession(w, p, { inMinutes: 0 });
  const url = portalUrl(id);
  await step(p.phone, 'PUT', `${url}/check-in/mood`, { mood: 6, intention: 'To be gentler with myself' });
  await step(p.phone, 'PUT', `${url}/check-in/safety`, { answers: SAFE_ANSWERS });
  const high = await step(p.phone, 'POST', `${url}/check-in/readings`, { sbp: 152, dbp: 88, hr: 80 });
  expect(high.state).toBe('recheck');
  w.t.clock.advanceMinutes(5);
  await step(p.phone, 'POST', `${url}/check-in/readings`, { sbp: 128, dbp: 80, hr: 72 });
  const invite = await step(
    p.phone,
    'POST',
    `${url}/sitter`,
    { name: 'Sam Sitter', phone: '555 010 0142' },
    201,
  );
  const confirmed = await sitter(w, invite.code, 'POST', '/api/sitter/confirm', { present: true });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const token = confirmed.json().token as string;
  expect((await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/go`, {})).state).toBe('go');
  await step(p.phone, 'POST', `${url}/dose-taken`, {});
  w.t.clock.advanceMinutes(15);
  const check = await sitter(w, token, 'POST', '/api/sitter/visual-checks', { ok: true });
  expect(check.statusCode, check.body).toBe(200);
  w.t.clock.advanceMinutes(15);
  await step(p.phone, 'POST', `${url}/check-ins`, {
    key: 'timed_check_in:30',
    ok: false,
    note: 'A bit queasy',
  });
  const detail = await step(w.s.nurse, 'GET', `${sessionsUrl(p)}/${id}`, undefined);
  const task = detail.tasks.find((t: { kind: string }) => t.kind === 'not_ok');
  expect(task).toBeTruthy();
  await step(w.s.nurse, 'POST', `/api/patients/${p.patientId}/at-home-tasks/${task.id}/resolve`, {
    outcome: 'Called: mild nausea, settling; sitter present.',
  });
  w.t.clock.advanceMinutes(90);
  await sitter(w, token, 'POST', '/api/sitter/check-out', {
    settled: true,
    sideEffects: ['nausea'],
    stayedWholeSession: true,
  });
  const out = await step(p.phone, 'POST', `${url}/check-out`, {
    ...checkout(10),
    note: 'Felt calm afterwards',
  });
  expect(out.state).toBe('checked_out');
  await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/close`, { reason: 'Completed; nausea settled' });
  if (o.sign !== false) await step(w.s.prescriber, 'POST', `${sessionsUrl(p)}/${id}/sign`, {});
  const events = await w.t.ctx.db
    .selectFrom('at_home_events')
    .select(['id'])
    .where('session_id', '=', id)
    .where('kind', '=', 'sitter_check')
    .execute();
  return { id, taskId: task.id, sitterCheckEventId: events[0]?.id as string };
}
