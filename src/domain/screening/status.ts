import type { ScreeningOutcome } from './types';

/**
 * Where a patient's eligibility screening stands, for every screen that shows it (the chart's header, the
 * screening tab, the readiness gate): the rules' outcome and the prescriber's latest decision, read together.
 * A decision is `stale` when the record has changed since it was made (the rules give another result), and
 * then it no longer counts. DOMAIN §3: absolute contraindications cannot be cleared; everything else needs a
 * prescriber's decision before dosing, even an "eligible" result.
 */
export type ScreeningState =
  | 'cleared'
  | 'not_cleared'
  | 'review_again'
  | 'not_eligible'
  | 'needs_review'
  | 'awaiting_decision';

export interface ScreeningStatus {
  state: ScreeningState;
  /** Short words for a badge: "Cleared", "Needs review" … */
  label: string;
  /** Cleared for treatment: a current prescriber decision clears this result. */
  cleared: boolean;
  /** Red (a stop), amber (someone must look) or green (cleared), as UX.md principle 2. */
  tone: 'red' | 'amber' | 'green';
}

const STATUS: Record<ScreeningState, Omit<ScreeningStatus, 'state'>> = {
  cleared: { label: 'Cleared', cleared: true, tone: 'green' },
  not_cleared: { label: 'Not cleared', cleared: false, tone: 'red' },
  not_eligible: { label: 'Not eligible', cleared: false, tone: 'red' },
  review_again: { label: 'Review again', cleared: false, tone: 'amber' },
  needs_review: { label: 'Needs review', cleared: false, tone: 'amber' },
  awaiting_decision: { label: 'Awaiting decision', cleared: false, tone: 'amber' },
};

export function screeningStatus(
  outcome: ScreeningOutcome,
  latest: { decision: 'cleared' | 'not_cleared' | string; stale: boolean } | null,
): ScreeningStatus {
  const state: ScreeningState =
    latest && !latest.stale
      ? latest.decision === 'cleared'
        ? 'cleared'
        : 'not_cleared'
      : outcome === 'not_eligible'
        ? 'not_eligible'
        : latest
          ? 'review_again'
          : outcome === 'needs_review'
            ? 'needs_review'
            : 'awaiting_decision';
  return { state, ...STATUS[state] };
}
