import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { type Agent, sessionCookieFrom, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';
import type { CapturedMail } from '../support/smtp';

const PASSWORD = 'my portal passphrase';

/**
 * A patient with portal access when mail is configured (the invitation link arrives by email, not in the
 * answer): as test/support/portal.ts, reading the link from the captured mail.
 */
export async function patientWithPortalByMail(
  t: TestApp,
  desk: Agent,
  mails: CapturedMail[],
  name: { firstName: string; lastName: string },
): Promise<{ id: string; agent: Agent }> {
  const email = `${name.lastName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
  const p = (
    await desk.post('/api/patients', { ...name, dateOfBirth: '1990-02-03', state: 'CA', email })
  ).json();
  expect((await desk.post(`/api/patients/${p.id}/portal-invite`)).statusCode).toBe(200);
  await t.ctx.mailer.flush();
  const mail = mails.find((m) => m.to.includes(email));
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] as string;
  expect(token).toBeTruthy();
  registerSecret(token);
  expect((await t.anon.post('/api/auth/invite/accept', { token, password: PASSWORD })).statusCode).toBe(200);
  const login = await t.anon.post('/api/auth/login', { email, password: PASSWORD });
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
