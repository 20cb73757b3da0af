/**
 * What the server itself saw during one measured run (issue #23): read from its Prometheus metrics
 * (`METRICS_PORT`, features/metrics/metrics.ts) just before and just after the run. The load generator's p99 is
 * the time from its own send to its own receive, on the same two cores as the server; these figures are the
 * server's: how many requests it answered within 25, 50 and 100 ms of receiving them (the request-duration
 * histogram's buckets), its garbage collector's pauses, and its event loop's delay over the run (prom-client
 * resets that histogram at every scrape, so the scrape after the run reports the run alone).
 */

/** One scrape's sums: request-duration buckets (all routes but health and metrics), GC pauses, loop delay. */
interface Snapshot {
  /** Requests answered, by bucket upper bound in seconds ('+Inf' included). */
  requests: Map<string, number>;
  gcSeconds: number;
  /** GC pauses of 10 ms or more. */
  gcOver10ms: number;
  lagP99: number;
  lagMax: number;
}

export interface ServerSide {
  /** Requests the server answered during the run. */
  answered: number;
  /** Shares of those answered within 25, 50 and 100 ms of the server receiving them. */
  within25: number;
  within50: number;
  within100: number;
  /** Garbage-collector pause time per second of the run (ms/s), and pauses of 10 ms or more. */
  gcMsPerSecond: number;
  gcOver10ms: number;
  /** The event loop's delay over the run: p99 and max, ms. */
  lagP99: number;
  lagMax: number;
}

const labelsOf = (s: string) => {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/(\w+)="([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
};

export function parseMetrics(text: string): Snapshot {
  const snap: Snapshot = {
    requests: new Map(),
    gcSeconds: 0,
    gcOver10ms: 0,
    lagP99: 0,
    lagMax: 0,
  };
  const gcUnder10 = new Map<string, number>();
  const gcAll = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{([^}]*)\})? ([-+\w.]+)$/.exec(line);
    if (!m) continue;
    const [, name, labelText = '', raw] = m;
    const value = Number(raw);
    const labels = labelsOf(labelText);
    if (
      name === 'liminal_http_request_duration_seconds_bucket' &&
      labels.route !== '/api/health' &&
      labels.route !== '/metrics'
    ) {
      const le = labels.le as string;
      snap.requests.set(le, (snap.requests.get(le) ?? 0) + value);
    } else if (name === 'nodejs_gc_duration_seconds_sum') snap.gcSeconds += value;
    else if (name === 'nodejs_gc_duration_seconds_bucket') {
      const kind = labels.kind ?? '';
      if (labels.le === '0.01') gcUnder10.set(kind, value);
      if (labels.le === '+Inf') gcAll.set(kind, value);
    } else if (name === 'nodejs_eventloop_lag_p99_seconds') snap.lagP99 = value;
    else if (name === 'nodejs_eventloop_lag_max_seconds') snap.lagMax = value;
  }
  for (const [kind, all] of gcAll) snap.gcOver10ms += all - (gcUnder10.get(kind) ?? 0);
  return snap;
}

/** Scrapes the server's metrics listener; `since` gives what happened between two scrapes. */
export function serverMetrics(url: string) {
  const scrape = async (): Promise<Snapshot | null> => {
    try {
      const r = await fetch(url);
      return r.ok ? parseMetrics(await r.text()) : null;
    } catch {
      return null;
    }
  };
  return {
    read: scrape,
    async since(before: Snapshot | null, seconds: number): Promise<ServerSide | null> {
      const after = await scrape();
      if (!before || !after) return null;
      const count = (le: string) => (after.requests.get(le) ?? 0) - (before.requests.get(le) ?? 0);
      const answered = count('+Inf');
      if (!answered) return null;
      const share = (le: string) => count(le) / answered;
      return {
        answered,
        within25: share('0.025'),
        within50: share('0.05'),
        within100: share('0.1'),
        gcMsPerSecond: ((after.gcSeconds - before.gcSeconds) * 1000) / seconds,
        gcOver10ms: after.gcOver10ms - before.gcOver10ms,
        lagP99: after.lagP99 * 1000,
        lagMax: after.lagMax * 1000,
      };
    },
  };
}
