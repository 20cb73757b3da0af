import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Web budget (deterministic): the JavaScript a browser must load before the sign-in page and the
 * clinician's main page ("Today") can show stays under 300 KB gzip. Lazy chunks are not counted: they
 * load only when their page opens. Runs after `vite build` (scripts/test.mjs builds first).
 */
const BUDGET_BYTES = 300 * 1024;
const root = path.resolve('dist/web');
type Manifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean; css?: string[] }>;

function load(): Manifest {
  const file = path.join(root, '.vite/manifest.json');
  if (!fs.existsSync(file)) throw new Error('No build manifest: run `npx vite build` first');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}

/** The chunk's file plus everything it imports statically, transitively. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return new Set();
  seen.add(key);
  const files = new Set([chunk.file]);
  for (const dep of chunk.imports ?? []) for (const f of closure(manifest, dep, seen)) files.add(f);
  return files;
}

const gz = (files: Iterable<string>) =>
  [...files]
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(root, f)), { level: 9 }).length, 0);

describe('web bundle budget', () => {
  it('the sign-in page loads under 300 KB of gzipped JavaScript', () => {
    const m = load();
    const size = gz(closure(m, 'index.html'));
    console.log(`sign-in page initial JS: ${(size / 1024).toFixed(1)} KB gzip`);
    expect(size).toBeLessThan(BUDGET_BYTES);
  });

  it("the clinician's main page loads under 300 KB of gzipped JavaScript", () => {
    const m = load();
    const today = Object.keys(m).find((k) => /features\/home\/TodayPage\.tsx$/.test(k));
    expect(today, 'TodayPage chunk in the manifest').toBeTruthy();
    const files = closure(m, 'index.html');
    for (const f of closure(m, today as string)) files.add(f);
    const size = gz(files);
    console.log(`clinician main page initial JS: ${(size / 1024).toFixed(1)} KB gzip`);
    expect(size).toBeLessThan(BUDGET_BYTES);
  });
});
