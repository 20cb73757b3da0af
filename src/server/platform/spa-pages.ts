import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { PublicInfo } from './public-info';

/**
 * The web app's index page as each first page of a visit needs it (issue #19: a fast first page on a phone).
 *
 * The built index.html names the entry script only; the page's own code (a lazy chunk per screen) and the
 * session's first answers are asked for once that script has run, which on a slow phone is a second or more later.
 * So the server answers, for the most visited first pages, the same HTML with hints in its head that let the
 * browser fetch everything at once, side by side with the entry:
 * - `<link rel=modulepreload>` for the page's chunks and everything they import (read from the build's manifest,
 *   `.vite/manifest.json`), the same modules `preloadRoute` in src/web/app/router.tsx asks for;
 * - `<link rel=preload as=fetch>` for the two answers the app asks first on every page (`prefetchSession` in
 *   src/web/lib/session.ts): the clinic's public information, and who is signed in when the browser holds the
 *   readable signed-in cookie (as the app itself only asks then).
 *
 * The start page and the sign-in page come rendered (the same React components, by the server renderer that
 * `npm run build:web` writes to dist/web-ssr/ssr.mjs, src/web/ssr.tsx) for a visitor who is not signed in, with
 * the clinic's public information in the page as JSON (a data block, not a script: the CSP allows none inline),
 * so that the phone shows the page as soon as the HTML and the stylesheet are in, and the app's code, when it has
 * run, takes the HTML over as it is. A rendered page is kept (compressed) until the clinic's information changes.
 * Without the renderer, or when it fails, the page is the plain one.
 *
 * Today (`/app`) and the portal home (`/portal`) come rendered too for a signed-in visitor (`renderSignedIn` in
 * src/web/ssr.tsx), with the answers they were rendered with in the page (TanStack Query's dehydrated cache, a
 * JSON data block) instead of hints to fetch them. The renderer reads them through `serverGet`: the server's own
 * routes with the visitor's cookies, so the same access checks and audit entries as the browser's requests, and
 * the browser does not ask again. Such a page is the visitor's alone: it is rendered for each visit, kept nowhere,
 * and answered `Cache-Control: private, no-store`. It is rendered only for a browser that formats dates and times
 * as the server does (the `liminal_intl` cookie the app sets: language and time zone), so that it never shows a
 * time in another zone; otherwise, when the session does not land on that page (a second factor owed, the other
 * kind of account), when an answer fails, or when the render fails, the page is the plain one with its hints.
 *
 * The shared variants are compressed once. Without a manifest (a hand-made web root) every path gets the plain page.
 */

/**
 * First pages → the source modules of their lazy chunks (kept in step with `preloadRoute` in router.tsx). The
 * bundle-budget test weighs the same files (test/budget/web-budget.test.ts).
 */
export const PAGE_MODULES: Record<string, readonly string[]> = {
  '/': ['src/web/features/public/LandingPage.tsx'],
  '/request-consultation': ['src/web/features/public/RequestConsultationPage.tsx'],
  '/portal': [
    'src/web/features/portal/PortalHome.tsx',
    // The home's cards, each a chunk of its own (src/web/features/portal/portal-cards.ts).
    'src/web/features/portal/PortalProgressCard.tsx',
    'src/web/features/athome-phone/PortalAtHomeCard.tsx',
    'src/web/features/measures/PortalMeasuresCard.tsx',
    'src/web/features/messages/PortalMessagesCard.tsx',
    'src/web/features/journal/PortalJournalCard.tsx',
    'src/web/features/claims/PortalBillingCard.tsx',
    'src/web/features/scheduling/PortalVisitsCard.tsx',
    'src/web/features/fhir/PortalExportCard.tsx',
  ],
  '/app': ['src/web/app/StaffLayout.tsx', 'src/web/features/home/TodayPage.tsx'],
};
/** Pages rendered by the server for a visitor who is not signed in. */
const RENDERED = new Set(['/', '/signin']);
/** Pages rendered by the server, with their first answers, for a signed-in visitor. */
const RENDERED_SIGNED_IN = new Set(['/app', '/portal']);
/**
 * The cookie the app sets in the browser (main.tsx): the language and time zone it formats dates and times in.
 * The server renders a signed-in page only for a browser that formats them as it does itself, so that the page
 * never shows a time in another zone, not even for the moment before the app's code has run.
 */
const INTL_COOKIE = 'liminal_intl';
const serverIntl = (() => {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return { locale, timeZone };
})();
/** Any other page of the staff app: at least its frame. */
const STAFF_FRAME = ['src/web/app/StaffLayout.tsx'];

/** The answers `prefetchSession` asks for before the first render. */
const PUBLIC_INFO_URL = '/api/public/info';
const ME_URL = '/api/auth/me';

/** The web app's index page, with its brotli and gzip copies. */
export interface SpaIndex {
  identity: Buffer;
  /** The page holds the visitor's own data: it must not be stored by the browser or any cache on the way. */
  personal?: boolean;
  br?: Buffer | undefined;
  gzip?: Buffer | undefined;
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

export interface SpaPages {
  /** The index page for a request to `pathname`. */
  forPath(pathname: string, request: FastifyRequest): Promise<SpaIndex>;
  /** Loads the renderer and renders the public pages ahead of their first visitor. */
  warm(): Promise<void>;
}

type Render = (url: string, info: PublicInfo) => Promise<string>;
/** src/web/ssr.tsx's `renderSignedIn`. */
type RenderSignedIn = (
  url: string,
  info: PublicInfo,
  get: (path: string) => Promise<Response>,
) => Promise<{ html: string; answers: unknown } | null>;
interface Renderer {
  render: Render;
  renderSignedIn?: RenderSignedIn | undefined;
}

export interface SpaPageOptions {
  /** The clinic's public information, read for each page the server renders. */
  publicInfo: () => Promise<PublicInfo>;
  log: FastifyBaseLogger;
  /** The API answers the signed-in first page at `path` will ask for (platform/first-page-data.ts). */
  pageData?: (path: string, request: FastifyRequest) => Promise<string[]>;
  /** The server renderer's module; defaults to web-ssr/ssr.mjs beside the web root. null: render nothing. */
  renderer?: string | null;
  /**
   * A GET of the server's own API with the visitor's session (the request's cookies), for the signed-in pages it
   * renders: the same access checks and audit entries as when the browser asks. Without it they are not rendered.
   */
  serverGet?: (request: FastifyRequest, path: string) => Promise<Response>;
}

export function loadSpaPages(webRoot: string, opts: SpaPageOptions): SpaPages {
  const file = path.join(webRoot, 'index.html');
  const html = fs.readFileSync(file, 'utf8');
  const manifest = readManifest(path.join(webRoot, '.vite', 'manifest.json'));
  if (!manifest || !html.includes('</head>')) {
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f) : undefined);
    const plain: SpaIndex = { identity: Buffer.from(html), br: read(`${file}.br`), gzip: read(`${file}.gz`) };
    return { forPath: async () => plain, warm: async () => {} };
  }

  // What the entry already loads (its own <script> and <link rel=modulepreload> tags) is not hinted again.
  const entryFiles = new Set<string>();
  for (const chunk of Object.values(manifest)) if (chunk.isEntry) collect(manifest, chunk, entryFiles);

  const cache = new Map<string, SpaIndex>();
  /** `info`: the clinic's information is not in the page; `me`: the browser holds the signed-in cookie. */
  const hintsFor = (
    modules: readonly string[],
    info: boolean,
    me: boolean,
    data: readonly string[] = [],
  ): string => {
    const files = new Set<string>();
    for (const m of modules) {
      const chunk = manifest[m];
      if (chunk) collect(manifest, chunk, files);
    }
    return [
      ...(info ? [`<link rel="preload" as="fetch" crossorigin href="${PUBLIC_INFO_URL}">`] : []),
      ...(me ? [`<link rel="preload" as="fetch" crossorigin href="${ME_URL}">`] : []),
      ...data.map((url) => `<link rel="preload" as="fetch" crossorigin href="${escapeAttr(url)}">`),
      ...[...files]
        .filter((f) => f.endsWith('.js') && !entryFiles.has(f))
        .map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ].join('\n    ');
  };
  const variant = (modules: readonly string[], signedIn: boolean, data: readonly string[]): SpaIndex => {
    const key = `${modules.join(',')}|${signedIn}|${data.join(',')}`;
    let page = cache.get(key);
    if (!page) {
      page = compressed(html.replace('</head>', `  ${hintsFor(modules, true, signedIn, data)}\n  </head>`));
      cache.set(key, page);
    }
    return page;
  };

  const rendererFile =
    opts.renderer === undefined ? path.join(webRoot, '..', 'web-ssr', 'ssr.mjs') : opts.renderer;
  let renderer: Promise<Renderer | null> | null = null;
  const loadRenderer = (): Promise<Renderer | null> => {
    renderer ??=
      rendererFile && fs.existsSync(rendererFile)
        ? import(pathToFileURL(rendererFile).href).then(
            (m: Partial<Renderer>) =>
              m.render ? { render: m.render, renderSignedIn: m.renderSignedIn } : null,
            (err: unknown) => {
              opts.log.error(
                { err },
                'the public pages renderer could not be loaded; they are served unrendered',
              );
              return null;
            },
          )
        : Promise.resolve(null);
    return renderer;
  };
  // Rendered pages by path and clinic information (a change of the clinic's name starts afresh); a failed
  // render is not kept, so the next visitor tries again.
  const rendered = new Map<string, Promise<SpaIndex | null>>();
  const renderPage = async (p: string, modules: readonly string[], info: PublicInfo, render: Render) => {
    try {
      const body = await render(`http://localhost${p}`, info);
      const data = `<script type="application/json" id="liminal-public-info">${jsonForHtml(info)}</script>`;
      return compressed(deferApp(renderedHtml(body, data), modules));
    } catch (err) {
      opts.log.error({ err, path: p }, 'a public page could not be rendered; it is served unrendered');
      return null;
    }
  };
  const renderedPage = async (p: string, modules: readonly string[]): Promise<SpaIndex | null> => {
    const render = (await loadRenderer())?.render;
    if (!render) return null;
    const info = await opts.publicInfo();
    const key = `${p}|${JSON.stringify(info)}`;
    let page = rendered.get(key);
    if (!page) {
      if (rendered.size >= 2 * RENDERED.size) rendered.clear();
      page = renderPage(p, modules, info, render);
      rendered.set(key, page);
      void page.then((done) => {
        if (!done && rendered.get(key) === page) rendered.delete(key);
      });
    }
    return page;
  };

  /** index.html with the rendered page in its root (instead of the spinner, which holds no <div>) and its data. */
  const renderedHtml = (body: string, data: string): string =>
    html.replace(
      /<div id="root">(?:(?!<\/div>)[\s\S])*<\/div>/,
      () => `<div id="root" data-server-rendered>${body}</div>\n    ${data}`,
    );

  /**
   * The page with the app's code started once the server's HTML has been painted (public/start-app.js): the
   * entry's script and module hints leave the head and are handed to that script, with the page's own chunks.
   */
  const deferApp = (page: string, modules: readonly string[]): string => {
    const entry = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(page);
    if (!entry?.[1]) return page.replace('</head>', `  ${hintsFor(modules, false, false)}\n  </head>`);
    const preloads: string[] = [];
    let head = page
      .replace(entry[0], '')
      .replace(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g, (_m, href: string) => {
        preloads.push(href);
        return '';
      });
    const files = new Set<string>();
    for (const m of modules) {
      const chunk = manifest[m];
      if (chunk) collect(manifest, chunk, files);
    }
    for (const f of files) if (f.endsWith('.js') && !entryFiles.has(f)) preloads.push(`/${f}`);
    head = head.replace(
      '</head>',
      `  <script defer src="/start-app.js" data-entry="${entry[1]}" data-preload="${preloads.join(' ')}"></script>\n  </head>`,
    );
    return head;
  };

  /**
   * A signed-in first page rendered with the visitor's own answers (never kept: it is theirs alone, and each visit
   * sees the data as it is now). Null when it cannot be rendered as the browser would show it.
   */
  const signedInPage = async (
    p: string,
    modules: readonly string[],
    request: FastifyRequest,
  ): Promise<SpaIndex | null> => {
    const serverGet = opts.serverGet;
    // GET only: a HEAD would read (and audit) the visitor's data for an answer nobody sees.
    if (!serverGet || request.method !== 'GET' || !RENDERED_SIGNED_IN.has(p)) return null;
    if (readCookie(request.headers.cookie, INTL_COOKIE) !== `${serverIntl.locale}|${serverIntl.timeZone}`) {
      return null;
    }
    const renderSignedIn = (await loadRenderer())?.renderSignedIn;
    if (!renderSignedIn) return null;
    try {
      const info = await opts.publicInfo();
      const page = await renderSignedIn(`http://localhost${p}`, info, (url) => serverGet(request, url));
      if (!page) return null;
      const data = [
        `<script type="application/json" id="liminal-public-info">${jsonForHtml(info)}</script>`,
        `<script type="application/json" id="liminal-first-answers">${jsonForHtml({ ...serverIntl, answers: page.answers })}</script>`,
      ].join('\n    ');
      const html = deferApp(renderedHtml(page.html, data), modules);
      // Compressed for this one answer at a quick brotli level: on Today's 92 KB page, quality 5 took 11 ms and
      // 11.5 KB, the best quality 124 ms and 10.5 KB (on the shared 2-core machine, load average 7.6).
      return { ...compressed(html, 5), personal: true };
    } catch (err) {
      opts.log.error({ err, path: p }, 'a signed-in page could not be rendered; it is served unrendered');
      return null;
    }
  };

  return {
    /** Loads the renderer and renders the public pages ahead of their first visitor. */
    async warm() {
      for (const p of RENDERED) await renderedPage(p, PAGE_MODULES[p] ?? []);
    },
    async forPath(pathname, request) {
      const p = pathname.replace(/\/+$/, '') || '/';
      const modules = PAGE_MODULES[p] ?? (p.startsWith('/app/') ? STAFF_FRAME : []);
      // The readable hint cookie set beside the session cookie: the page may then ask who is signed in.
      const signedIn = /(^|;\s*)(__Host-)?liminal_signed_in=/.test(request.headers.cookie ?? '');
      if (!signedIn && RENDERED.has(p)) {
        const page = await renderedPage(p, modules);
        if (page) return page;
      }
      if (signedIn) {
        const page = await signedInPage(p, modules, request);
        if (page) return page;
      }
      const data = signedIn && opts.pageData ? await opts.pageData(p, request).catch(() => []) : [];
      return variant(modules, signedIn, data);
    },
  };
}

/** JSON safe inside a <script> data block: no `</script>` or `<!--` can appear in it. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function readManifest(file: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** The chunk's file and those of everything it imports statically, recursively. */
function collect(manifest: Manifest, chunk: ManifestChunk, into: Set<string>): void {
  if (into.has(chunk.file)) return;
  into.add(chunk.file);
  for (const key of chunk.imports ?? []) {
    const dep = manifest[key];
    if (dep) collect(manifest, dep, into);
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function compressed(html: string, quality: number = zlib.constants.BROTLI_MAX_QUALITY): SpaIndex {
  const identity = Buffer.from(html);
  return {
    identity,
    br: zlib.brotliCompressSync(identity, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      },
    }),
    gzip: zlib.gzipSync(identity, {
      level: quality < zlib.constants.BROTLI_MAX_QUALITY ? 6 : zlib.constants.Z_BEST_COMPRESSION,
    }),
  };
}
