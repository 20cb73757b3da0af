import { describe, expect, it } from 'vitest';
import { evaluateEligibility } from './evaluate';
import { DEFAULT_SCREENING_RULES } from './rules';
import { cleanInput, withHistory } from './test-fixtures';
import type { ScreeningInput } from './types';

/**
 * One minimal input per rule: the clean fixture with exactly one finding. `fires` is the full set of rules
 * expected to fire on it (usually just the rule itself; some findings legitimately trigger two rules).
 */
const CASES: Record<string, { input: ScreeningInput; fires: string[] }> = {
  aneurysmal_vascular_disease: {
    input: withHistory({ aneurysmal_vascular_disease: true }),
    fires: ['aneurysmal_vascular_disease'],
  },
  arteriovenous_malformation: { input: withHistory({ avm: true }), fires: ['arteriovenous_malformation'] },
  intracerebral_haemorrhage: {
    input: withHistory({ intracerebral_haemorrhage: true }),
    fires: ['intracerebral_haemorrhage'],
  },
  ketamine_hypersensitivity: {
    input: withHistory({ ketamine_hypersensitivity: true }),
    fires: ['ketamine_hypersensitivity'],
  },
  active_psychosis_or_mania: {
    input: withHistory({ active_psychosis_or_mania: true }),
    fires: ['active_psychosis_or_mania'],
  },
  pregnancy: { input: cleanInput({ pregnancyStatus: 'pregnant' }), fires: ['pregnancy'] },
  esketamine_at_home: {
    input: cleanInput({ program: { setting: 'at_home', route: 'esketamine' } }),
    fires: ['esketamine_at_home'],
  },
  hypertension: { input: withHistory({ hypertension: true }), fires: ['hypertension'] },
  hypertension_uncontrolled: {
    input: withHistory({ hypertension_uncontrolled: true }),
    fires: ['hypertension_uncontrolled'],
  },
  bp_uncontrolled_at_screening: {
    input: cleanInput({ latestBp: { sbp: 138, dbp: 100 } }),
    fires: ['bp_uncontrolled_at_screening', 'elevated_bp_at_screening'],
  },
  elevated_bp_at_screening: {
    input: cleanInput({ latestBp: { sbp: 141, dbp: 80 } }),
    fires: ['elevated_bp_at_screening'],
  },
  cardiovascular_disease: {
    input: withHistory({ cardiovascular_disease: true }),
    fires: ['cardiovascular_disease'],
  },
  cerebrovascular_disease: {
    input: withHistory({ cerebrovascular_disease: true }),
    fires: ['cerebrovascular_disease'],
  },
  past_psychosis: { input: withHistory({ past_psychosis: true }), fires: ['past_psychosis'] },
  bipolar_without_mood_stabiliser: {
    input: withHistory({ bipolar_disorder: true }),
    fires: ['bipolar_without_mood_stabiliser'],
  },
  substance_use_disorder: {
    input: withHistory({ substance_use_disorder: true }),
    fires: ['substance_use_disorder'],
  },
  hepatic_impairment_moderate: {
    input: withHistory({ hepatic_impairment_moderate: true }),
    fires: ['hepatic_impairment_moderate'],
  },
  cystitis_or_bladder_symptoms: {
    input: withHistory({ cystitis_or_bladder_symptoms: true }),
    fires: ['cystitis_or_bladder_symptoms'],
  },
  breastfeeding: { input: cleanInput({ breastfeeding: true }), fires: ['breastfeeding'] },
  recent_suicide_attempt_or_intent: {
    input: withHistory({ recent_suicide_attempt_or_intent: true }),
    fires: ['recent_suicide_attempt_or_intent'],
  },
  age_under_18: { input: cleanInput({ dateOfBirth: '2010-01-01' }), fires: ['age_under_18'] },
  route_not_for_home: {
    input: cleanInput({ program: { setting: 'at_home', route: 'iv' } }),
    fires: ['route_not_for_home'],
  },
  substance_use_disorder_at_home: {
    input: withHistory(
      { substance_use_disorder: true },
      { program: { setting: 'at_home', route: 'sublingual' } },
    ),
    fires: ['substance_use_disorder', 'substance_use_disorder_at_home'],
  },
  age_under_18_at_home: {
    input: cleanInput({ dateOfBirth: '2010-01-01', program: { setting: 'at_home', route: 'oral' } }),
    fires: ['age_under_18', 'age_under_18_at_home'],
  },
  opioid_use_disorder_at_home: {
    input: withHistory(
      { opioid_use_disorder_history: true },
      { program: { setting: 'at_home', route: 'sublingual' } },
    ),
    fires: ['substance_use_disorder', 'opioid_use_disorder_at_home'],
  },
  suicide_risk_at_home: {
    input: withHistory(
      { recent_suicide_attempt_or_intent: true },
      { program: { setting: 'at_home', route: 'sublingual' } },
    ),
    fires: ['recent_suicide_attempt_or_intent', 'suicide_risk_at_home'],
  },
  takes_benzodiazepine_z_drug: {
    input: cleanInput({ medications: [{ name: 'Klonopin 0.5 mg' }] }),
    fires: ['takes_benzodiazepine_z_drug'],
  },
  takes_opioid: { input: cleanInput({ medications: [{ name: 'tramadol' }] }), fires: ['takes_opioid'] },
  takes_psychostimulant: {
    input: cleanInput({ medications: [{ name: 'Vyvanse 40mg' }] }),
    fires: ['takes_psychostimulant'],
  },
  takes_maoi: { input: cleanInput({ medications: [{ name: 'Parnate' }] }), fires: ['takes_maoi'] },
  takes_lamotrigine: {
    input: cleanInput({ medications: [{ name: 'Lamictal 100 mg' }] }),
    fires: ['takes_lamotrigine'],
  },
};

const firedIds = (input: ScreeningInput) =>
  evaluateEligibility(input)
    .reasons.map((r) => r.ruleId)
    .sort();

describe('DEFAULT_SCREENING_RULES', () => {
  it('has unique ids and a reason, next step and source on every rule', () => {
    const ids = DEFAULT_SCREENING_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of DEFAULT_SCREENING_RULES) {
      expect(rule.reason.length, rule.id).toBeGreaterThan(10);
      expect(rule.next.length, rule.id).toBeGreaterThan(5);
      expect(rule.source.length, rule.id).toBeGreaterThan(5);
    }
  });

  it('has a minimal test case for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(DEFAULT_SCREENING_RULES.map((r) => r.id).sort());
  });

  it('fires nothing on a clean, fully answered input', () => {
    const result = evaluateEligibility(cleanInput());
    expect(result).toEqual({ outcome: 'eligible', reasons: [], missing: [] });
    const atHome = evaluateEligibility(cleanInput({ program: { setting: 'at_home', route: 'sublingual' } }));
    expect(atHome.outcome).toBe('eligible');
  });

  for (const rule of DEFAULT_SCREENING_RULES) {
    it(`${rule.id} (${rule.level}) fires on its own minimal input`, () => {
      const testCase = CASES[rule.id];
      if (!testCase) throw new Error(`no case for ${rule.id}`);
      expect(firedIds(testCase.input)).toEqual([...testCase.fires].sort());
      const result = evaluateEligibility(testCase.input);
      expect(result.missing).toEqual([]);
      const expected = testCase.fires.some(
        (id) => DEFAULT_SCREENING_RULES.find((r) => r.id === id)?.level === 'absolute',
      )
        ? 'not_eligible'
        : 'needs_review';
      expect(result.outcome).toBe(expected);
      const reason = result.reasons.find((r) => r.ruleId === rule.id);
      expect(reason).toMatchObject({
        label: rule.label,
        level: rule.level,
        basis: rule.basis,
        source: rule.source,
      });
    });
  }

  it('covers every absolute item of the domain brief (§3) as absolute and relative item as relative', () => {
    const level = (id: string) => DEFAULT_SCREENING_RULES.find((r) => r.id === id)?.level;
    for (const id of [
      'aneurysmal_vascular_disease',
      'arteriovenous_malformation',
      'intracerebral_haemorrhage',
      'ketamine_hypersensitivity',
      'active_psychosis_or_mania',
      'pregnancy',
      // absolute until resolved
      'hypertension_uncontrolled',
      'bp_uncontrolled_at_screening',
      // absolute for at-home programs only
      'route_not_for_home',
      'substance_use_disorder_at_home',
      'opioid_use_disorder_at_home',
      'age_under_18_at_home',
      'suicide_risk_at_home',
    ]) {
      expect(level(id), id).toBe('absolute');
    }
    for (const id of [
      'route_not_for_home',
      'substance_use_disorder_at_home',
      'opioid_use_disorder_at_home',
      'age_under_18_at_home',
      'suicide_risk_at_home',
    ]) {
      expect(DEFAULT_SCREENING_RULES.find((r) => r.id === id)?.appliesTo, id).toBe('at_home');
    }
    for (const id of [
      'hypertension',
      'cardiovascular_disease',
      'cerebrovascular_disease',
      'past_psychosis',
      'bipolar_without_mood_stabiliser',
      'substance_use_disorder',
      'hepatic_impairment_moderate',
      'cystitis_or_bladder_symptoms',
      'breastfeeding',
      'recent_suicide_attempt_or_intent',
      'age_under_18',
    ]) {
      expect(level(id), id).toBe('relative');
    }
  });

  it('marks label contraindications as label and clinic rules as policy', () => {
    const basis = (id: string) => DEFAULT_SCREENING_RULES.find((r) => r.id === id)?.basis;
    expect(basis('aneurysmal_vascular_disease')).toBe('label');
    expect(basis('ketamine_hypersensitivity')).toBe('label');
    expect(basis('pregnancy')).toBe('policy');
    expect(basis('opioid_use_disorder_at_home')).toBe('policy');
  });
});
