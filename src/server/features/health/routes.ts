import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { notReadyResponse, readyResponse } from '../../../contracts/operations';
import { pendingMigrations } from '../../db/migrate';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';

type Check = 'ok' | 'failing' | 'not configured';
const DB_TIMEOUT_MS = 5_000;

/** A promise that gives up after `ms` (a database that hangs is as unready as one that refuses). */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Liveness and database reachability, for proxies and monitors',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch {
        throw new AppError('unavailable', 'The database is not reachable.');
      }
      return { status: 'ok' as const, database: ctx.handle.engine };
    },
  );

  // Readiness, for orchestrators and load balancers: send traffic only when every check passes. /api/health
  // stays the liveness probe (restart only when the process itself is wedged).
  api.get(
    '/api/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary:
          'Readiness: database reachable, migrations current, mail worker alive (503 names what fails)',
        response: { 200: readyResponse, 503: notReadyResponse },
      },
    },
    async (_request, reply) => {
      let database: Check = 'ok';
      let migrations: Check = 'ok';
      try {
        await within(sql`select 1`.execute(ctx.db), DB_TIMEOUT_MS);
      } catch {
        database = 'failing';
      }
      if (database === 'ok') {
        try {
          migrations =
            (await within(pendingMigrations(ctx.db), DB_TIMEOUT_MS)).length === 0 ? 'ok' : 'failing';
        } catch {
          migrations = 'failing';
        }
      } else migrations = 'failing';
      const worker = ctx.mailer.workerState();
      const mail: Check = worker === 'off' ? 'not configured' : worker === 'alive' ? 'ok' : 'failing';
      const checks = { database, migrations, mail };
      const failing = (['database', 'migrations', 'mail'] as const).filter((k) => checks[k] === 'failing');
      if (failing.length === 0) return { status: 'ready' as const, checks };
      const detail = [
        database === 'failing' ? 'The database is not reachable.' : null,
        database === 'ok' && migrations === 'failing' ? 'The database has migrations still to apply.' : null,
        mail === 'failing' ? `The mail worker is ${worker}.` : null,
      ]
        .filter(Boolean)
        .join(' ');
      return reply
        .status(503)
        .type('application/problem+json')
        .send({
          type: 'urn:liminal:problem:unavailable',
          title: 'Not ready',
          status: 503 as const,
          code: 'unavailable' as const,
          detail,
          failing,
          checks,
        });
    },
  );
}
