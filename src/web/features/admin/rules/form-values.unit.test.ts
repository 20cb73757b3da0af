import { describe, expect, it } from 'vitest';
import { publishRuleSetBody } from '../../../../contracts/rules';
import { DEFAULT_RULE_SET } from '../../../../domain/rules';
import { asRuleSet, toBody, toFormErrors, toValues } from './form-values';

const view = {
  version: 4,
  publishedAt: '2026-12-01T10:00:00.000Z',
  publishedByName: null,
  note: null,
  rules: [...DEFAULT_RULE_SET.rules],
  doseLimits: [...DEFAULT_RULE_SET.doseLimits],
};

describe('the safety-rules form values', () => {
  it('round-trip a version unchanged, so an untouched form publishes nothing', () => {
    const set = asRuleSet(toValues(view));
    expect(set.rules).toEqual(DEFAULT_RULE_SET.rules);
    expect(set.doseLimits).toEqual(DEFAULT_RULE_SET.doseLimits);
    expect(publishRuleSetBody.safeParse(toBody(toValues(view), 4)).success).toBe(true);
  });

  it('read typed doses ("56 or 84") and keep an emptied number for the check to name', () => {
    const values = toValues(view);
    const allowed = values.doseLimits.findIndex((l) => l.kind === 'allowedMg');
    const limit = values.doseLimits[allowed];
    if (limit) limit.values = '56 or 84;112';
    const rule = values.rules[0];
    if (rule) rule.value = '';
    const body = toBody(values, 4);
    expect(body.doseLimits[allowed]).toMatchObject({ kind: 'allowedMg', values: [56, 84, 112] });
    const result = publishRuleSetBody.safeParse(body);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.value']);
    expect(result.error?.issues[0]?.message).toBe('Enter the threshold as a number.');
  });

  it('show an error on one listed dose on the list’s input', () => {
    expect(toFormErrors({ 'doseLimits.3.values.1': 'At most 1500 mg.', 'rules.2.value': 'x' })).toEqual({
      'doseLimits.3.values': 'At most 1500 mg.',
      'rules.2.value': 'x',
    });
  });
});
