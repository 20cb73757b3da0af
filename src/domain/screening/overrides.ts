import { z } from 'zod';
import type { ScreeningRule } from './types';

/**
 * A clinic's medical director can move a rule between absolute and relative (DOMAIN §3), e.g. make
 * breastfeeding absolute, or make pregnancy relative for a program with an obstetric pathway. Only the
 * level changes: conditions, reasons and sources stay as shipped so that the source shown is still true.
 */
export const screeningRuleOverridesSchema = z
  .array(
    z.object({
      ruleId: z.string().trim().min(1),
      level: z.enum(['absolute', 'relative']),
    }),
  )
  .superRefine((overrides, ctx) => {
    const seen = new Set<string>();
    overrides.forEach((o, index) => {
      if (seen.has(o.ruleId)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'ruleId'],
          message: `Duplicate override for ${o.ruleId}`,
        });
      }
      seen.add(o.ruleId);
    });
  });
export type ScreeningRuleOverrides = z.infer<typeof screeningRuleOverridesSchema>;

/** Overrides naming a rule that is not in the rule set (e.g. a rule renamed in a later release). */
export function unknownOverrideRuleIds(
  rules: readonly ScreeningRule[],
  overrides: ScreeningRuleOverrides,
): string[] {
  const ids = new Set(rules.map((r) => r.id));
  return overrides.filter((o) => !ids.has(o.ruleId)).map((o) => o.ruleId);
}

/**
 * Returns a new rule set with the overrides applied; the input is not changed. A moved rule remembers its
 * shipped level in `defaultLevel` so the UI can show "changed by this clinic".
 * Throws on an unknown ruleId: silently ignoring it would leave a clinic believing a rule was changed.
 */
export function applyScreeningOverrides(
  rules: readonly ScreeningRule[],
  overrides: ScreeningRuleOverrides,
): ScreeningRule[] {
  const unknown = unknownOverrideRuleIds(rules, overrides);
  if (unknown.length > 0) throw new Error(`Unknown screening rule id(s): ${unknown.join(', ')}`);
  const levelById = new Map(overrides.map((o) => [o.ruleId, o.level]));
  return rules.map((rule) => {
    const level = levelById.get(rule.id);
    if (level === undefined || level === rule.level) return rule;
    return { ...rule, level, defaultLevel: rule.defaultLevel ?? rule.level };
  });
}
