/**
 * CPU time from /proc, in µs (issue #23): a process and its descendants, and every PostgreSQL process
 * (backends, WAL writer, checkpointer). Used by the load benchmark (run.ts) and the round-trip bench.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const us = (ticks: number) => (ticks * 1e6) / CLK_TCK;

/** User + system ticks of one process (all its threads). */
function ticksOf(pid: number | string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime
  } catch {
    return 0;
  }
}

/** CPU µs of a process and every process below it. */
export function processTreeCpu(pid: number): number {
  let total = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop() as number;
    total += ticksOf(p);
    try {
      todo.push(
        ...fs
          .readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
    } catch {}
  }
  return us(total);
}

/** CPU µs of every process named `postgres`. */
export function postgresCpu(): number {
  let total = 0;
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'postgres') total += ticksOf(p);
    } catch {}
  }
  return us(total);
}
