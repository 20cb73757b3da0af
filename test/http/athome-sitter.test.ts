import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITTER_REQUESTS_PER_MINUTE } from '../../src/server/features/athome/service-sitter';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  homePatient,
  portalUrl,
  SITTER,
  sessionsUrl,
  sitter,
  step,
  type World,
} from './athome-support';

/**
 * The sitter's link (DOMAIN §7, S21): the code or token opens exactly one session, reads nothing else, stops
 * working when the session is checked out or closed, the code confirms once, and every refusal answers exactly
 * like a missing session. Each test uses its own address: sitter requests are rate-limited per address.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

let ipSeq = 10;
const nextIp = () => `10.0.0.${ipSeq++}`;

const SITTER_ROUTES: { method: 'GET' | 'POST'; url: string; body?: unknown }[] = [
  { method: 'GET', url: '/api/sitter/session' },
  { method: 'POST', url: '/api/sitter/confirm', body: { present: true } },
  { method: 'POST', url: '/api/sitter/visual-checks', body: { ok: true } },
  { method: 'POST', url: '/api/sitter/check-ins', body: { key: 'timed_check_in:30', ok: true } },
  { method: 'POST', url: '/api/sitter/help', body: {} },
  {
    method: 'POST',
    url: '/api/sitter/check-out',
    body: { settled: true, sideEffects: [], stayedWholeSession: true },
  },
];
const strip = (r: { json(): Record<string, unknown> }) => ({ ...r.json(), instance: undefined });

async function expectRefusedEverywhere(secret: string, ip: string) {
  const missing = await sitter(w, `WRONG-${randomUUID()}`, 'GET', '/api/sitter/session', undefined, ip);
  expect(missing.statusCode).toBe(404);
  for (const route of SITTER_ROUTES) {
    const r = await sitter(w, secret, route.method, route.url, route.body, ip);
    expect(r.statusCode, `${route.method} ${route.url}`).toBe(404);
    expect(strip(r), route.url).toEqual({ ...strip(missing) });
  }
}

describe('sitter link scope', () => {
  it('opens only its own session, shows only what the sitter needs, and the code confirms once', async () => {
    const a = await homePatient(w);
    const b = await homePatient(w);
    const aId = await bookSession(w, a, { inMinutes: 0 });
    const bId = await bookSession(w, b, { inMinutes: 0 });
    const ip = nextIp();
    const invite = await step(
      a.phone,
      'POST',
      `${portalUrl(aId)}/sitter`,
      { name: 'Sam Sitter', phone: '555 010 0100' },
      201,
    );
    await step(
      b.phone,
      'POST',
      `${portalUrl(bId)}/sitter`,
      { name: 'Bo Sitter', phone: '555 010 0101' },
      201,
    );
    const aPatient = await w.t.ctx.db
      .selectFrom('patients')
      .selectAll()
      .where('id', '=', a.patientId)
      .executeTakeFirstOrThrow();
    const bPatient = await w.t.ctx.db
      .selectFrom('patients')
      .selectAll()
      .where('id', '=', b.patientId)
      .executeTakeFirstOrThrow();

    // Before confirming, the code reads the session (to show whom the sitter confirms for) but writes nothing else.
    const peek = await sitter(w, invite.code, 'GET', '/api/sitter/session', undefined, ip);
    expect(peek.statusCode).toBe(200);
    for (const route of SITTER_ROUTES.filter((r) =>
      ['/api/sitter/visual-checks', '/api/sitter/check-ins', '/api/sitter/check-out'].includes(r.url),
    ))
      expect(
        (await sitter(w, invite.code, route.method, route.url, route.body, ip)).statusCode,
        route.url,
      ).toBe(404);

    const confirmed = await sitter(w, invite.code, 'POST', '/api/sitter/confirm', { present: true }, ip);
    expect(confirmed.statusCode).toBe(200);
    const token = confirmed.json().token as string;
    // The code is spent: a second confirmation (or any use of it) is refused like a missing session.
    const twice = await sitter(w, invite.code, 'POST', '/api/sitter/confirm', { present: true }, ip);
    expect(twice.statusCode).toBe(404);
    expect((await sitter(w, invite.code, 'GET', '/api/sitter/session', undefined, ip)).statusCode).toBe(404);
    // The token does not confirm again either (it is not a code).
    expect((await sitter(w, token, 'POST', '/api/sitter/confirm', { present: true }, ip)).statusCode).toBe(
      404,
    );

    const view = await sitter(w, token, 'GET', '/api/sitter/session', undefined, ip);
    expect(view.statusCode).toBe(200);
    const text = view.body;
    expect(view.json().patientFirstName).toBe(aPatient.first_name);
    for (const secret of [
      aPatient.last_name,
      aPatient.chart_number,
      aPatient.date_of_birth,
      bPatient.last_name,
      bId,
      a.patientId,
    ])
      expect(text).not.toContain(secret);
    expect(view.json().help).toMatchObject({ crisisLine: '988', emergency: '911' });

    // Its token never reaches the other session: there is no id to change, and B's session is untouched.
    const bEvents = await w.t.ctx.db
      .selectFrom('at_home_events')
      .select('kind')
      .where('session_id', '=', bId)
      .execute();
    await sitter(w, token, 'POST', '/api/sitter/help', { note: 'test' }, ip);
    const bAfter = await w.t.ctx.db
      .selectFrom('at_home_events')
      .select('kind')
      .where('session_id', '=', bId)
      .execute();
    expect(bAfter).toEqual(bEvents);
    const aHelp = await w.t.ctx.db
      .selectFrom('at_home_events')
      .select('kind')
      .where('session_id', '=', aId)
      .where('kind', '=', 'help')
      .execute();
    expect(aHelp).toHaveLength(1);

    // A wrong token anywhere: the same 404 as a missing session, audited as refused.
    await expectRefusedEverywhere(`${token}x`, ip);
    const refused = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'athome.sitter_refused')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(SITTER_ROUTES.length);
    expect(refused.every((r) => r.outcome === 'denied' && r.patient_id === null)).toBe(true);
  });

  it('stops working when the session is closed, and after check-out', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const { sitterToken } = await checkIn(w, p, id);
    await step(w.s.nurse, 'POST', `${sessionsUrl(p)}/${id}/close`, { reason: 'Patient unwell, not taken' });
    await expectRefusedEverywhere(sitterToken, nextIp());

    const q = await homePatient(w);
    const qId = await bookSession(w, q, { inMinutes: 0 });
    const ip = nextIp();
    const { sitterToken: qToken } = await checkIn(w, q, qId);
    await step(w.s.nurse, 'POST', `${sessionsUrl(q)}/${qId}/go`, {});
    await step(q.phone, 'POST', `${portalUrl(qId)}/dose-taken`, {});
    w.t.clock.advanceMinutes(120);
    const out = await sitter(
      w,
      qToken,
      'POST',
      '/api/sitter/check-out',
      { settled: true, sideEffects: [], stayedWholeSession: true },
      ip,
    );
    expect(out.statusCode, out.body).toBe(200);
    // Checked out: the sitter may still read and call for help until the session ends, but records nothing more.
    expect((await sitter(w, qToken, 'POST', '/api/sitter/visual-checks', { ok: true }, ip)).statusCode).toBe(
      409,
    );
    await step(q.phone, 'POST', `${portalUrl(qId)}/check-out`, {
      settled: true,
      sideEffects: [],
      dissociation: 2,
      experience: 7,
      doseLeft: false,
      remainingTroches: 10,
    });
    await expectRefusedEverywhere(qToken, ip);
  });

  it('is rate-limited per address', async () => {
    const ip = nextIp();
    for (let i = 0; i < SITTER_REQUESTS_PER_MINUTE; i++)
      expect((await sitter(w, `guess-${i}`, 'GET', '/api/sitter/session', undefined, ip)).statusCode).toBe(
        404,
      );
    const limited = await sitter(w, 'guess-x', 'GET', '/api/sitter/session', undefined, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    // Another address is unaffected; the window passes.
    expect((await sitter(w, 'guess-y', 'GET', '/api/sitter/session', undefined, nextIp())).statusCode).toBe(
      404,
    );
    w.t.clock.advanceMinutes(1);
    expect((await sitter(w, 'guess-z', 'GET', '/api/sitter/session', undefined, ip)).statusCode).toBe(404);
  });

  it('a sitter token reaches no other route: every API route refuses it (a sitter caller over the route list)', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const { sitterToken } = await checkIn(w, p, id);
    const sitterUrls = new Set(SITTER_ROUTES.map((r) => `${r.method} ${r.url}`));
    const unexpected: string[] = [];
    let checked = 0;
    for (const route of w.t.routes.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/fhir/'))) {
      if (route.access === 'public' || sitterUrls.has(`${route.method} ${route.url}`)) continue;
      const url = route.url.replace(/:[A-Za-z]+/g, route.url.includes('patientId') ? p.patientId : id);
      const r = await w.t.app.inject({
        method: route.method as 'GET',
        url: url.replace(/:id\b/, id),
        headers: { [SITTER]: sitterToken, authorization: `Bearer ${sitterToken}` },
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      checked++;
      if (r.statusCode !== 401) unexpected.push(`${route.method} ${route.url} → ${r.statusCode}`);
    }
    expect(unexpected).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
