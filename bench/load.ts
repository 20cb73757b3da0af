/**
 * The load generator, run as its own process by bench/run.ts so that it never shares an event loop with the
 * server it measures: `node --import tsx bench/load.ts '<json>'`. Prints one JSON result line on stdout.
 * Requests go to loopback only (the URL is checked), for a bounded duration.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  base: string;
  connections: number;
  duration: number;
  method: 'GET' | 'POST';
  /** Paths to request; each request picks the next one round-robin (per connection, from a random start). */
  paths: string[];
  headers?: Record<string, string>;
  /** 'vitals': a vital-sign entry body with a fresh idempotency key per request (header and body). */
  body?: 'vitals';
  keyPrefix?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

async function main() {
  const spec = JSON.parse(process.argv[2] as string) as LoadSpec;
  const host = new URL(spec.base).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host))
    throw new Error(`load tests target loopback only, not ${host}`);
  if (spec.duration > 120) throw new Error('a bench run is bounded: at most 120 s per scenario');
  let counter = 0;
  const prefix = spec.keyPrefix ?? `bench-${process.pid}-${Date.now().toString(36)}`;
  const instance = autocannon({
    url: spec.base,
    connections: spec.connections,
    duration: spec.duration,
    timeout: 10,
    headers: { ...(spec.headers ?? {}), ...(spec.body ? { 'content-type': 'application/json' } : {}) },
    requests: [
      {
        method: spec.method,
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          const i =
            ((context.i as number | undefined) ?? Math.floor(Math.random() * spec.paths.length)) %
            spec.paths.length;
          context.i = i + 1;
          const out: Record<string, unknown> = { ...req, method: spec.method, path: spec.paths[i] };
          if (spec.body === 'vitals') {
            const key = `${prefix}-${++counter}`;
            out.headers = { ...(req.headers as Record<string, string>), 'idempotency-key': key };
            const sbp = 110 + (counter % 25);
            out.body = JSON.stringify({
              idempotencyKey: key,
              entry: {
                kind: 'vitals',
                vitals: { sbp, dbp: sbp - 40, hr: 60 + (counter % 30), spo2: 97, rr: 14 },
              },
            });
          }
          return out;
        },
      },
    ],
  });
  const r = await instance;
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(
    (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
  ))
    statusCodes[code] = Number(v.count);
  const out: LoadResult = {
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    statusCodes,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
