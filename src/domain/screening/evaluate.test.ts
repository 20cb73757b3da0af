import { describe, expect, it } from 'vitest';
import { ageInYears } from './conditions';
import { decisionAllowed, evaluateEligibility } from './evaluate';
import { cleanInput, withHistory } from './test-fixtures';

const ids = (input: Parameters<typeof evaluateEligibility>[0]) =>
  evaluateEligibility(input).reasons.map((r) => r.ruleId);

describe('age', () => {
  it('counts the birthday itself: 17 the day before, 18 on the day', () => {
    expect(ageInYears('2008-03-01', '2026-02-28')).toBe(17);
    expect(ageInYears('2008-03-01', '2026-03-01')).toBe(18);
  });

  it('treats 29 February birthdays as turning on 1 March in common years', () => {
    expect(ageInYears('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageInYears('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageInYears('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('rejects impossible dates and births after the evaluation date', () => {
    expect(ageInYears('2008-02-30', '2026-03-01')).toBeUndefined();
    expect(ageInYears('2027-01-01', '2026-03-01')).toBeUndefined();
  });

  it('fires age_under_18 at 17 and not on the 18th birthday', () => {
    expect(ids(cleanInput({ dateOfBirth: '2008-03-02', evaluationDate: '2026-03-01' }))).toEqual([
      'age_under_18',
    ]);
    expect(ids(cleanInput({ dateOfBirth: '2008-03-01', evaluationDate: '2026-03-01' }))).toEqual([]);
  });
});

describe('missing input', () => {
  it('reports an unknown pregnancy status as missing → needs_review', () => {
    const result = evaluateEligibility(cleanInput({ pregnancyStatus: 'unknown' }));
    expect(result).toEqual({ outcome: 'needs_review', reasons: [], missing: ['pregnancyStatus'] });
    const absent = evaluateEligibility(cleanInput({ pregnancyStatus: undefined }));
    expect(absent.missing).toEqual(['pregnancyStatus']);
  });

  it('accepts not_applicable as an answer', () => {
    expect(evaluateEligibility(cleanInput({ pregnancyStatus: 'not_applicable' })).outcome).toBe('eligible');
  });

  it('reports missing date of birth, breastfeeding, history items and medication list', () => {
    const input = cleanInput({ dateOfBirth: undefined, breastfeeding: undefined, medications: undefined });
    delete input.history.avm;
    const result = evaluateEligibility(input);
    expect(result.outcome).toBe('needs_review');
    expect([...result.missing].sort()).toEqual([
      'breastfeeding',
      'dateOfBirth',
      'history.avm',
      'medications',
    ]);
  });

  it('reports an invalid date of birth as missing', () => {
    expect(evaluateEligibility(cleanInput({ dateOfBirth: '1990-13-01' })).missing).toEqual(['dateOfBirth']);
  });

  it('asks about the mood stabiliser only for bipolar disorder', () => {
    const noBipolar = withHistory({});
    delete noBipolar.history.on_mood_stabiliser;
    expect(evaluateEligibility(noBipolar).missing).toEqual([]);
    const bipolar = withHistory({ bipolar_disorder: true });
    delete bipolar.history.on_mood_stabiliser;
    expect(evaluateEligibility(bipolar).missing).toEqual(['history.on_mood_stabiliser']);
  });

  it('does not fire bipolar_without_mood_stabiliser when a mood stabiliser is taken', () => {
    expect(ids(withHistory({ bipolar_disorder: true, on_mood_stabiliser: true }))).toEqual([]);
  });

  it('does not require a blood-pressure reading at screening', () => {
    expect(evaluateEligibility(cleanInput({ latestBp: undefined })).outcome).toBe('eligible');
    expect(ids(cleanInput({ latestBp: { sbp: 140, dbp: 90 } }))).toEqual([]);
    expect(ids(cleanInput({ latestBp: { sbp: 120, dbp: 91 } }))).toEqual(['elevated_bp_at_screening']);
  });

  it('still reports missing input alongside an absolute reason', () => {
    const result = evaluateEligibility(withHistory({ avm: true }, { pregnancyStatus: 'unknown' }));
    expect(result.outcome).toBe('not_eligible');
    expect(result.missing).toEqual(['pregnancyStatus']);
  });
});

describe('at-home-only rules', () => {
  const home = { program: { setting: 'at_home', route: 'sublingual' } } as const;

  it('opioid use disorder history: relative in clinic, excludes at home', () => {
    const clinic = evaluateEligibility(withHistory({ opioid_use_disorder_history: true }));
    expect(clinic.outcome).toBe('needs_review');
    expect(clinic.reasons.map((r) => r.ruleId)).toEqual(['substance_use_disorder']);
    expect(evaluateEligibility(withHistory({ opioid_use_disorder_history: true }, home)).outcome).toBe(
      'not_eligible',
    );
  });

  it('recent suicide attempt or intent: relative in clinic, excludes at home', () => {
    expect(evaluateEligibility(withHistory({ recent_suicide_attempt_or_intent: true })).outcome).toBe(
      'needs_review',
    );
    expect(evaluateEligibility(withHistory({ recent_suicide_attempt_or_intent: true }, home)).outcome).toBe(
      'not_eligible',
    );
  });

  it('esketamine is never a home program, but is fine in clinic', () => {
    expect(
      evaluateEligibility(cleanInput({ program: { setting: 'in_clinic', route: 'esketamine' } })).outcome,
    ).toBe('eligible');
    expect(
      evaluateEligibility(cleanInput({ program: { setting: 'at_home', route: 'esketamine' } })).outcome,
    ).toBe('not_eligible');
  });

  it('asks for at-home-only input only on at-home plans', () => {
    // With a known substance use disorder the all-settings rule fires without the opioid answer;
    // only the at-home opioid rule still needs it.
    const clinic = withHistory({ substance_use_disorder: true });
    delete clinic.history.opioid_use_disorder_history;
    expect(evaluateEligibility(clinic).missing).toEqual([]);
    const atHome = withHistory({ substance_use_disorder: true }, home);
    delete atHome.history.opioid_use_disorder_history;
    expect(evaluateEligibility(atHome).missing).toEqual(['history.opioid_use_disorder_history']);
  });
});

describe('outcomes', () => {
  it('interaction only → needs_review; absolute wins over relative', () => {
    expect(evaluateEligibility(cleanInput({ medications: [{ name: 'Xanax' }] })).outcome).toBe(
      'needs_review',
    );
    const both = evaluateEligibility(withHistory({ avm: true, hypertension: true }));
    expect(both.outcome).toBe('not_eligible');
    expect(both.reasons.map((r) => r.level)).toEqual(['absolute', 'relative']);
  });

  it('reports each reason with its next step and source', () => {
    const [reason] = evaluateEligibility(cleanInput({ medications: [{ name: 'Nardil' }] })).reasons;
    expect(reason).toMatchObject({ ruleId: 'takes_maoi', level: 'interaction', basis: 'label' });
    expect(reason?.next).toMatch(/blood pressure/);
    expect(reason?.source).toMatch(/Spravato/);
  });
});

describe('decisionAllowed', () => {
  it('always allows not_cleared', () => {
    const result = evaluateEligibility(withHistory({ avm: true }));
    expect(decisionAllowed(result, { status: 'not_cleared' })).toEqual({ allowed: true, errors: [] });
  });

  it('refuses to clear with an absolute reason, naming the rule', () => {
    const result = evaluateEligibility(withHistory({ avm: true }));
    const check = decisionAllowed(result, {
      status: 'cleared',
      overrides: [{ ruleId: 'arteriovenous_malformation', reason: 'small and treated' }],
    });
    expect(check.allowed).toBe(false);
    expect(check.errors).toEqual([expect.objectContaining({ ruleId: 'arteriovenous_malformation' })]);
  });

  it('needs a non-empty reason per relative or interaction rule', () => {
    const result = evaluateEligibility(
      withHistory({ hypertension: true }, { medications: [{ name: 'Ativan' }] }),
    );
    const none = decisionAllowed(result, { status: 'cleared' });
    expect(none.allowed).toBe(false);
    expect(none.errors.map((e) => e.ruleId)).toEqual(['hypertension', 'takes_benzodiazepine_z_drug']);
    // Named by the rule's label, not its key.
    expect(none.errors[0]?.message).toBe('Write why you accept “Hypertension” before clearing.');

    const blank = decisionAllowed(result, {
      status: 'cleared',
      overrides: [
        { ruleId: 'hypertension', reason: 'BP 124/78 on amlodipine, controlled for a year' },
        { ruleId: 'takes_benzodiazepine_z_drug', reason: '   ' },
      ],
    });
    expect(blank.errors.map((e) => e.ruleId)).toEqual(['takes_benzodiazepine_z_drug']);

    const full = decisionAllowed(result, {
      status: 'cleared',
      overrides: [
        { ruleId: 'hypertension', reason: 'BP 124/78 on amlodipine, controlled for a year' },
        { ruleId: 'takes_benzodiazepine_z_drug', reason: 'Will hold lorazepam the evening before' },
      ],
    });
    expect(full).toEqual({ allowed: true, errors: [] });
  });

  it('allows clearing an eligible result without overrides', () => {
    expect(decisionAllowed(evaluateEligibility(cleanInput()), { status: 'cleared' }).allowed).toBe(true);
  });

  it('refuses to clear while input is missing, and flags overrides for rules that did not fire', () => {
    const result = evaluateEligibility(cleanInput({ pregnancyStatus: 'unknown' }));
    const check = decisionAllowed(result, {
      status: 'cleared',
      overrides: [{ ruleId: 'avm_typo', reason: 'x' }],
    });
    expect(check.allowed).toBe(false);
    expect(check.errors).toEqual([
      expect.objectContaining({ field: 'pregnancyStatus' }),
      expect.objectContaining({ ruleId: 'avm_typo' }),
    ]);
  });
});
