export { ageInYears, fieldsOf } from './conditions';
export type { DecisionError, ScreeningDecision } from './evaluate';
export { decisionAllowed, evaluateEligibility, OUTCOME_RANK } from './evaluate';
export { HISTORY_LABELS, humanise, missingFieldLabel, screeningRuleLabel } from './labels';
export type { MedicationClassInfo } from './medications';
export { classifyMedication, MEDICATION_CATALOGUE, medicationClassesOf } from './medications';
export type { ScreeningRuleOverrides } from './overrides';
export {
  applyScreeningOverrides,
  screeningRuleOverridesSchema,
  unknownOverrideRuleIds,
} from './overrides';
export { DEFAULT_SCREENING_RULES } from './rules';
export * from './types';
