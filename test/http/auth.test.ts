import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../src/contracts/auth';
import {
  buildTestApp,
  sessionCookieFrom,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  type TestApp,
  totpAt,
} from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.anon.post('/api/auth/login', { email, password }, headers);

describe('sign-in', () => {
  it('signs in with the right password, sets a hardened session cookie and returns the user', async () => {
    const u = await t.createUser({ role: 'patient' });
    const res = await login(u.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.email).toBe(u.email);
    expect(body.permissions).toEqual(['portal.self']);
    const cookie = res.cookies.find((c) => c.name === 'liminal_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    // only a hash of the token is stored
    const rows = await t.ctx.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', u.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toBe(cookie?.value);
  });

  it('answers an unknown email, a wrong password and a disabled account identically', async () => {
    const u = await t.createUser({ role: 'nurse' });
    const d = await t.createUser({ role: 'nurse', status: 'disabled' });
    const unknown = await login('nobody@test.liminal.test', TEST_PASSWORD);
    const wrong = await login(u.email, 'not the password at all');
    const disabled = await login(d.email, TEST_PASSWORD);
    for (const r of [unknown, wrong, disabled]) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const strip = (r: typeof unknown) => ({ ...r.json(), instance: undefined });
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(strip(disabled)).toEqual(strip(unknown));
    expect(wrong.cookies).toHaveLength(0);
  });

  it('issues a new session id at every sign-in and ends the one presented', async () => {
    const u = await t.createUser({ role: 'patient' });
    const first = await login(u.email, TEST_PASSWORD);
    const c1 = sessionCookieFrom(first) as string;
    const second = await login(u.email, TEST_PASSWORD, { cookie: c1 });
    const c2 = sessionCookieFrom(second) as string;
    expect(c2).toBeTruthy();
    expect(c2).not.toBe(c1);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: c1 } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: c2 } })).statusCode).toBe(200);
  });

  it('rejects bad input with field errors', async () => {
    const res = await t.anon.post('/api/auth/login', { email: 'not-an-email', password: '' });
    expect(res.statusCode).toBe(422);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['email', 'password']);
  });
});

describe('sessions', () => {
  async function signedIn() {
    const u = await t.createUser({ role: 'patient' });
    const res = await login(u.email, TEST_PASSWORD);
    return {
      cookie: sessionCookieFrom(res) as string,
      csrf: res.json().session.csrfToken as string,
      user: u,
    };
  }
  const me = (cookie: string) => t.app.inject({ url: '/api/auth/me', headers: { cookie } });

  it('logout ends the session at once', async () => {
    const s = await signedIn();
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: {},
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });

  it('expires after 15 idle minutes, and activity keeps it alive', async () => {
    const s = await signedIn();
    t.clock.advanceMinutes(14);
    expect((await me(s.cookie)).statusCode).toBe(200); // activity resets the idle timer
    t.clock.advanceMinutes(14);
    expect((await me(s.cookie)).statusCode).toBe(200);
    t.clock.advanceMinutes(15);
    expect((await me(s.cookie)).statusCode).toBe(401);
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select('end_reason')
      .where('user_id', '=', s.user.id)
      .executeTakeFirst();
    expect(row?.end_reason).toBe('idle_timeout');
  });

  it("does not count a screen's own refreshes as activity, so a screen left open still reaches the idle limit", async () => {
    const s = await signedIn();
    const refresh = (cookie: string) =>
      t.app.inject({ url: '/api/auth/me', headers: { cookie, [BACKGROUND_HEADER]: '1' } });
    // A screen refreshing itself every 5 minutes: each answer is served while the session lives…
    for (let i = 0; i < 2; i++) {
      t.clock.advanceMinutes(5);
      expect((await refresh(s.cookie)).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(4);
    expect((await refresh(s.cookie)).statusCode).toBe(200);
    // …but none of them moved the limit: 15 minutes after the sign-in, the next refresh finds it ended.
    t.clock.advanceMinutes(1);
    expect((await refresh(s.cookie)).statusCode).toBe(401);
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select('end_reason')
      .where('user_id', '=', s.user.id)
      .executeTakeFirst();
    expect(row?.end_reason).toBe('idle_timeout');
  });

  it('counts a read without the header, and any state-changing call even with it, as activity', async () => {
    const s = await signedIn();
    t.clock.advanceMinutes(10);
    expect((await me(s.cookie)).statusCode).toBe(200); // a person's read
    t.clock.advanceMinutes(10);
    // "Stay signed in": a POST is someone's act, whatever it carries.
    const stay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: {},
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, [BACKGROUND_HEADER]: '1' },
    });
    expect(stay.statusCode).toBe(200);
    t.clock.advanceMinutes(14);
    expect((await me(s.cookie)).statusCode).toBe(200); // 34 minutes after sign-in, still alive
  });

  it('ends at the 12-hour absolute limit even when active', async () => {
    const s = await signedIn();
    for (let i = 0; i < 12 * 6 - 1; i++) {
      t.clock.advanceMinutes(10);
      expect((await me(s.cookie)).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(10);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });
});

describe('brute-force protection', () => {
  it('delays an account progressively after 5 failures, then the right password works after the window', async () => {
    const u = await t.createUser({ role: 'therapist' });
    for (let i = 0; i < 5; i++) expect((await login(u.email, `wrong-${i}-password`)).statusCode).toBe(401);
    // 6th failure is evaluated and starts a delay
    expect((await login(u.email, 'wrong-6-password')).statusCode).toBe(401);
    const locked = await login(u.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('login_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(3_000);
    expect((await login(u.email, 'wrong-7-password')).statusCode).toBe(401);
    const retry = (await login(u.email, TEST_PASSWORD)).json().retryAfterSec;
    expect(retry).toBeGreaterThan(2); // the delay doubled
    t.clock.advance(retry * 1000);
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('evaluates at most 100 failures per account per hour', async () => {
    const email = 'target@test.liminal.test';
    let evaluated = 0;
    const start = t.clock.now().getTime();
    while (t.clock.now().getTime() - start < 3_600_000) {
      const r = await login(email, 'guess-password-x');
      if (r.statusCode === 401) evaluated++;
      else expect(r.statusCode).toBe(429);
      t.clock.advance(1_000 * 10);
    }
    expect(evaluated).toBeLessThanOrEqual(100);
    expect(evaluated).toBeGreaterThan(5);
  });

  it('rate-limits sign-in per IP address with 429', async () => {
    const limited = await buildTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++)
        codes.push(
          (
            await limited.anon.post('/api/auth/login', {
              email: `x${i}@y.test`,
              password: 'whatever-password',
            })
          ).statusCode,
        );
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5)).toEqual([429, 429]);
      limited.clock.advanceMinutes(1);
      expect(
        (await limited.anon.post('/api/auth/login', { email: 'x@y.test', password: 'whatever-password' }))
          .statusCode,
      ).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('two-factor authentication', () => {
  it('staff with MFA must pass the code before anything else; codes cannot be replayed', async () => {
    const u = await t.createUser({ role: 'admin', mfaSecret: TEST_TOTP_SECRET });
    const res = await login(u.email, TEST_PASSWORD);
    expect(res.json().nextStep).toBe('mfa');
    const cookie = sessionCookieFrom(res) as string;
    const csrf = res.json().session.csrfToken;
    const h = { cookie, 'x-csrf-token': csrf };
    expect((await t.app.inject({ url: '/api/admin/users', headers: h })).json().code).toBe('mfa_required');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      payload: { code: '000000' },
      headers: h,
    });
    expect(wrong.statusCode).toBe(401);
    const code = await totpAt(TEST_TOTP_SECRET, t.clock);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      payload: { code },
      headers: h,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().nextStep).toBeNull();
    expect((await t.app.inject({ url: '/api/admin/users', headers: h })).statusCode).toBe(200);

    // The same code, used again in a second session within its window, is refused.
    const res2 = await login(u.email, TEST_PASSWORD);
    const h2 = { cookie: sessionCookieFrom(res2) as string, 'x-csrf-token': res2.json().session.csrfToken };
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      payload: { code },
      headers: h2,
    });
    expect(replay.statusCode).toBe(401);
    t.clock.advance(30_000);
    const next = await totpAt(TEST_TOTP_SECRET, t.clock);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/verify',
          payload: { code: next },
          headers: h2,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('enrols with a QR code, then recovery codes work once each and are stored hashed', async () => {
    const u = await t.createUser({ role: 'nurse' });
    const res = await login(u.email, TEST_PASSWORD);
    expect(res.json().nextStep).toBe('enrol'); // staff outside demo mode
    const h = { cookie: sessionCookieFrom(res) as string, 'x-csrf-token': res.json().session.csrfToken };
    expect((await t.app.inject({ url: '/api/admin/users', headers: h })).json().code).toBe(
      'mfa_enrolment_required',
    );
    const setup = (
      await t.app.inject({ method: 'POST', url: '/api/auth/mfa/setup', payload: {}, headers: h })
    ).json();
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enable',
      payload: { code: await totpAt(setup.secret, t.clock) },
      headers: h,
    });
    expect(enable.statusCode).toBe(200);
    const codes: string[] = enable.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    const stored = await t.ctx.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', u.id)
      .execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(codes[0]);
    const row = await t.ctx.db
      .selectFrom('users')
      .select('mfa_secret_enc')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.mfa_secret_enc).not.toContain(setup.secret);

    const s2 = await login(u.email, TEST_PASSWORD);
    const h2 = { cookie: sessionCookieFrom(s2) as string, 'x-csrf-token': s2.json().session.csrfToken };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/verify',
          payload: { recoveryCode: codes[0] },
          headers: h2,
        })
      ).statusCode,
    ).toBe(200);
    const s3 = await login(u.email, TEST_PASSWORD);
    const h3 = { cookie: sessionCookieFrom(s3) as string, 'x-csrf-token': s3.json().session.csrfToken };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/verify',
          payload: { recoveryCode: codes[0] },
          headers: h3,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('demo mode lets staff in without MFA and says so', async () => {
    const demo = await buildTestApp({ LIMINAL_DEMO: 'true' });
    try {
      const u = await demo.createUser({ role: 'prescriber' });
      const res = await demo.anon.post('/api/auth/login', { email: u.email, password: TEST_PASSWORD });
      expect(res.json().nextStep).toBeNull();
      expect(res.json().demoMode).toBe(true);
      expect((await demo.anon.get('/api/public/info')).json().demoMode).toBe(true);
    } finally {
      await demo.close();
    }
  });
});

describe('password change', () => {
  it('needs the current password and ends other sessions', async () => {
    const u = await t.createUser({ role: 'patient' });
    const a = await login(u.email, TEST_PASSWORD);
    const b = await login(u.email, TEST_PASSWORD);
    const ha = { cookie: sessionCookieFrom(a) as string, 'x-csrf-token': a.json().session.csrfToken };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'nope', newPassword: 'a brand new passphrase' },
      headers: ha,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('currentPassword');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
      headers: ha,
    });
    expect(short.json().errors[0].field).toBe('newPassword');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
      headers: ha,
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieFrom(b) as string } }))
        .statusCode,
    ).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: ha.cookie } })).statusCode).toBe(
      200,
    );
    expect((await login(u.email, 'a brand new passphrase')).statusCode).toBe(200);
  });
});
