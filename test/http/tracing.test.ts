import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbTracing } from '../../src/server/db/tracing';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { testEngine } from '../support/db';
import { key, readyPatient } from '../support/dosing';
import { registerSecret } from '../support/secrets';

/**
 * Issue #19: OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, with no patient data in any span.
 * The spans go to an in-memory exporter (the SDK's OTLP exporter is what main.ts starts; what the spans carry is
 * decided by the instrumentation tested here). A canary patient is created, searched for by name, opened,
 * changed, and sent with bad input; then every span's name, attributes, events and status are searched for the
 * canary's name, email, date of birth and record id.
 */
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();
let t: TestApp;
let desk: Agent;
let prescriber: Agent;

const FIRST = 'Ottoline';
const LAST = 'Canarywhistle';
const EMAIL = 'ottoline.canarywhistle@example.test';
const DOB = '1977-03-29';

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  for (const s of [FIRST, LAST, EMAIL]) registerSecret(s);
  t = await buildTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
  desk = await t.loginAs('front_desk');
  prescriber = await t.loginAs('prescriber');
});
afterAll(async () => {
  await t.close();
  // The db tier shares module state between files: leave no tracer behind for the next one.
  setDbTracing(false);
  trace.disable();
  context.disable();
  propagation.disable();
  exporter.reset();
});

/** Everything a span carries that could leak, as one string. */
const spanText = (s: ReadableSpan) =>
  JSON.stringify({
    name: s.name,
    attributes: s.attributes,
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    status: s.status,
    links: s.links,
    resource: s.resource.attributes,
  });

describe('traces', () => {
  it('request and database spans, with route patterns and no patient data anywhere', async () => {
    exporter.reset();
    const created = await desk.post('/api/patients', {
      firstName: FIRST,
      lastName: LAST,
      dateOfBirth: DOB,
      state: 'CA',
      email: EMAIL,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string; // (ids are in the request log's paths, so not a log canary)
    expect((await prescriber.get(`/api/patients?q=${LAST}`)).statusCode).toBe(200);
    expect(
      (await prescriber.get(`/api/patients?q=${encodeURIComponent(`${FIRST} ${LAST}`)}`)).statusCode,
    ).toBe(200);
    expect((await prescriber.get(`/api/patients/${id}`)).statusCode).toBe(200);
    // Bad input that quotes the canary back in a field (an invalid date next to the name, an invalid email).
    const bad = await desk.post('/api/patients', {
      firstName: FIRST,
      lastName: LAST,
      dateOfBirth: `${LAST}-not-a-date`,
      state: 'CA',
      email: `${LAST}@`,
    });
    expect(bad.statusCode).toBe(422);
    // A duplicate that the database itself refuses would be another path; a not-found with the id in the URL:
    expect((await prescriber.get(`/api/patients/${id.replace(/.$/, '0')}`)).statusCode).toBeLessThan(500);

    const spans = exporter.getFinishedSpans();
    const requests = spans.filter((s) => s.name === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(6);
    // Route patterns, both as http.route and in place of the raw url.path.
    const routes = requests.map((s) => s.attributes['http.route']);
    expect(routes).toContain('/api/patients/:patientId');
    expect(requests.map((s) => s.attributes['url.path'])).toContain('/api/patients/:patientId');
    expect(requests.every((s) => !String(s.attributes['url.path']).includes('?'))).toBe(true);
    expect(requests.map((s) => s.attributes['http.response.status_code'])).toEqual(
      expect.arrayContaining([201, 200, 422]),
    );
    // Database spans: operation and table, inside the request's trace.
    const db = spans.filter((s) => s.name.startsWith('db '));
    expect(
      db.some((s) => s.name === 'db insert patients' && s.attributes['db.collection.name'] === 'patients'),
    ).toBe(true);
    const read = requests.find(
      (s) => s.attributes['http.route'] === '/api/patients/:patientId',
    ) as ReadableSpan;
    const traceId = read.spanContext().traceId;
    expect(db.filter((s) => s.spanContext().traceId === traceId).length).toBeGreaterThan(0);
    expect(
      db.every(
        (s) =>
          s.attributes['db.system.name'] === (t.ctx.handle.engine === 'postgres' ? 'postgresql' : 'sqlite'),
      ),
    ).toBe(true);

    // The canary: not in any span, whatever its kind.
    const leaks = spans.filter((s) => [FIRST, LAST, EMAIL, DOB, id].some((c) => spanText(s).includes(c)));
    expect(leaks.map((s) => s.name)).toEqual([]);
  });

  it('a chart read and a FHIR Patient read read the record in one statement with the access check, on PostgreSQL with the session (issue #23)', async () => {
    const created = await desk.post('/api/patients', {
      firstName: 'Statement',
      lastName: 'Counter',
      dateOfBirth: '1980-01-01',
      state: 'CA',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const readsOf = async (url: string, headers: Record<string, string> = {}) => {
      exporter.reset();
      const res = await prescriber.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(200);
      const spans = exporter.getFinishedSpans();
      const request = spans.find((s) => s.name === 'request') as ReadableSpan;
      const traceId = request.spanContext().traceId;
      // The request's own reads; the audit group's (the chain head) are its share of a group, counted apart.
      return spans
        .filter((s) => s.spanContext().traceId === traceId && s.name.startsWith('db select'))
        .map((s) => s.name)
        .filter((n) => n !== 'db select chain_heads');
    };
    // The session lookup, then the patient row with everything the chart shows; on PostgreSQL the two are one
    // statement (the route's first read, folded into the session's: platform/first-read.ts).
    const oneRead =
      t.ctx.handle.engine === 'postgres'
        ? ['db select sessions']
        : ['db select sessions', 'db select patients'];
    expect(await readsOf(`/api/patients/${id}`)).toEqual(oneRead);
    expect(await readsOf(`/fhir/R4/Patient/${id}`, { accept: 'application/fhir+json' })).toEqual(oneRead);
    const search = await readsOf(`/fhir/R4/Observation?patient=${id}&code=8867-4`, {
      accept: 'application/fhir+json',
    });
    expect(search[0]).toBe('db select sessions');
    expect(search.includes('db select patients')).toBe(t.ctx.handle.engine !== 'postgres');
    // A role whose read is not folded (the front desk's chart, without its clinical sections) reads the record in a
    // statement of its own, on either engine.
    const deskReads = async () => {
      exporter.reset();
      expect((await desk.get(`/api/patients/${id}`)).statusCode).toBe(200);
      return exporter
        .getFinishedSpans()
        .filter((s) => s.name.startsWith('db select') && s.name !== 'db select chain_heads')
        .map((s) => s.name);
    };
    expect(await deskReads()).toEqual(['db select sessions', 'db select patients']);
  });

  it('a keyed vital-sign write reads in one statement on PostgreSQL (two on SQLite) and stores in one (issue #23)', async () => {
    const nurse = await t.loginAs('nurse');
    const staff = {
      prescriber,
      nurse,
      therapist: await t.loginAs('therapist'),
      desk,
      admin: await t.loginAs('admin'),
    };
    await staff.admin.post(`/api/admin/users/${prescriber.userId}/licences`, {
      state: 'CA',
      licenceType: 'MD',
      number: 'CA-TRACE',
      expiresOn: '2030-01-01',
    });
    const { patientId, courseId } = await readyPatient(staff);
    const started = await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
    expect(started.statusCode).toBe(201);
    const url = `/api/patients/${patientId}/sessions/${started.json().id}/entries`;
    const write = async (k: string) => {
      exporter.reset();
      const res = await nurse.inject({
        method: 'POST',
        url,
        headers: { 'idempotency-key': k },
        payload: { idempotencyKey: k, entry: { kind: 'vitals', vitals: { hr: 72, sbp: 118, dbp: 76 } } },
      });
      const spans = exporter.getFinishedSpans();
      const request = spans.find((s) => s.name === 'request') as ReadableSpan;
      const traceId = request.spanContext().traceId;
      const names = spans
        .filter((s) => s.spanContext().traceId === traceId && s.name.startsWith('db '))
        .map((s) => s.name);
      return { res, names };
    };
    const k = key();
    const first = await write(k);
    expect(first.res.statusCode).toBe(201);
    // The session lookup, which also reads what the account recorded under the key, and the patient row with
    // the dosing session, an entry under the key and the rules: on PostgreSQL one statement (the route folds
    // its first read, platform/first-read.ts), on SQLite two. Then the writes.
    const selects = first.names.filter((n) => n.startsWith('db select') && !n.includes('chain_heads'));
    if (testEngine() === 'postgres') {
      expect(selects).toEqual(['db select sessions']);
      // The entry, the key and the audit entry in one statement, its own transaction (platform/scope.ts
      // `withPatientChange`), then the response kept for a retry: three statements.
      expect(first.names).toEqual(['db select sessions', 'db raw', 'db raw']);
    } else {
      expect(selects).toEqual(['db select sessions', 'db select patients']);
      expect(first.names).toContain('db insert session_entries');
      expect(first.names.filter((n) => n === 'db insert idempotency_keys')).toHaveLength(1);
    }
    // The key is stored once, naming the write's own audit entry.
    const stored = await t.db.handle.db
      .selectFrom('idempotency_keys as k')
      .innerJoin('audit_log as a', 'a.id', 'k.audit_id')
      .select(['a.action', 'a.outcome', 'k.path'])
      .where('k.key', '=', k)
      .execute();
    expect(stored).toEqual([
      {
        action: 'session.entry',
        outcome: 'allowed',
        path: '/api/patients/:patientId/sessions/:sessionId/entries',
      },
    ]);
    // The retry is answered from the key's record, read with the session: no statement of its own.
    const again = await write(k);
    expect(again.res.statusCode).toBe(201);
    expect(again.res.headers['idempotent-replayed']).toBe('true');
    expect(again.res.json().id).toBe(first.res.json().id);
    expect(
      again.names.filter((n) => !n.includes('chain_heads') && !n.startsWith('db update sessions')),
    ).toEqual(['db select sessions']);
  });

  it('an incoming traceparent continues the caller’s trace', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.statusCode).toBe(200);
    const request = exporter.getFinishedSpans().find((s) => s.name === 'request');
    expect(request?.spanContext().traceId).toBe(traceId);
  });
});
