import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadTestConfig } from '../../src/server/config';
import { CHUNK_BYTES, ChunkedFileWriter, readChunks } from '../../src/server/fhir/export/store';
import { sha256 } from '../../src/server/platform/crypto';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';

/**
 * Export jobs and files live in the database (ARCHITECTURE: no state a second instance would need): another
 * app process answers the status URL and serves the files, takes over a job whose worker died, and files
 * are written and read in bounded chunks.
 */
let t: TestApp;
let second: FastifyInstance;
let admin: Agent;
let token: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  const desk = await t.loginAs('front_desk');
  // More patients than one page of the export worker (50), so paging is exercised.
  for (let i = 0; i < 120; i++) {
    const r = await desk.post('/api/patients', {
      firstName: `Page${i}`,
      lastName: 'Bulk',
      dateOfBirth: '1980-01-01',
      state: 'CA',
    });
    expect(r.statusCode).toBe(201);
  }
  const created = (
    await admin.post('/api/admin/api-clients', { name: 'Bulk', scopes: ['system/*.read'] })
  ).json();
  registerSecret(created.clientSecret);
  const tok = await t.app.inject({
    method: 'POST',
    url: '/fhir/R4/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${created.client.id}&client_secret=${created.clientSecret}`,
  });
  token = tok.json().access_token;
  registerSecret(token);
  // A second app process on the same database.
  second = (
    await buildApp({
      config: loadTestConfig({ LOG_LEVEL: 'silent' }),
      handle: t.db.handle,
      clock: t.clock,
      webRoot: null,
    })
  ).app;
  await second.ready();
}, 120_000);
afterAll(async () => {
  await second.close();
  await t.close();
});

const get = (app: FastifyInstance, url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const path = (u: string) => new URL(u).pathname;
async function settle(app: FastifyInstance, url: string) {
  for (let i = 0; i < 500; i++) {
    const r = await get(app, url);
    if (r.statusCode !== 202) return r;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('not finished');
}

describe('export jobs across processes', () => {
  it('a job started on one process is answered and served by another', async () => {
    const kick = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/$export?_type=Patient',
      headers: { authorization: `Bearer ${token}`, prefer: 'respond-async' },
    });
    expect(kick.statusCode).toBe(202);
    const status = path(String(kick.headers['content-location']));
    const done = await settle(second, status);
    expect(done.statusCode, done.body).toBe(200);
    const out = done.json().output as { type: string; url: string; count: number }[];
    expect(out).toEqual([{ type: 'Patient', url: expect.stringContaining('/$export-files/'), count: 120 }]);
    const file = await get(second, path(out[0]?.url as string));
    expect(file.body.trim().split('\n')).toHaveLength(120);
  });

  it('a job whose worker stopped answers 202 with progress, and is taken over once its lease runs out', async () => {
    const now = t.clock.now().toISOString();
    const id = randomUUID();
    const client = await t.ctx.db.selectFrom('fhir_api_clients').select('id').executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('fhir_export_jobs')
      .values({
        id,
        level: 'system',
        patient_id: null,
        types: JSON.stringify(['Patient', 'Organization']),
        since: null,
        with_pdf: 0,
        status: 'in-progress',
        progress: '50 of 120 patients',
        error: null,
        requester_kind: 'client',
        requester_id: client.id,
        auth: JSON.stringify({
          userId: client.id,
          role: 'api_client',
          name: 'Bulk',
          patientId: null,
          permissions: ['patients.read', 'clinical.read'],
          scopes: ['system/*.read'],
          clientId: client.id,
        }),
        recipient: 'Bulk',
        purpose: 'test',
        request_url: '/fhir/R4/$export',
        transaction_time: now,
        lease_until: new Date(t.clock.now().getTime() + 30_000).toISOString(),
        attempts: 1,
        created_at: now,
        updated_at: now,
        completed_at: null,
        expires_at: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      })
      .execute();
    const running = await get(second, `/fhir/R4/$export-status/${id}`);
    expect(running.statusCode).toBe(202);
    expect(running.headers['x-progress']).toBe('50 of 120 patients');
    expect(running.headers['retry-after']).toBeTruthy();
    t.clock.advance(31_000);
    const done = await settle(second, `/fhir/R4/$export-status/${id}`);
    expect(done.statusCode, done.body).toBe(200);
    expect(
      Object.fromEntries(done.json().output.map((o: { type: string; count: number }) => [o.type, o.count])),
    ).toEqual({ Patient: 120, Organization: 1 });
    const job = await t.ctx.db
      .selectFrom('fhir_export_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(job.attempts)).toBe(2);
  });
});

describe('chunked files', () => {
  it('write and read back large files a chunk at a time', async () => {
    const jobId = (await t.ctx.db.selectFrom('fhir_export_jobs').select('id').executeTakeFirstOrThrow()).id;
    const w = new ChunkedFileWriter(t.ctx.db, jobId, 'Big.ndjson', 'Basic', 'application/fhir+ndjson', () =>
      t.clock.now().toISOString(),
    );
    const line = { resourceType: 'Basic', id: 'x', text: 'y'.repeat(1000) };
    for (let i = 0; i < 700; i++) await w.writeLine({ ...line, id: `b${i}` });
    const r = await w.finish();
    expect(r?.count).toBe(700);
    const file = await t.ctx.db
      .selectFrom('fhir_export_files')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('name', '=', 'Big.ndjson')
      .executeTakeFirstOrThrow();
    expect(Number(file.chunks)).toBeGreaterThan(1);
    const sizes: number[] = [];
    let text = '';
    for await (const chunk of readChunks(t.ctx.db, file.id, Number(file.chunks))) {
      sizes.push(chunk.length);
      text += chunk.toString('utf8');
    }
    expect(Math.max(...sizes)).toBeLessThan(CHUNK_BYTES + 2000);
    expect(text.length).toBe(Number(file.bytes));
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(Array.from({ length: 700 }, (_, i) => `b${i}`));
  });

  it('an empty file is never created', async () => {
    const jobId = (await t.ctx.db.selectFrom('fhir_export_jobs').select('id').executeTakeFirstOrThrow()).id;
    const w = new ChunkedFileWriter(t.ctx.db, jobId, 'Empty.ndjson', 'Basic', 'application/fhir+ndjson', () =>
      t.clock.now().toISOString(),
    );
    expect(await w.finish()).toBeNull();
    expect(
      await t.ctx.db
        .selectFrom('fhir_export_files')
        .select('id')
        .where('name', '=', 'Empty.ndjson')
        .execute(),
    ).toEqual([]);
  });
});

describe('tokens at rest', () => {
  it('only hashes of secrets and tokens are stored', async () => {
    const tokens = await t.ctx.db.selectFrom('fhir_access_tokens').select('token_hash').execute();
    expect(tokens.map((x) => x.token_hash)).toContain(sha256(token));
    expect(
      JSON.stringify(await t.ctx.db.selectFrom('fhir_access_tokens').selectAll().execute()),
    ).not.toContain(token);
  });
});
