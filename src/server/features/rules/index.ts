// What other features use of the clinic's safety rules (see the feature's routes for its API).
export { currentRuleSet, ruleSetByVersion, type StoredRuleSet, vitalRulesFrom } from './repository';
