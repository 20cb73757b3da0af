import { evaluateCondition, factsOf } from './conditions';
import { missingFieldLabel } from './labels';
import { DEFAULT_SCREENING_RULES } from './rules';
import type { ScreeningInput, ScreeningReason, ScreeningResult, ScreeningRule } from './types';

/**
 * Runs a rule set against one patient's screening input.
 *
 * - not_eligible: any absolute rule fires (DOMAIN §3: absolute → cannot start);
 * - needs_review: only relative / interaction rules fire, or a rule could not be decided because the input
 *   lacks a field it needs (listed in `missing`): a prescriber decides and records why;
 * - eligible: nothing fired and nothing needed is missing.
 *
 * Rules that apply only to at-home programs are skipped for in-clinic plans. The rule set is a parameter so
 * that a clinic's overrides (see overrides.ts) take effect without touching this code.
 */
export function evaluateEligibility(
  input: ScreeningInput,
  rules: readonly ScreeningRule[] = DEFAULT_SCREENING_RULES,
): ScreeningResult {
  const facts = factsOf(input);
  const reasons: ScreeningReason[] = [];
  const missing = new Set<string>();
  const needed = new Set<string>(); // each rule's, emptied before the next

  for (const rule of rules) {
    if (rule.appliesTo === 'at_home' && input.program.setting !== 'at_home') continue;
    needed.clear();
    const truth = evaluateCondition(rule.when, facts, needed);
    if (truth === 'true') {
      reasons.push({
        ruleId: rule.id,
        label: rule.label,
        level: rule.level,
        basis: rule.basis,
        reason: rule.reason,
        next: rule.next,
        source: rule.source,
      });
    } else if (truth === 'unknown') {
      for (const field of needed) missing.add(field);
    }
  }

  const outcome = reasons.some((r) => r.level === 'absolute')
    ? 'not_eligible'
    : reasons.length > 0 || missing.size > 0
      ? 'needs_review'
      : 'eligible';
  return { outcome, reasons, missing: [...missing] };
}

/** Order of outcomes from most to least favourable, for comparisons and property tests. */
export const OUTCOME_RANK = { eligible: 0, needs_review: 1, not_eligible: 2 } as const;

export interface ScreeningDecision {
  status: 'cleared' | 'not_cleared';
  /** Why the prescriber accepts each relative / interaction reason (one entry per ruleId). */
  overrides?: { ruleId: string; reason: string }[];
}

export interface DecisionError {
  ruleId?: string;
  field?: string;
  message: string;
}

/**
 * Whether a prescriber may record this decision on this screening result (DOMAIN §3, §7).
 * Declining to clear is always allowed. Clearing needs: no absolute reason, no missing input, and a written
 * reason for every relative or interaction reason that is being accepted.
 */
export function decisionAllowed(
  result: ScreeningResult,
  decision: ScreeningDecision,
): { allowed: boolean; errors: DecisionError[] } {
  if (decision.status === 'not_cleared') return { allowed: true, errors: [] };

  const errors: DecisionError[] = [];
  const given = new Map<string, string>();
  for (const o of decision.overrides ?? []) given.set(o.ruleId, o.reason.trim());

  for (const reason of result.reasons) {
    if (reason.level === 'absolute') {
      errors.push({
        ruleId: reason.ruleId,
        message: `“${reason.label}” is an absolute contraindication: the patient cannot be cleared.`,
      });
    } else if (!given.get(reason.ruleId)) {
      errors.push({
        ruleId: reason.ruleId,
        message: `Write why you accept “${reason.label}” before clearing.`,
      });
    }
  }
  // Clearing on incomplete information would hide exactly the gap the screening is meant to find.
  for (const field of result.missing) {
    errors.push({ field, message: `Record “${missingFieldLabel(field)}” before clearing.` });
  }
  const known = new Set(result.reasons.map((r) => r.ruleId));
  for (const ruleId of given.keys()) {
    if (!known.has(ruleId)) {
      errors.push({
        ruleId,
        message: 'This rule is not a reason in this screening result: nothing to accept.',
      });
    }
  }
  return { allowed: errors.length === 0, errors };
}
