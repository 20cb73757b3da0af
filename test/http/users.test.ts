import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, sessionCookieFrom, type TestApp } from '../support/app';
import { startSmtpCapture } from '../support/smtp';

let t: TestApp;
let admin: Agent;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await buildTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://localhost:3000', LIMINAL_DEMO: 'true' });
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const auditFor = (objectId: string) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('object_id', '=', objectId).orderBy('seq').execute();

describe('inviting staff', () => {
  it('emails a single-use link; the invitee sets a password and signs in', async () => {
    const res = await admin.post('/api/admin/users/invite', {
      email: 'New.Nurse@Test.Liminal.test',
      name: 'Nina New',
      role: 'nurse',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({
      email: 'new.nurse@test.liminal.test',
      status: 'invited',
      role: 'nurse',
    });
    expect(body.inviteUrl).toBeUndefined(); // mail is configured: the link goes only by email
    await t.ctx.mailer.flush();
    const mail = smtp.messages.find((m) => m.to.includes('new.nurse@test.liminal.test'));
    expect(mail?.subject).toBe('You have been invited to Liminal');
    const token = /accept-invite#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] as string;
    expect(token).toBeTruthy();
    // Once sent, the outbox keeps that the mail went, not its text: no outbox row holds the link's token.
    const sent = await t.ctx.db
      .selectFrom('outbox')
      .select(['subject', 'body_text', 'sent_at'])
      .where('to_address', '=', 'new.nurse@test.liminal.test')
      .execute();
    expect(sent).toEqual([
      { subject: 'You have been invited to Liminal', body_text: '', sent_at: expect.any(String) },
    ]);
    expect(
      await t.ctx.db.selectFrom('outbox').select('id').where('body_text', 'like', `%${token}%`).execute(),
    ).toEqual([]);

    const info = await t.anon.post('/api/auth/invite/inspect', { token });
    expect(info.json()).toEqual({ email: 'new.nurse@test.liminal.test', name: 'Nina New' });
    const weak = await t.anon.post('/api/auth/invite/accept', { token, password: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].field).toBe('password');
    expect(
      (await t.anon.post('/api/auth/invite/accept', { token, password: 'a long enough passphrase' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.anon.post('/api/auth/invite/accept', { token, password: 'another long passphrase' }))
        .statusCode,
    ).toBe(404);

    const login = await t.anon.post('/api/auth/login', {
      email: 'new.nurse@test.liminal.test',
      password: 'a long enough passphrase',
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe('nurse');
    expect((await auditFor(body.user.id)).map((e) => e.action)).toEqual([
      'user.invite',
      'user.activate',
      'auth.login',
    ]);
  });

  it('an expired link does not work', async () => {
    const res = await admin.post('/api/admin/users/invite', {
      email: 'late@test.liminal.test',
      name: 'Late Larry',
      role: 'therapist',
    });
    await t.ctx.mailer.flush();
    const mail = smtp.messages.find((m) => m.to.includes('late@test.liminal.test'));
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] as string;
    t.clock.advance(73 * 3_600_000);
    expect((await t.anon.post('/api/auth/invite/inspect', { token })).statusCode).toBe(404);
    expect(res.statusCode).toBe(201);
    admin = await t.loginAs('admin'); // the clock jump ended the old session
  });

  it('refuses a duplicate email with a field error', async () => {
    const a = await admin.post('/api/admin/users/invite', {
      email: 'dup@test.liminal.test',
      name: 'Dup One',
      role: 'nurse',
    });
    expect(a.statusCode).toBe(201);
    const b = await admin.post('/api/admin/users/invite', {
      email: 'dup@test.liminal.test',
      name: 'Dup Two',
      role: 'nurse',
    });
    expect(b.statusCode).toBe(409);
    expect(b.json().errors[0].field).toBe('email');
  });
});

describe('changing and disabling accounts', () => {
  it('a role change applies to live sessions at once and is audited', async () => {
    const target = await t.createUser({ role: 'front_desk' });
    const login = await t.anon.post('/api/auth/login', { email: target.email, password: target.password });
    const h = { cookie: sessionCookieFrom(login) as string, 'x-csrf-token': login.json().session.csrfToken };
    expect((await t.app.inject({ url: '/api/admin/users', headers: h })).statusCode).toBe(403);
    const res = await admin.post(`/api/admin/users/${target.id}/role`, { role: 'admin' });
    expect(res.json().role).toBe('admin');
    expect((await t.app.inject({ url: '/api/admin/users', headers: h })).statusCode).toBe(200);
    const entries = await auditFor(target.id);
    const change = entries.find((e) => e.action === 'user.role_change');
    expect(JSON.parse(change?.detail ?? '{}')).toEqual({ from: 'front_desk', to: 'admin' });
    expect(change?.actor_id).toBe(admin.userId);
  });

  it('disabling ends the account sessions at once', async () => {
    const target = await t.createUser({ role: 'therapist' });
    const login = await t.anon.post('/api/auth/login', { email: target.email, password: target.password });
    const cookie = sessionCookieFrom(login) as string;
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const res = await admin.post(`/api/admin/users/${target.id}/disable`);
    expect(res.json().status).toBe('disabled');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(
      (await t.anon.post('/api/auth/login', { email: target.email, password: target.password })).statusCode,
    ).toBe(401);
    expect((await admin.post(`/api/admin/users/${target.id}/enable`)).json().status).toBe('active');
    expect(
      (await t.anon.post('/api/auth/login', { email: target.email, password: target.password })).statusCode,
    ).toBe(200);
  });

  it('keeps at least one active admin and refuses self-disable', async () => {
    const solo = await buildTestApp();
    try {
      const only = await solo.loginAs('admin');
      expect((await only.post(`/api/admin/users/${only.userId}/disable`)).statusCode).toBe(409);
      expect((await only.post(`/api/admin/users/${only.userId}/role`, { role: 'nurse' })).statusCode).toBe(
        409,
      );
    } finally {
      await solo.close();
    }
  });

  it('reset MFA clears the secret and recovery codes and ends sessions', async () => {
    const target = await t.createUser({ role: 'nurse', mfaSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    const res = await admin.post(`/api/admin/users/${target.id}/reset-mfa`);
    expect(res.json().mfaEnabled).toBe(false);
    const row = await t.ctx.db
      .selectFrom('users')
      .select(['mfa_secret_enc', 'mfa_enabled'])
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row.mfa_secret_enc).toBeNull();
  });

  it('lists staff (not patients) for admins', async () => {
    await t.createUser({ role: 'patient' });
    const res = await admin.get('/api/admin/users');
    expect(res.statusCode).toBe(200);
    expect(res.json().users.every((u: { role: string }) => u.role !== 'patient')).toBe(true);
  });
});

describe('invite without SMTP', () => {
  it('returns the link to the admin when no mail server is configured', async () => {
    const noMail = await buildTestApp();
    try {
      const a = await noMail.loginAs('admin');
      const res = await a.post('/api/admin/users/invite', {
        email: 'handoff@test.liminal.test',
        name: 'Hand Off',
        role: 'therapist',
      });
      expect(res.json().inviteUrl).toMatch(/\/accept-invite#token=/);
      // Not sent yet (no mail server): the outbox keeps the text until it goes.
      const waiting = await noMail.ctx.db
        .selectFrom('outbox')
        .select(['body_text', 'sent_at'])
        .where('to_address', '=', 'handoff@test.liminal.test')
        .executeTakeFirstOrThrow();
      expect(waiting.sent_at).toBeNull();
      expect(waiting.body_text).toContain(res.json().inviteUrl);
    } finally {
      await noMail.close();
    }
  });
});
