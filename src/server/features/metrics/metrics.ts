import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../../platform/context';
import { onProbe, type ProbeName } from '../../platform/probes';
import { serviceOf } from '../../platform/services';
import { ProtectionService } from '../protection';
import * as repo from './repository';

/**
 * The Prometheus metrics of one app (issue #19), in its own registry. Labels are bounded and carry no patient
 * data: a request is counted under its route pattern (`/api/patients/:id`, never the URL with an id or a
 * query), its method and status; the database gauges are counts. Built only when /metrics is turned on
 * (METRICS_TOKEN or METRICS_PORT), so an app without monitoring pays nothing.
 */
export interface AppMetrics {
  registry: Registry;
  /** Counts one answered request. `route` is the route pattern, or undefined when no route matched. */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void;
  close(): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(ctx: AppContext): AppMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'liminal' });
  // Process and runtime: CPU, resident memory, heap by space, event-loop lag (and its percentiles), GC pauses
  // by kind, handles, file descriptors.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const requests = new Counter({
    name: 'liminal_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'liminal_http_request_duration_seconds',
    help: 'Time from request to response, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const groupCommit = new Histogram({
    name: 'liminal_db_group_commit_seconds',
    help: 'Time of one group-commit sync (SQLite WAL fdatasync) or flush (PostgreSQL WAL flush)',
    buckets: FAST_BUCKETS,
    registers: [registry],
  });
  const auditAppend = new Histogram({
    name: 'liminal_audit_append_seconds',
    help: 'Time to append one entry to the hash-chained audit log (inside its transaction)',
    buckets: FAST_BUCKETS,
    registers: [registry],
  });
  const mailSent = new Counter({
    name: 'liminal_mail_sent_total',
    help: 'Outbox messages delivered to the SMTP server by this process',
    registers: [registry],
  });
  const mailFailed = new Counter({
    name: 'liminal_mail_send_failures_total',
    help: 'Failed SMTP delivery attempts by this process (each is retried later)',
    registers: [registry],
  });
  const exportsDone = new Counter({
    name: 'liminal_export_jobs_finished_total',
    help: 'FHIR export jobs this process finished, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  const engine = ctx.handle.engine;
  new Gauge({
    name: 'liminal_db_pool_connections',
    help: 'PostgreSQL connection pool of this process: open, idle, in use, requests waiting, and its limit',
    labelNames: ['state'] as const,
    registers: engine === 'postgres' ? [registry] : [],
    collect() {
      const s = ctx.handle.poolStats?.();
      if (!s) return;
      this.set({ state: 'open' }, s.size);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'in_use' }, s.size - s.idle);
      this.set({ state: 'waiting' }, s.waiting);
      this.set({ state: 'max' }, s.max);
    },
  });
  // From the database at each scrape (so every app process reports the same shared state):
  new Gauge({
    name: 'liminal_mail_outbox_messages',
    help: 'Outbox messages not yet delivered: all, and those whose last attempt failed',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const c = await repo.outboxCounts(ctx.db);
      this.set({ state: 'pending' }, c.pending);
      this.set({ state: 'failing' }, c.failing);
    },
  });
  new Gauge({
    name: 'liminal_export_jobs',
    help: 'FHIR bulk and patient export jobs, by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of ['accepted', 'in-progress', 'completed', 'failed', 'cancelled'])
        this.set({ status: s }, 0);
      for (const row of await repo.exportJobsByStatus(ctx.db))
        this.set({ status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'liminal_active_sessions',
    help: 'Signed-in sessions neither ended nor past their idle or absolute limit',
    registers: [registry],
    async collect() {
      const now = ctx.clock.now();
      const idleSince = new Date(now.getTime() - ctx.config.SESSION_IDLE_MINUTES * 60_000);
      this.set(await repo.activeSessionCount(ctx.db, now.toISOString(), idleSince.toISOString()));
    },
  });

  // Backups (issue #20; embedded SQLite): when the last one ran, how it ended, and how old the newest one is.
  const protection = serviceOf(ctx, ProtectionService);
  new Gauge({
    name: 'liminal_backup_last_run_timestamp_seconds',
    help: "When this process's last backup ran (scheduled or an admin's), by outcome (ok or failed)",
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const run = protection.lastBackupRun();
      if (run) this.set({ outcome: run.ok ? 'ok' : 'failed' }, Date.parse(run.at) / 1000);
    },
  });
  new Gauge({
    name: 'liminal_backup_newest_age_seconds',
    help: 'Age of the newest backup in BACKUP_DIR (absent when there is none): alert when it passes BACKUP_EVERY_HOURS',
    registers: [registry],
    collect() {
      this.reset();
      const newest = protection.listBackups()[0];
      if (newest) this.set((ctx.clock.now().getTime() - Date.parse(newest.at)) / 1000);
    },
  });

  const byProbe: Record<ProbeName, (v: number) => void> = {
    audit_append_seconds: (v) => auditAppend.observe(v),
    group_commit_seconds: (v) => groupCommit.observe(v),
    mail_sent: (v) => mailSent.inc(v),
    mail_failed: (v) => mailFailed.inc(v),
    export_job_finished: (v) => exportsDone.inc({ outcome: 'completed' }, v),
    export_job_failed: (v) => exportsDone.inc({ outcome: 'failed' }, v),
  };
  const unsubscribe = onProbe((name, value) => byProbe[name](value));

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const labels = { method, route: route ?? 'unmatched', status_code: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    close() {
      unsubscribe();
      registry.clear();
    },
  };
}
