import { enqueue, newKey } from './offline-queue';
import { sessionPath } from './session-query';

/**
 * Records a monitoring entry through the offline queue: a new idempotency key, the time it was taken, and
 * an optional correction link. Returns at once; the queue saves it (and retries) in the background.
 */
export function recordEntry(
  patientId: string,
  sessionId: string,
  entry: Record<string, unknown> & { kind: string },
  label: string,
  correctsId?: string,
): void {
  const key = newKey();
  enqueue({
    key,
    patientId,
    sessionId,
    path: `${sessionPath(patientId, sessionId)}/entries`,
    body: { idempotencyKey: key, at: new Date().toISOString(), entry, ...(correctsId ? { correctsId } : {}) },
    label,
  });
}

/** Records an administration (injection, infusion start/stop, nasal device) through the same queue. */
export function recordAdministration(
  patientId: string,
  sessionId: string,
  body: { mg: number; phase: string; site?: string; lot?: string; product?: string; deviceNumber?: number },
  label: string,
): void {
  const key = newKey();
  enqueue({
    key,
    patientId,
    sessionId,
    path: `${sessionPath(patientId, sessionId)}/administrations`,
    body: { idempotencyKey: key, at: new Date().toISOString(), ...body },
    label,
  });
}
