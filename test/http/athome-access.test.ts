import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyPatient } from '../support/dosing';
import {
  atHomeWorld,
  bookSession,
  homePatient,
  portalUrl,
  sessionsUrl,
  step,
  type World,
} from './athome-support';

/**
 * Object-level access and bad input on the at-home routes (issue #16; S2, S13): a patient reaches only their
 * own sessions, answered exactly like a missing one otherwise; implausible readings and out-of-range answers
 * are refused naming the field; every request is audited once.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

const PORTAL_WRITES: { method: 'PUT' | 'POST'; path: string; body: unknown }[] = [
  { method: 'PUT', path: 'check-in/mood', body: { mood: 5, intention: 'x' } },
  { method: 'PUT', path: 'check-in/safety', body: { answers: { fasting: true } } },
  { method: 'POST', path: 'check-in/readings', body: { sbp: 120, dbp: 80, hr: 70 } },
  { method: 'POST', path: 'sitter', body: { name: 'X', phone: '555 010 0000' } },
  { method: 'POST', path: 'dose-taken', body: {} },
  { method: 'POST', path: 'check-ins', body: { key: 'timed_check_in:30', ok: true } },
  { method: 'POST', path: 'help', body: {} },
  {
    method: 'POST',
    path: 'check-out',
    body: {
      settled: true,
      sideEffects: [],
      dissociation: 1,
      experience: 5,
      doseLeft: false,
      remainingTroches: 0,
    },
  },
];

describe('a patient reaches only their own at-home sessions', () => {
  it('another patient’s session answers exactly like a missing one, on every portal route, and changes nothing', async () => {
    const a = await homePatient(w);
    const b = await homePatient(w);
    const aId = await bookSession(w, a, { inMinutes: 0 });
    const before = await w.t.ctx.db
      .selectFrom('at_home_sessions')
      .selectAll()
      .where('id', '=', aId)
      .executeTakeFirstOrThrow();
    const strip = (r: { json(): Record<string, unknown> }) => ({ ...r.json(), instance: undefined });
    const routes = [{ method: 'GET' as const, path: '', body: undefined }, ...PORTAL_WRITES];
    for (const r of routes) {
      const url = (id: string) => `${portalUrl(id)}${r.path ? `/${r.path}` : ''}`;
      const theirs = await b.phone.inject({ method: r.method, url: url(aId), payload: r.body as object });
      const missing = await b.phone.inject({
        method: r.method,
        url: url(randomUUID()),
        payload: r.body as object,
      });
      expect(theirs.statusCode, r.path).toBe(404);
      expect(strip(theirs), r.path).toEqual(strip(missing));
    }
    const after = await w.t.ctx.db
      .selectFrom('at_home_sessions')
      .selectAll()
      .where('id', '=', aId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await step(b.phone, 'GET', '/api/portal/at-home-sessions', undefined)).sessions).toEqual([]);
    // Staff routes are not the patient's: 403 from the permission check.
    expect((await a.phone.get(`${sessionsUrl(a)}/${aId}`)).statusCode).toBe(403);
    // Denied portal reads are audited against the patient whose record was asked for (S3).
    const denied = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('actor_id', '=', b.phone.userId)
      .where('outcome', '=', 'allowed')
      .where('patient_id', '=', a.patientId)
      .execute();
    expect(denied).toEqual([]);
  });

  it('each portal request leaves exactly one audit entry', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const count = async () =>
      (await w.t.ctx.db.selectFrom('audit_log').select('id').where('actor_id', '=', p.phone.userId).execute())
        .length;
    const n0 = await count();
    await step(p.phone, 'PUT', `${portalUrl(id)}/check-in/mood`, { mood: 5, intention: 'Rest' });
    expect(await count()).toBe(n0 + 1);
    await step(p.phone, 'POST', `${portalUrl(id)}/help`, {});
    expect(await count()).toBe(n0 + 2);
  });
});

describe('bad input is refused naming the field', () => {
  it('implausible home readings: BP 400/20, a pulse of 0', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const url = `${portalUrl(id)}/check-in/readings`;
    const bp = await p.phone.post(url, { sbp: 400, dbp: 20, hr: 70 });
    expect(bp.statusCode).toBe(422);
    expect(
      bp
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['sbp']);
    expect(bp.json().errors[0].message).toContain('Systolic BP 400 mmHg is outside');
    const low = await p.phone.post(url, { sbp: 120, dbp: 19, hr: 70 });
    expect(low.json().errors.map((e: { field: string }) => e.field)).toEqual(['dbp']);
    const pulse = await p.phone.post(url, { sbp: 120, dbp: 80, hr: 0 });
    expect(pulse.statusCode).toBe(422);
    expect(pulse.json().errors.map((e: { field: string }) => e.field)).toEqual(['hr']);
    const inverted = await p.phone.post(url, { sbp: 80, dbp: 120, hr: 70 });
    expect(inverted.json().errors[0].field).toBe('dbp');
    const text = await p.phone.post(url, { sbp: '120', dbp: 80, hr: 70 });
    expect(text.statusCode).toBe(422);
    expect(text.json().errors[0].field).toBe('sbp');
    // Nothing was stored.
    expect((await step(p.phone, 'GET', portalUrl(id), undefined)).checkIn.readings).toEqual([]);
  });

  it('check-in answers, sitter, check-out and staff requests', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 0 });
    const field = async (res: Promise<{ statusCode: number; json(): { errors: { field: string }[] } }>) => {
      const r = await res;
      expect(r.statusCode).toBe(422);
      return r.json().errors[0]?.field;
    };
    const u = portalUrl(id);
    expect(
      await field(
        p.phone.inject({ method: 'PUT', url: `${u}/check-in/mood`, payload: { mood: 11, intention: 'x' } }),
      ),
    ).toBe('mood');
    expect(
      await field(
        p.phone.inject({ method: 'PUT', url: `${u}/check-in/mood`, payload: { mood: 5, intention: '   ' } }),
      ),
    ).toBe('intention');
    expect(
      await field(
        p.phone.inject({
          method: 'PUT',
          url: `${u}/check-in/safety`,
          payload: { answers: { drinking: true } },
        }),
      ),
    ).toBe('answers');
    expect(await field(p.phone.post(`${u}/sitter`, { name: 'Al', phone: 'call me' }))).toBe('phone');
    expect(await field(p.phone.post(`${u}/check-ins`, { key: 'whenever', ok: true }))).toBe('key');
    expect(
      await field(
        p.phone.post(`${u}/check-out`, {
          settled: true,
          sideEffects: ['hiccups'],
          dissociation: 1,
          experience: 5,
          doseLeft: false,
          remainingTroches: 0,
        }),
      ),
    ).toBe('sideEffects.0');
    expect(await field(w.s.nurse.post(sessionsUrl(p), { courseId: p.courseId, startsAt: 'tomorrow' }))).toBe(
      'startsAt',
    );
    // A course that is not an at-home course; another patient's course.
    const clinic = await readyPatient(w.s, 'im_kap');
    const startsAt = w.t.clock.now().toISOString();
    expect(
      await field(
        w.s.nurse.post(`/api/patients/${clinic.patientId}/at-home-sessions`, {
          courseId: clinic.courseId,
          startsAt,
        }),
      ),
    ).toBe('courseId');
    expect(await field(w.s.nurse.post(sessionsUrl(p), { courseId: clinic.courseId, startsAt }))).toBe(
      'courseId',
    );
    expect(
      await field(
        w.s.prescriber.post(`${sessionsUrl(p)}/${id}/order`, { productId: w.stock.productId, troches: 0 }),
      ),
    ).toBe('troches');
    expect(
      await field(
        w.s.prescriber.post(`${sessionsUrl(p)}/${id}/order`, { productId: randomUUID(), troches: 1 }),
      ),
    ).toBe('productId');
    expect(await field(w.s.nurse.post(`${sessionsUrl(p)}/${id}/hold`, {}))).toBe('reason');
    const admin = w.s.admin;
    const bad = await admin.inject({
      method: 'PUT',
      url: '/api/admin/at-home/settings',
      payload: {
        program: {
          goBy: 'rules',
          checkInMinutes: [30, 150],
          sitterCheckEveryMinutes: 15,
          graceMinutes: 15,
          minimumSessionMinutes: 120,
          checkInOpensMinutesBefore: 60,
        },
        onCallUserId: null,
        onCallPhone: null,
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('program.checkInMinutes');
    const notClinician = await admin.inject({
      method: 'PUT',
      url: '/api/admin/at-home/settings',
      payload: {
        program: (await admin.get('/api/admin/at-home/settings')).json().program,
        onCallUserId: w.s.desk.userId,
        onCallPhone: null,
      },
    });
    expect(notClinician.statusCode).toBe(422);
    expect(notClinician.json().errors[0].field).toBe('onCallUserId');
  });
});
