import { describe, expect, it } from 'vitest';
import { compare, DEFAULT_VITAL_RULES, evaluateVitals } from './rules';
import type { VitalPhase, VitalReading, VitalRule } from './types';

const AT = '2026-03-01T15:00:00Z';

function ruleById(id: string): VitalRule {
  const rule = DEFAULT_VITAL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

const fired = (reading: Omit<VitalReading, 'at'>, phase: VitalPhase) =>
  evaluateVitals({ ...reading, at: AT }, phase).map((f) => f.ruleId);

describe('DEFAULT_VITAL_RULES', () => {
  it('has the DOMAIN §3 thresholds with their basis', () => {
    const summary = DEFAULT_VITAL_RULES.map(
      (r) => `${r.phase} ${r.vital} ${r.comparator} ${r.value} ${r.level} ${r.basis}`,
    );
    expect(summary).toEqual([
      'pre_dose sbp > 140 hold published',
      'pre_dose dbp > 90 hold published',
      'pre_dose hr > 110 hold policy',
      'pre_dose spo2 < 94 hold policy',
      'in_session sbp > 180 alert published',
      'in_session dbp > 100 alert published',
      'in_session hr > 110 alert published',
      'in_session spo2 < 92 alert policy',
      'in_session rr < 10 alert policy',
    ]);
  });

  it('says plainly which rules are clinic policy and cites the published ones', () => {
    for (const rule of DEFAULT_VITAL_RULES) {
      if (rule.basis === 'policy') expect(rule.source).toMatch(/clinic policy/i);
      else expect(rule.source).toMatch(/Spravato|Sanacora/);
    }
    const apa = DEFAULT_VITAL_RULES.filter((r) => r.source.includes('Sanacora'));
    expect(apa).toHaveLength(3);
    for (const rule of apa) expect(rule.note).toMatch(/too strict/);
  });
});

describe('evaluateVitals: pre-dose edges', () => {
  it.each([
    [{ sbp: 140 }, []],
    [{ sbp: 141 }, ['pre_dose_sbp_hold']],
    [{ sbp: 140.5 }, ['pre_dose_sbp_hold']],
    [{ dbp: 90 }, []],
    [{ dbp: 91 }, ['pre_dose_dbp_hold']],
    [{ hr: 110 }, []],
    [{ hr: 111 }, ['pre_dose_hr_hold']],
    [{ spo2: 94 }, []],
    [{ spo2: 93 }, ['pre_dose_spo2_hold']],
    [{ rr: 8 }, []], // RR has no pre-dose rule
    [
      { sbp: 141, dbp: 91, hr: 111, spo2: 93 },
      ['pre_dose_sbp_hold', 'pre_dose_dbp_hold', 'pre_dose_hr_hold', 'pre_dose_spo2_hold'],
    ],
  ] as const)('%o → %o', (reading, expected) => {
    expect(fired(reading, 'pre_dose')).toEqual(expected);
  });
});

describe('evaluateVitals: in-session edges', () => {
  it.each([
    [{ sbp: 180 }, []],
    [{ sbp: 181 }, ['in_session_sbp_alert']],
    [{ dbp: 100 }, []],
    [{ dbp: 101 }, ['in_session_dbp_alert']],
    [{ hr: 110 }, []],
    [{ hr: 111 }, ['in_session_hr_alert']],
    [{ spo2: 92 }, []],
    [{ spo2: 91 }, ['in_session_spo2_alert']],
    [{ rr: 10 }, []],
    [{ rr: 9 }, ['in_session_rr_alert']],
    [{ sbp: 160, dbp: 95, spo2: 93 }, []], // would hold before the dose, fine during the session
  ] as const)('%o → %o', (reading, expected) => {
    expect(fired(reading, 'in_session')).toEqual(expected);
  });
});

describe('evaluateVitals: messages and custom rules', () => {
  it('names the value, the threshold, the action and the source', () => {
    const [hold] = evaluateVitals({ sbp: 152, at: AT }, 'pre_dose');
    expect(hold).toMatchObject({
      ruleId: 'pre_dose_sbp_hold',
      observed: 152,
      level: 'hold',
      recheckMinutes: 15,
    });
    expect(hold?.message).toContain('152 mmHg');
    expect(hold?.message).toContain('> 140 mmHg');
    expect(hold?.message).toContain('Spravato');
    expect(hold?.message).toMatch(/Hold the dose/);

    const [rr] = evaluateVitals({ rr: 8, at: AT }, 'in_session');
    expect(rr?.message).toContain('8 /min');
    expect(rr?.message).toContain('< 10');
    expect(rr?.message).toMatch(/clinic policy/);
    expect(rr?.message).toMatch(/Notify the prescriber/);
  });

  it('ignores absent and non-finite values', () => {
    expect(evaluateVitals({ at: AT }, 'pre_dose')).toEqual([]);
    expect(evaluateVitals({ sbp: Number.NaN, at: AT }, 'pre_dose')).toEqual([]);
  });

  it('uses the rule set it is given, with inclusive comparators at the edge', () => {
    const rules = [
      { ...ruleById('pre_dose_sbp_hold'), id: 'strict_sbp', comparator: '>=' as const, value: 150 },
      { ...ruleById('pre_dose_spo2_hold'), id: 'spo2_le', comparator: '<=' as const, value: 95 },
    ];
    expect(evaluateVitals({ sbp: 149, spo2: 96, at: AT }, 'pre_dose', rules)).toEqual([]);
    expect(evaluateVitals({ sbp: 150, spo2: 95, at: AT }, 'pre_dose', rules).map((f) => f.ruleId)).toEqual([
      'strict_sbp',
      'spo2_le',
    ]);
    expect(evaluateVitals({ sbp: 150, at: AT }, 'in_session', rules)).toEqual([]);
  });

  it('compare covers all comparators', () => {
    expect([compare(5, '>', 5), compare(5, '>=', 5), compare(5, '<', 5), compare(5, '<=', 5)]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});
