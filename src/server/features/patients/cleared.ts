import type { Executor } from '../../db/dialect';
import type { ScreeningResult } from '../../../domain/screening';
import { childrenOf, decisionsFor, getPatient } from './repository';
import { evaluatePatient, fingerprint } from './screening';

/**
 * Whether the patient is cleared by screening today: the latest prescriber decision is "cleared" and was
 * made about the same evaluation the record gives now (a changed record needs a new review).
 */
export async function screeningState(trx: Executor, patientId: string, today: string): Promise<{ cleared: boolean; evaluation: ScreeningResult | null }> {
  const p = await getPatient(trx, patientId);
  if (!p) return { cleared: false, evaluation: null };
  const kids = await childrenOf(trx, patientId);
  const evaluation = evaluatePatient(p, kids.medications, today);
  const last = (await decisionsFor(trx, patientId))[0];
  const cleared = Boolean(last && last.decision === 'cleared' && fingerprint(JSON.parse(last.evaluation) as ScreeningResult) === fingerprint(evaluation));
  return { cleared, evaluation };
}
