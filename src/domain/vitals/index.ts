export type {
  CadenceStatus,
  Checkpoint,
  DueItem,
  FiredForRecheck,
  MonitoringTemplate,
  Recheck,
} from './cadence';
export { MONITORING_TEMPLATES, nextDue, recheckAfter, templateFor } from './cadence';
export type { DischargeInput, DischargeItem, DischargeTolerances } from './discharge';
export { DEFAULT_DISCHARGE_TOLERANCES, dischargeCheck } from './discharge';
export type {
  MonitoredReading,
  MonitoringInput,
  MonitoringState,
  SafetyFlag,
  SafetyFlagKind,
  SessionSafety,
} from './monitoring';
export { minutesText, monitoringState, sessionSafety } from './monitoring';
export {
  COMPARATOR_WORDS,
  compare,
  DEFAULT_HOME_CHECK_IN_RULES,
  DEFAULT_VITAL_RULES,
  evaluateVitals,
  type FiredRuleRecord,
  firedRuleRecord,
} from './rules';
export type { FieldError } from './schema';
export {
  PLAUSIBLE_RANGES,
  THRESHOLD_RANGES,
  validateReading,
  vitalFields,
  vitalReadingSchema,
  vitalRuleSchema,
  vitalRuleSetSchema,
} from './schema';
export type { MoaasLevel, MoaasScore } from './sedation';
export { describeMoaas, isMoaasScore, MOAAS_SCALE, sedationResolved } from './sedation';
export * from './types';
