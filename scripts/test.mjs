#!/usr/bin/env node
// `npm test`: every tier, on every engine available, then one closing line "N passed, N failed".
//   1. type check (tsc), unit tier (pure code) and web build, side by side
//   2. bundle budget (deterministic, on the build)
//   3. the db + HTTP tier once per engine, side by side: SQLite, and PostgreSQL when TEST_POSTGRES_URL is set
//   4. the browser tier (Chromium, when present) once per engine, one engine after the other, each running two
//      files at a time (vitest.config.ts), which fills both cores: two engines' runs side by side on top of that
//      would only stretch every step's wall time, which is what a browser test's timeouts measure. The
//      accessibility (axe) checks are shared out between the engines' browser runs, each check run once (the
//      pages do not depend on the database)
// Steps that run side by side write to a buffer each, printed whole when the step ends, so logs stay readable.
//   0. lint (alongside step 1): Biome's format and lint check, no import circle under src/, and every
//      query-builder call in a repository file (or a migration or the seed)
// Options: --only lint|unit|db|e2e|budget (repeatable), --engine sqlite|postgres, --serial (one step at a time).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const engineArg = args.flatMap((a, i) => (a === '--engine' ? [args[i + 1]] : []))[0];
const serial = args.includes('--serial');
const want = (tier) => only.length === 0 || only.includes(tier);
const engines = engineArg ? [engineArg] : ['sqlite', ...(process.env.TEST_POSTGRES_URL ? ['postgres'] : [])];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const bin = (name) => path.resolve('node_modules/.bin', name);
const started = Date.now();
process.stdout.write(`Node ${process.version} (${process.execPath})\n`);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const timings = [];

/** Runs one command; its output goes straight through (`inherit`) or into a buffer printed when it ends. */
function step(name, cmd, argv, env = {}, { buffered = false } = {}) {
  const t0 = Date.now();
  if (!buffered) process.stdout.write(`\n=== ${name} ===\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    const chunks = [];
    if (buffered) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('close', (code) => {
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      timings.push(`${name}: ${secs} s`);
      if (buffered)
        process.stdout.write(`\n=== ${name} (${secs} s) ===\n${Buffer.concat(chunks).toString()}`);
      resolve(code === 0);
    });
  });
}

async function vitest(name, project, env = {}, opts = {}) {
  const out = path.join(
    os.tmpdir(),
    `liminal-vitest-${process.pid}-${project}-${env.LIMINAL_TEST_ENGINE ?? 'x'}.json`,
  );
  fs.rmSync(out, { force: true });
  const ok = await step(
    name,
    bin('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    env,
    opts,
  );
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out, { force: true });
    // A file that failed outside its tests (a failing beforeAll/afterAll hook, an import error) fails with no
    // failed test in it: count each such file as one failure, and a non-zero exit with nothing else (an
    // unhandled error) as one more, so the closing line never says "0 failed" for a failed run.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    const unexplained = !ok && r.numFailedTests === 0 && brokenFiles === 0 ? 1 : 0;
    passed += r.numPassedTests;
    failed += r.numFailedTests + brokenFiles + unexplained;
    skipped += r.numPendingTests + r.numTodoTests;
    if (r.numFailedTests > 0 || brokenFiles > 0 || !ok) failures.push(name);
  } else {
    failed += 1;
    failures.push(`${name} (no results)`);
  }
}

/** Runs the jobs side by side (each buffered), or one after another with --serial. */
async function together(jobs) {
  if (serial || jobs.length === 1) {
    for (const job of jobs) await job({ buffered: false });
  } else {
    await Promise.all(jobs.map((job) => job({ buffered: true })));
  }
}

const needBuild = want('budget') || want('e2e');
let built = true;
await together([
  ...(want('unit')
    ? [
        async (o) => {
          if (!(await step('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], {}, o))) {
            failed += 1;
            failures.push('type check');
          }
        },
        (o) => vitest('unit tier', 'unit', {}, o),
      ]
    : []),
  ...(want('lint')
    ? [
        async (o) => {
          const lint = await step('lint', bin('biome'), ['check', 'src', 'test', 'bench', 'scripts'], {}, o);
          const circles = await step(
            'import circles',
            process.execPath,
            ['scripts/import-cycles.mjs'],
            {},
            o,
          );
          const sql = await step(
            'SQL only in repositories',
            process.execPath,
            ['scripts/structure-report.mjs', '--strict'],
            {},
            o,
          );
          for (const [ok, name] of [
            [lint, 'lint (npx biome check --write src test bench scripts fixes most)'],
            [sql, 'SQL outside repository files (node scripts/structure-report.mjs --strict lists them)'],
            [circles, 'import circles'],
          ]) {
            if (!ok) {
              failed += 1;
              failures.push(name);
            }
          }
        },
      ]
    : []),
  ...(needBuild
    ? [
        async (o) => {
          // the client bundle, then the server renderer of the public pages (npm run build:web)
          built =
            (await step('web build', bin('vite'), ['build', '--logLevel', 'warn'], {}, o)) &&
            (await step(
              'web build (server renderer)',
              bin('vite'),
              ['build', '--logLevel', 'warn', '--ssr', 'src/web/ssr.tsx'],
              {},
              o,
            ));
          if (!built) {
            failed += 1;
            failures.push('web build');
          }
        },
      ]
    : []),
]);
if (built && want('budget')) await vitest('web budget', 'budget');
// Then the db + HTTP tier of every engine, side by side; then the browser tier of each engine in turn.
const browserTier = built && want('e2e') && fs.existsSync(chromium);
if (built && want('e2e') && !browserTier)
  process.stdout.write(`\n(browser tier skipped: no Chromium at ${chromium}; apt-get install chromium)\n`);
if (want('db'))
  await together(
    engines.map(
      (engine) => (o) => vitest(`db + HTTP tier on ${engine}`, 'db', { LIMINAL_TEST_ENGINE: engine }, o),
    ),
  );
if (browserTier)
  for (const [i, engine] of engines.entries())
    await vitest(`browser tier on ${engine}`, 'e2e', {
      LIMINAL_TEST_ENGINE: engine,
      CHROMIUM_PATH: chromium,
      ...(engines.length > 1 ? { LIMINAL_TEST_AXE: `share:${i}/${engines.length}` } : {}),
    });

process.stdout.write(
  `\n--- ${timings.join(' · ')} · total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
if (failures.length) process.stdout.write(`Failed: ${failures.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
