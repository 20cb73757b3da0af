import type { ScreeningResult } from '../../../domain/screening';
import { type ScreeningStatus, screeningStatus } from '../../../domain/screening/status';
import type { Executor } from '../../db/dialect';
import { childrenOf, decisionsFor, getPatient } from './repository';
import { evaluatePatient, fingerprint } from './screening';

/**
 * Whether the patient is cleared by screening today: the latest prescriber decision is "cleared" and was
 * made about the same evaluation the record gives now (a changed record needs a new review).
 */
export async function screeningState(
  trx: Executor,
  patientId: string,
  today: string,
): Promise<{ cleared: boolean; evaluation: ScreeningResult | null }> {
  const p = await getPatient(trx, patientId);
  if (!p) return { cleared: false, evaluation: null };
  const kids = await childrenOf(trx, patientId);
  const evaluation = evaluatePatient(p, kids.medications, today);
  const status = await screeningStatusOf(trx, patientId, evaluation);
  return { cleared: status.cleared, evaluation };
}

/** The screening's status for the chart's header, the screening tab and the readiness gate alike. */
export async function screeningStatusOf(
  trx: Executor,
  patientId: string,
  evaluation: ScreeningResult,
): Promise<ScreeningStatus> {
  return screeningStatusFrom((await decisionsFor(trx, patientId))[0] ?? null, evaluation);
}

/** The same status from the latest decision, however it was read (the chart reads it with its other lists). */
export function screeningStatusFrom(
  last: { decision: string; evaluation: string } | null,
  evaluation: ScreeningResult,
): ScreeningStatus {
  const latest = last
    ? {
        decision: last.decision,
        stale: fingerprint(JSON.parse(last.evaluation) as ScreeningResult) !== fingerprint(evaluation),
      }
    : null;
  return screeningStatus(evaluation.outcome, latest);
}
