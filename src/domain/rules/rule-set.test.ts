import { describe, expect, it } from 'vitest';
import { checkDoseOrder } from '../dosing';
import { evaluateVitals, type VitalRule } from '../vitals';
import { DEFAULT_RULE_SET, diffRuleSets, ruleSetSchema } from '.';

const AT = '2026-03-01T15:00:00Z';
const rules = DEFAULT_RULE_SET.rules as VitalRule[];
const limits = [...DEFAULT_RULE_SET.doseLimits];
const indexOf = (id: string) => rules.findIndex((r) => r.id === id);
const limitIndex = (id: string) => limits.findIndex((l) => l.id === id);

function paths(set: unknown): string[] {
  const result = ruleSetSchema.safeParse(set);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('the default rule set', () => {
  it('is valid and holds the at-home check-in limits with their sources', () => {
    expect(paths(DEFAULT_RULE_SET)).toEqual([]);
    const home = rules.filter((r) => r.phase === 'home_check_in');
    expect(
      home.map((r) => `${r.vital} ${r.comparator} ${r.value} ${r.level} ${r.recheckMinutes} ${r.basis}`),
    ).toEqual(['sbp > 140 hold 5 published', 'dbp > 90 hold 5 published', 'hr > 110 hold 5 policy']);
    for (const r of home) expect(r.note).toMatch(/160\/90/);
    expect(home.find((r) => r.vital === 'hr')?.source).toMatch(/clinic policy/i);
    expect(home.find((r) => r.vital === 'sbp')?.source).toMatch(/Spravato/);
  });

  it('cites publications and says clinic policy, never our own documents', () => {
    for (const r of rules) expect(r.source).not.toMatch(/DOMAIN|\.md\b/);
    for (const l of limits) expect(l.source).not.toMatch(/DOMAIN|\.md\b/);
  });
});

describe('evaluation with a custom rule set', () => {
  it('fires at the clinic’s own threshold, and the at-home gate only at the home check-in', () => {
    const custom = rules.map((r) =>
      r.id === 'in_session_sbp_alert' ? { ...r, value: 160, recheckMinutes: 3 } : r,
    );
    expect(evaluateVitals({ sbp: 170, at: AT }, 'in_session', rules)).toEqual([]);
    const [fired] = evaluateVitals({ sbp: 170, at: AT }, 'in_session', custom);
    expect(fired).toMatchObject({ ruleId: 'in_session_sbp_alert', recheckMinutes: 3 });
    expect(fired?.message).toContain('re-check in 3 min');
    const home = evaluateVitals({ sbp: 150, hr: 112, at: AT }, 'home_check_in', rules);
    expect(home.map((f) => f.ruleId)).toEqual(['home_sbp_hold', 'home_hr_hold']);
    expect(home[0]?.message).toMatch(/at-home check-in hold threshold/);
    expect(home[0]?.message).toMatch(/Do not take the dose yet; re-check in 5 min/);
  });

  it('checks a dose order against the clinic’s limits', () => {
    const lowered = limits.map((l) => (l.id === 'im-hard-max' ? { ...l, value: 1.1 } : l));
    const order = { route: 'im' as const, mgPerKg: 1.2, weightKg: 70 };
    expect(checkDoseOrder(order, limits).ok).toBe(true);
    const check = checkDoseOrder(order, lowered);
    expect(check.ok).toBe(false);
    expect(check.errors.map((e) => e.limitId)).toEqual(['im-hard-max']);
  });
});

describe('ruleSetSchema names the field to fix', () => {
  const withRule = (id: string, patch: object) => ({
    ...DEFAULT_RULE_SET,
    rules: rules.map((r) => (r.id === id ? { ...r, ...patch } : r)),
  });
  const withLimit = (id: string, patch: object) => ({
    ...DEFAULT_RULE_SET,
    doseLimits: limits.map((l) => (l.id === id ? { ...l, ...patch } : l)),
  });

  it('vital rules: plausible thresholds, closed sets, intervals, sources', () => {
    const i = indexOf('pre_dose_dbp_hold');
    expect(paths(withRule('pre_dose_dbp_hold', { value: 900 }))).toEqual([`rules.${i}.value`]);
    expect(paths(withRule('pre_dose_dbp_hold', { value: 30 }))).toEqual([`rules.${i}.value`]);
    expect(paths(withRule('pre_dose_dbp_hold', { comparator: '=' }))).toEqual([`rules.${i}.comparator`]);
    expect(paths(withRule('pre_dose_dbp_hold', { level: 'stop' }))).toEqual([`rules.${i}.level`]);
    expect(paths(withRule('pre_dose_dbp_hold', { phase: 'later' }))).toEqual([`rules.${i}.phase`]);
    expect(paths(withRule('pre_dose_dbp_hold', { recheckMinutes: 0 }))).toEqual([
      `rules.${i}.recheckMinutes`,
    ]);
    expect(paths(withRule('pre_dose_dbp_hold', { source: '  ' }))).toEqual([`rules.${i}.source`]);
    expect(paths(withRule('pre_dose_dbp_hold', { basis: 'guess' }))).toEqual([`rules.${i}.basis`]);
    expect(paths(withRule('pre_dose_dbp_hold', { value: 95 }))).toEqual([]);
  });

  it('dose limits: positive, within an order’s bounds, max at or above min, kinds on their routes', () => {
    expect(paths(withLimit('iv-max', { value: 0 }))).toEqual([`doseLimits.${limitIndex('iv-max')}.value`]);
    expect(paths(withLimit('iv-max', { value: 12 }))).toEqual([`doseLimits.${limitIndex('iv-max')}.value`]);
    // The IV maximum below the IV minimum (0.1 mg/kg): no dose could pass both.
    expect(paths(withLimit('iv-max', { value: 0.05 }))).toEqual([`doseLimits.${limitIndex('iv-max')}.value`]);
    expect(paths(withLimit('sublingual-max', { value: 5 }))).toEqual([
      `doseLimits.${limitIndex('sublingual-max')}.value`,
    ]);
    expect(paths(withLimit('iv-infusion-time', { route: 'im' }))).toEqual([
      `doseLimits.${limitIndex('iv-infusion-time')}.route`,
    ]);
    expect(paths(withLimit('esketamine-allowed', { values: [56, 56] }))).toEqual([
      `doseLimits.${limitIndex('esketamine-allowed')}.values`,
    ]);
    expect(paths(withLimit('esketamine-allowed', { values: [] }))).toEqual([
      `doseLimits.${limitIndex('esketamine-allowed')}.values`,
    ]);
    expect(paths(withLimit('oral-min', { source: '' }))).toEqual([
      `doseLimits.${limitIndex('oral-min')}.source`,
    ]);
    expect(paths(withLimit('oral-min', { kind: 'most' }))).toEqual([
      `doseLimits.${limitIndex('oral-min')}.kind`,
    ]);
    expect(paths(withLimit('oral-min', { level: 'maybe' }))).toEqual([
      `doseLimits.${limitIndex('oral-min')}.level`,
    ]);
    // A maximum equal to the minimum is allowed (one exact dose).
    expect(paths(withLimit('iv-max', { value: 0.1 }))).toEqual([]);
  });

  it('refuses two rules with one id', () => {
    const set = { ...DEFAULT_RULE_SET, rules: [...rules, { ...rules[0] }] };
    expect(paths(set)).toEqual([`rules.${rules.length}.id`]);
  });
});

describe('diffRuleSets', () => {
  it('lists changed fields with old and new values, added and removed rules', () => {
    const after = {
      rules: [
        ...rules
          .filter((r) => r.id !== 'in_session_rr_alert')
          .map((r) => (r.id === 'pre_dose_sbp_hold' ? { ...r, value: 150, basis: 'policy' as const } : r)),
        { ...rules[0], id: 'clinic_extra', vital: 'hr' as const, value: 120 } as VitalRule,
      ],
      doseLimits: limits,
    };
    const changes = diffRuleSets(DEFAULT_RULE_SET, after);
    expect(changes.map((c) => `${c.change} ${c.id}`)).toEqual([
      'changed pre_dose_sbp_hold',
      'added clinic_extra',
      'removed in_session_rr_alert',
    ]);
    expect(changes[0]?.fields.map((f) => [f.field, f.from, f.to])).toEqual([
      ['value', 140, 150],
      ['basis', 'published', 'policy'],
    ]);
    expect(changes[0]?.summary).toBe('Systolic BP pre-dose hold: above 150 mmHg; re-check in 15 min');
    expect(diffRuleSets(DEFAULT_RULE_SET, DEFAULT_RULE_SET)).toEqual([]);
  });
});
