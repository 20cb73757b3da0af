import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { type Agent, sessionCookieFrom, type TestApp } from './app';
import { registerSecret } from './secrets';
import type { CapturedMail } from './smtp';

const PORTAL_PASSWORD = 'my portal passphrase';

/**
 * A patient with portal access, given as the clinic gives it: the front desk registers them (with an email)
 * and sends the portal invitation; the patient sets a password from the invitation link and signs in. Returns
 * the patient's id and their signed-in agent (session cookie and anti-forgery token).
 */
export async function patientWithPortal(
  t: TestApp,
  desk: Agent,
  name: { firstName: string; lastName: string } = { firstName: 'Portal', lastName: 'User' },
  /** When the app has mail configured, the invitation link arrives by email (not in the answer): read it there. */
  mails?: CapturedMail[],
): Promise<{ id: string; agent: Agent }> {
  const email = `${name.lastName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
  const p = (
    await desk.post('/api/patients', { ...name, dateOfBirth: '1990-02-03', state: 'CA', email })
  ).json();
  const inv = await desk.post(`/api/patients/${p.id}/portal-invite`);
  expect(inv.statusCode).toBe(200);
  let link: string | undefined = inv.json().inviteUrl;
  if (mails) {
    await t.ctx.mailer.flush();
    link = mails.find((m) => m.to.includes(email))?.text;
  }
  const token = /token=([A-Za-z0-9_-]+)/.exec(link ?? '')?.[1] as string;
  expect(token).toBeTruthy();
  registerSecret(token);
  expect(
    (await t.anon.post('/api/auth/invite/accept', { token, password: PORTAL_PASSWORD })).statusCode,
  ).toBe(200);
  const login = await t.anon.post('/api/auth/login', { email, password: PORTAL_PASSWORD });
  expect(login.json().user.patientId).toBe(p.id);
  const cookie = sessionCookieFrom(login) as string;
  const csrf = login.json().session.csrfToken as string;
  const inject = (opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) } });
  return {
    id: p.id,
    agent: {
      userId: login.json().user.id,
      role: 'patient',
      email,
      csrfToken: csrf,
      cookie,
      inject,
      get: (url) => inject({ method: 'GET', url }),
      post: (url, body = {}) => inject({ method: 'POST', url, payload: body as object }),
    },
  };
}
