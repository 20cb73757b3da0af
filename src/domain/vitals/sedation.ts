/**
 * Modified Observer's Assessment of Alertness/Sedation (MOAA/S), 0–5, derived from Chernik et al. 1990
 * (J Clin Psychopharmacol 10:244–251) and used to rate sedation in the esketamine trials and on the
 * Spravato REMS form. Descriptions are paraphrased; 5 is fully alert, 0 is unresponsive.
 */
export type MoaasScore = 0 | 1 | 2 | 3 | 4 | 5;

export interface MoaasLevel {
  score: MoaasScore;
  description: string;
}

export const MOAAS_SCALE: readonly MoaasLevel[] = [
  { score: 5, description: 'Responds readily to name spoken in a normal tone' },
  { score: 4, description: 'Lethargic response to name spoken in a normal tone' },
  { score: 3, description: 'Responds only after name is called loudly and/or repeatedly' },
  { score: 2, description: 'Responds only after mild prodding or shaking' },
  { score: 1, description: 'Responds only after a painful trapezius squeeze' },
  { score: 0, description: 'No response to a painful trapezius squeeze' },
];

export function isMoaasScore(value: unknown): value is MoaasScore {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5;
}

export function describeMoaas(score: MoaasScore): string {
  return MOAAS_SCALE.find((level) => level.score === score)?.description ?? '';
}

/** Sedation counts as resolved only at full alertness (5); anything lower keeps the patient monitored. */
export function sedationResolved(score: MoaasScore | undefined): boolean {
  return score === 5;
}
