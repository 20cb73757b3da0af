#!/usr/bin/env node
// `npm test`: every tier, on every engine available, then one closing line "N passed, N failed".
//   1. type check (tsc)                      4. db + HTTP tier on PostgreSQL (when TEST_POSTGRES_URL is set)
//   2. unit tier (pure code)                 5. web build + bundle budget
//   3. db + HTTP tier on SQLite              6. browser tier (Chromium) on each engine, when Chromium is present
// Options: --only unit|db|e2e|budget (repeatable), --engine sqlite|postgres.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const engineArg = args.flatMap((a, i) => (a === '--engine' ? [args[i + 1]] : []))[0];
const want = (tier) => only.length === 0 || only.includes(tier);
const engines = engineArg ? [engineArg] : ['sqlite', ...(process.env.TEST_POSTGRES_URL ? ['postgres'] : [])];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const bin = (name) => path.resolve('node_modules/.bin', name);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const timings = [];

function step(name, cmd, argv, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function vitest(name, project, env = {}) {
  const out = path.join(os.tmpdir(), `liminal-vitest-${process.pid}-${project}-${env.LIMINAL_TEST_ENGINE ?? 'x'}.json`);
  fs.rmSync(out, { force: true });
  const ok = step(name, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    if (r.numFailedTests > 0 || !ok) failures.push(name);
  } else {
    failed += 1;
    failures.push(`${name} (no results)`);
  }
}

if (want('unit')) {
  if (!step('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) {
    failed += 1;
    failures.push('type check');
  }
  vitest('unit tier', 'unit');
}
if (want('db')) for (const engine of engines) vitest(`db + HTTP tier on ${engine}`, 'db', { LIMINAL_TEST_ENGINE: engine });
if (want('budget') || want('e2e')) {
  if (!step('web build', bin('vite'), ['build', '--logLevel', 'warn'])) {
    failed += 1;
    failures.push('web build');
  } else if (want('budget')) {
    vitest('web budget', 'budget');
  }
}
if (want('e2e')) {
  if (fs.existsSync(chromium)) {
    for (const engine of engines) vitest(`browser tier on ${engine}`, 'e2e', { LIMINAL_TEST_ENGINE: engine, CHROMIUM_PATH: chromium });
  } else {
    process.stdout.write(`\n(browser tier skipped: no Chromium at ${chromium}; apt-get install chromium)\n`);
  }
}

process.stdout.write(`\n--- ${timings.join(' · ')}\n`);
if (failures.length) process.stdout.write(`Failed: ${failures.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
