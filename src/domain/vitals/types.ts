import { VITAL_SIGNS, type Vital, type VitalSign } from './signs';

export {
  BLOOD_PRESSURE_PANEL,
  type LoincCode,
  VITAL_SIGNS,
  VITALS,
  type Vital,
  type VitalSign,
  vitalOfLoinc,
} from './signs';

/** Values of the vital signs in the table (signs.ts), each in its unit; absent when not measured. */
export type VitalValues = Partial<Record<Vital, number>>;

/**
 * Vital signs as entered during a dosing day. All values optional: a reading may hold only a blood
 * pressure, or only what the pulse oximeter shows. `at` is a UTC ISO-8601 instant (ARCHITECTURE rule 8).
 */
export interface VitalReading extends VitalValues {
  at: string;
}

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** hold: do not dose until re-checked or a prescriber overrides; alert: notify the prescriber now. */
export const VITAL_RULE_LEVELS = ['hold', 'alert'] as const;
export type VitalRuleLevel = (typeof VITAL_RULE_LEVELS)[number];
/**
 * When a rule applies: before the dose in clinic, during the session, or at the at-home check-in before a
 * patient takes a dose at home (the home blood-pressure reading, DOMAIN §9).
 */
export const VITAL_PHASES = ['pre_dose', 'in_session', 'home_check_in'] as const;
export type VitalPhase = (typeof VITAL_PHASES)[number];
/** Plain words for a phase, for messages ("the pre-dose hold threshold") and screens ("Before the dose"). */
export const PHASE_INFO: Record<VitalPhase, { adjective: string; title: string }> = {
  pre_dose: { adjective: 'pre-dose', title: 'Before the dose (in clinic)' },
  in_session: { adjective: 'in-session', title: 'During the session' },
  home_check_in: { adjective: 'at-home check-in', title: 'At-home check-in, before a dose at home' },
};
/** published: from a label or consensus statement; policy: a clinic default the UI must call policy. */
export const VITAL_RULE_BASES = ['published', 'policy'] as const;
export type VitalRuleBasis = (typeof VITAL_RULE_BASES)[number];

export interface VitalRule {
  id: string;
  vital: Vital;
  comparator: Comparator;
  value: number;
  level: VitalRuleLevel;
  phase: VitalPhase;
  recheckMinutes: number;
  basis: VitalRuleBasis;
  source: string;
  /** Extra context shown with the rule (e.g. that some authors find a threshold strict). */
  note?: string;
}

export interface FiredVitalRule {
  ruleId: string;
  rule: VitalRule;
  vital: Vital;
  observed: number;
  level: VitalRuleLevel;
  recheckMinutes: number;
  message: string;
}

/** Same routes as DOMAIN §2 (and the screening module). */
export const MONITORING_ROUTES = ['iv', 'im', 'sublingual', 'oral', 'esketamine'] as const;
export type MonitoringRoute = (typeof MONITORING_ROUTES)[number];

/** Display names and units, used in messages (the vital-sign table's label and unit). */
export const VITAL_INFO: Readonly<Record<Vital, Pick<VitalSign, 'label' | 'unit'>>> = VITAL_SIGNS;
