// zod schemas for importing a licensed instrument: the subset of a FHIR R4 Questionnaire that
// scoring needs, the scoring definition (the JSON form of ScoringDefinition) and the attestation.
// Questionnaire objects are loose: a real export carries many fields we neither need nor reject.

import { z } from 'zod';
import type { ScoringDefinition } from './types';

const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} must not be empty`);

const extension = z.looseObject({
  url: z.string(),
  valueDecimal: z.number().optional(),
  valueInteger: z.number().optional(),
});

const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
  extension: z.array(extension).optional(),
});

const answerOption = z.looseObject({
  valueCoding: coding.optional(),
  valueInteger: z.number().optional(),
  extension: z.array(extension).optional(),
});

const enableWhen = z.looseObject({
  question: z.string(),
  operator: z.string(),
  answerCoding: coding.optional(),
  answerInteger: z.number().optional(),
});

export interface ImportedItem {
  linkId: string;
  text?: string;
  type: string;
  required?: boolean;
  code?: z.infer<typeof coding>[];
  answerOption?: z.infer<typeof answerOption>[];
  enableWhen?: z.infer<typeof enableWhen>[];
  enableBehavior?: string;
  item?: ImportedItem[];
}

export const importedItemSchema: z.ZodType<ImportedItem> = z.looseObject({
  linkId: text('linkId'),
  text: z.string().optional(),
  type: z.string({ error: 'item type is required' }),
  required: z.boolean().optional(),
  code: z.array(coding).optional(),
  answerOption: z.array(answerOption).optional(),
  enableWhen: z.array(enableWhen).optional(),
  enableBehavior: z.string().optional(),
  get item() {
    return z.array(importedItemSchema).optional();
  },
});

export const importedQuestionnaireSchema = z.looseObject(
  {
    resourceType: z.literal('Questionnaire', { error: 'resourceType must be "Questionnaire"' }),
    id: z.string().optional(),
    url: z.string().optional(),
    version: z.string().optional(),
    name: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    copyright: z.string().optional(),
    code: z.array(coding).optional(),
    item: z
      .array(importedItemSchema, { error: 'the questionnaire has no items' })
      .min(1, 'the questionnaire has no items'),
  },
  { error: 'a FHIR R4 Questionnaire (JSON object) is required' },
);

const sourced = { source: text('source (citation for this threshold)') };
const changeRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentDrop'), threshold: z.number(), ...sourced }),
  z.object({ kind: z.literal('absoluteDrop'), value: z.number(), ...sourced }),
  z.object({ kind: z.literal('below'), value: z.number(), ...sourced }),
  z.object({ kind: z.literal('atOrBelow'), value: z.number(), ...sourced }),
]);

const linkIds = z.array(z.string());

export const scoringSchema = z.object(
  {
    version: text('scoring version'),
    kind: z.literal('sum', { error: 'only "sum" scoring is supported' }),
    items: linkIds,
    reverseItems: linkIds.optional(),
    subscales: z
      .array(z.object({ id: text('subscale id'), name: text('subscale name'), items: linkIds }))
      .optional(),
    bands: z.array(
      z.object({
        min: z.number().int('band limits must be integers'),
        max: z.number().int('band limits must be integers'),
        label: text('band label'),
        severity: z.number().int().min(0, 'severity levels start at 0'),
      }),
      { error: 'severity bands are required' },
    ),
    bandSource: text('bandSource (citation for the bands)'),
    response: changeRule.optional(),
    remission: changeRule.optional(),
    cutoffs: z
      .array(
        z.object({ id: text('cutoff id'), label: text('cutoff label'), atLeast: z.number(), ...sourced }),
      )
      .optional(),
    flags: z
      .array(
        z.object({
          code: text('flag code'),
          level: z.enum(['info', 'urgent', 'emergency']),
          message: text('flag message'),
          ...sourced,
          when: z.object({ anyOf: linkIds, atLeast: z.number(), unansweredCounts: z.boolean().optional() }),
        }),
      )
      .optional(),
  },
  { error: 'a scoring definition (JSON object) is required' },
);

// Fails to compile if the schema and the ScoringDefinition type drift apart.
const _scoringMatchesType: z.ZodType<ScoringDefinition> = scoringSchema;
void _scoringMatchesType;

export const importInputSchema = z.object(
  {
    questionnaire: importedQuestionnaireSchema,
    scoring: scoringSchema,
    licenceAttestation: z.object(
      {
        attestedBy: text('licenceAttestation.attestedBy (who attests that the clinic holds a licence)'),
        text: text('licenceAttestation.text (the attestation statement)'),
      },
      { error: 'a licence attestation is required: the clinic must attest that it holds a licence' },
    ),
  },
  { error: 'expected an object with questionnaire, scoring and licenceAttestation' },
);

export type ImportInput = z.infer<typeof importInputSchema>;

/** ['scoring', 'bands', 2, 'max'] -> 'scoring.bands[2].max' */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}
