#!/usr/bin/env node
// `npm run bench:startup [-- --from-source]`: cold start and memory of `liminal serve --demo` as a clinic runs it.
// Starts the server on a fresh data folder (first start: migrations + demo seed) and once more on the same folder
// (a restart), timing process start → first 200 from /api/health; then idle RSS, and RSS after 10 s of signed-in
// load (autocannon, 10 connections, the prescriber's patient list). RSS is summed over the process and its children
// (`bin/liminal.mjs` runs tsx in a child process when it runs the sources).
// --from-source: LIMINAL_FROM_SOURCE=1, the TypeScript sources through tsx (the way before `npm run build:server`).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fromSource = process.argv.includes('--from-source');
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-startup-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function treeRssKiB(pid) {
  let total = 0;
  const kids = () => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    total += m ? Number(m[1]) : 0;
  } catch {}
  for (const k of kids()) total += treeRssKiB(Number(k));
  return total;
}

/** CPU time (user + system, ms) used so far by a process and its children: less sensitive than wall time to a
 * busy machine. Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux). */
function treeCpuMs(pid) {
  let total = 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(f[11]) + Number(f[12])) * 10;
    const kids = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const k of kids) total += treeCpuMs(Number(k));
  } catch {}
  return total;
}

async function start() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/liminal.mjs'), 'serve', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LIMINAL_FROM_SOURCE: fromSource ? '1' : '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) break;
    } catch {}
    await sleep(20);
  }
  return { child, ms: Math.round(performance.now() - t0), cpu: treeCpuMs(child.pid) };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

// The compiled run measures a fresh build (bin/liminal.mjs would run the sources if they were newer).
if (!fromSource)
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { stdio: 'ignore' });
const first = await start();
await stop(first.child);
const second = await start();
await sleep(3000);
const idle = treeRssKiB(second.child.pid);
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
  body: JSON.stringify({ email: 'prescriber@demo.liminal.test', password: 'liminal-demo-2026' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
const load = await autocannon({
  url: `${base}/api/patients`,
  connections: 10,
  duration: 10,
  headers: { cookie },
});
const loaded = treeRssKiB(second.child.pid);
await stop(second.child);
fs.rmSync(dataDir, { recursive: true, force: true });
const mb = (kib) => `${(kib / 1024).toFixed(0)} MB`;
process.stdout.write(
  `${fromSource ? 'sources through tsx' : 'compiled (dist/server)'}: cold start (fresh data, migrate + seed) ${first.ms} ms ` +
    `(CPU ${first.cpu} ms), restart ${second.ms} ms (CPU ${second.cpu} ms), load average ${os.loadavg()[0].toFixed(1)}, idle RSS ${mb(idle)}, RSS after 10 s of load ${mb(loaded)} ` +
    `(${load.requests.average.toFixed(0)} req/s, ${load.non2xx} non-2xx, login ${login.status})\n`,
);
