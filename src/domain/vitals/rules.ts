import type {
  Comparator,
  FiredVitalRule,
  Vital,
  VitalPhase,
  VitalReading,
  VitalRule,
  VitalRuleBasis,
  VitalRuleLevel,
} from './types';
import { PHASE_INFO, VITAL_INFO } from './types';

/**
 * Default vital-sign rules (DOMAIN §3). Defaults only: a clinic's medical director publishes the clinic's own
 * versions of them (src/domain/rules, validated by vitalRuleSetSchema), and each rule carries the source the
 * UI shows next to it.
 *
 * Re-check intervals are clinic defaults, not from a publication: 15 min before dosing gives a patient who
 * is anxious on arrival time to settle; 5 min in session keeps a rising value under close watch.
 */

const SPRAVATO_BP =
  'Spravato (esketamine) US prescribing information §2: before dosing, if blood pressure is above 140/90, ' +
  'consider delaying treatment';
const APA_2017 =
  'Sanacora G et al. 2017, consensus statement on ketamine for mood disorders, JAMA Psychiatry 74(4):399–405';
const APA_NOTE =
  'Widely cited practice; some authors consider these limits too strict for transient rises during a session.';
const POLICY = 'Clinic policy default (not a published rule)';
const HOME_BP = `${SPRAVATO_BP}; applied to the home reading as in clinic (at-home programmes set their own gate)`;
const HOME_NOTE =
  'Some remote programmes use a different home gate: do not proceed above 160/90 or a pulse of 100.';

export const DEFAULT_VITAL_RULES: readonly VitalRule[] = [
  // Pre-dose holds.
  {
    id: 'pre_dose_sbp_hold',
    vital: 'sbp',
    comparator: '>',
    value: 140,
    level: 'hold',
    phase: 'pre_dose',
    recheckMinutes: 15,
    basis: 'published',
    source: SPRAVATO_BP,
  },
  {
    id: 'pre_dose_dbp_hold',
    vital: 'dbp',
    comparator: '>',
    value: 90,
    level: 'hold',
    phase: 'pre_dose',
    recheckMinutes: 15,
    basis: 'published',
    source: SPRAVATO_BP,
  },
  {
    id: 'pre_dose_hr_hold',
    vital: 'hr',
    comparator: '>',
    value: 110,
    level: 'hold',
    phase: 'pre_dose',
    recheckMinutes: 15,
    basis: 'policy',
    source: POLICY,
  },
  {
    id: 'pre_dose_spo2_hold',
    vital: 'spo2',
    comparator: '<',
    value: 94,
    level: 'hold',
    phase: 'pre_dose',
    recheckMinutes: 15,
    basis: 'policy',
    source: POLICY,
  },
  // In-session alerts.
  {
    id: 'in_session_sbp_alert',
    vital: 'sbp',
    comparator: '>',
    value: 180,
    level: 'alert',
    phase: 'in_session',
    recheckMinutes: 5,
    basis: 'published',
    source: APA_2017,
    note: APA_NOTE,
  },
  {
    id: 'in_session_dbp_alert',
    vital: 'dbp',
    comparator: '>',
    value: 100,
    level: 'alert',
    phase: 'in_session',
    recheckMinutes: 5,
    basis: 'published',
    source: APA_2017,
    note: APA_NOTE,
  },
  {
    id: 'in_session_hr_alert',
    vital: 'hr',
    comparator: '>',
    value: 110,
    level: 'alert',
    phase: 'in_session',
    recheckMinutes: 5,
    basis: 'published',
    source: APA_2017,
    note: APA_NOTE,
  },
  {
    id: 'in_session_spo2_alert',
    vital: 'spo2',
    comparator: '<',
    value: 92,
    level: 'alert',
    phase: 'in_session',
    recheckMinutes: 5,
    basis: 'policy',
    source: POLICY,
  },
  {
    id: 'in_session_rr_alert',
    vital: 'rr',
    comparator: '<',
    value: 10,
    level: 'alert',
    phase: 'in_session',
    recheckMinutes: 5,
    basis: 'policy',
    source: POLICY,
  },
];

/**
 * The at-home check-in before a patient takes a sublingual dose at home (DOMAIN §9): the home blood pressure
 * and pulse hold the dose as in clinic, re-checked after 5 min. The clinic sets its own limits; the session
 * that reads them is built later, from the same versioned rule set.
 */
export const DEFAULT_HOME_CHECK_IN_RULES: readonly VitalRule[] = [
  {
    id: 'home_sbp_hold',
    vital: 'sbp',
    comparator: '>',
    value: 140,
    level: 'hold',
    phase: 'home_check_in',
    recheckMinutes: 5,
    basis: 'published',
    source: HOME_BP,
    note: HOME_NOTE,
  },
  {
    id: 'home_dbp_hold',
    vital: 'dbp',
    comparator: '>',
    value: 90,
    level: 'hold',
    phase: 'home_check_in',
    recheckMinutes: 5,
    basis: 'published',
    source: HOME_BP,
    note: HOME_NOTE,
  },
  {
    id: 'home_hr_hold',
    vital: 'hr',
    comparator: '>',
    value: 110,
    level: 'hold',
    phase: 'home_check_in',
    recheckMinutes: 5,
    basis: 'policy',
    source: POLICY,
    note: HOME_NOTE,
  },
];

export function compare(observed: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return observed > threshold;
    case '>=':
      return observed >= threshold;
    case '<':
      return observed < threshold;
    case '<=':
      return observed <= threshold;
  }
}

export const COMPARATOR_WORDS: Record<Comparator, string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
};

function messageFor(rule: VitalRule, observed: number): string {
  const { label, unit } = VITAL_INFO[rule.vital];
  const action =
    rule.level !== 'hold'
      ? `Notify the prescriber; re-check in ${rule.recheckMinutes} min.`
      : rule.phase === 'home_check_in'
        ? `Do not take the dose yet; re-check in ${rule.recheckMinutes} min or call the care team.`
        : `Hold the dose; re-check in ${rule.recheckMinutes} min or a prescriber overrides with a reason.`;
  const kind = rule.basis === 'policy' ? 'clinic policy' : 'published';
  return (
    `${label} ${observed} ${unit} is ${COMPARATOR_WORDS[rule.comparator]} the ` +
    `${PHASE_INFO[rule.phase].adjective} ${rule.level} threshold ` +
    `(${rule.comparator} ${rule.value} ${unit}). ${action} Source (${kind}): ${rule.source}.`
  );
}

/**
 * Rules of the given phase that a reading triggers, in rule-set order. Vitals absent from the reading
 * are skipped (a reading may hold only SpO2); non-finite numbers are ignored rather than guessed at.
 */
export function evaluateVitals(
  reading: VitalReading,
  phase: VitalPhase,
  rules: readonly VitalRule[] = DEFAULT_VITAL_RULES,
): FiredVitalRule[] {
  const fired: FiredVitalRule[] = [];
  for (const rule of rules) {
    if (rule.phase !== phase) continue;
    const observed = reading[rule.vital];
    if (observed === undefined || !Number.isFinite(observed)) continue;
    if (!compare(observed, rule.comparator, rule.value)) continue;
    fired.push({
      ruleId: rule.id,
      rule,
      vital: rule.vital,
      observed,
      level: rule.level,
      recheckMinutes: rule.recheckMinutes,
      message: messageFor(rule, observed),
    });
  }
  return fired;
}

/**
 * A fired rule as it is kept with the saved entry and shown on screens: the rule's source and basis travel
 * with the message, so the record still says why it fired after the clinic changes its rules.
 */
export interface FiredRuleRecord {
  ruleId: string;
  vital: Vital;
  level: VitalRuleLevel;
  message: string;
  source: string;
  basis: VitalRuleBasis;
  recheckMinutes: number;
}

export const firedRuleRecord = (f: FiredVitalRule): FiredRuleRecord => ({
  ruleId: f.ruleId,
  vital: f.vital,
  level: f.level,
  message: f.message,
  source: f.rule.source,
  basis: f.rule.basis,
  recheckMinutes: f.recheckMinutes,
});
