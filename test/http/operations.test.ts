import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppMetrics, startMetricsListener } from '../../src/server/features/metrics';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';
import { startSmtpCapture } from '../support/smtp';

/**
 * Issue #19, operations: GET /metrics (Prometheus text) is not public — a bearer token (METRICS_TOKEN) or a
 * separate loopback listener (METRICS_PORT) — and counts requests by route pattern, never by raw URL; readiness
 * (/api/health/ready) names the failing check.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';
registerSecret(TOKEN);

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  let prescriber: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ METRICS_TOKEN: TOKEN });
    prescriber = await t.loginAs('prescriber');
  });
  afterAll(async () => {
    await t.close();
  });
  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('refuses a scrape without the token or with another one (401), and audits the refusal', async () => {
    const none = await scrape();
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/problem\+json/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body).not.toMatch(/liminal_http_requests_total/);
    const wrong = await scrape(`Bearer ${TOKEN}x`);
    expect(wrong.statusCode).toBe(401);
    // A session cookie is no substitute for the token, whatever the role.
    const admin = await t.loginAs('admin');
    expect((await admin.get('/metrics')).statusCode).toBe(401);
    const refusals = await t.ctx.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.metrics_refused')
      .execute();
    expect(refusals.length).toBe(3);
    expect(refusals.every((r) => r.outcome === 'denied')).toBe(true);
    expect(refusals.map((r) => JSON.parse(r.detail ?? '{}').reason).sort()).toEqual([
      'no_token',
      'no_token',
      'wrong_token',
    ]);
  });

  it('with the token: Prometheus text with requests by route pattern, runtime, audit, outbox and sessions', async () => {
    // (The request log keeps paths with ids, so the id is not a log canary; the search text is.)
    const patientId = randomUUID();
    registerSecret('Zebediah');
    expect((await prescriber.get(`/api/patients/${patientId}`)).statusCode).toBe(404);
    expect((await prescriber.get('/api/patients?q=Zebediah')).statusCode).toBe(200);
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'someone@example.test', subject: 'Reminder', text: 'Hello' });

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.body;
    // The route's pattern, never the id or the query typed into the search.
    expect(
      sample(text, 'liminal_http_requests_total', {
        method: 'GET',
        route: '/api/patients/:patientId',
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      sample(text, 'liminal_http_requests_total', { route: '/api/patients', status_code: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'liminal_http_request_duration_seconds_count', {
        route: '/api/patients/:patientId',
        status_code: '404',
      }),
    ).toBe(1);
    expect(text).not.toContain(patientId);
    expect(text).not.toContain('Zebediah');
    // Runtime: event-loop lag, heap, GC.
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);
    // The platform's own: audit appends (the patient search was audited), group commit, outbox, exports, sessions.
    expect(sample(text, 'liminal_audit_append_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE liminal_db_group_commit_seconds histogram$/m);
    expect(sample(text, 'liminal_mail_outbox_messages', { state: 'pending' })).toBe(1);
    expect(sample(text, 'liminal_mail_outbox_messages', { state: 'failing' })).toBe(0);
    expect(sample(text, 'liminal_mail_send_failures_total')).toBe(0);
    expect(sample(text, 'liminal_export_jobs', { status: 'failed' })).toBe(0);
    expect(sample(text, 'liminal_active_sessions')).toBeGreaterThanOrEqual(2);
    // The connection pool, where there is one.
    if (t.ctx.handle.engine === 'postgres')
      expect(sample(text, 'liminal_db_pool_connections', { state: 'max' })).toBe(12);
    else expect(text).not.toMatch(/liminal_db_pool_connections/);
  });

  it('a session that ended is no longer counted as active', async () => {
    const before = sample((await scrape(`Bearer ${TOKEN}`)).body, 'liminal_active_sessions') ?? 0;
    const nurse = await t.loginAs('nurse');
    expect(sample((await scrape(`Bearer ${TOKEN}`)).body, 'liminal_active_sessions')).toBe(before + 1);
    expect((await nurse.post('/api/auth/logout')).statusCode).toBe(200);
    expect(sample((await scrape(`Bearer ${TOKEN}`)).body, 'liminal_active_sessions')).toBe(before);
  });

  it('METRICS_PORT: a separate listener serves only GET /metrics, without a token', async () => {
    const built = await buildTestApp({ METRICS_PORT: '9' });
    try {
      expect((await built.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404); // no token set
      const listener = await startMetricsListener(built.metrics as AppMetrics, '127.0.0.1', 0);
      try {
        await built.anon.get('/api/health');
        const res = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
        expect(res.status).toBe(200);
        expect(sample(await res.text(), 'liminal_http_requests_total', { route: '/api/health' })).toBe(1);
        expect((await fetch(`http://127.0.0.1:${listener.port}/api/health`)).status).toBe(404);
        expect((await fetch(`http://127.0.0.1:${listener.port}/metrics`, { method: 'POST' })).status).toBe(
          404,
        );
      } finally {
        await listener.close();
      }
    } finally {
      await built.close();
    }
  });
});

describe('metrics turned off', () => {
  it('without METRICS_TOKEN or METRICS_PORT, /metrics does not exist (404) even with a bearer token', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(t.metrics).toBeNull();
    } finally {
      await t.close();
    }
  });
});

describe('readiness: GET /api/health/ready', () => {
  it('ready when the database answers, migrations are current and mail is not configured', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.anon.get('/api/health/ready');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', mail: 'not configured' },
      });
    } finally {
      await t.close();
    }
  });

  it('503 naming the mail worker once it has stopped (SMTP configured)', async () => {
    const smtp = await startSmtpCapture();
    const t = await buildTestApp({ SMTP_URL: smtp.url });
    try {
      expect((await t.anon.get('/api/health/ready')).json().checks.mail).toBe('ok');
      await t.ctx.mailer.stop();
      const res = await t.anon.get('/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'unavailable',
        failing: ['mail'],
        checks: { mail: 'failing' },
      });
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  it('503 naming migrations when the database lacks one this build knows', async () => {
    const t = await buildTestApp();
    try {
      await sql`delete from kysely_migration where name = '0022_care_tasks'`.execute(t.ctx.db);
      const res = await t.anon.get('/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        failing: ['migrations'],
        checks: { database: 'ok', migrations: 'failing' },
        detail: 'The database has migrations still to apply.',
      });
    } finally {
      await t.close();
    }
  });

  it('503 naming the database when it is gone, while liveness reports it too', async () => {
    const t = await buildTestApp();
    try {
      await t.db.handle.close();
      const res = await t.anon.get('/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 503,
        code: 'unavailable',
        failing: ['database', 'migrations'],
        checks: { database: 'failing', migrations: 'failing', mail: 'not configured' },
        detail: 'The database is not reachable.',
      });
      expect((await t.anon.get('/api/health')).statusCode).toBe(503);
    } finally {
      await t.close();
    }
  });
});
