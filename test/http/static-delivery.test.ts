import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress.mjs';
import { buildApp } from '../../src/server/app';
import { loadTestConfig } from '../../src/server/config';
import { FakeClock } from '../../src/server/platform/clock';
import { chooseEncoding } from '../../src/server/platform/error-handler';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * Delivery of the built web app (issue #19): precompressed copies chosen by Accept-Encoding, `Vary`, a year's
 * immutable caching for hashed assets and `no-cache` for the HTML (the SPA fallback too), HEAD wherever GET
 * answers, the icon and the web-app manifest with their own content types, and 404 for a missing file.
 *
 * The web root is a small build made here (an index page, a hashed script big enough to compress, and the real
 * icon and manifest from src/web/public), precompressed by the same step `vite build` runs.
 */
const INDEX = `<!doctype html><html lang="en"><head><title>Liminal</title>${'<meta name="x" content="padding">'.repeat(20)}</head><body><div id="root"></div><script type="module" src="/assets/index-AbC123xy.js"></script></body></html>`;
const SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word number ${i}`))};\n`;
const PUBLIC = path.resolve('src/web/public');

let root: string;
let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), INDEX);
  fs.writeFileSync(path.join(root, 'assets/index-AbC123xy.js'), SCRIPT);
  for (const f of ['favicon.ico', 'manifest.webmanifest', 'icon-192.png', 'icon.svg']) {
    fs.copyFileSync(path.join(PUBLIC, f), path.join(root, f));
  }
  await precompressDir(root);
  db = await createTestDatabase();
  ({ app } = await buildApp({
    config: loadTestConfig({ LOG_LEVEL: 'silent' }),
    handle: db.handle,
    clock: new FakeClock('2026-11-25T15:00:00.000Z'),
    webRoot: root,
    jobs: false,
  }));
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string, method: 'GET' | 'HEAD' = 'GET') =>
  app.inject({
    method,
    url,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });

describe('precompressed assets', () => {
  it('the build step wrote brotli and gzip copies that decode to the file', () => {
    const file = path.join(root, 'assets/index-AbC123xy.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(SCRIPT);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(SCRIPT);
  });

  it('sends brotli when the browser accepts it, with Vary and the script type', async () => {
    const res = await get('/assets/index-AbC123xy.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 3);
  });

  it('sends gzip to a browser that takes gzip only', async () => {
    const res = await get('/assets/index-AbC123xy.js', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends the file as it is when no encoding is accepted, still saying it varies', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const res = await get('/assets/index-AbC123xy.js', accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.payload).toBe(SCRIPT);
    }
  });

  it('the HTML of every client-side route is compressed too, and the right page', async () => {
    for (const url of ['/', '/signin', '/app/patients', '/portal']) {
      const br = await get(url, 'gzip, br');
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-type']).toMatch(/^text\/html/);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(INDEX);
      const gz = await get(url, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(INDEX);
      const plain = await get(url);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.payload).toBe(INDEX);
    }
  });
});

describe('caching', () => {
  it('hashed assets are kept for a year, unchanged', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const res = await get('/assets/index-AbC123xy.js', accept);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('the HTML, the icon and the manifest are checked with the server on each use', async () => {
    for (const url of ['/', '/signin', '/portal', '/index.html', '/favicon.ico', '/manifest.webmanifest']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('API answers are still never stored', async () => {
    const res = await get('/api/health', 'br');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('HEAD answers wherever GET does', () => {
  it.each([
    '/',
    '/signin',
    '/app',
    '/assets/index-AbC123xy.js',
    '/favicon.ico',
    '/manifest.webmanifest',
    '/api/health',
  ])('HEAD %s', async (url) => {
    const getRes = await get(url, 'br');
    const head = await get(url, 'br', 'HEAD');
    expect(getRes.statusCode).toBe(200);
    expect(head.statusCode).toBe(200);
    expect(head.payload).toBe('');
    expect(head.headers['content-type']).toBe(getRes.headers['content-type']);
    expect(head.headers['content-encoding']).toBe(getRes.headers['content-encoding']);
    expect(head.headers['cache-control']).toBe(getRes.headers['cache-control']);
  });

  it('HEAD of a missing asset or API path is 404 like GET', async () => {
    for (const url of ['/assets/missing-0000.js', '/api/no-such-thing']) {
      expect((await get(url, 'br', 'HEAD')).statusCode).toBe(404);
      expect((await get(url, 'br')).statusCode).toBe(404);
    }
  });
});

describe('icon and manifest', () => {
  it('/favicon.ico is the icon, not the HTML page', async () => {
    const res = await get('/favicon.ico', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    const body =
      res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(res.rawPayload) : res.rawPayload;
    // ICONDIR: reserved 0, type 1 (icon), then at least one image.
    expect(body.readUInt16LE(0)).toBe(0);
    expect(body.readUInt16LE(2)).toBe(1);
    expect(body.readUInt16LE(4)).toBeGreaterThan(0);
  });

  it('the web-app manifest names the app, its colour and icons that exist', async () => {
    const res = await get('/manifest.webmanifest');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(res.payload) as {
      name: string;
      theme_color: string;
      start_url: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest.name).toBe('Liminal');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.start_url).toBe('/');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const file = path.join(PUBLIC, icon.src);
      expect(fs.existsSync(file), icon.src).toBe(true);
      if (icon.type === 'image/png') {
        const png = fs.readFileSync(file);
        const [w, h] = icon.sizes.split('x').map(Number);
        expect([png.readUInt32BE(16), png.readUInt32BE(20)], icon.src).toEqual([w, h]);
      }
    }
    const png = await get('/icon-192.png');
    expect(png.headers['content-type']).toBe('image/png');
  });
});

describe('missing files', () => {
  it('a missing hashed asset is a 404 problem, not the HTML page', async () => {
    const res = await get('/assets/index-Missing1.js', 'br');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a missing file at the root (an icon the app does not have) is a 404, not the HTML page', async () => {
    const res = await get('/apple-touch-icon-precomposed.png', 'br');
    expect(res.statusCode).toBe(404);
  });
});

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, honouring q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('gzip', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('*, br;q=0', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('identity', ['br', 'gzip'])).toBeNull();
    expect(chooseEncoding(undefined, ['br', 'gzip'])).toBeNull();
    expect(chooseEncoding('br', ['gzip'])).toBeNull();
  });
});
