import { z } from 'zod';

/**
 * Operations endpoints for orchestrators and monitoring (issue #19): liveness (/api/health, in health's own
 * route), readiness, and the Prometheus metrics text (not JSON, so no body schema here).
 */
export const readinessCheck = z.enum(['ok', 'failing', 'not configured']);

export const readinessChecks = z.object({
  /** A query answers. */
  database: readinessCheck,
  /** Every migration this build knows has been applied. */
  migrations: readinessCheck,
  /** The mail worker is running (or 'not configured': no SMTP_URL, mail waits in the outbox). */
  mail: readinessCheck,
});

export const readyResponse = z.object({
  status: z.literal('ready'),
  checks: readinessChecks,
});

/** 503: problem+json naming the failing checks. */
export const notReadyResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(503),
  code: z.literal('unavailable'),
  detail: z.string(),
  failing: z.array(z.enum(['database', 'migrations', 'mail'])),
  checks: readinessChecks,
});

export const metricsHeaders = z.object({
  authorization: z.string().max(500).optional(),
});
