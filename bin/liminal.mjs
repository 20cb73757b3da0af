#!/usr/bin/env node
// The `liminal` command. Runs the compiled server (dist/server/cli.mjs, from `npm run build`) in this very process
// with plain `node`; without a build, or when the TypeScript sources are newer than the build (a developer's
// checkout after an edit), runs the sources through tsx instead. LIMINAL_FROM_SOURCE=1 forces the sources.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist/server/cli.mjs');
const sources = ['src/server', 'src/domain', 'src/contracts'].map((d) => path.join(root, d));

/** The newest modification time under the server's source folders (0 when there are none, as in a container). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of sources) walk(d);
  return newest;
}

const builtAt = fs.existsSync(compiled) ? fs.statSync(compiled).mtimeMs : 0;
const fromSource = process.env.LIMINAL_FROM_SOURCE === '1' || !builtAt || newestSource() > builtAt;

if (!fromSource) {
  // commander reads process.argv, which is already `node bin/liminal.mjs <command> …`.
  await import(pathToFileURL(compiled).href);
} else {
  if (builtAt && process.env.LIMINAL_FROM_SOURCE !== '1')
    process.stderr.write('liminal: the sources are newer than dist/server; running them through tsx\n');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/server/cli.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
