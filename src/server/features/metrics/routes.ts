import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { metricsHeaders } from '../../../contracts/operations';
import { appendAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { safeEqual } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import type { AppMetrics } from './metrics';

/**
 * GET /metrics (Prometheus text format). Not public, two ways to open it (README "Monitoring"):
 * - METRICS_TOKEN: on the app's own port, for a request carrying `Authorization: Bearer <token>`. A request
 *   without it or with another token is refused (401) and the refusal is audited.
 * - METRICS_PORT: a second listener on METRICS_HOST (loopback by default) that serves only the metrics, without
 *   a token; reaching it is the credential, so it must not be published beyond the host or the pod.
 * With neither set, /metrics does not exist (404). Its route declares `public` to the session layer: no cookie or
 * role applies; the token is this route's own credential (as the FHIR client secret is the token endpoint's).
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  ctx: AppContext,
  metrics: AppMetrics | null,
): void {
  const token = ctx.config.METRICS_TOKEN;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (bearer token METRICS_TOKEN; 404 when not turned on)',
        headers: metricsHeaders,
        hide: true,
      },
    },
    async (request, reply) => {
      if (!metrics || !token) throw new AppError('not_found', 'The metrics are not turned on here.');
      const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!m || !safeEqual(m[1] as string, token)) {
        await ctx.db.transaction().execute((trx) =>
          appendAudit(trx, ctx.clock, request.meta, {
            action: 'auth.metrics_refused',
            outcome: 'denied',
            detail: { reason: m ? 'wrong_token' : 'no_token' },
          }),
        );
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('unauthenticated', 'The metrics need the monitoring bearer token.');
      }
      reply.header('cache-control', 'no-store').type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}

/** The METRICS_PORT listener: GET /metrics only, no token (see above). Resolves once it listens. */
export async function startMetricsListener(
  metrics: AppMetrics,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not found: only GET /metrics is served here.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) =>
        res
          .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
          .end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('The metrics could not be collected.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
