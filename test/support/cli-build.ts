import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global set-up for the db tier: compiles the `liminal` command once per run (scripts/build-server.mjs,
 * ~0.3 s) into a folder of its own under dist/ (ignored by git; packages resolve from the checkout's
 * node_modules), so the tests that start the command as an operator would (`test/support/cli.ts`) run the same
 * compiled module that ships in the container. A process then starts in ~0.5 s instead of ~2.7 s under tsx
 * (the backup and encryption tests alone start dozens). Built from the sources as they are now, so it is never
 * stale.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled command (cli.mjs) for this run. */
    liminalCli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = path.resolve(__dirname, '../..');
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const out = fs.mkdtempSync(path.join(root, 'dist', '.test-cli-'));
  await promisify(execFile)(process.execPath, ['scripts/build-server.mjs', '--outdir', out], { cwd: root });
  project.provide('liminalCli', path.join(out, 'cli.mjs'));
  return () => fs.rmSync(out, { recursive: true, force: true });
}
