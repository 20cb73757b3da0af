import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { tableCounts } from '../support/db';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t.close();
});

const invite = { email: 'csrf.victim@test.liminal.test', name: 'Csrf Victim', role: 'nurse' };
const BOOKKEEPING = ['audit_log', 'chain_heads', 'sessions', 'rate_limits', 'login_throttle'];

describe('anti-forgery (S11)', () => {
  it('refuses a state-changing request without the CSRF token, changing nothing', async () => {
    const before = await tableCounts(t.db.handle, BOOKKEEPING);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: invite,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    expect(await tableCounts(t.db.handle, BOOKKEEPING)).toEqual(before);
  });

  it('refuses a wrong token, a cross-site request and a foreign Origin', async () => {
    const before = await tableCounts(t.db.handle, BOOKKEEPING);
    const wrong = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: invite,
      headers: { 'x-csrf-token': 'forged-token-value' },
    });
    const crossSite = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: invite,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    const foreign = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: invite,
      headers: { origin: 'https://evil.example' },
    });
    for (const r of [wrong, crossSite, foreign]) {
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('csrf_failed');
    }
    expect(await tableCounts(t.db.handle, BOOKKEEPING)).toEqual(before);
    // a cross-site sign-in attempt (login CSRF) is refused too, and no session is created
    const u = await t.createUser({ role: 'patient' });
    const login = await t.anon.post(
      '/api/auth/login',
      { email: u.email, password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(login.statusCode).toBe(403);
    expect(login.cookies).toHaveLength(0);
    const sessions = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(sessions).toHaveLength(0);
  });

  it('refuses form-encoded and plain-text bodies (only JSON is accepted)', async () => {
    const form = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: 'email=a%40b.test&name=x&role=nurse',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);
    const text = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
  });

  it('no GET route changes state', async () => {
    const gets = t.routes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    const before = await tableCounts(t.db.handle, BOOKKEEPING);
    for (const r of gets)
      await admin.get(r.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'));
    expect(await tableCounts(t.db.handle, BOOKKEEPING)).toEqual(before);
  });
});

describe('security headers (S12)', () => {
  const check = (headers: Record<string, unknown>) => {
    const csp = String(headers['content-security-policy']);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
  };

  it('on success, client errors, not-found and server-side problem responses', async () => {
    const ok = await admin.get('/api/admin/users');
    const unauth = await t.anon.get('/api/auth/me');
    const missing = await t.anon.get('/api/nothing-here');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    for (const r of [ok, unauth, missing, bad]) {
      check(r.headers);
      expect(r.headers['cache-control']).toBe('no-store');
    }
    expect(ok.headers['strict-transport-security']).toBeUndefined(); // plain HTTP: no HSTS
  });

  it('adds HSTS and __Host- cookies when served over HTTPS', async () => {
    const https = await buildTestApp({ PUBLIC_URL: 'https://clinic.example' });
    try {
      const u = await https.createUser({ role: 'patient' });
      const res = await https.anon.post(
        '/api/auth/login',
        { email: u.email, password: TEST_PASSWORD },
        { origin: 'https://clinic.example' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      const c = res.cookies.find((x) => x.name === '__Host-liminal_session');
      expect(c?.secure).toBe(true);
      expect(c?.httpOnly).toBe(true);
      expect(c?.path).toBe('/');
      expect(c?.domain).toBeUndefined();
    } finally {
      await https.close();
    }
  });
});
