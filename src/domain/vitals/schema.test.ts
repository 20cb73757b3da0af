import { describe, expect, it } from 'vitest';
import { DEFAULT_VITAL_RULES } from './rules';
import { validateReading, vitalReadingSchema, vitalRuleSetSchema } from './schema';
import type { VitalRule } from './types';

const AT = '2026-03-01T15:00:00Z';

function ruleById(id: string): VitalRule {
  const rule = DEFAULT_VITAL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

const fields = (reading: Parameters<typeof validateReading>[0]) =>
  validateReading(reading).map((e) => e.field);

describe('validateReading', () => {
  it('accepts a plausible reading and the range edges', () => {
    expect(validateReading({ sbp: 128, dbp: 82, hr: 72, spo2: 98, rr: 14, at: AT })).toEqual([]);
    expect(validateReading({ sbp: 300, dbp: 200, hr: 250, spo2: 100, rr: 60, at: AT })).toEqual([]);
    expect(validateReading({ sbp: 50, dbp: 20, hr: 20, spo2: 50, rr: 4, at: AT })).toEqual([]);
    expect(validateReading({ spo2: 97, at: '2026-03-01T10:00:00-05:00' })).toEqual([]);
  });

  it.each([
    [{ sbp: 49 }, 'sbp'],
    [{ sbp: 301 }, 'sbp'],
    [{ dbp: 19 }, 'dbp'],
    [{ dbp: 201 }, 'dbp'],
    [{ hr: 19 }, 'hr'],
    [{ hr: 251 }, 'hr'],
    [{ spo2: 49 }, 'spo2'],
    [{ spo2: 101 }, 'spo2'],
    [{ rr: 3 }, 'rr'],
    [{ rr: 61 }, 'rr'],
    [{ hr: Number.NaN }, 'hr'],
  ] as const)('%o → error on %s', (values, field) => {
    const errors = validateReading({ ...values, at: AT });
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]?.message.length).toBeGreaterThan(5);
  });

  it('requires diastolic below systolic', () => {
    expect(fields({ sbp: 120, dbp: 120, at: AT })).toEqual(['dbp']);
    expect(fields({ sbp: 120, dbp: 119, at: AT })).toEqual([]);
    expect(validateReading({ sbp: 80, dbp: 90, at: AT })[0]?.message).toMatch(/lower than systolic/);
  });

  it('requires at least one vital and a valid time with a zone', () => {
    expect(fields({ at: AT })).toEqual(['reading']);
    expect(fields({ hr: 70, at: '2026-03-01 15:00' })).toEqual(['at']);
    expect(fields({ hr: 70, at: '2026-03-01T15:00:00' })).toEqual(['at']);
    expect(fields({ hr: 70 })).toEqual(['at']);
  });

  it('reports several problems at once', () => {
    expect(fields({ sbp: 1400, dbp: 80, rr: 0, at: AT })).toEqual(['sbp', 'rr']);
  });
});

describe('vitalReadingSchema', () => {
  it('maps plausibility errors to field paths', () => {
    expect(vitalReadingSchema.safeParse({ sbp: 120, dbp: 80, at: AT }).success).toBe(true);
    const bad = vitalReadingSchema.safeParse({ sbp: 120, dbp: 130, spo2: 120, at: AT });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['spo2'], ['dbp']]);
  });
});

describe('vitalRuleSetSchema', () => {
  it('accepts the defaults', () => {
    expect(vitalRuleSetSchema.safeParse(DEFAULT_VITAL_RULES).success).toBe(true);
  });

  it('rejects duplicate ids', () => {
    const rules = [...DEFAULT_VITAL_RULES, { ...ruleById('pre_dose_sbp_hold') }];
    const result = vitalRuleSetSchema.safeParse(rules);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([DEFAULT_VITAL_RULES.length, 'id']);
  });

  it('rejects implausible thresholds, bad intervals and missing sources', () => {
    const base = ruleById('pre_dose_sbp_hold');
    const issuePaths = (patch: object) =>
      vitalRuleSetSchema.safeParse([{ ...base, ...patch }]).error?.issues.map((i) => i.path.join('.'));
    expect(issuePaths({ value: 1400 })).toEqual(['0.value']);
    expect(issuePaths({ vital: 'spo2', value: 140 })).toEqual(['0.value']);
    expect(issuePaths({ recheckMinutes: 0 })).toEqual(['0.recheckMinutes']);
    expect(issuePaths({ recheckMinutes: 2.5 })).toEqual(['0.recheckMinutes']);
    expect(issuePaths({ source: '' })).toEqual(['0.source']);
    expect(issuePaths({ comparator: '=' })).toEqual(['0.comparator']);
    expect(issuePaths({ id: 'Has Spaces' })).toEqual(['0.id']);
    expect(issuePaths({ vital: 'spo2', value: 90 })).toBeUndefined();
  });
});
