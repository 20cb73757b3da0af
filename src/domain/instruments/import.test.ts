import { describe, expect, it } from 'vitest';
import { toQuestionnaire, toQuestionnaireResponse, toScoreObservation } from './fhir';
import { importInstrument } from './import';
import { scoreResponse } from './scoring';

// A made-up three-item instrument (not any published scale) used to exercise import.
const ordinal = (value: number) => [
  { url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value },
];
const options = ['Never', 'Sometimes', 'Often'].map((display, value) => ({
  valueCoding: { system: 'urn:test:often', code: display.toLowerCase(), display, extension: ordinal(value) },
}));

const sleepFlag = {
  code: 'sleep',
  level: 'info' as const,
  message: 'Poor sleep',
  source: 'Example Press manual',
  when: { anyOf: ['c3'], atLeast: 2 },
};

function goodInput() {
  return {
    questionnaire: {
      resourceType: 'Questionnaire',
      id: 'test-calm',
      url: 'https://clinic.example/fhir/Questionnaire/test-calm',
      version: '2.1',
      title: 'Test Calm Scale',
      status: 'active',
      copyright: 'Test Calm Scale © Example Press; licensed to the clinic.',
      item: [
        { linkId: 'intro', type: 'display', text: 'In the past week:' },
        { linkId: 'c1', type: 'choice', text: 'I felt tense', required: true, answerOption: options },
        { linkId: 'c2', type: 'choice', text: 'I worried', required: true, answerOption: options },
        { linkId: 'c3', type: 'choice', text: 'I slept badly', required: true, answerOption: options },
      ],
    },
    scoring: {
      version: '1',
      kind: 'sum',
      items: ['c1', 'c2', 'c3'],
      bands: [
        { min: 0, max: 1, label: 'Low', severity: 0 },
        { min: 2, max: 3, label: 'Medium', severity: 1 },
        { min: 4, max: 6, label: 'High', severity: 2 },
      ],
      bandSource: 'Example Press manual, 2nd edition',
      response: { kind: 'percentDrop', threshold: 40, source: 'Example Press manual' },
      flags: [sleepFlag],
    },
    licenceAttestation: {
      attestedBy: 'Dr A. Admin',
      text: 'The clinic holds licence EX-123 for electronic use.',
    },
  };
}

type Input = ReturnType<typeof goodInput>;
/** A good input with one change applied, for the bad-file cases. */
function bad(change: (input: Input) => void): Input {
  const input = goodInput();
  change(input);
  return input;
}

function errorPaths(input: unknown): string[] {
  const result = importInstrument(input);
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors.map((e) => e.path);
}

describe('importInstrument: good file', () => {
  it('returns a definition that scores, renders and keeps the attestation', () => {
    const result = importInstrument(goodInput());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const def = result.definition;
    expect(def).toMatchObject({
      id: 'test-calm',
      origin: 'imported',
      version: '2.1',
      name: 'Test Calm Scale',
    });
    expect(def.attestation?.attestedBy).toBe('Dr A. Admin');
    expect(def.items.map((i) => i.linkId)).toEqual(['c1', 'c2', 'c3']);

    const scored = scoreResponse(def, { c1: 2, c2: 1, c3: 2 });
    expect(scored).toMatchObject({ ok: true, total: 5, band: { label: 'High' }, flags: [{ code: 'sleep' }] });
    expect(toQuestionnaire(def)).toEqual(goodInput().questionnaire);
    const qr = toQuestionnaireResponse(def, {
      id: 'r',
      patientId: 'p',
      authored: '2026-01-05T10:00:00Z',
      answers: { c1: 2 },
    });
    expect(qr.questionnaire).toBe('https://clinic.example/fhir/Questionnaire/test-calm|2.1');
    expect(qr.item?.[0]?.answer?.[0]?.valueCoding).toEqual({
      system: 'urn:test:often',
      code: 'often',
      display: 'Often',
    });
    expect(
      toScoreObservation(def, {
        id: 'o',
        patientId: 'p',
        effective: 'x',
        total: 5,
        band: null,
        responseId: 'r',
      }).code,
    ).toEqual({ text: 'Test Calm Scale total score' });
  });

  it('supports groups, integer options and a simple enableWhen', () => {
    const input = goodInput();
    const ints = [0, 1, 2].map((valueInteger) => ({ valueInteger }));
    input.questionnaire.item = [
      {
        linkId: 'g',
        type: 'group',
        text: 'Section',
        item: [
          { linkId: 'c1', type: 'choice', text: 'I felt tense', answerOption: ints },
          { linkId: 'c2', type: 'choice', text: 'I worried', answerOption: ints },
          { linkId: 'c3', type: 'choice', text: 'I slept badly', answerOption: ints },
          {
            linkId: 'c4',
            type: 'choice',
            text: 'Follow-up',
            answerOption: ints,
            enableWhen: [{ question: 'c3', operator: '=', answerInteger: 2 }],
          },
        ],
      },
    ] as never;
    const result = importInstrument(input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const c4 = result.definition.items.find((i) => i.linkId === 'c4');
    expect(c4).toMatchObject({ enableWhen: { anyOf: ['c3'], equals: 2 }, groupPath: ['g'], required: false });
    const qr = toQuestionnaireResponse(result.definition, {
      id: 'r',
      patientId: 'p',
      authored: '2026-01-05T10:00:00Z',
      answers: { c1: 0, c3: 2 },
    });
    expect(qr.item).toEqual([
      {
        linkId: 'g',
        item: [
          { linkId: 'c1', text: 'I felt tense', answer: [{ valueInteger: 0 }] },
          { linkId: 'c3', text: 'I slept badly', answer: [{ valueInteger: 2 }] },
        ],
      },
    ]);
  });
});

describe('importInstrument: bad files name the offending field', () => {
  it.each<[string, (input: Input) => void, string[]]>([
    [
      'no items',
      (i) => delete (i.questionnaire as Partial<Input['questionnaire']>).item,
      ['questionnaire.item'],
    ],
    ['empty item list', (i) => (i.questionnaire.item = []), ['questionnaire.item']],
    [
      'an answer option without a numeric value',
      (i) =>
        (i.questionnaire.item[2] = {
          ...i.questionnaire.item[2],
          answerOption: [
            options[0],
            options[1],
            { valueCoding: { system: 'urn:x', code: 'z', display: 'Z' } },
          ],
        } as never),
      ['questionnaire.item[2].answerOption[2]'],
    ],
    [
      'a choice item with no options',
      (i) => delete (i.questionnaire.item[1] as { answerOption?: unknown }).answerOption,
      ['questionnaire.item[1].answerOption'],
    ],
    [
      'a free-text item',
      (i) => (i.questionnaire.item[3] = { linkId: 'c3', type: 'string', text: 'Notes' } as never),
      ['questionnaire.item[3].type'],
    ],
    [
      'a duplicate linkId',
      (i) => (i.questionnaire.item[2] = { ...i.questionnaire.item[2], linkId: 'c1' } as never),
      ['questionnaire.item[2].linkId'],
    ],
    ['the id of a shipped instrument', (i) => (i.questionnaire.id = 'phq9'), ['questionnaire.id']],
    ['scoring an unknown linkId', (i) => i.scoring.items.push('c9'), ['scoring.items[3]']],
    [
      'overlapping bands',
      (i) => (i.scoring.bands[1] = { min: 1, max: 3, label: 'Medium', severity: 1 }),
      ['scoring.bands[1].min'],
    ],
    [
      'a gap between bands',
      (i) => (i.scoring.bands[2] = { min: 5, max: 6, label: 'High', severity: 2 }),
      ['scoring.bands[2].min'],
    ],
    [
      'bands that stop short of the highest total',
      (i) => (i.scoring.bands[2] = { min: 4, max: 5, label: 'High', severity: 2 }),
      ['scoring.bands[2].max'],
    ],
    [
      'bands that start above the lowest total',
      (i) => (i.scoring.bands[0] = { min: 1, max: 1, label: 'Low', severity: 0 }),
      ['scoring.bands[0].min'],
    ],
    [
      'a non-integer band limit',
      (i) => (i.scoring.bands[1] = { min: 2, max: 3.5, label: 'Medium', severity: 1 }),
      ['scoring.bands[1].max'],
    ],
    [
      'decreasing severity',
      (i) => (i.scoring.bands[2] = { min: 4, max: 6, label: 'High', severity: 0 }),
      ['scoring.bands[2].severity'],
    ],
    [
      'a flag on an unknown item',
      (i) => (i.scoring.flags = [{ ...sleepFlag, when: { anyOf: ['sleep-item'], atLeast: 2 } }]),
      ['scoring.flags[0].when.anyOf[0]'],
    ],
    [
      'a flag that can never fire',
      (i) => (i.scoring.flags = [{ ...sleepFlag, when: { anyOf: ['c3'], atLeast: 3 } }]),
      ['scoring.flags[0].when.atLeast'],
    ],
    ['a threshold without a citation', (i) => (i.scoring.bandSource = ''), ['scoring.bandSource']],
    [
      'an unknown rule kind',
      (i) => (i.scoring.response = { kind: 'halved' } as never),
      ['scoring.response.kind'],
    ],
    [
      'a percentage drop above 100 %',
      (i) => (i.scoring.response = { kind: 'percentDrop', threshold: 150, source: 'Example Press manual' }),
      ['scoring.response.threshold'],
    ],
    ['no attestation', (i) => delete (i as Partial<Input>).licenceAttestation, ['licenceAttestation']],
    [
      'an anonymous attestation',
      (i) => (i.licenceAttestation.attestedBy = '  '),
      ['licenceAttestation.attestedBy'],
    ],
  ])('%s', (_name, change, paths) => {
    expect(errorPaths(bad(change))).toEqual(paths);
  });

  it('explains what is wrong in words', () => {
    const result = importInstrument(
      bad((i) => (i.scoring.bands[2] = { min: 5, max: 6, label: 'High', severity: 2 })),
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'scoring.bands[2].min', message: 'gap: no band covers total 4' }],
    });
    const attestation = importInstrument(bad((i) => delete (i as Partial<Input>).licenceAttestation));
    expect(attestation.ok === false && attestation.errors[0]?.message).toMatch(/holds a licence/);
  });

  it('reports several schema problems at once', () => {
    const paths = errorPaths(
      bad((i) => {
        delete (i as Partial<Input>).licenceAttestation;
        i.scoring.bandSource = '';
      }),
    );
    expect(paths.sort()).toEqual(['licenceAttestation', 'scoring.bandSource']);
  });

  it('rejects input that is not an object', () => {
    expect(errorPaths(null)).toEqual(['']);
    expect(
      errorPaths({ questionnaire: { resourceType: 'Patient' }, scoring: {}, licenceAttestation: {} }),
    ).toContain('questionnaire.resourceType');
  });
});
