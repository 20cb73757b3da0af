import { describe, expect, it } from 'vitest';
import { ASQ, GAD7, PCL5, PHQ9 } from './library';
import { compareToBaseline, scoreRange, scoreResponse } from './scoring';
import { answersForTotal } from './testUtils';
import type { InstrumentDefinition, ScoreResult, ScoreSuccess } from './types';

function expectScored(result: ScoreResult): ScoreSuccess {
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result;
}

function bandAt(def: InstrumentDefinition, total: number) {
  const result = expectScored(scoreResponse(def, answersForTotal(def, total)));
  expect(result.total).toBe(total);
  return result.band;
}

// Hand-checked against the published cut-points (Kroenke 2001, Spitzer 2006, NCPTSD, NIMH ASQ).
describe('band edges', () => {
  it.each([
    [0, 'Minimal depression', 0],
    [4, 'Minimal depression', 0],
    [5, 'Mild depression', 1],
    [9, 'Mild depression', 1],
    [10, 'Moderate depression', 2],
    [14, 'Moderate depression', 2],
    [15, 'Moderately severe depression', 3],
    [19, 'Moderately severe depression', 3],
    [20, 'Severe depression', 4],
    [27, 'Severe depression', 4],
  ])('PHQ-9 total %i is %s', (total, label, severity) => {
    expect(bandAt(PHQ9, total)).toEqual({ label, severity });
  });

  it.each([
    [0, 'Minimal anxiety', 0],
    [4, 'Minimal anxiety', 0],
    [5, 'Mild anxiety', 1],
    [9, 'Mild anxiety', 1],
    [10, 'Moderate anxiety', 2],
    [14, 'Moderate anxiety', 2],
    [15, 'Severe anxiety', 3],
    [21, 'Severe anxiety', 3],
  ])('GAD-7 total %i is %s', (total, label, severity) => {
    expect(bandAt(GAD7, total)).toEqual({ label, severity });
  });

  it.each([
    [0, 0, false],
    [32, 0, false],
    [33, 1, true],
    [80, 1, true],
  ])('PCL-5 total %i has severity %i and probable PTSD %s', (total, severity, probable) => {
    const result = expectScored(scoreResponse(PCL5, answersForTotal(PCL5, total)));
    expect(result.band?.severity).toBe(severity);
    expect(result.cutoffs).toEqual([
      { id: 'probable_ptsd', label: 'Probable PTSD (total >= 33)', met: probable },
    ]);
  });

  it.each([
    [0, 'Negative screen'],
    [1, 'Positive screen'],
    [4, 'Positive screen'],
  ])('ASQ with %i "yes" answers is a %s', (total, label) => {
    const answers = { ...answersForTotal(ASQ, total), ...(total > 0 ? { 'asq-5': false } : {}) };
    expect(expectScored(scoreResponse(ASQ, answers)).band?.label).toBe(label);
  });

  it('score ranges match the published ranges', () => {
    expect(scoreRange(PHQ9)).toEqual({ min: 0, max: 27 });
    expect(scoreRange(GAD7)).toEqual({ min: 0, max: 21 });
    expect(scoreRange(PCL5)).toEqual({ min: 0, max: 80 });
    expect(scoreRange(ASQ)).toEqual({ min: 0, max: 4 });
  });
});

describe('PHQ-9', () => {
  const allZero = answersForTotal(PHQ9, 0);

  it('scores a complete response and records the scoring version', () => {
    const result = expectScored(scoreResponse(PHQ9, { ...allZero, 'phq9-1': 2, 'phq9-4': 3, 'phq9-10': 1 }));
    expect(result).toMatchObject({ total: 5, complete: true, missing: [], flags: [] });
    expect(result.scoringVersion).toBe('phq9@1.0.0/scoring-1');
  });

  it('does not need the unscored difficulty question to be complete', () => {
    expect(expectScored(scoreResponse(PHQ9, allZero)).complete).toBe(true);
  });

  it.each([1, 2, 3])('flags suicide risk (urgent) when item 9 is %i', (value) => {
    const result = expectScored(scoreResponse(PHQ9, { ...allZero, 'phq9-9': value }));
    expect(result.flags).toHaveLength(1);
    expect(result.flags[0]).toMatchObject({ code: 'suicide_risk', level: 'urgent' });
    expect(result.flags[0]?.source).toMatch(/Kroenke/);
  });

  it('raises no flag when item 9 is 0, even with a severe total', () => {
    const result = expectScored(scoreResponse(PHQ9, { ...answersForTotal(PHQ9, 24), 'phq9-9': 0 }));
    expect(result.flags).toEqual([]);
  });

  it('does not score an incomplete response but still raises the item 9 flag', () => {
    const result = expectScored(scoreResponse(PHQ9, { 'phq9-1': 3, 'phq9-9': 1, 'phq9-2': null }));
    expect(result.total).toBeNull();
    expect(result.band).toBeNull();
    expect(result.complete).toBe(false);
    expect(result.missing).toEqual(['phq9-2', 'phq9-3', 'phq9-4', 'phq9-5', 'phq9-6', 'phq9-7', 'phq9-8']);
    expect(result.flags.map((f) => f.code)).toEqual(['suicide_risk']);
  });

  it.each([
    [4, '4 is not an allowed answer'],
    [-1, '-1 is not an allowed answer'],
    [1.5, '1.5 is not an allowed answer'],
    [Number.NaN, 'NaN is not an allowed answer'],
  ])('rejects the out-of-range answer %s', (value, message) => {
    const result = scoreResponse(PHQ9, { ...allZero, 'phq9-3': value });
    expect(result).toEqual({
      ok: false,
      errors: [{ linkId: 'phq9-3', message: expect.stringContaining(message) }],
    });
  });

  it('rejects unknown linkIds and yes/no answers to frequency items, naming each', () => {
    const result = scoreResponse(PHQ9, { ...allZero, 'phq9-11': 1, 'phq9-2': true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.linkId).sort()).toEqual(['phq9-11', 'phq9-2']);
    expect(result.errors.find((e) => e.linkId === 'phq9-11')?.message).toMatch(/no item "phq9-11"/);
  });
});

describe('ASQ', () => {
  const negative = { 'asq-1': false, 'asq-2': false, 'asq-3': false, 'asq-4': false };

  it('is complete and negative when 1-4 are all "no" (acuity question not asked)', () => {
    const result = expectScored(scoreResponse(ASQ, negative));
    expect(result).toMatchObject({ total: 0, complete: true, missing: [], flags: [] });
  });

  it('is positive (urgent) and asks the acuity question after any "yes"', () => {
    const result = expectScored(scoreResponse(ASQ, { ...negative, 'asq-4': true }));
    expect(result.flags.map((f) => [f.code, f.level])).toEqual([['positive', 'urgent']]);
    expect(result.complete).toBe(false);
    expect(result.missing).toEqual(['asq-5']);
  });

  it('is a non-acute positive when the acuity answer is "no"', () => {
    const result = expectScored(scoreResponse(ASQ, { ...negative, 'asq-2': 1, 'asq-5': 0 }));
    expect(result.complete).toBe(true);
    expect(result.flags.map((f) => f.code)).toEqual(['positive']);
  });

  it('is an acute positive (emergency) when the acuity answer is "yes"', () => {
    const result = expectScored(scoreResponse(ASQ, { ...negative, 'asq-1': true, 'asq-5': true }));
    expect(result.flags.map((f) => [f.code, f.level])).toEqual([
      ['positive', 'urgent'],
      ['acute_positive', 'emergency'],
    ]);
  });

  it('treats a refusal to answer one of 1-4 as positive', () => {
    const result = expectScored(scoreResponse(ASQ, { ...negative, 'asq-3': null }));
    expect(result.total).toBeNull();
    expect(result.missing).toEqual(['asq-3']);
    expect(result.flags.map((f) => f.code)).toEqual(['positive']);
  });

  it('never hides an acuity "yes", even if 1-4 were "no"', () => {
    const result = expectScored(scoreResponse(ASQ, { ...negative, 'asq-5': true }));
    expect(result.flags.map((f) => f.code)).toEqual(['acute_positive']);
  });

  it('rejects values other than yes/no', () => {
    expect(scoreResponse(ASQ, { ...negative, 'asq-1': 2 })).toMatchObject({
      ok: false,
      errors: [{ linkId: 'asq-1' }],
    });
  });
});

describe('PCL-5 subscales', () => {
  it('sums the DSM-5 clusters B (1-5), C (6-7), D (8-14), E (15-20)', () => {
    const answers: Record<string, number> = {};
    for (let i = 1; i <= 20; i++) answers[`pcl5-${i}`] = i <= 5 ? 1 : i <= 7 ? 4 : i <= 14 ? 2 : 3;
    const result = expectScored(scoreResponse(PCL5, answers));
    expect(result.subscales).toEqual({ B: 5, C: 8, D: 14, E: 18 });
    expect(result.total).toBe(45);
  });

  it('leaves a cluster with a missing item null but scores the others', () => {
    const answers: Record<string, number | null> = answersForTotal(PCL5, 0) as Record<string, number>;
    answers['pcl5-7'] = null;
    const result = expectScored(scoreResponse(PCL5, answers));
    expect(result.subscales).toEqual({ B: 0, C: null, D: 0, E: 0 });
    expect(result.total).toBeNull();
  });
});

describe('compareToBaseline', () => {
  it.each([
    // baseline, current, response, remission
    [20, 10, true, false], // exactly 50 % drop
    [20, 11, false, false], // 45 %
    [9, 4, true, true], // 55.6 % and below 5
    [6, 5, false, false], // 5 is not below 5
    [8, 4, true, true],
    [0, 0, false, true], // no percentage drop from 0
  ])('PHQ-9 %i -> %i: response %s, remission %s', (baseline, current, response, remission) => {
    expect(compareToBaseline(PHQ9, baseline, current)).toMatchObject({ response, remission });
  });

  it('reports signed change and percentage change', () => {
    expect(compareToBaseline(PHQ9, 20, 10)).toEqual({
      change: -10,
      percentChange: -50,
      response: true,
      remission: false,
    });
    expect(compareToBaseline(GAD7, 0, 3)).toMatchObject({ change: 3, percentChange: null });
  });

  it('applies the same rules to GAD-7', () => {
    expect(compareToBaseline(GAD7, 16, 8)).toMatchObject({ response: true, remission: false });
    expect(compareToBaseline(GAD7, 16, 4)).toMatchObject({ response: true, remission: true });
    expect(compareToBaseline(GAD7, 16, 9)).toMatchObject({ response: false });
  });

  it('uses a 10-point drop for PCL-5 and defines no remission', () => {
    expect(compareToBaseline(PCL5, 50, 40)).toMatchObject({ response: true, remission: null, change: -10 });
    expect(compareToBaseline(PCL5, 50, 41)).toMatchObject({ response: false });
  });

  it('defines neither rule for the ASQ', () => {
    expect(compareToBaseline(ASQ, 2, 0)).toMatchObject({ response: null, remission: null });
  });

  it('throws on totals the instrument cannot produce', () => {
    expect(() => compareToBaseline(PHQ9, 28, 5)).toThrow(RangeError);
    expect(() => compareToBaseline(PHQ9, 10, -1)).toThrow(/outside 0-27/);
  });
});
