import { describe, expect, it } from 'vitest';
import { isSessionRating, LIMINAL_DISSOCIATION, LIMINAL_EXPERIENCE } from './experience';
import { toQuestionnaireResponse, toScoreObservation } from './fhir';
import { importInstrument } from './import';
import { compareToBaseline, scoreRange, scoreResponse } from './scoring';
import type { Answers, ScoreResult, ScoreSuccess } from './types';
import { validateDefinition } from './validate';

const scored = (r: ScoreResult): ScoreSuccess => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const exp = (
  intensity: number,
  insight: number,
  release: number,
  connection: number,
  difficulty: number,
) => ({
  'lxr-intensity': intensity,
  'lxr-insight': insight,
  'lxr-release': release,
  'lxr-connection': connection,
  'lxr-difficulty': difficulty,
});
const dis = (body: number, time: number, unreal: number, self: number) => ({
  'lds-body': body,
  'lds-time': time,
  'lds-unreal': unreal,
  'lds-self': self,
});

describe('Liminal acute experience rating', () => {
  it('is a valid definition, labelled not validated, with no response or remission rule', () => {
    expect(validateDefinition(LIMINAL_EXPERIENCE)).toEqual([]);
    expect(LIMINAL_EXPERIENCE.licence).toMatch(/NOT VALIDATED/);
    expect(LIMINAL_EXPERIENCE.name).toMatch(/not validated/);
    expect(LIMINAL_EXPERIENCE.scoring.response).toBeUndefined();
    expect(LIMINAL_EXPERIENCE.scoring.remission).toBeUndefined();
    expect(LIMINAL_EXPERIENCE.scoring.flags).toBeUndefined();
    expect(scoreRange(LIMINAL_EXPERIENCE)).toEqual({ min: 0, max: 50 });
  });

  // Hand-computed: total is the sum of the five items; insight = items 2 + 3 + 4.
  it.each([
    [exp(0, 0, 0, 0, 0), 0, { intensity: 0, insight: 0, difficulty: 0 }, 'Mild experience'],
    [exp(10, 10, 10, 10, 10), 50, { intensity: 10, insight: 30, difficulty: 10 }, 'Strong experience'],
    [exp(6, 2, 3, 5, 0), 16, { intensity: 6, insight: 10, difficulty: 0 }, 'Mild experience'],
    [exp(6, 2, 3, 5, 1), 17, { intensity: 6, insight: 10, difficulty: 1 }, 'Moderate experience'],
    [exp(7, 7, 7, 6, 6), 33, { intensity: 7, insight: 20, difficulty: 6 }, 'Moderate experience'],
    [exp(7, 7, 7, 6, 7), 34, { intensity: 7, insight: 20, difficulty: 7 }, 'Strong experience'],
  ])('scores %j as %i', (answers, total, subscales, band) => {
    const r = scored(scoreResponse(LIMINAL_EXPERIENCE, answers));
    expect(r).toMatchObject({ total, subscales, complete: true, flags: [] });
    expect(r.band?.label).toBe(band);
  });

  it('refuses answers outside 0–10 or not whole numbers, naming the item', () => {
    for (const bad of [11, -1, 2.5]) {
      const r = scoreResponse(LIMINAL_EXPERIENCE, { ...exp(1, 1, 1, 1, 1), 'lxr-release': bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.linkId)).toEqual(['lxr-release']);
    }
  });

  it('leaves the total empty while an item is unanswered (no prorating)', () => {
    const answers: Answers = { ...exp(1, 1, 1, 1, 1), 'lxr-difficulty': null };
    const r = scored(scoreResponse(LIMINAL_EXPERIENCE, answers));
    expect(r).toMatchObject({ total: null, complete: false, missing: ['lxr-difficulty'] });
    expect(r.subscales).toMatchObject({ intensity: 1, insight: 3, difficulty: null });
  });

  it('compares to a baseline without response or remission (a process measure)', () => {
    expect(compareToBaseline(LIMINAL_EXPERIENCE, 20, 30)).toEqual({
      change: 10,
      percentChange: 50,
      response: null,
      remission: null,
    });
  });

  it('renders as FHIR QuestionnaireResponse (integers) and Observation with subscale components', () => {
    const answers = exp(6, 2, 3, 5, 1);
    const qr = toQuestionnaireResponse(LIMINAL_EXPERIENCE, {
      id: 'r1',
      patientId: 'p1',
      authored: '2026-01-02T10:00:00.000Z',
      answers,
    });
    expect(qr.item?.[0]).toMatchObject({ linkId: 'lxr-intensity', answer: [{ valueInteger: 6 }] });
    const obs = toScoreObservation(LIMINAL_EXPERIENCE, {
      id: 's1',
      patientId: 'p1',
      effective: '2026-01-02T10:00:00.000Z',
      total: 17,
      band: { label: 'Moderate experience', severity: 1 },
      responseId: 'r1',
      subscales: { intensity: 6, insight: 10, difficulty: 1 },
    });
    expect(obs.valueInteger).toBe(17);
    expect(obs.component?.map((c) => [c.code.text, c.valueInteger])).toEqual([
      ['Intensity', 6],
      ['Insight and connection', 10],
      ['Difficulty', 1],
    ]);
  });
});

describe('Liminal dissociation rating', () => {
  it('is a valid definition with range 0–40, labelled not validated', () => {
    expect(validateDefinition(LIMINAL_DISSOCIATION)).toEqual([]);
    expect(LIMINAL_DISSOCIATION.licence).toMatch(/NOT VALIDATED/);
    expect(scoreRange(LIMINAL_DISSOCIATION)).toEqual({ min: 0, max: 40 });
    expect(LIMINAL_DISSOCIATION.scoring.response).toBeUndefined();
  });

  it.each([
    [dis(0, 0, 0, 0), 0, 'Little dissociation'],
    [dis(4, 3, 3, 3), 13, 'Little dissociation'],
    [dis(4, 4, 3, 3), 14, 'Moderate dissociation'],
    [dis(7, 7, 6, 6), 26, 'Moderate dissociation'],
    [dis(7, 7, 7, 6), 27, 'Strong dissociation'],
    [dis(10, 10, 10, 10), 40, 'Strong dissociation'],
  ])('scores %j as %i', (answers, total, band) => {
    const r = scored(scoreResponse(LIMINAL_DISSOCIATION, answers));
    expect(r.total).toBe(total);
    expect(r.band?.label).toBe(band);
  });

  it('refuses an out-of-range item by name', () => {
    const r = scoreResponse(LIMINAL_DISSOCIATION, { ...dis(1, 1, 1, 1), 'lds-time': 12 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.linkId).toBe('lds-time');
  });

  it('is recognised as a session rating, unlike the scheduled measures', () => {
    expect(isSessionRating('lds')).toBe(true);
    expect(isSessionRating('lxr')).toBe(true);
    expect(isSessionRating('phq9')).toBe(false);
  });
});

// An invented experience-style questionnaire (not MEQ-30, EBI, CADSS, 5D-ASC or the CEQ: no published wording):
// the shape a clinic's licensed import of one of them takes, with subscales and no response or remission rule.
describe('importing a licensed experience measure', () => {
  const scale = (value: number) => ({ valueInteger: value });
  const items = ['Felt one with everything', 'Lost track of time', 'Felt afraid', 'Felt at peace'];
  const input = {
    questionnaire: {
      resourceType: 'Questionnaire',
      id: 'test-experience',
      url: 'https://clinic.example/fhir/Questionnaire/test-experience',
      version: '1',
      title: 'Test Experience Questionnaire',
      status: 'active',
      copyright: 'Invented for Liminal’s tests; stands for a licensed experience measure.',
      item: items.map((text, i) => ({
        linkId: `e${i + 1}`,
        type: 'choice',
        text,
        required: true,
        answerOption: [0, 1, 2, 3, 4, 5].map(scale),
      })),
    },
    scoring: {
      version: '1',
      kind: 'sum',
      items: ['e1', 'e2', 'e3', 'e4'],
      subscales: [
        { id: 'unity', name: 'Unity', items: ['e1', 'e4'] },
        { id: 'challenge', name: 'Challenge', items: ['e3'] },
      ],
      bands: [{ min: 0, max: 20, label: 'Rated', severity: 0 }],
      bandSource: 'Invented for the test',
    },
    licenceAttestation: {
      attestedBy: 'Dr A. Admin',
      text: 'The clinic holds the authors’ written permission.',
    },
  };

  it('imports, scores with subscales, and has no response or remission rule', () => {
    const result = importInstrument(input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const def = result.definition;
    expect(def.scoring.response).toBeUndefined();
    expect(def.scoring.remission).toBeUndefined();
    const r = scored(scoreResponse(def, { e1: 5, e2: 3, e3: 1, e4: 4 }));
    expect(r).toMatchObject({ total: 13, subscales: { unity: 9, challenge: 1 } });
    expect(compareToBaseline(def, 13, 8)).toMatchObject({ response: null, remission: null });
  });
});
