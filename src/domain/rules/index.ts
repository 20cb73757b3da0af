// Public surface of the clinic's versioned safety rules. Server and web import from here.
export {
  DOSE_LIMIT_KIND_IDS,
  DOSE_LIMIT_KINDS,
  DOSE_LIMIT_LEVELS,
  DOSE_ROUTE_LABELS,
  type DoseLimitKind,
  type DoseRoute,
  describeDoseLimit,
  doseLimitSetSchema,
} from './dose-limits';
export {
  type ClinicRuleSet,
  DEFAULT_RULE_SET,
  describeVitalRule,
  diffRuleSets,
  type RuleChange,
  type RuleFieldChange,
  ruleSetSchema,
  vitalRuleName,
} from './rule-set';
