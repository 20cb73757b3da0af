import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_MODULES } from '../../src/server/platform/spa-pages';

/**
 * Web budget (deterministic, on the build that `npm test` makes first): what a phone must download before each
 * first page can show, measured as it travels. The server sends the brotli or gzip copy the build wrote beside
 * each file (scripts/precompress.mjs; the file itself when no copy was smaller), so these are the bytes of those
 * copies: the page's HTML, its scripts (the entry and its static imports, plus the lazy page and layout chunks the
 * page needs, which main.tsx starts at once) and its style sheets. Also: the public pages load no staff code.
 */
const root = path.resolve('dist/web');
type Manifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean; css?: string[] }>;

function readJson<T>(rel: string): T {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) throw new Error(`No ${rel}: run \`npx vite build\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
const manifest = readJson<Manifest>('.vite/manifest.json');
const modules = readJson<Record<string, string[]>>('.vite/modules.json');

/** The chunk's file and style sheets plus those of everything it imports statically, transitively. */
function closure(key: string, files = new Set<string>(), seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest`);
  if (seen.has(key)) return files;
  seen.add(key);
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const dep of chunk.imports ?? []) closure(dep, files, seen);
  return files;
}

const keyOf = (source: string): string => {
  const key = Object.keys(manifest).find((k) => k.endsWith(source));
  if (!key) throw new Error(`${source} is not in the build manifest`);
  return key;
};

/** Files a first visit to the page downloads: the HTML's entry and the page's own lazy chunks. */
function pageFiles(...lazySources: string[]): string[] {
  const files = closure('index.html');
  for (const source of lazySources) closure(keyOf(source), files);
  return ['index.html', ...files];
}

/** Bytes sent for a file in `coding`: its precompressed copy, or the file itself when none was smaller. */
function sent(file: string, coding: 'br' | 'gz'): number {
  const full = path.join(root, file);
  const copy = `${full}.${coding}`;
  return fs.statSync(fs.existsSync(copy) ? copy : full).size;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// Brotli is what every current browser accepts; gzip is the fallback for the rest. Some room above today's sizes
// (brotli: sign-in 224 KB, start page 229 KB, consultation request 239 KB, portal home 297 KB, Today 312 KB).
// The portal home has Today's budget since its cards became chunks of their own: shared code copied into each
// card's file costs ~25 KB, and took ~100 ms of main-thread time off a slow phone (Lighthouse 94 → 98).
/** The lazy chunks of a first page: those the server hints with it (src/server/platform/spa-pages.ts). */
function hinted(page: string): readonly string[] {
  const modules = PAGE_MODULES[page];
  if (!modules) throw new Error(`spa-pages.ts names no chunks for ${page}`);
  return modules;
}

const PAGES = [
  { name: 'sign-in page', lazy: [], br: 250, gz: 300 },
  { name: 'public start page', lazy: hinted('/'), br: 250, gz: 300 },
  {
    name: 'consultation request page',
    lazy: hinted('/request-consultation'),
    br: 260,
    gz: 310,
  },
  // The home and its cards, each a chunk of its own fetched with it (src/web/features/portal/portal-cards.ts).
  { name: 'portal home', lazy: hinted('/portal'), br: 320, gz: 375 },
  { name: "clinician's Today page", lazy: hinted('/app'), br: 320, gz: 375 },
];

describe('web bundle budget (compressed transfer of each first page)', () => {
  it('the build wrote brotli and gzip copies of the entry script and style sheet', () => {
    const entry = manifest['index.html'];
    expect(entry).toBeTruthy();
    const big = [...closure('index.html')].filter((f) => fs.statSync(path.join(root, f)).size > 4096);
    expect(big.length).toBeGreaterThan(0);
    for (const f of [...big, 'index.html']) {
      expect(fs.existsSync(path.join(root, `${f}.br`)), `${f}.br`).toBe(true);
      expect(fs.existsSync(path.join(root, `${f}.gz`)), `${f}.gz`).toBe(true);
    }
  });

  it.each(PAGES)('the $name downloads under $br KB brotli and $gz KB gzip', ({ name, lazy, br, gz }) => {
    const files = pageFiles(...lazy);
    const brotli = files.reduce((sum, f) => sum + sent(f, 'br'), 0);
    const gzip = files.reduce((sum, f) => sum + sent(f, 'gz'), 0);
    console.log(`${name}: ${files.length} files, ${kb(brotli)} brotli, ${kb(gzip)} gzip`);
    expect(brotli).toBeLessThan(br * 1024);
    expect(gzip).toBeLessThan(gz * 1024);
  });
});

// Code that only signed-in staff use: their layouts and the features behind /app.
const STAFF_CODE = [
  /^src\/web\/app\/(StaffLayout|StaffMain|FocusLayout)\.tsx$/,
  /^src\/web\/features\/(home|admin|patients|ledger|sessions|courses|outcomes|fhir)\//,
  /^src\/web\/features\/enquiries\/(Enquiry|enquiry-query)/,
  /^src\/web\/features\/scheduling\/(calendar|admin)\//,
  /^src\/web\/features\/athome\//,
  /^src\/web\/features\/measures\/(InstrumentsPage|PatientMeasuresPage|WorklistPanel)\.tsx$/,
  /node_modules\/(recharts|d3-|@mantine\/charts)/,
];

describe('the public pages load no staff code', () => {
  it.each([
    ['sign-in page', []],
    ['public start page', hinted('/')],
    ['consultation request page', hinted('/request-consultation')],
  ] as const)('the %s', (_name, lazy) => {
    const files = pageFiles(...lazy).filter((f) => f.endsWith('.js'));
    const held = files.flatMap((f) => modules[f] ?? []);
    expect(held.length).toBeGreaterThan(0);
    const staff = held.filter((m) => STAFF_CODE.some((re) => re.test(m)));
    expect(staff).toEqual([]);
  });

  it('the check would notice staff code (the Today page does hold some)', () => {
    const files = pageFiles('src/web/app/StaffLayout.tsx', 'src/web/features/home/TodayPage.tsx');
    const held = files.flatMap((f) => modules[f] ?? []);
    expect(held.some((m) => STAFF_CODE.some((re) => re.test(m)))).toBe(true);
  });
});
