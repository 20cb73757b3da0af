import { randomUUID } from 'node:crypto';
import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../support/app';
import { registerSecret } from '../support/secrets';
import { atHomeWorld, type HomePatient, homePatient, step, type World } from './athome-support';
import { parseNdjson, poll } from './fhir-export-support';
import { validationErrors } from './fhir-validate';

/**
 * Journal entries in FHIR R4 and the exports (issue #17): a DocumentReference per entry. Staff (FHIR read,
 * search, a patient-level export on request, the system bulk export) receive only entries shared now; the
 * patient's own token and their own export receive every entry of theirs, private ones included.
 */
let w: World;
let p: HomePatient;
const text = { priv: '', shared: '', withdrawn: '' };
const ids = { priv: '', shared: '', withdrawn: '' };
const J = '/api/portal/journal';

beforeAll(async () => {
  w = await atHomeWorld();
  p = await homePatient(w);
  for (const k of ['priv', 'shared', 'withdrawn'] as const) {
    text[k] = `fhir ${k} canary ${randomUUID()}`;
    registerSecret(text[k]);
    ids[k] = (await step(p.phone, 'POST', J, { kind: 'reflection', body: text[k] }, 201)).entry.id;
  }
  await step(p.phone, 'POST', `${J}/${ids.shared}/share`, {});
  await step(p.phone, 'POST', `${J}/${ids.withdrawn}/share`, {});
  await step(p.phone, 'POST', `${J}/${ids.withdrawn}/withdraw`, {});
}, 60_000);
afterAll(async () => {
  await w.t.close();
});

const fhirGet = (a: Agent, url: string) =>
  a.inject({ method: 'GET', url, headers: { accept: 'application/fhir+json' } });
const textOf = (d: DocumentReference) =>
  Buffer.from(d.content?.[0]?.attachment?.data ?? '', 'base64').toString('utf8');
const none = (body: string) => {
  expect(body).not.toContain(text.priv);
  expect(body).not.toContain(text.withdrawn);
  for (const k of ['priv', 'withdrawn'] as const)
    expect(body).not.toContain(Buffer.from(text[k], 'utf8').toString('base64'));
};

async function runExport(agent: Agent, startUrl: string, body?: unknown) {
  const kick = await agent.post(startUrl, body);
  expect(kick.statusCode, kick.body).toBe(202);
  const statusUrl = String(kick.headers['content-location']);
  const { res } = await poll(async () => {
    const r = await agent.get(statusUrl);
    return r.json().status === 'completed' || r.statusCode !== 200
      ? r
      : ({ ...r, statusCode: 202, headers: { ...r.headers, 'x-progress': 'queued' } } as typeof r);
  });
  expect(res.statusCode, res.body).toBe(200);
  const files = res.json().files as { name: string; type: string | null; url: string }[];
  const all: string[] = [];
  const docs: DocumentReference[] = [];
  for (const f of files.filter((x) => x.type)) {
    const r = await agent.get(f.url);
    all.push(r.body);
    if (f.type === 'DocumentReference') docs.push(...(parseNdjson(r.body, f.type) as DocumentReference[]));
  }
  return { body: all.join('\n'), docs };
}

describe('staff FHIR clients see shared entries only', () => {
  it('search: one valid DocumentReference, the shared one, with its text', async () => {
    const res = await fhirGet(w.s.therapist, `/fhir/R4/DocumentReference?patient=${p.patientId}`);
    expect(res.statusCode, res.body).toBe(200);
    const docs = ((res.json() as Bundle).entry ?? []).map((e) => e.resource as DocumentReference);
    expect(docs.map((d) => d.id)).toEqual([ids.shared]);
    const [d] = docs as [DocumentReference];
    expect(textOf(d)).toBe(text.shared);
    expect(d).toMatchObject({
      status: 'current',
      subject: { reference: `Patient/${p.patientId}` },
      author: [{ reference: `Patient/${p.patientId}` }],
      type: { coding: [{ system: 'http://loinc.org', code: '51855-5' }] },
      category: [{ coding: [{ code: 'reflection' }] }],
    });
    expect(validationErrors(d as never)).toEqual([]);
    none(res.body);
    const byKind = await fhirGet(
      w.s.therapist,
      `/fhir/R4/DocumentReference?patient=${p.patientId}&category=reflection`,
    );
    expect((byKind.json() as Bundle).total).toBe(1);
  });

  it('read: the shared entry 200; private and withdrawn answer like missing ones', async () => {
    expect((await fhirGet(w.s.therapist, `/fhir/R4/DocumentReference/${ids.shared}`)).statusCode).toBe(200);
    for (const id of [ids.priv, ids.withdrawn, randomUUID()]) {
      const r = await fhirGet(w.s.therapist, `/fhir/R4/DocumentReference/${id}`);
      expect(r.statusCode).toBe(404);
      none(r.body);
    }
    // Everything of the patient (Patient/$everything-like reads go through the same loaders).
    const all = await fhirGet(w.s.prescriber, `/fhir/R4/DocumentReference?_count=200`);
    none(all.body);
    // The front desk reads no clinical resources at all.
    expect((await fhirGet(w.s.desk, `/fhir/R4/DocumentReference/${ids.shared}`)).statusCode).toBe(403);
  });

  it('a staff export of the patient’s record on request carries the shared entry only', async () => {
    const { body, docs } = await runExport(w.s.therapist, `/api/patients/${p.patientId}/export`, {
      recipient: 'Dr. Lee, Bay Psychiatry',
      purpose: 'Continuity of care',
    });
    expect(docs.map((d) => d.id)).toEqual([ids.shared]);
    none(body);
  });

  it('the system bulk export carries the shared entry only', async () => {
    const made = await w.s.admin.post('/api/admin/api-clients', {
      name: 'Registry',
      scopes: ['system/*.read'],
    });
    expect(made.statusCode, made.body).toBe(201);
    const { client, clientSecret } = made.json();
    registerSecret(clientSecret);
    const tok = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = tok.json().access_token as string;
    registerSecret(token);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/fhir+json' };
    const kick = await w.t.app.inject({
      method: 'GET',
      url: '/fhir/R4/$export',
      headers: { ...headers, prefer: 'respond-async' },
    });
    expect(kick.statusCode, kick.body).toBe(202);
    const path = (u: string) => `${new URL(u).pathname}${new URL(u).search}`;
    const { res } = await poll(() =>
      w.t.app.inject({ method: 'GET', url: path(String(kick.headers['content-location'])), headers }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const docIds: string[] = [];
    for (const o of res.json().output as { type: string; url: string }[]) {
      const file = await w.t.app.inject({ method: 'GET', url: path(o.url), headers });
      none(file.body);
      if (o.type === 'DocumentReference')
        docIds.push(...parseNdjson(file.body, o.type).map((r) => r.id as string));
    }
    expect(docIds).toEqual([ids.shared]);
  });
});

describe('the patient’s own record holds every entry', () => {
  it('their own FHIR token reads all three, private ones included', async () => {
    const issued = await p.phone.post('/api/portal/fhir-token');
    expect(issued.statusCode, issued.body).toBe(201);
    const token = issued.json().access_token as string;
    registerSecret(token);
    const res = await w.t.app.inject({
      method: 'GET',
      url: '/fhir/R4/DocumentReference',
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const docs = ((res.json() as Bundle).entry ?? []).map((e) => e.resource as DocumentReference);
    expect(docs.map((d) => d.id).sort()).toEqual([ids.priv, ids.shared, ids.withdrawn].sort());
    expect(docs.map(textOf).sort()).toEqual([text.priv, text.shared, text.withdrawn].sort());
  });

  it('their own export (portal) holds all three', async () => {
    const { docs } = await runExport(p.phone, '/api/portal/export');
    expect(docs.map((d) => d.id).sort()).toEqual([ids.priv, ids.shared, ids.withdrawn].sort());
    expect(docs.map(textOf).sort()).toEqual([text.priv, text.shared, text.withdrawn].sort());
  });

  it('the audit log of all this holds none of the text', async () => {
    const rows = await w.t.ctx.db.selectFrom('audit_log').selectAll().execute();
    const all = JSON.stringify(rows);
    for (const k of ['priv', 'shared', 'withdrawn'] as const) expect(all).not.toContain(text[k]);
    expect(w.t.logs.join('')).not.toContain(text.priv);
  });
});
