import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from './config';
import { setDbTracing } from './db/tracing';

/**
 * OpenTelemetry traces (issue #19), on only when OTEL_EXPORTER_OTLP_ENDPOINT is set: the official Node SDK
 * exports spans over OTLP (the SDK reads the other OTEL_* variables: protocol, headers, sampler, service name),
 * @fastify/otel makes a span per request and per hook, and db/tracing.ts one per database query.
 *
 * No patient data in a span: no HTTP client/server auto-instrumentation (it records full URLs), and the request
 * span's `url.path`, which @fastify/otel fills with the raw URL (ids, and query strings such as a name searched
 * for), is overwritten with the route pattern (`/api/patients/:patientId`). Database spans name the operation
 * and table only. test/http/tracing.test.ts drives requests with a canary patient and checks every span.
 * The SDK's own metrics and logs exporters stay off (metrics are /metrics, logs are pino's) unless set.
 */
export async function startTracing(config: Config): Promise<{ shutdown(): Promise<void> } | null> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'liminal', instrumentations: [] });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/** Registers the request instrumentation on the app (before its routes) and turns on database spans. */
export async function registerTracing(app: FastifyInstance): Promise<void> {
  const { default: FastifyOtelInstrumentation } = await import('@fastify/otel');
  const instrumentation = new FastifyOtelInstrumentation({
    requestHook: (span, request: FastifyRequest) => {
      span.setAttribute('url.path', request.routeOptions.url ?? '(no route)');
    },
  });
  await app.register(instrumentation.plugin());
  setDbTracing(true);
  app.addHook('onClose', async () => setDbTracing(false));
}

export const tracingWanted = (config: Config): boolean => Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT);
