import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connection';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { DEMO_PASSWORD } from '../../src/server/seed/demo';
import { liminalCommand } from '../support/cli';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/db';

/**
 * `liminal serve --workers N` (issue #23): several processes behind one port on PostgreSQL, and the audit chain
 * still one chain. Real processes: the CLI is started as an operator would start it.
 */
const CLI = liminalCommand();
const children: ChildProcess[] = [];
let tdb: TestDatabase | null = null;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await tdb?.close();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...CLI, 'serve', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => {
    out.stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    out.stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exited };
}

const onPostgres = testEngine() === 'postgres' ? describe : describe.skip;
const onSqlite = testEngine() === 'sqlite' ? describe : describe.skip;

onSqlite('serve --workers on SQLite', () => {
  it('is refused with a message saying PostgreSQL is needed, before anything starts', async () => {
    const { out, exited } = serve(['--workers', '2'], {
      PORT: String(await freePort()),
      DATA_DIR: '/nonexistent/x',
    });
    expect(await exited).toBe(2);
    expect(out.stderr).toMatch(/need PostgreSQL \(DATABASE_URL\)/);
  });

  it('a number of workers that is not a whole number from 1 to 64 is refused', async () => {
    const { out, exited } = serve(['--workers', 'lots'], { PORT: String(await freePort()) });
    expect(await exited).toBe(2);
    expect(out.stderr).toMatch(/--workers must be a whole number from 1 to 64/);
  });
});

onPostgres('serve --workers 2 on PostgreSQL', () => {
  it('two processes serve one port; concurrent audited reads and writes leave one whole audit chain', async () => {
    tdb = await createTestDatabase({ migrate: false }); // the primary migrates and seeds the demo clinic
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = serve(['--workers', '2', '--demo'], {
      DATABASE_URL: tdb.location,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      LIMINAL_SECRET_KEY: 'workers-test-secret-key-0123456789abcdef',
    });
    const until = Date.now() + 90_000;
    let ready = false;
    while (!ready && Date.now() < until && server.child.exitCode === null) {
      ready = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 300));
    }
    expect(ready, server.out.stderr).toBe(true);
    // Both workers up (each logs that it is ready, with its index).
    const readyUntil = Date.now() + 30_000;
    while ((server.out.stdout.match(/"Liminal is ready"/g) ?? []).length < 2 && Date.now() < readyUntil)
      await new Promise((r) => setTimeout(r, 200));

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'prescriber@demo.liminal.test', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = ((await login.json()) as { session: { csrfToken: string } }).session;
    const headers = { cookie, 'x-csrf-token': csrfToken, origin: base, 'content-type': 'application/json' };
    const list = (await (await fetch(`${base}/api/patients?limit=20`, { headers })).json()) as {
      patients: { id: string }[];
    };
    const ids = list.patients.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(3);

    const db = connect({ engine: 'postgres', databaseUrl: tdb.location, poolSize: 2 });
    try {
      const count = async (action: string) =>
        Number(
          (
            await db.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('action', '=', action)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const readsBefore = await count('patient.read');
      const createsBefore = await count('patient.create');
      const requests = [
        ...Array.from({ length: 240 }, (_, i) =>
          fetch(`${base}/api/patients/${ids[i % ids.length]}`, { headers }).then((r) => r.status),
        ),
        ...Array.from({ length: 20 }, (_, i) =>
          fetch(`${base}/api/patients`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              firstName: 'Worker',
              lastName: `Test${i}`,
              dateOfBirth: '1980-01-02',
              state: 'OR',
            }),
          }).then((r) => r.status),
        ),
      ];
      const statuses = await Promise.all(requests);
      expect(statuses.slice(0, 240).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(240)).toEqual(Array(20).fill(201));
      expect(await count('patient.read')).toBe(readsBefore + 240);
      expect(await count('patient.create')).toBe(createsBefore + 20);
      // One chain, every link whole, whichever process appended.
      const verdict = await verifyAuditChain(db.db);
      expect(verdict.ok, JSON.stringify(verdict.firstBroken)).toBe(true);
      // Both processes answered requests.
      const pids = new Set(
        server.out.stdout
          .split('\n')
          .filter((l) => l.includes('"request completed"'))
          .map((l) => (JSON.parse(l) as { pid: number }).pid),
      );
      expect(pids.size).toBe(2);
    } finally {
      await db.close();
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 150_000);
});
