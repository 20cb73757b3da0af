import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { buildApp, type RouteInfo } from '../../src/server/app';
import { loadTestConfig, type RawConfig } from '../../src/server/config';
import type { AppMetrics } from '../../src/server/features/metrics';
import { sessionCookieName } from '../../src/server/platform/access-hook';
import { appendAudit } from '../../src/server/platform/audit';
import { FakeClock } from '../../src/server/platform/clock';
import type { AppContext } from '../../src/server/platform/context';
import { encryptSecret } from '../../src/server/platform/crypto';
import { hashPassword } from '../../src/server/platform/passwords';
import type { Role } from '../../src/server/platform/permissions';
import { createTestDatabase, type TestDatabase } from './db';
import { leakedSecrets, registerSecret } from './secrets';

export interface Agent {
  userId: string;
  role: Role;
  email: string;
  csrfToken: string;
  cookie: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FakeClock;
  db: TestDatabase;
  routes: RouteInfo[];
  /** The app's Prometheus metrics (METRICS_TOKEN or METRICS_PORT set), else null. */
  metrics: AppMetrics | null;
  logs: string[];
  /** A signed-in user of this role (MFA passed), created fresh for each call. */
  loginAs(role: Role, opts?: { patientId?: string | null }): Promise<Agent>;
  createUser(opts: {
    role: Role;
    email?: string;
    password?: string;
    mfaSecret?: string;
    patientId?: string | null;
    status?: string;
  }): Promise<{ id: string; email: string; password: string }>;
  /** An unauthenticated client (a JSON request with no cookie). */
  anon: {
    post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
    get(url: string): Promise<LightMyRequestResponse>;
  };
  close(): Promise<void>;
}

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
registerSecret(TEST_PASSWORD);
registerSecret(TEST_TOTP_SECRET);

export async function buildTestApp(
  overrides: Partial<Record<keyof RawConfig, string>> = {},
  /** A built web app to serve (the tests of the pages' HTML); none by default. */
  opts: { webRoot?: string } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(
    overrides.LIMINAL_DB_KEY ? { engine: 'sqlite', sqliteKey: overrides.LIMINAL_DB_KEY } : {},
  );
  const clock = new FakeClock('2026-11-25T15:00:00.000Z');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadTestConfig({ LOG_LEVEL: 'info', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...overrides });
  const { app, ctx, routes, metrics } = await buildApp({
    config,
    handle: db.handle,
    clock,
    logStream: sink,
    webRoot: opts.webRoot ?? null,
    jobs: false,
  });
  await app.ready();
  const cookieName = sessionCookieName(config.secureCookies);
  const passwordHash = await hashPassword(TEST_PASSWORD);

  async function createUser(opts: Parameters<TestApp['createUser']>[0]) {
    const id = randomUUID();
    const email = opts.email ?? `${opts.role}.${++counter}.${id.slice(0, 6)}@test.liminal.test`;
    const password = opts.password ?? TEST_PASSWORD;
    registerSecret(password);
    if (opts.mfaSecret) registerSecret(opts.mfaSecret);
    const now = clock.now().toISOString();
    await ctx.db
      .insertInto('users')
      .values({
        id,
        email,
        name: `Test ${opts.role} ${counter}`,
        role: opts.role,
        status: opts.status ?? 'active',
        password_hash: password === TEST_PASSWORD ? passwordHash : await hashPassword(password),
        mfa_enabled: opts.mfaSecret ? 1 : 0,
        mfa_secret_enc: opts.mfaSecret ? encryptSecret(ctx.secretKey, opts.mfaSecret) : null,
        mfa_pending_secret_enc: null,
        mfa_last_step: null,
        patient_id: opts.patientId ?? null,
        can_break_glass: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, clock, null, {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        detail: { via: 'test' },
      }),
    );
    return { id, email, password };
  }

  function agentFor(
    user: { id: string; email: string },
    role: Role,
    token: string,
    csrfToken: string,
  ): Agent {
    registerSecret(token);
    const cookie = `${cookieName}=${token}`;
    const inject = (opts: InjectOptions) =>
      app.inject({
        ...opts,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(opts.headers ?? {}) },
      });
    return {
      userId: user.id,
      role,
      email: user.email,
      csrfToken,
      cookie,
      inject,
      get: (url) => inject({ method: 'GET', url }),
      post: (url, body = {}) => inject({ method: 'POST', url, payload: body as object }),
    };
  }

  return {
    app,
    ctx,
    clock,
    db,
    routes,
    metrics,
    logs,
    createUser,
    async loginAs(role, opts = {}) {
      const user = await createUser({
        role,
        patientId: opts.patientId ?? (role === 'patient' ? randomUUID() : null),
        mfaSecret: role === 'patient' ? undefined : TEST_TOTP_SECRET,
      });
      const s = await ctx.sessions.create(user.id, {
        mfaVerified: role !== 'patient',
        ip: '127.0.0.1',
        userAgent: 'test',
      });
      return agentFor(user, role, s.token, s.session.csrfToken);
    },
    anon: {
      post: (url, body = {}, headers = {}) =>
        app.inject({ method: 'POST', url, payload: body as object, headers }),
      get: (url) => app.inject({ method: 'GET', url }),
    },
    async close() {
      await app.close();
      await db.close();
      // S14: nothing a test registered as secret or PHI may appear in the captured log output.
      const leaks = leakedSecrets(logs.join(''));
      if (leaks.length) throw new Error(`${leaks.length} secret or PHI canary value(s) appeared in the logs`);
    },
  };
}

/** The current TOTP code for a secret at the fake clock's time. */
export const totpAt = (secret: string, clock: FakeClock) =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

/** Session cookie value from a response's Set-Cookie header. */
export function sessionCookieFrom(res: LightMyRequestResponse): string | undefined {
  const c = res.cookies.find((x) => x.name.endsWith('liminal_session'));
  return c?.value ? `${c.name}=${c.value}` : undefined;
}
