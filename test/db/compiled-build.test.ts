import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * Issue #19: `npm run build:server` makes one ES module that plain `node` runs — no tsx, no TypeScript — and it
 * migrates, serves and answers health and readiness on this engine. The build is the one this run's other tests
 * start the command from (test/support/cli-build.ts).
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let out: string;
let db: TestDatabase;
let server: ChildProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  // This run's build (test/support/cli-build.ts: scripts/build-server.mjs into a folder of its own under dist/,
  // ignored by git, so packages are resolved from the bundle's folder upwards and dist/server is left alone).
  out = path.dirname(inject('liminalCli'));
  db = await createTestDatabase();
});
afterAll(async () => {
  server?.kill('SIGTERM');
  await db.close();
});

describe('compiled server', () => {
  it('is JavaScript (the command and the backup worker beside it) that imports no TypeScript and no tsx', () => {
    for (const file of ['cli.mjs', 'backup-worker.mjs']) {
      const code = fs.readFileSync(path.join(out, file), 'utf8');
      expect(code).not.toMatch(/from ["'][^"']*\.tsx?["']/);
      // (The string 'tsx' may appear as the loader flag a worker gets when the server runs from its sources.)
      expect(code).not.toMatch(/(from|import\(|require\()\s*["']tsx(\/[^"']*)?["']/);
    }
  });

  it('runs under plain node: migrate, then serve with health and readiness', async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      LIMINAL_SECRET_KEY: 'compiled-build-test-key'.padEnd(44, 'x'),
      ...(db.engine === 'postgres' ? { DATABASE_URL: db.location } : { DATA_DIR: path.dirname(db.location) }),
    };
    if (db.engine === 'sqlite')
      fs.renameSync(db.location, path.join(path.dirname(db.location), 'liminal.db'));
    const migrate = await run(process.execPath, [path.join(out, 'cli.mjs'), 'migrate'], { cwd: root, env });
    expect(migrate.stdout + migrate.stderr).not.toMatch(/error/i);

    const port = await freePort();
    server = spawn(process.execPath, [path.join(out, 'cli.mjs'), 'serve', '--port', String(port)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (c) => {
      output += String(c);
    });
    server.stderr?.on('data', (c) => {
      output += String(c);
    });
    await new Promise<void>((resolve, reject) => {
      server?.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
      const check = () => (output.includes('Liminal is running') ? resolve() : setTimeout(check, 50));
      check();
    });
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: db.engine });
    const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks).toEqual({ database: 'ok', migrations: 'ok', mail: 'not configured' });
    // SIGTERM drains and exits cleanly.
    server.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = null;
  });
});
