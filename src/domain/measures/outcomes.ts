// Clinic outcomes (issue #8; DOMAIN.md §4): per instrument, how many patients respond and remit, judged with
// the instrument's own rules exactly as each chart's trend judges them (trend.ts). For PHQ-9 those rules are
// response = at least a 50 % drop from baseline and remission = a total below 5 (Kroenke K, Spitzer RL. The
// PHQ-9: a new depression diagnostic and severity measure. Psychiatr Ann 2002;32(9):509-515); each rule
// carries its own source in the instrument definition (src/domain/instruments), repeated in the answer.
// Pure: the server counts in SQL with the same definitions and hands the counts here.

import { scoreRange } from '../instruments/scoring';
import type { InstrumentDefinition } from '../instruments/types';
import { describeRule, type RuleSummary } from './trend';

/**
 * How a patient is counted, for one instrument: the baseline is the earliest score answered for an intake
 * assignment (else the earliest score), an amendment standing in for the answer sheet it corrects at that
 * sheet's time; the patient's latest score is compared with the baseline. "Evaluable": a latest score other
 * than the baseline, both within today's score range. Rates are over evaluable patients (last observation).
 */
export const OUTCOME_METHOD =
  'Per patient and instrument: baseline = earliest intake score (else earliest score); the latest later score is compared with it by the instrument’s response and remission rules. Rates are the shares of evaluable patients (a follow-up score after the baseline) meeting each rule at their latest score.';

export interface OutcomeCounts {
  /** Patients with at least one score on the instrument. */
  patients: number;
  /** Patients with a baseline and a later score to compare with it. */
  evaluable: number;
  responders: number;
  remitters: number;
}

export interface InstrumentOutcome extends OutcomeCounts {
  instrumentId: string;
  name: string;
  /** responders / evaluable; null without a response rule or without evaluable patients. */
  responseRate: number | null;
  remissionRate: number | null;
  responseRule: RuleSummary | null;
  remissionRule: RuleSummary | null;
}

const rate = (n: number, of: number, ruled: boolean): number | null =>
  ruled && of > 0 ? Math.round((n / of) * 10_000) / 10_000 : null;

export function summariseOutcome(def: InstrumentDefinition, counts: OutcomeCounts): InstrumentOutcome {
  const response = def.scoring.response;
  const remission = def.scoring.remission;
  return {
    instrumentId: def.id,
    name: def.name,
    ...counts,
    responders: response ? counts.responders : 0,
    remitters: remission ? counts.remitters : 0,
    responseRate: rate(counts.responders, counts.evaluable, Boolean(response)),
    remissionRate: rate(counts.remitters, counts.evaluable, Boolean(remission)),
    responseRule: describeRule(response),
    remissionRule: describeRule(remission),
  };
}

/** The score range a comparison needs both totals inside (older scoring versions may fall outside). */
export const outcomeRange = (def: InstrumentDefinition): { min: number; max: number } => scoreRange(def);
