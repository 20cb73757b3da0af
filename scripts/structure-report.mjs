#!/usr/bin/env node
// Structure figures for the layout rules in README "Layout": where SQL lives, files over 400 lines,
// and (with --strict) a non-zero exit when a feature's SQL sits outside its repository files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/g;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

/** A file is a repository when it is named repository.ts, sits in a repository/ folder or is named *-repository.ts. */
export function isRepository(rel) {
  return /(^|\/)repository(\.ts|\/)/.test(rel) || /-repository\.ts$/.test(rel);
}

/** Where SQL may also live: migrations (frozen schema steps) and the demo/synthetic seed (fixture data). */
const allowedElsewhere = (rel) => rel.startsWith('src/server/db/') || rel.startsWith('src/server/seed/');
const strict = process.argv.includes('--strict');

const files = walk(join(root, 'src'))
  .map((p) => relative(root, p))
  .filter((p) => !/\.test\.tsx?$/.test(p));
const counts = { repository: 0, featureOther: 0, outside: 0 };
const offenders = new Map();
const long = [];
for (const rel of files) {
  const text = readFileSync(join(root, rel), 'utf8');
  const n = (text.match(QUERY) ?? []).length;
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > 400) long.push([rel, lines]);
  if (!n) continue;
  if (isRepository(rel)) counts.repository += n;
  else {
    if (rel.startsWith('src/server/features/')) counts.featureOther += n;
    else counts.outside += n;
    offenders.set(rel, n);
  }
}
const total = counts.repository + counts.featureOther + counts.outside;
console.log(
  `query-builder calls: ${total} (in repositories ${counts.repository}; other feature files ${counts.featureOther}; outside features ${counts.outside})`,
);
for (const [rel, n] of [...offenders].sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(n).padStart(3)} ${rel}`);
console.log(`files over 400 lines: ${long.length}`);
for (const [rel, n] of long.sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)} ${rel}`);
if (strict) {
  const misplaced = [...offenders.keys()].filter((rel) => !allowedElsewhere(rel));
  if (misplaced.length > 0) {
    console.log(`SQL outside repository files (${misplaced.length} files): ${misplaced.join(', ')}`);
    process.exit(1);
  }
  console.log('SQL only in repository files, migrations and seed: yes');
}
