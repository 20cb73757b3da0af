import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import type { Agent } from '../support/app';
import { registerSecret } from '../support/secrets';
import { expectedCounts, parseNdjson, poll } from './fhir-export-support';
import { buildWorld, createClient, validationErrors, type World } from './fhir-fixtures';

/** Bulk Data $export and the patient's whole-record export (S15): complete by per-type counts, audited, private. */
let w: World;
let client: { id: string; secret: string; token: string };
beforeAll(async () => {
  w = await buildWorld();
  client = await createClient(w, { name: 'Warehouse', scopes: ['system/*.read'] });
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function runExport(url: string, token: string) {
  const kick = await w.t.app.inject({
    method: 'GET',
    url,
    headers: { ...bearer(token), prefer: 'respond-async', accept: 'application/fhir+json' },
  });
  expect(kick.statusCode, kick.body).toBe(202);
  const status = path(String(kick.headers['content-location']));
  expect(status).toMatch(/^\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
  const { res } = await poll(() => w.t.app.inject({ method: 'GET', url: status, headers: bearer(token) }));
  expect(res.statusCode, res.body).toBe(200);
  return {
    status,
    manifest: res.json() as {
      transactionTime: string;
      request: string;
      requiresAccessToken: boolean;
      output: { type: string; url: string; count: number }[];
      error: unknown[];
    },
  };
}

async function download(manifest: { output: { type: string; url: string; count: number }[] }, token: string) {
  const counts: Record<string, number> = {};
  for (const o of manifest.output) {
    const res = await w.t.app.inject({ method: 'GET', url: path(o.url), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    const resources = parseNdjson(res.body, o.type);
    expect(resources.length).toBe(o.count);
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
    counts[o.type] = resources.length;
  }
  return counts;
}

describe("a patient's whole record (S15)", () => {
  async function runPortalExport(agent: Agent, startUrl: string, body?: unknown) {
    const kick = await agent.post(startUrl, body);
    expect(kick.statusCode, kick.body).toBe(202);
    const statusUrl = String(kick.headers['content-location']);
    const { res } = await poll(async () => {
      const r = await agent.get(statusUrl);
      return r.json().status === 'completed' || r.statusCode !== 200
        ? r
        : ({
            ...r,
            statusCode: 202,
            headers: { ...r.headers, 'x-progress': r.json().progress ?? 'queued' },
          } as typeof r);
    });
    expect(res.statusCode, res.body).toBe(200);
    return {
      statusUrl,
      status: res.json() as {
        id: string;
        files: { name: string; type: string | null; count: number; url: string; contentType: string }[];
      },
    };
  }

  it('the portal export has every type of the record with the database’s counts, plus a PDF summary', async () => {
    const portal = await w.t.loginAs('patient', { patientId: w.dosed.patientId });
    const { status } = await runPortalExport(portal, '/api/portal/export');
    const counts: Record<string, number> = {};
    for (const f of status.files) {
      const res = await portal.get(f.url);
      expect(res.statusCode, f.url).toBe(200);
      if (f.name === 'summary.pdf') {
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        expect(res.headers['content-disposition']).toMatch(/attachment/);
        continue;
      }
      const resources = parseNdjson(res.body, f.type as string);
      expect(resources.length).toBe(f.count);
      expect(resources.flatMap((r) => validationErrors(r as never))).toEqual([]);
      counts[f.type as string] = resources.length;
    }
    expect(status.files.map((f) => f.name)).toContain('summary.pdf');
    const expected = await expectedCounts(w.t.ctx.db, w.dosed.patientId);
    for (const [type, n] of Object.entries(expected)) expect(counts[type], type).toBe(n);
    // The record is self-contained: the practitioners, clinic, site and questionnaires it refers to come with it.
    for (const t of ['Practitioner', 'Organization', 'Location', 'Questionnaire'])
      expect(counts[t], t).toBeGreaterThan(0);

    const [audit] = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'record.export')
      .where('patient_id', '=', w.dosed.patientId)
      .execute();
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
      disclosure: true,
      recipient: expect.stringMatching(/patient/i),
      purpose: expect.stringMatching(/right of access/i),
    });

    // Only the requester: another portal account, even of the same patient, and staff cannot read it.
    const someoneElse = await w.t.loginAs('patient', { patientId: DEMO_PATIENT_IDS[1] });
    expect((await someoneElse.get(`/api/portal/export/${status.id}`)).statusCode).toBe(404);
    expect((await someoneElse.get(status.files[0]?.url as string)).statusCode).toBe(404);
    expect(
      (await w.prescriber.get(`/api/patients/${w.dosed.patientId}/export/${status.id}`)).statusCode,
    ).toBe(404);
  });

  it('staff produce the same on request, recording recipient and purpose; only clinical staff may', async () => {
    const body = {
      recipient: 'Dr. Lee, Bay Psychiatry (by secure e-mail)',
      purpose: 'Continuity of care at the patient’s request',
    };
    const { status } = await runPortalExport(w.therapist, `/api/patients/${w.dosed.patientId}/export`, body);
    const ndjson = status.files.filter((f) => f.type);
    const expected = await expectedCounts(w.t.ctx.db, w.dosed.patientId);
    for (const [type, n] of Object.entries(expected))
      expect(ndjson.find((f) => f.type === type)?.count, type).toBe(n);
    const [audit] = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'record.export')
      .where('actor_id', '=', w.therapist.userId)
      .execute();
    expect(audit?.patient_id).toBe(w.dosed.patientId);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ disclosure: true, ...body });
    expect((await w.nurse.get(`/api/patients/${w.dosed.patientId}/export/${status.id}`)).statusCode).toBe(
      404,
    );
    expect((await w.desk.post(`/api/patients/${w.dosed.patientId}/export`, body)).statusCode).toBe(403);
    expect(
      (await w.therapist.post(`/api/patients/${w.dosed.patientId}/export`, { recipient: '' })).statusCode,
    ).toBe(422);
    expect((await w.therapist.post(`/api/patients/${randomUUID()}/export`, body)).statusCode).toBe(404);
  });
});

describe('system-level $export', () => {
  it('kick-off → 202 → manifest → NDJSON with per-type counts equal to the database', async () => {
    const { manifest } = await runExport('/fhir/R4/$export', client.token);
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    expect(manifest.error).toEqual([]);
    expect(await download(manifest, client.token)).toEqual(await expectedCounts(w.t.ctx.db));
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', client.id)
      .where('action', '=', 'fhir.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({
      disclosure: true,
      purpose: 'FHIR bulk data export',
      level: 'system',
    });
    expect(JSON.parse(audit[0]?.detail ?? '{}').recipient).toContain('Warehouse');
  });

  it('_type and _since narrow the export; unsupported parameters are refused', async () => {
    const { manifest } = await runExport(
      '/fhir/R4/$export?_type=Patient,Observation&_outputFormat=application/fhir%2Bndjson',
      client.token,
    );
    expect(manifest.output.map((o) => o.type).sort()).toEqual(['Observation', 'Patient']);
    const later = await runExport(
      `/fhir/R4/$export?_type=Patient&_since=${encodeURIComponent('2099-01-01T00:00:00Z')}`,
      client.token,
    );
    expect(later.manifest.output).toEqual([]);
    const kick = (url: string, headers: Record<string, string> = { prefer: 'respond-async' }) =>
      w.t.app.inject({ method: 'GET', url, headers: { ...bearer(client.token), ...headers } });
    expect((await kick('/fhir/R4/$export?_typeFilter=Observation%3Fcode%3Dx')).statusCode).toBe(400);
    expect((await kick('/fhir/R4/$export?_type=Immunization')).statusCode).toBe(400);
    expect((await kick('/fhir/R4/$export?_outputFormat=text/csv')).statusCode).toBe(400);
    expect((await kick('/fhir/R4/$export?_since=yesterday')).statusCode).toBe(400);
    const sync = await kick('/fhir/R4/$export', {});
    expect(sync.statusCode).toBe(400);
    expect(sync.json().resourceType).toBe('OperationOutcome');
  });

  it('Patient/$export covers every patient compartment; a browser session starts it with POST only', async () => {
    const { manifest } = await runExport('/fhir/R4/Patient/$export', client.token);
    const expected = await expectedCounts(w.t.ctx.db);
    for (const t of ['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Questionnaire'])
      delete expected[t];
    expect(Object.fromEntries(manifest.output.map((o) => [o.type, o.count]))).toEqual(expected);

    const get = await w.prescriber.inject({
      method: 'GET',
      url: '/fhir/R4/Patient/$export',
      headers: { prefer: 'respond-async' },
    });
    expect(get.statusCode).toBe(405);
    const post = await w.prescriber.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/$export',
      headers: { prefer: 'respond-async', 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [{ name: '_type', valueString: 'Condition' }],
      }),
    });
    expect(post.statusCode, post.body).toBe(202);
    const status = path(String(post.headers['content-location']));
    const { res } = await poll(() => w.prescriber.get(status));
    expect(res.json().output.map((o: { type: string }) => o.type)).toEqual(['Condition']);
    const noCsrf = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/$export',
      headers: { cookie: w.prescriber.cookie, prefer: 'respond-async' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  // Last: it moves the clock a day on (sessions and tokens end).
  it('files and status are the requester’s alone; cancelled and expired exports are gone', async () => {
    const { status, manifest } = await runExport('/fhir/R4/$export?_type=Patient', client.token);
    const file = path(manifest.output[0]?.url as string);
    const other = await createClient(w, { name: 'Other', scopes: ['system/*.read'] });
    for (const url of [status, file]) {
      const a = await w.t.app.inject({ method: 'GET', url, headers: bearer(other.token) });
      expect(a.statusCode).toBe(404);
      expect((await w.prescriber.get(url)).statusCode).toBe(404);
      expect((await w.t.anon.get(url)).statusCode).toBe(401);
    }
    expect(
      (
        await w.t.app.inject({
          method: 'GET',
          url: `/fhir/R4/$export-status/${randomUUID()}`,
          headers: bearer(client.token),
        })
      ).statusCode,
    ).toBe(404);
    // Each download is a disclosure of its own, audited.
    const before = await w.t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'export.download')
      .execute();
    await w.t.app.inject({ method: 'GET', url: file, headers: bearer(client.token) });
    const after = await w.t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'export.download')
      .execute();
    expect(after.length).toBe(before.length + 1);

    const cancel = await w.t.app.inject({ method: 'DELETE', url: status, headers: bearer(client.token) });
    expect(cancel.statusCode).toBe(202);
    expect(
      (await w.t.app.inject({ method: 'GET', url: file, headers: bearer(client.token) })).statusCode,
    ).toBe(404);

    const { status: second, manifest: m2 } = await runExport(
      '/fhir/R4/$export?_type=Organization',
      client.token,
    );
    w.t.clock.advanceMinutes(24 * 60 + 1);
    // The old token expired with the clock; a new token of the same client cannot see an expired export either.
    const tok = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret },
    });
    expect(tok.statusCode, tok.body).toBe(200);
    const token = tok.json().access_token as string;
    registerSecret(token);
    expect((await w.t.app.inject({ method: 'GET', url: second, headers: bearer(token) })).statusCode).toBe(
      404,
    );
    expect(
      (
        await w.t.app.inject({
          method: 'GET',
          url: path(m2.output[0]?.url as string),
          headers: bearer(token),
        })
      ).statusCode,
    ).toBe(404);
  });
});
