import type { Program } from './people';
import type { Rng } from './random';

/**
 * The synthetic clinic's end-of-session ratings (issue #21): answers to Liminal's acute-experience (lxr) and
 * dissociation (lds) ratings with a plausible, documented relation to outcome, so the outcomes dashboard has an
 * experience axis to show. Invented for test data; it is not a finding. The model, per patient and session:
 *
 *   drop  = the share of the baseline PHQ-9 the patient's course plan removes (0 = none, 1 = all), clamped 0–1
 *   insight    ~ N(2 + 6·drop, 1.5)        release ~ N(1.5 + 5·drop, 1.5)      connection ~ N(2.5 + 4.5·drop, 1.5)
 *   intensity  ~ N(5.5 + side·3.5·(1 − drop) + 0.8·doseStep, 1.2), where side = −1 or +1 per patient (half of
 *                the patients who improve little feel little, half are overwhelmed: even-numbered patients +1,
 *                odd −1, so the side is fixed for a patient): moderate intensity goes
 *                with larger drops, both extremes with smaller ones; doseStep = −1, 0, +1 for a low, middle or
 *                high dose of the route
 *   difficulty ~ N(0.5 + 0.45·intensity + 2·(1 − drop), 1.5)
 *   dissociation: body ~ N(0.8·intensity, 1.5), time ~ N(1 + 0.7·intensity, 1.5), unreal ~ N(0.7·intensity, 1.5),
 *                 self ~ N(0.6·intensity, 1.5)
 *
 * every item rounded and clamped to 0–10. About 1 session in 10 is not rated (the patient declined). Draws come
 * from forks of the patient's stream (`fork` does not advance it), so adding the ratings changed none of the
 * other synthetic data (only the ids drawn after them), and a seed gives the same ratings every time.
 */
export interface ExperiencePlan {
  /** The PHQ-9 drop the patient's course plan reaches, as a share of baseline (0–1). */
  drop: number;
  /** −1 or +1: which extreme of intensity a patient who improves little tends to. */
  side: -1 | 1;
}

const item = (rng: Rng, mean: number, sd: number) =>
  Math.round(Math.max(0, Math.min(10, rng.normal(mean, sd))));

export function experiencePlan(side: -1 | 1, baseline: number, finalScore: number): ExperiencePlan {
  const drop = baseline > 0 ? Math.max(0, Math.min(1, (baseline - finalScore) / baseline)) : 0;
  return { drop, side };
}

/** One session's answers on both ratings, or null when the patient did not rate it. */
export function experienceAnswers(
  rng: Rng,
  plan: ExperiencePlan,
  doseStep: -1 | 0 | 1,
): { lxr: Record<string, number>; lds: Record<string, number> } | null {
  if (rng.chance(0.1)) return null;
  const { drop, side } = plan;
  const intensity = item(rng, 5.5 + side * 3.5 * (1 - drop) + 0.8 * doseStep, 1.2);
  return {
    lxr: {
      'lxr-intensity': intensity,
      'lxr-insight': item(rng, 2 + 6 * drop, 1.5),
      'lxr-release': item(rng, 1.5 + 5 * drop, 1.5),
      'lxr-connection': item(rng, 2.5 + 4.5 * drop, 1.5),
      'lxr-difficulty': item(rng, 0.5 + 0.45 * intensity + 2 * (1 - drop), 1.5),
    },
    lds: {
      'lds-body': item(rng, 0.8 * intensity, 1.5),
      'lds-time': item(rng, 1 + 0.7 * intensity, 1.5),
      'lds-unreal': item(rng, 0.7 * intensity, 1.5),
      'lds-self': item(rng, 0.6 * intensity, 1.5),
    },
  };
}

/** A dose's place in its route's usual range: low (−1), middle (0) or high (+1). */
export function doseStep(program: Program, dose: number): -1 | 0 | 1 {
  const [low, high] =
    program === 'im_kap'
      ? [0.6, 0.8]
      : program === 'iv_series'
        ? [0.55, 0.7]
        : program === 'esketamine'
          ? [57, 84]
          : [150, 250];
  return dose < low ? -1 : dose >= high ? 1 : 0;
}
