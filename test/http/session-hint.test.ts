import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, sessionCookieFrom, TEST_PASSWORD, type TestApp } from '../support/app';

/**
 * The readable `liminal_signed_in` cookie set beside the HttpOnly session cookie (issue #19): the web app asks
 * who is signed in only when it is there. It holds no secret, is cleared at sign-out, and is never what signs a
 * request in.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('session hint cookie', () => {
  it('sign-in sets it readable, holding nothing but 1; the session cookie stays HttpOnly', async () => {
    const u = await t.createUser({ role: 'patient' });
    const res = await t.anon.post('/api/auth/login', { email: u.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const hint = res.cookies.find((c) => c.name === 'liminal_signed_in');
    const session = res.cookies.find((c) => c.name === 'liminal_session');
    expect(hint).toMatchObject({ value: '1', path: '/', sameSite: 'Lax' });
    expect(hint?.httpOnly).toBeFalsy();
    expect(session?.httpOnly).toBe(true);
    expect(session?.value).not.toBe('1');
  });

  it('a failed sign-in sets neither cookie', async () => {
    const u = await t.createUser({ role: 'patient' });
    const res = await t.anon.post('/api/auth/login', { email: u.email, password: 'not the password at all' });
    expect(res.statusCode).toBe(401);
    expect(res.cookies).toEqual([]);
  });

  it('sign-out clears it with the session cookie', async () => {
    const u = await t.createUser({ role: 'patient' });
    const login = await t.anon.post('/api/auth/login', { email: u.email, password: TEST_PASSWORD });
    const cookie = sessionCookieFrom(login) as string;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: {},
      headers: { cookie, 'x-csrf-token': login.json().session.csrfToken as string },
    });
    expect(out.statusCode).toBe(200);
    const cleared = Object.fromEntries(out.cookies.map((c) => [c.name, c]));
    expect(cleared.liminal_signed_in?.value).toBe('');
    expect(cleared.liminal_session?.value).toBe('');
  });

  it('the hint alone signs nobody in', async () => {
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie: 'liminal_signed_in=1' } });
    expect(res.statusCode).toBe(401);
  });
});
