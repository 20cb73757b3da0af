import { describe, expect, it } from 'vitest';
import { evaluateEligibility } from './evaluate';
import { applyScreeningOverrides, screeningRuleOverridesSchema, unknownOverrideRuleIds } from './overrides';
import { DEFAULT_SCREENING_RULES } from './rules';
import { cleanInput, withHistory } from './test-fixtures';

describe('screening rule overrides', () => {
  it('validates the override list', () => {
    expect(
      screeningRuleOverridesSchema.safeParse([{ ruleId: 'breastfeeding', level: 'absolute' }]).success,
    ).toBe(true);
    expect(
      screeningRuleOverridesSchema.safeParse([{ ruleId: 'breastfeeding', level: 'never' }]).success,
    ).toBe(false);
    expect(screeningRuleOverridesSchema.safeParse([{ ruleId: '', level: 'absolute' }]).success).toBe(false);
    const dup = screeningRuleOverridesSchema.safeParse([
      { ruleId: 'pregnancy', level: 'relative' },
      { ruleId: 'pregnancy', level: 'absolute' },
    ]);
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.path).toEqual([1, 'ruleId']);
  });

  it('moving a relative rule to absolute turns needs_review into not_eligible', () => {
    const input = cleanInput({ breastfeeding: true });
    expect(evaluateEligibility(input).outcome).toBe('needs_review');
    const rules = applyScreeningOverrides(DEFAULT_SCREENING_RULES, [
      { ruleId: 'breastfeeding', level: 'absolute' },
    ]);
    expect(evaluateEligibility(input, rules).outcome).toBe('not_eligible');
    expect(rules.find((r) => r.id === 'breastfeeding')).toMatchObject({
      level: 'absolute',
      defaultLevel: 'relative',
    });
  });

  it('moving an absolute rule to relative turns not_eligible into needs_review', () => {
    const input = cleanInput({ pregnancyStatus: 'pregnant' });
    expect(evaluateEligibility(input).outcome).toBe('not_eligible');
    const rules = applyScreeningOverrides(DEFAULT_SCREENING_RULES, [
      { ruleId: 'pregnancy', level: 'relative' },
    ]);
    expect(evaluateEligibility(input, rules).outcome).toBe('needs_review');
  });

  it('can make an interacting medicine exclude', () => {
    const input = cleanInput({ medications: [{ name: 'phenelzine' }] });
    const rules = applyScreeningOverrides(DEFAULT_SCREENING_RULES, [
      { ruleId: 'takes_maoi', level: 'absolute' },
    ]);
    expect(evaluateEligibility(input, rules).outcome).toBe('not_eligible');
  });

  it('does not change the shipped defaults, and leaves unchanged rules alone', () => {
    const rules = applyScreeningOverrides(DEFAULT_SCREENING_RULES, []);
    expect(rules).toEqual(DEFAULT_SCREENING_RULES);
    applyScreeningOverrides(DEFAULT_SCREENING_RULES, [{ ruleId: 'hypertension', level: 'absolute' }]);
    expect(DEFAULT_SCREENING_RULES.find((r) => r.id === 'hypertension')?.level).toBe('relative');
    const same = applyScreeningOverrides(DEFAULT_SCREENING_RULES, [
      { ruleId: 'hypertension', level: 'relative' },
    ]);
    expect(same.find((r) => r.id === 'hypertension')?.defaultLevel).toBeUndefined();
  });

  it('rejects unknown rule ids', () => {
    expect(unknownOverrideRuleIds(DEFAULT_SCREENING_RULES, [{ ruleId: 'nope', level: 'absolute' }])).toEqual([
      'nope',
    ]);
    expect(() =>
      applyScreeningOverrides(DEFAULT_SCREENING_RULES, [{ ruleId: 'nope', level: 'absolute' }]),
    ).toThrow(/nope/);
  });

  it('keeps the original default when overridden twice', () => {
    const once = applyScreeningOverrides(DEFAULT_SCREENING_RULES, [
      { ruleId: 'past_psychosis', level: 'absolute' },
    ]);
    const twice = applyScreeningOverrides(once, [{ ruleId: 'past_psychosis', level: 'relative' }]);
    expect(twice.find((r) => r.id === 'past_psychosis')).toMatchObject({
      level: 'relative',
      defaultLevel: 'relative',
    });
    expect(evaluateEligibility(withHistory({ past_psychosis: true }), twice).outcome).toBe('needs_review');
  });
});
