/**
 * Timing and event probes for the operations metrics (features/metrics). Code deep below any app instance
 * (the audit append, a group commit's sync, the mail worker) reports here; each app that serves /metrics
 * subscribes while it runs and unsubscribes when it closes. With no subscriber a probe costs one Set check.
 * This is the one piece of module-level state: a listener list, which holds no data of its own.
 */
export type ProbeName =
  | 'audit_append_seconds'
  | 'group_commit_seconds'
  | 'mail_sent'
  | 'mail_failed'
  | 'export_job_finished'
  | 'export_job_failed';

type Listener = (name: ProbeName, value: number) => void;
const listeners = new Set<Listener>();

export function probe(name: ProbeName, value = 1): void {
  if (listeners.size === 0) return;
  for (const l of listeners) l(name, value);
}

/** Seconds since a `performance.now()` reading, for duration probes. */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;

/** Subscribes; returns the unsubscribe function. */
export function onProbe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
