import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/server/platform/access-hook';
import { setSetting } from '../../src/server/platform/settings';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * The HTML of a visit's first page (issue #19, platform/spa-pages.ts and first-page-data.ts): the start and
 * sign-in pages rendered by the server for a visitor who is not signed in (the clinic's information in the page
 * as a JSON data block, the app's code started after the first paint, no inline script), kept until the clinic's
 * information changes and served plain when the renderer fails; signed-in first pages hinting their chunks and
 * exactly the API answers the person's role may read (none for a session still owing its second factor).
 *
 * The web root is a small build in Vite's format made here, with a stand-in for the renderer (the real one is
 * exercised by the browser tests).
 */
const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <title>Liminal</title>
    <script src="/color-scheme.js"></script>
    <script type="module" crossorigin src="/assets/index-E1.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/app-A1.js">
    <link rel="stylesheet" crossorigin href="/assets/app-C1.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;
const MANIFEST = {
  'index.html': { file: 'assets/index-E1.js', isEntry: true, imports: ['_app-A1.js'] },
  '_app-A1.js': { file: 'assets/app-A1.js', css: ['assets/app-C1.css'] },
  '_shared-S1.js': { file: 'assets/shared-S1.js', imports: ['_app-A1.js'] },
  'src/web/features/public/LandingPage.tsx': { file: 'assets/LandingPage-L1.js', imports: ['_app-A1.js'] },
  'src/web/features/portal/PortalHome.tsx': {
    file: 'assets/PortalHome-P1.js',
    imports: ['_app-A1.js', '_shared-S1.js'],
  },
  'src/web/app/StaffLayout.tsx': { file: 'assets/StaffLayout-F1.js', imports: ['_app-A1.js'] },
  'src/web/features/home/TodayPage.tsx': { file: 'assets/TodayPage-T1.js', imports: ['_shared-S1.js'] },
};
// Stands in for dist/web-ssr/ssr.mjs: the page's name and the clinic's, or a failure on request.
const RENDERER = `
let renders = 0;
export async function render(url, info) {
  renders++;
  if (info.clinicName === 'Broken Renderer Clinic') throw new Error('cannot render');
  return '<main><h1>' + new URL(url).pathname + '</h1><p>' + info.clinicName + '</p><p>render ' + renders + '</p></main>';
}
// Today and the portal home: who is signed in and one answer of the page, read through the server's own routes.
export async function renderSignedIn(url, info, get) {
  const path = new URL(url).pathname;
  const me = await (await get('/api/auth/me')).json();
  if (me.user.email.startsWith('broken.')) throw new Error('cannot render');
  const answer = await get(path === '/portal' ? '/api/portal/profile' : '/api/worklist');
  if (!answer.ok) return null;
  return {
    html: '<main><h1>' + path + '</h1><p>' + me.user.name + '</p><p>' + info.clinicName + '</p></main>',
    answers: { mutations: [], queries: [{ queryKey: ['me'], state: { data: me } }] },
  };
}
`;

let dir: string;
let t: TestApp;
let patient: Agent;
let prescriber: Agent;
let frontDesk: Agent;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-first-pages-'));
  const web = path.join(dir, 'web');
  fs.mkdirSync(path.join(web, '.vite'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'web-ssr'));
  fs.writeFileSync(path.join(web, 'index.html'), INDEX);
  fs.writeFileSync(path.join(web, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  fs.writeFileSync(path.join(dir, 'web-ssr', 'ssr.mjs'), RENDERER);
  t = await buildTestApp({ LIMINAL_DEMO: 'true' }, { webRoot: web });
  patient = await t.loginAs('patient');
  prescriber = await t.loginAs('prescriber');
  frontDesk = await t.loginAs('front_desk');
}, 120_000);

afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HINT = 'liminal_signed_in=1';
/** The cookie the app sets in the browser: the language and time zone it formats dates in (here, the server's). */
const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
const INTL = `liminal_intl=${encodeURIComponent(`${locale}|${timeZone}`)}`;
const page = async (url: string, cookie?: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: { 'accept-encoding': 'br', ...(cookie ? { cookie } : {}) },
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers.vary).toMatch(/accept-encoding/i);
  expect(res.headers.vary).toMatch(/cookie/i);
  return zlib.brotliDecompressSync(res.rawPayload).toString();
};
const fetchHints = (html: string) =>
  [...html.matchAll(/rel="preload" as="fetch" crossorigin href="([^"]+)"/g)].map((m) => m[1] ?? '');
const moduleHints = (html: string) =>
  [...html.matchAll(/rel="modulepreload" crossorigin href="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('public pages rendered by the server', () => {
  it('the start page comes rendered, with the clinic information as data and the app started after paint', async () => {
    const html = await page('/');
    expect(html).toContain('<div id="root" data-server-rendered><main><h1>/</h1><p>Liminal Clinic</p>');
    const data = /<script type="application\/json" id="liminal-public-info">([^<]+)<\/script>/.exec(html);
    expect(JSON.parse(data?.[1] ?? 'null')).toMatchObject({ clinicName: 'Liminal Clinic', demoMode: true });
    // The app's code is handed to start-app.js (no module script or module hint left in the head)…
    expect(html).not.toContain('<script type="module"');
    expect(moduleHints(html)).toEqual([]);
    expect(html).toContain(
      '<script defer src="/start-app.js" data-entry="/assets/index-E1.js" data-preload="/assets/app-A1.js /assets/LandingPage-L1.js"></script>',
    );
    // …the stylesheet stays, and every script is an external file or a data block (the CSP allows no inline one).
    expect(html).toContain('<link rel="stylesheet" crossorigin href="/assets/app-C1.css">');
    for (const tag of html.match(/<script[^>]*>/g) ?? [])
      expect(tag).toMatch(/ src="|type="application\/json"/);
    // The information is in the page: no need to fetch it.
    expect(fetchHints(html)).toEqual([]);
  });

  it('the sign-in page too; the same page is kept for the next visitor', async () => {
    const first = await page('/signin');
    expect(first).toContain('<h1>/signin</h1>');
    const again = await page('/signin');
    expect(again).toBe(first);
  });

  it('a visitor holding the signed-in cookie gets the plain page, which asks who is signed in', async () => {
    const html = await page('/signin', HINT);
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('<script type="module" crossorigin src="/assets/index-E1.js"></script>');
    expect(fetchHints(html)).toEqual(['/api/public/info', '/api/auth/me']);
  });

  it('a change of the clinic information renders the page anew; a failed render serves the plain page', async () => {
    const now = t.clock.now().toISOString();
    await setSetting(t.ctx.db, 'clinic.name', 'Harbour Clinic', null, now);
    const html = await page('/');
    expect(html).toContain('<p>Harbour Clinic</p>');
    expect(html).toContain('"clinicName":"Harbour Clinic"');

    await setSetting(t.ctx.db, 'clinic.name', 'Broken Renderer Clinic', null, now);
    const plain = await page('/');
    expect(plain).toContain('<div id="root"></div>');
    expect(plain).toContain('<script type="module" crossorigin src="/assets/index-E1.js"></script>');
    expect(fetchHints(plain)).toEqual(['/api/public/info']);
    expect(moduleHints(plain)).toEqual(['/assets/app-A1.js', '/assets/LandingPage-L1.js']);
    expect(t.logs.join('')).toContain('a public page could not be rendered');
    await setSetting(t.ctx.db, 'clinic.name', 'Liminal Clinic', null, now);
  });
});

describe('signed-in first pages', () => {
  it("a patient's portal home hints its chunks and the portal's answers", async () => {
    const html = await page('/portal', `${patient.cookie}; ${HINT}`);
    expect(html).toContain('<div id="root"></div>');
    expect(moduleHints(html)).toEqual([
      '/assets/app-A1.js',
      '/assets/PortalHome-P1.js',
      '/assets/shared-S1.js',
    ]);
    expect(fetchHints(html)).toEqual([
      '/api/public/info',
      '/api/auth/me',
      '/api/portal/profile',
      '/api/portal/consent',
      '/api/portal/appointments',
      '/api/portal/measures',
      '/api/portal/messages',
      '/api/portal/journal',
      '/api/portal/progress',
      '/api/portal/at-home-sessions',
    ]);
    // Every hinted answer is one the patient may ask for (this test patient has no record, hence some 404s).
    for (const url of fetchHints(html).slice(2)) {
      expect([401, 403], url).not.toContain((await patient.get(url)).statusCode);
    }
  });

  it('Today hints what the role may read: more for a prescriber than for the front desk', async () => {
    const forPrescriber = fetchHints(await page('/app', `${prescriber.cookie}; ${HINT}`)).slice(2);
    expect(forPrescriber).toEqual(
      expect.arrayContaining(['/api/safety-tasks?status=open', '/api/scheduling/today', '/api/worklist']),
    );
    const forFrontDesk = fetchHints(await page('/app', `${frontDesk.cookie}; ${HINT}`)).slice(2);
    expect(forFrontDesk).not.toContain('/api/safety-tasks?status=open');
    expect(forFrontDesk.length).toBeLessThan(forPrescriber.length);
    for (const [agent, urls] of [
      [prescriber, forPrescriber],
      [frontDesk, forFrontDesk],
    ] as const) {
      for (const url of urls) expect((await agent.get(url)).statusCode, `${agent.role} ${url}`).toBe(200);
    }
    expect(moduleHints(await page('/app', `${prescriber.cookie}; ${HINT}`))).toEqual([
      '/assets/app-A1.js',
      '/assets/StaffLayout-F1.js',
      '/assets/TodayPage-T1.js',
      '/assets/shared-S1.js',
    ]);
  });

  it('no answers are hinted for the wrong kind of account, a session owing its second factor, or no session', async () => {
    expect(fetchHints(await page('/app', `${patient.cookie}; ${HINT}`)).slice(2)).toEqual([]);
    expect(fetchHints(await page('/portal', `${prescriber.cookie}; ${HINT}`)).slice(2)).toEqual([]);
    const user = await t.createUser({ role: 'prescriber', mfaSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ' });
    const s = await t.ctx.sessions.create(user.id, {
      mfaVerified: false,
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    const pending = `${sessionCookieName(t.ctx.config.secureCookies)}=${s.token}; ${HINT}`;
    expect(fetchHints(await page('/app', pending)).slice(2)).toEqual([]);
    expect(
      fetchHints(await page('/app', `${sessionCookieName(false)}=not-a-session; ${HINT}`)).slice(2),
    ).toEqual([]);
    expect(fetchHints(await page('/app', HINT))).toEqual(['/api/public/info', '/api/auth/me']);
  });
});

describe('signed-in first pages rendered by the server', () => {
  const answers = (html: string) =>
    JSON.parse(
      /<script type="application\/json" id="liminal-first-answers">([^<]*)<\/script>/.exec(html)?.[1] ??
        'null',
    );
  const auditCount = async (userId: string) =>
    Number(
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('actor_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('Today comes rendered with the answers it was rendered with, stored nowhere, the app started after paint', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/app',
      headers: { 'accept-encoding': 'br', cookie: `${prescriber.cookie}; ${HINT}; ${INTL}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.vary).toMatch(/cookie/i);
    const html = zlib.brotliDecompressSync(res.rawPayload).toString();
    const me = (await prescriber.get('/api/auth/me')).json() as { user: { name: string } };
    expect(html).toContain(`<div id="root" data-server-rendered><main><h1>/app</h1><p>${me.user.name}</p>`);
    expect(answers(html)).toMatchObject({
      locale,
      timeZone,
      answers: { queries: [{ queryKey: ['me'], state: { data: { user: { name: me.user.name } } } }] },
    });
    expect(html).toContain('id="liminal-public-info"');
    // The data is in the page: no answer is hinted again; the app's code starts once the page is painted.
    expect(fetchHints(html)).toEqual([]);
    expect(html).toMatch(/<script defer src="\/start-app.js" data-entry="\/assets\/index-E1.js"/);
    expect(html).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))[^>]*>/);
  });

  it("reads the page's answers as the visitor, leaving the audit entries the browser's own requests would", async () => {
    const before = await auditCount(prescriber.userId);
    await page('/app', `${prescriber.cookie}; ${HINT}; ${INTL}`);
    const byPage = (await auditCount(prescriber.userId)) - before;
    await prescriber.get('/api/auth/me');
    await prescriber.get('/api/worklist');
    const byBrowser = (await auditCount(prescriber.userId)) - before - byPage;
    expect(byPage).toBeGreaterThan(0);
    expect(byPage).toBe(byBrowser);
  });

  it('is served plain without the cookie of a browser that formats dates as the server does', async () => {
    for (const cookie of [
      `${prescriber.cookie}; ${HINT}`,
      `${prescriber.cookie}; ${HINT}; liminal_intl=${encodeURIComponent('fr-FR|Europe/Paris')}`,
      `${prescriber.cookie}; ${HINT}; liminal_intl=%E0%A4%A`,
    ]) {
      const html = await page('/app', cookie);
      expect(html).toContain('<div id="root"></div>');
      expect(fetchHints(html)).toContain('/api/worklist');
    }
  });

  it('is served plain when the page cannot be rendered: an answer refused or missing, a failed render, no session, a HEAD', async () => {
    // This test patient has no record: the portal's profile answers 404.
    expect(await page('/portal', `${patient.cookie}; ${HINT}; ${INTL}`)).toContain('<div id="root"></div>');
    const broken = await t.createUser({ role: 'prescriber', email: 'broken.renderer@test.liminal.test' });
    const s = await t.ctx.sessions.create(broken.id, {
      mfaVerified: true,
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    const res = await t.app.inject({
      method: 'GET',
      url: '/app',
      headers: { cookie: `${sessionCookieName(false)}=${s.token}; ${HINT}; ${INTL}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root"></div>');
    expect(await page('/app', `${sessionCookieName(false)}=not-a-session; ${HINT}; ${INTL}`)).toContain(
      '<div id="root"></div>',
    );
    // A HEAD reads no data: it gets the plain page's headers.
    const head = await t.app.inject({
      method: 'HEAD',
      url: '/app',
      headers: { cookie: `${prescriber.cookie}; ${HINT}; ${INTL}` },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['cache-control']).toBe('no-cache');
  });
});
