/**
 * HTTP-tier helpers for at-home sessions (issue #16): a clinic with troches in the safe and a nurse on call, a
 * patient on an at-home course with 12 troches dispensed through the ledger and a portal account, and the
 * check-in steps, each one request as the patient's phone sends it.
 */
import { expect } from 'vitest';
import { DEFAULT_AT_HOME_SETTINGS } from '../../src/domain/athome';
import type { Agent, TestApp } from '../support/app';
import { buildTestApp } from '../support/app';
import { licensedStaff, put, readyPatient, type Staff, stockUp } from '../support/dosing';

export const TROCHE = {
  name: 'Ketamine 100 mg troche',
  form: 'troche',
  unitStrengthUg: 100_000,
  unitsPerContainer: 12,
} as const;
export const SITTER = 'x-sitter-token';
export const MIN = 60_000;

export interface World {
  t: TestApp;
  s: Staff;
  stock: Awaited<ReturnType<typeof stockUp>>;
}

export async function atHomeWorld(overrides: Record<string, string> = {}): Promise<World> {
  const t = await buildTestApp({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24', ...overrides });
  const s = await licensedStaff(t, 'CA-1');
  const { nurse, admin } = s;
  const settings = await put(admin, '/api/admin/at-home/settings', {
    program: DEFAULT_AT_HOME_SETTINGS,
    onCallUserId: nurse.userId,
    onCallPhone: '(555) 010-0199',
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const stock = await stockUp(s, TROCHE, { count: 16, lot: 'TR-1' });
  return { t, s, stock };
}

export interface HomePatient {
  patientId: string;
  courseId: string;
  phone: Agent;
}

/** A patient ready for at-home dosing, 12 troches dispensed (one card), signed in on their phone. */
export async function homePatient(w: World, dispense = 12): Promise<HomePatient> {
  const { patientId, courseId } = await readyPatient(w.s, 'at_home_sl');
  if (dispense > 0) {
    const d = await w.s.nurse.post('/api/ledger/dispensations', {
      containerId: w.stock.containers.shift(),
      locationId: w.stock.safe,
      quantityUg: dispense * 100_000,
      patientId,
      orderId: `rx-${patientId.slice(0, 8)}`,
    });
    expect(d.statusCode, d.body).toBe(201);
  }
  const phone = await w.t.loginAs('patient', { patientId });
  return { patientId, courseId, phone };
}

export const sessionsUrl = (p: HomePatient) => `/api/patients/${p.patientId}/at-home-sessions`;
export const portalUrl = (id: string) => `/api/portal/at-home-sessions/${id}`;

/** Books a session starting `inMinutes` from the fake clock's now, and (by default) signs a 2-troche order. */
export async function bookSession(
  w: World,
  p: HomePatient,
  o: { inMinutes?: number; troches?: number | null } = {},
): Promise<string> {
  const startsAt = new Date(w.t.clock.now().getTime() + (o.inMinutes ?? 10) * MIN).toISOString();
  const made = await w.s.nurse.post(sessionsUrl(p), { courseId: p.courseId, startsAt });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  if (o.troches !== null) {
    const order = await w.s.prescriber.post(`${sessionsUrl(p)}/${id}/order`, {
      productId: w.stock.productId,
      troches: o.troches ?? 2,
      lotNumber: 'TR-1',
    });
    expect(order.statusCode, order.body).toBe(200);
  }
  return id;
}

export const SAFE_ANSWERS = { no_sedatives: true, no_driving: true, fasting: true, safe_place: true };

export async function step(
  a: Agent,
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  payload: unknown,
  status = 200,
) {
  const r = await a.inject({ method, url, payload: payload as object });
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

/** The patient's check-in steps (mood, safety, a reading) and the sitter invited and confirmed. */
export async function checkIn(
  w: World,
  p: HomePatient,
  id: string,
  reading = { sbp: 122, dbp: 78, hr: 72 },
): Promise<{ sitterToken: string; view: { state: string } }> {
  const url = portalUrl(id);
  await step(p.phone, 'PUT', `${url}/check-in/mood`, { mood: 6, intention: 'To be gentler with myself' });
  await step(p.phone, 'PUT', `${url}/check-in/safety`, { answers: SAFE_ANSWERS });
  await step(p.phone, 'POST', `${url}/check-in/readings`, reading);
  const invite = await step(
    p.phone,
    'POST',
    `${url}/sitter`,
    { name: 'Sam Sitter', phone: '555 010 0142' },
    201,
  );
  const confirmed = await w.t.app.inject({
    method: 'POST',
    url: '/api/sitter/confirm',
    headers: { [SITTER]: invite.code },
    payload: { present: true },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const view = await step(p.phone, 'GET', url, undefined);
  return { sitterToken: confirmed.json().token, view };
}

/** A sitter's request with their secret in the header. */
export const sitter = (
  w: World,
  token: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  ip?: string,
) =>
  w.t.app.inject({
    method,
    url,
    headers: { [SITTER]: token },
    ...(method === 'GET' ? {} : { payload: (payload ?? {}) as object }),
    ...(ip ? { remoteAddress: ip } : {}),
  });

/** A patient's check-out with the troches they counted. */
export function checkout(remaining: number) {
  return {
    settled: true,
    sideEffects: ['dizziness'],
    dissociation: 3,
    experience: 8,
    doseLeft: false,
    remainingTroches: remaining,
  };
}
