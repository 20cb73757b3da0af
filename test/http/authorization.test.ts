import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, ROLES, type Role } from '../../src/server/platform/permissions';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { tableCounts } from '../support/db';

/**
 * S1 and S2: the route list is read from the running app; every API route declares its access, and every
 * route × role (plus no session) answers as the permission catalogue says. Denied writes change no rows.
 */
let t: TestApp;
const agents = new Map<Role, Agent>();
beforeAll(async () => {
  t = await buildTestApp();
  for (const role of ROLES) agents.set(role, await t.loginAs(role));
});
afterAll(async () => {
  await t.close();
});

// Tables a refused request may legitimately touch: its own audit entry, session activity, counters.
const BOOKKEEPING = [
  'audit_log',
  'chain_heads',
  'sessions',
  'rate_limits',
  'login_throttle',
  'kysely_migration',
  'kysely_migration_lock',
];

const apiRoutes = () =>
  t.routes.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/fhir/') || r.url === '/metrics');
const fill = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id);

describe('route declarations', () => {
  it('every API route declares a permission, authenticated or public', () => {
    const undeclared = apiRoutes().filter((r) => !r.access);
    expect(undeclared).toEqual([]);
    expect(apiRoutes().length).toBeGreaterThan(15);
  });

  it('the app refuses to start with a route that declares nothing', async () => {
    const { default: Fastify } = await import('fastify');
    const probe = Fastify();
    probe.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/') && !route.config?.access)
        throw new Error(`no access on ${route.url}`);
    });
    expect(() => probe.get('/api/undeclared', async () => 'x')).toThrow(/no access/);
    // And the real composition root applies the same rule:
    const extra = await buildTestApp();
    try {
      expect(() => extra.app.get('/api/late-undeclared', async () => 'x')).toThrow();
    } finally {
      await extra.close();
    }
  });

  it('only an explicit short list is public', () => {
    const publicRoutes = apiRoutes()
      .filter((r) => r.access === 'public' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /api/health',
        'GET /api/health/ready',
        'GET /api/ical/:token.ics',
        'GET /api/kiosk',
        'GET /api/openapi.json',
        'GET /api/public/info',
        'POST /api/auth/invite/accept',
        'POST /api/auth/invite/inspect',
        'POST /api/auth/login',
        'POST /api/kiosk/submit',
        'POST /api/public/booking/book',
        'POST /api/public/booking/slots',
        'POST /api/public/enquiries',
        'POST /api/public/visits/ics',
        'POST /api/public/visits/inspect',
        'POST /api/public/visits/respond',
        'PUT /api/kiosk',
        // The at-home sitter has no account: the code or token in x-sitter-token opens one session (athome-sitter tests)
        'GET /api/sitter/session',
        'POST /api/sitter/check-ins',
        'POST /api/sitter/check-out',
        'POST /api/sitter/confirm',
        'POST /api/sitter/help',
        'POST /api/sitter/visual-checks',
        'GET /fhir/R4/.well-known/smart-configuration',
        'GET /fhir/R4/metadata',
        'POST /fhir/R4/auth/token',
        // (FHIR discovery and the client-credentials token endpoint: the client secret is the credential)
        'GET /metrics',
        // (no session or role applies: METRICS_TOKEN is its bearer credential, and it is 404 when not set;
        // test/http/operations.test.ts)
      ].sort(),
    );
  });
});

describe('authorization matrix', () => {
  it('every route × role × no-session answers as the catalogue says, with 0 unexpected successes', async () => {
    const unexpected: string[] = [];
    let checked = 0;
    for (const route of apiRoutes()) {
      if (route.access === 'public') continue;
      const url = fill(route.url, randomUUID());
      // No session at all
      const anon = await t.app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' ? undefined : {},
      });
      if (anon.statusCode !== 401) unexpected.push(`anon ${route.method} ${route.url} → ${anon.statusCode}`);
      for (const role of ROLES) {
        const agent = agents.get(role) as Agent;
        const allowed = route.access === 'authenticated' || hasPermission(role, route.access as never);
        const before = allowed ? null : await tableCounts(t.db.handle, BOOKKEEPING);
        const res = await agent.inject({
          method: route.method as 'GET',
          url,
          payload: route.method === 'GET' ? undefined : {},
        });
        checked++;
        // Signing out ends the agent's session: give the role a fresh one for the routes that follow.
        if (route.url === '/api/auth/logout' && res.statusCode === 200)
          agents.set(role, await t.loginAs(role));
        if (allowed) {
          if (res.statusCode === 401 || res.statusCode === 403)
            unexpected.push(`${role} ${route.method} ${route.url} refused (${res.statusCode})`);
        } else {
          if (res.statusCode !== 403)
            unexpected.push(`${role} ${route.method} ${route.url} → ${res.statusCode} (expected 403)`);
          const after = await tableCounts(t.db.handle, BOOKKEEPING);
          if (JSON.stringify(after) !== JSON.stringify(before))
            unexpected.push(`${role} ${route.method} ${route.url} changed rows while refused`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(checked).toBeGreaterThan(50);
    // Every route × 7 roles (the biller joined in issue #22): on a loaded 2-core machine PostgreSQL needs longer.
  }, 240_000);

  it('a refused request is audited as denied, with actor and route', async () => {
    const nurse = agents.get('nurse') as Agent;
    const res = await nurse.get('/api/admin/users');
    expect(res.statusCode).toBe(403);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', nurse.userId)
      .where('outcome', '=', 'denied')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    expect(entry?.action).toBe('http.get /api/admin/users');
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ reason: 'forbidden', needed: 'users.read' });
    expect(entry?.request_id).toBeTruthy();
  });
});

describe('no existence leaks (S2)', () => {
  it('for every /:id route, a refused caller cannot tell an existing id from a missing one', async () => {
    const target = await t.createUser({ role: 'therapist' });
    for (const route of apiRoutes().filter((r) => r.url.includes(':id'))) {
      for (const role of ROLES) {
        const agent = agents.get(role) as Agent;
        if (
          route.access !== 'public' &&
          route.access !== 'authenticated' &&
          hasPermission(role, route.access as never)
        )
          continue;
        const payload = route.method === 'GET' ? undefined : {};
        const a = await agent.inject({
          method: route.method as 'GET',
          url: fill(route.url, target.id),
          payload,
        });
        const b = await agent.inject({
          method: route.method as 'GET',
          url: fill(route.url, randomUUID()),
          payload,
        });
        expect(a.statusCode).toBe(b.statusCode);
        const strip = (x: typeof a) => ({ ...x.json(), instance: undefined });
        expect(strip(a)).toEqual(strip(b));
      }
    }
  });

  it('for an allowed caller, a missing id is a plain 404', async () => {
    const admin = agents.get('admin') as Agent;
    const res = await admin.post(`/api/admin/users/${randomUUID()}/disable`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});

describe('the biller role (issue #22)', () => {
  it('reaches only demographics, billing and the routes open to every signed-in user', () => {
    const reached = apiRoutes()
      .filter((r) => r.access !== 'public' && r.access !== 'authenticated')
      .filter((r) => hasPermission('biller', r.access as never))
      .map((r) => r.access as string);
    expect(new Set(reached)).toEqual(
      new Set(['patients.read', 'billing.read', 'billing.write', 'billing.export']),
    );
    for (const p of [
      'clinical.read',
      'clinical.write',
      'session.run',
      'notes.todo',
      'ledger.read',
      'billing.settings',
    ])
      expect(hasPermission('biller', p as never), p).toBe(false);
  });
});
