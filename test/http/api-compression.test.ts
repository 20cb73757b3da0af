import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, registerApiCompression } from '../../src/server/platform/compression';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * API answers compressed over HTTP (issue #19): brotli or gzip by Accept-Encoding for JSON of at least
 * COMPRESS_MIN_BYTES, `Vary: Accept-Encoding` on every JSON answer, small bodies and streams untouched, and the
 * audit log (read and verify) and idempotent replays still answering what they did.
 */
let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  // Enough audit entries that the audit page is well over the threshold.
  for (let i = 0; i < 12; i++) await t.createUser({ role: 'therapist' });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const decode = (coding: string | undefined, body: Buffer) =>
  coding === 'br'
    ? zlib.brotliDecompressSync(body).toString()
    : coding === 'gzip'
      ? zlib.gunzipSync(body).toString()
      : body.toString();

describe('API JSON compression', () => {
  it('sends brotli to a browser that takes it, with Vary, and the same JSON once decoded', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_MIN_BYTES);

    const res = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(decode('br', res.rawPayload))).toEqual(plain.json());
  });

  it('sends gzip when brotli is refused or not offered', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/openapi.json',
        headers: { 'accept-encoding': accept },
      });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(JSON.parse(decode('gzip', res.rawPayload)).openapi).toMatch(/^3\./);
    }
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(none.headers['content-encoding']).toBeUndefined();
  });

  it('leaves small answers as they are (health, a 404 problem)', async () => {
    const health = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'accept-encoding': 'br' },
    });
    expect(health.statusCode).toBe(200);
    expect(health.rawPayload.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toBeTruthy();
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: { 'accept-encoding': 'br' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.json().code).toBe('not_found');
  });

  it('the audit log and its chain check still answer, compressed', async () => {
    const list = await admin.inject({
      method: 'GET',
      url: '/api/admin/audit?limit=50',
      headers: { 'accept-encoding': 'br' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    const body = JSON.parse(decode('br', list.rawPayload));
    expect(body.entries.length).toBeGreaterThan(10);
    const verify = await admin.inject({
      method: 'GET',
      url: '/api/admin/audit/verify',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(verify.statusCode).toBe(200);
    expect(
      JSON.parse(decode(verify.headers['content-encoding'] as string | undefined, verify.rawPayload)).ok,
    ).toBe(true);
  });

  it('HEAD answers the same headers as GET', async () => {
    const res = await t.app.inject({
      method: 'HEAD',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.rawPayload.length).toBe(0);
  });
});

describe('streams', () => {
  it('a streamed answer goes out as it is, whatever the browser accepts', async () => {
    const app = Fastify();
    registerApiCompression(app, ['/api/']);
    const lines = Array.from({ length: 500 }, (_, i) =>
      JSON.stringify({ resourceType: 'Patient', id: String(i) }),
    );
    app.get('/api/stream', async (_request, reply) =>
      reply.type('application/fhir+ndjson').send(Readable.from(lines.map((l) => `${l}\n`))),
    );
    app.get('/api/small', async () => ({ ok: true }));
    await app.ready();
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/stream',
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.trim().split('\n')).toEqual(lines);
    } finally {
      await app.close();
    }
  });
});
