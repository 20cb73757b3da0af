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

  it('a chart read and a FHIR Patient read read the record in one statement with the access check (issue #23)', async () => {
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
    // The session lookup, then the patient row with everything the chart shows.
    expect(await readsOf(`/api/patients/${id}`)).toEqual(['db select sessions', 'db select patients']);
    expect(await readsOf(`/fhir/R4/Patient/${id}`, { accept: 'application/fhir+json' })).toEqual([
      'db select sessions',
      'db select patients',
    ]);
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
