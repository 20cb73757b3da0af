import { describe, expect, it } from 'vitest';
import { decisionAllowed, evaluateEligibility } from './evaluate';
import { classifyMedication, MEDICATION_CATALOGUE } from './medications';
import { DEFAULT_SCREENING_RULES } from './rules';
import { cleanInput, withHistory } from './test-fixtures';
import type { ScreeningInput } from './types';

/**
 * Answers a clinician would not give (issue 14, part 6): findings that must make a patient not eligible rather
 * than "needs review", each checked against the published source its rule cites.
 */
const AT_HOME_SL = { setting: 'at_home', route: 'sublingual' } as const;
const fired = (input: ScreeningInput) => evaluateEligibility(input).reasons.map((r) => r.ruleId);
const rule = (id: string) => {
  const r = DEFAULT_SCREENING_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};
const clearWithReasons = (input: ScreeningInput) => {
  const result = evaluateEligibility(input);
  return decisionAllowed(result, {
    status: 'cleared',
    overrides: result.reasons.map((r) => ({ ruleId: r.ruleId, reason: 'Discussed with the patient.' })),
  });
};

describe('a route other than sublingual or oral, planned at home', () => {
  it.each(['iv', 'im'] as const)('%s at home is not eligible and cannot be cleared', (route) => {
    const input = cleanInput({ program: { setting: 'at_home', route } });
    const result = evaluateEligibility(input);
    expect(result.outcome).toBe('not_eligible');
    expect(fired(input)).toEqual(['route_not_for_home']);
    expect(clearWithReasons(input).allowed).toBe(false);
  });

  it('leaves sublingual and oral at home, and every route in clinic, eligible', () => {
    for (const route of ['sublingual', 'oral'] as const) {
      expect(evaluateEligibility(cleanInput({ program: { setting: 'at_home', route } })).outcome).toBe(
        'eligible',
      );
    }
    for (const route of ['iv', 'im', 'sublingual', 'oral', 'esketamine'] as const) {
      expect(evaluateEligibility(cleanInput({ program: { setting: 'in_clinic', route } })).outcome).toBe(
        'eligible',
      );
    }
  });

  it('names esketamine at home once, by its own (REMS) rule', () => {
    expect(fired(cleanInput({ program: { setting: 'at_home', route: 'esketamine' } }))).toEqual([
      'esketamine_at_home',
    ]);
  });

  it('cites the ketamine label (monitored setting) and the FDA 2023 warning on home use', () => {
    const r = rule('route_not_for_home');
    expect(r).toMatchObject({ level: 'absolute', appliesTo: 'at_home', basis: 'label' });
    expect(r.source).toContain('Ketalar');
    expect(r.source).toContain('FDA');
  });
});

describe('current substance use disorder', () => {
  it('is not eligible at home', () => {
    const input = withHistory({ substance_use_disorder: true }, { program: AT_HOME_SL });
    expect(evaluateEligibility(input).outcome).toBe('not_eligible');
    expect(fired(input)).toContain('substance_use_disorder_at_home');
    expect(clearWithReasons(input).allowed).toBe(false);
  });

  it('stays the prescriber’s decision in clinic (needs review, clearable with a reason)', () => {
    const input = withHistory({ substance_use_disorder: true });
    expect(evaluateEligibility(input).outcome).toBe('needs_review');
    expect(clearWithReasons(input).allowed).toBe(true);
  });

  it('cites the esketamine label on abuse and the FDA 2023 warning', () => {
    const r = rule('substance_use_disorder_at_home');
    expect(r).toMatchObject({ level: 'absolute', appliesTo: 'at_home' });
    expect(r.source).toContain('§9.2');
    expect(r.source).toContain('FDA');
  });
});

describe('age under 18', () => {
  const minor = { dateOfBirth: '2009-06-01', evaluationDate: '2026-03-01' };

  it('is not eligible at home', () => {
    const input = cleanInput({ ...minor, program: AT_HOME_SL });
    expect(evaluateEligibility(input).outcome).toBe('not_eligible');
    expect(fired(input)).toContain('age_under_18_at_home');
  });

  it('stays needs review in clinic', () => {
    expect(evaluateEligibility(cleanInput(minor)).outcome).toBe('needs_review');
  });

  it('turns eligible at home on the 18th birthday', () => {
    expect(
      evaluateEligibility(
        cleanInput({ dateOfBirth: '2008-03-01', evaluationDate: '2026-03-01', program: AT_HOME_SL }),
      ).outcome,
    ).toBe('eligible');
  });

  it('cites the pediatric-use section of the label', () => {
    expect(rule('age_under_18_at_home').source).toContain('§8.4');
  });
});

describe('uncontrolled hypertension: absolute until resolved', () => {
  it('is not eligible and cannot be cleared with a reason', () => {
    const input = withHistory({ hypertension: true, hypertension_uncontrolled: true });
    expect(evaluateEligibility(input).outcome).toBe('not_eligible');
    const check = clearWithReasons(input);
    expect(check.allowed).toBe(false);
    expect(check.errors.map((e) => e.ruleId)).toContain('hypertension_uncontrolled');
  });

  it('a reading of 168/104 on record is not eligible, in clinic as at home', () => {
    for (const program of [{ setting: 'in_clinic', route: 'iv' } as const, AT_HOME_SL]) {
      const input = withHistory({ hypertension: true }, { latestBp: { sbp: 168, dbp: 104 }, program });
      expect(evaluateEligibility(input).outcome).toBe('not_eligible');
      expect(fired(input)).toContain('bp_uncontrolled_at_screening');
    }
    expect(evaluateEligibility(cleanInput({ latestBp: { sbp: 150, dbp: 100 } })).outcome).toBe(
      'not_eligible',
    );
    expect(evaluateEligibility(cleanInput({ latestBp: { sbp: 160, dbp: 80 } })).outcome).toBe('not_eligible');
  });

  it('once controlled (re-screened), is back to the prescriber’s decision', () => {
    const controlled = withHistory({ hypertension: true }, { latestBp: { sbp: 132, dbp: 84 } });
    expect(evaluateEligibility(controlled).outcome).toBe('needs_review');
    expect(clearWithReasons(controlled).allowed).toBe(true);
    // Raised but below the uncontrolled range: the 140/90 rule asks for review, it does not exclude.
    expect(evaluateEligibility(cleanInput({ latestBp: { sbp: 159, dbp: 99 } })).outcome).toBe('needs_review');
  });

  it('cites the ketamine label contraindication and the JNC 7 stage-2 threshold', () => {
    expect(rule('hypertension_uncontrolled')).toMatchObject({ level: 'absolute', basis: 'label' });
    expect(rule('hypertension_uncontrolled').source).toContain('Ketalar');
    expect(rule('bp_uncontrolled_at_screening').source).toContain('JNC 7');
  });
});

describe('MAO inhibitors: the whole class, generic and brand names', () => {
  it.each([
    'rasagiline',
    'Azilect 1 mg daily',
    'safinamide',
    'Xadago 50mg',
    'selegiline',
    'Eldepryl',
    'Zelapar ODT',
    'Emsam patch',
    'phenelzine',
    'Nardil',
    'tranylcypromine',
    'Parnate',
    'isocarboxazid',
    'Marplan',
    'linezolid 600 mg',
    'Zyvox',
    'methylene blue',
    'ProvayBlue',
  ])('%s is an MAOI', (name) => {
    expect(classifyMedication(name)).toBe('maoi');
  });

  it('makes Azilect (rasagiline) an interacting medicine to review', () => {
    const input = cleanInput({ medications: [{ name: 'Azilect 1 mg' }] });
    expect(fired(input)).toEqual(['takes_maoi']);
    expect(evaluateEligibility(input).outcome).toBe('needs_review');
  });

  it('cites a source for the class', () => {
    const maoi = MEDICATION_CATALOGUE.find((c) => c.id === 'maoi');
    expect(maoi?.source).toMatch(/linezolid/i);
    expect(maoi?.source).toMatch(/methylene blue/i);
  });
});

describe('sources shown to staff', () => {
  it('cite published sources or clinic policy, never the project’s own documents', () => {
    for (const r of DEFAULT_SCREENING_RULES) {
      expect(`${r.source} ${r.reason} ${r.next} ${r.label}`, r.id).not.toMatch(/DOMAIN|§\d+\s*–|brief/);
    }
    for (const c of MEDICATION_CATALOGUE) expect(c.source, c.id).not.toMatch(/DOMAIN/);
  });
});
