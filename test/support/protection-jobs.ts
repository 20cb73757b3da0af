import type { FastifyInstance } from 'fastify';
import { type ProtectionService, startProtectionJobs } from '../../src/server/features/protection/service';

/**
 * Runs the data-protection job as the server starts it (app.ts), with its first run after 10 ms instead of 30 s,
 * until `done()` holds (or 10 s pass), then stops it. Returns what the job warned (a failed step is warned and
 * the next step still runs).
 */
export async function runProtectionJobsUntil(
  svc: ProtectionService,
  done: () => Promise<boolean>,
): Promise<unknown[]> {
  const onClose: (() => Promise<void>)[] = [];
  const warnings: unknown[] = [];
  const app = {
    log: { warn: (...args: unknown[]) => warnings.push(args) },
    addHook: (_name: string, hook: () => Promise<void>) => onClose.push(hook),
  } as unknown as FastifyInstance;
  startProtectionJobs(app, svc, 60_000, 10);
  const until = Date.now() + 10_000;
  while (!(await done()) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  for (const hook of onClose) await hook();
  return warnings;
}
