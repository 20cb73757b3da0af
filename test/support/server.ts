import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/server/app';
import { loadTestConfig } from '../../src/server/config';
import type { AppContext } from '../../src/server/platform/context';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/server/seed/demo';
import { TestClock, testStartInstant } from './clock';
import { createTestDatabase, type TestDatabase } from './db';
import { type CapturedMail, startSmtpCapture } from './smtp';

/**
 * A real server on a loopback port, serving the built web app (dist/web) against a fresh database of the
 * engine under test, with the demo clinic seeded and mail captured by a local SMTP server.
 *
 * Time: the server runs on a TestClock that starts at `opts.now` (default: `testStartInstant()`, a fixed
 * clinic morning) and the demo clinic is seeded relative to it, so a run does not depend on when it happens.
 * Browsers must share that clock: open them with `newTestContext` from ./browser.
 */
export interface TestServer {
  url: string;
  ctx: AppContext;
  /** The server's clock (also `ctx.clock`): read "now" from it in tests, never from the machine. */
  clock: TestClock;
  db: TestDatabase;
  mail: CapturedMail[];
  demoPassword: string;
  demoUsers: typeof DEMO_USERS;
  /** Waits until the outbox has delivered a message matching `predicate`. */
  waitForMail(predicate: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface ServerOptions {
  demoMode?: boolean;
  now?: string | Date;
}

export async function startTestServer(opts: ServerOptions = {}): Promise<TestServer> {
  // LIMINAL_TEST_WEB_ROOT lets parallel work on one machine test its own build (vite build --outDir …).
  const webRoot = path.resolve(process.env.LIMINAL_TEST_WEB_ROOT ?? 'dist/web');
  if (!fs.existsSync(path.join(webRoot, 'index.html')))
    throw new Error(`Build the web app first (npm run build:web): ${webRoot}`);
  const smtp = await startSmtpCapture();
  const db = await createTestDatabase();
  const clock = new TestClock(opts.now ?? testStartInstant());
  await seedDemo(db.handle.db, clock);
  // The public URL must match the port, which is known only after listen: reserve it first.
  const probe = await import('node:net').then(
    (net) =>
      new Promise<number>((resolve) => {
        const s = net.createServer();
        s.listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      }),
  );
  const url = `http://127.0.0.1:${probe}`;
  // Its own DATA_DIR: the server's jobs write chain receipts there (never into the working tree).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-e2e-data-'));
  const config = loadTestConfig({
    PORT: String(probe),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    LIMINAL_DEMO: opts.demoMode ? 'true' : 'false',
  });
  const { app, ctx } = await buildApp({ config, handle: db.handle, webRoot, clock });
  await app.listen({ port: probe, host: '127.0.0.1' });
  return {
    url,
    ctx,
    clock,
    db,
    mail: smtp.messages,
    demoPassword: DEMO_PASSWORD,
    demoUsers: DEMO_USERS,
    async waitForMail(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await ctx.mailer.flush();
        const m = smtp.messages.find(predicate);
        if (m) return m;
        if (Date.now() > until) throw new Error('no matching mail arrived');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await app.close();
      await db.close();
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
