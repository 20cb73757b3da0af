#!/usr/bin/env node
// `npm run build:server`: the server and the `liminal` command compiled from TypeScript into one ES module,
// dist/server/cli.mjs, that plain `node` runs (no tsx at run time). Packages stay in node_modules (not bundled):
// native ones (better-sqlite3, argon2) and those that read their own files at run time need to be where npm put
// them. Type checking is `npm run typecheck` (tsc); esbuild only strips types.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --outdir <dir>: somewhere else than dist/server (the build test writes to a temporary folder).
const outArg = process.argv.indexOf('--outdir');
const outdir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist/server');
const started = Date.now();
fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    cli: path.join(root, 'src/server/cli.ts'),
    // The scheduled backup runs in a worker thread of its own (features/protection/service.ts).
    'backup-worker': path.join(root, 'src/server/features/protection/backup-worker.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Stack traces in production point at the TypeScript source with `node --enable-source-maps`.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  tsconfig: path.join(root, 'tsconfig.json'),
});
const bytes =
  Object.values(result.metafile.outputs).find((o) => o.entryPoint?.endsWith('cli.ts'))?.bytes ?? 0;
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(
  `${path.relative(root, path.join(outdir, 'cli.mjs'))}: ${inputs} source files, ${(bytes / 1024).toFixed(0)} KiB, in ${Date.now() - started} ms\n`,
);
