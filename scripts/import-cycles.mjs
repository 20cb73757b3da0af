#!/usr/bin/env node
// Finds import circles among the files under src/ (relative imports and `import type` alike, since a
// circle of types still ties the files together). Prints each circle and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const src = join(root, 'src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

const files = walk(src);
const edges = new Map();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const out = new Set();
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(f, m[1] ?? m[2]);
    if (target) out.add(target);
  }
  edges.set(f, [...out]);
}

// Tarjan's strongly connected components: every component of more than one file is a circle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const circles = [];
function connect(v) {
  idx.set(v, index);
  low.set(v, index);
  index += 1;
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (edges.get(v) ?? []).includes(v)) circles.push(comp);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

if (circles.length === 0) {
  console.log(`import circles: none (${files.length} files)`);
} else {
  console.log(`import circles: ${circles.length}`);
  for (const c of circles)
    console.log(
      `  ${c
        .map((f) => relative(src, f))
        .sort()
        .join(' ↔ ')}`,
    );
  process.exit(1);
}
