// Pure FHIR R4 renderings of an instrument: Questionnaire -> QuestionnaireResponse -> scored
// Observation (DOMAIN.md §4). No I/O; the server's /fhir routes and exports call these.

import type {
  Coding,
  Observation,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import {
  ANSWER_URN_PREFIX,
  LOINC,
  OBSERVATION_CATEGORY,
  ORDINAL_VALUE,
  QUESTIONNAIRE_URN_PREFIX,
} from './codes';
import { answerSetOf, isRequired, normaliseAnswers, scoreRange } from './scoring';
import type { AnswerOption, AnswerOptionSet, Answers, InstrumentDefinition, InstrumentItem } from './types';

/** Canonical URL of the questionnaire (without version). */
export function questionnaireUrl(def: InstrumentDefinition): string {
  return def.url ?? `${QUESTIONNAIRE_URN_PREFIX}${def.id}`;
}

/** Versioned canonical reference, as used in QuestionnaireResponse.questionnaire. */
export function questionnaireCanonical(def: InstrumentDefinition): string {
  return `${questionnaireUrl(def)}|${def.version}`;
}

/** The coding that represents one answer option: its standard code if any, else a local one. */
export function answerCoding(set: AnswerOptionSet, option: AnswerOption): Coding {
  const code = option.code ?? { system: `${ANSWER_URN_PREFIX}${set.id}`, code: String(option.value) };
  return { system: code.system, code: code.code, display: code.display ?? option.label };
}

/** The answer as FHIR carries it: a Coding, or a bare integer for integer-valued option sets. */
function answerValue(
  set: AnswerOptionSet,
  option: AnswerOption,
): { valueCoding: Coding } | { valueInteger: number } {
  return set.fhirType === 'integer'
    ? { valueInteger: option.value }
    : { valueCoding: answerCoding(set, option) };
}

/** FHIR `name` must be machine-friendly: a letter, then letters, digits or underscores. */
function computableName(id: string): string {
  const name = id.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[A-Z]/.test(name) ? name : `Q_${name}`;
}

/**
 * The questionnaire for an instrument. Imported instruments return the clinic's own questionnaire
 * unchanged, since that is the form the licence covers; shipped ones are rendered from the definition.
 */
export function toQuestionnaire(def: InstrumentDefinition): Questionnaire {
  if (def.sourceQuestionnaire) return structuredClone(def.sourceQuestionnaire);

  const items: QuestionnaireItem[] = [];
  if (def.instructions) {
    items.push({ linkId: `${def.id}-instructions`, type: 'display', text: def.instructions });
  }
  for (const item of def.items) {
    const set = answerSetOf(def, item);
    const enableWhen = toEnableWhen(def, item);
    items.push({
      linkId: item.linkId,
      text: item.text,
      type: 'choice',
      required: isRequired(def, item),
      ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc }] } : {}),
      ...(enableWhen.length > 0
        ? { enableWhen, ...(enableWhen.length > 1 ? { enableBehavior: 'any' } : {}) }
        : {}),
      answerOption: set.options.map((option) =>
        set.fhirType === 'integer'
          ? { valueInteger: option.value }
          : {
              valueCoding: {
                ...answerCoding(set, option),
                extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
              },
            },
      ),
    });
  }

  return {
    resourceType: 'Questionnaire',
    id: def.id,
    url: questionnaireUrl(def),
    version: def.version,
    name: computableName(def.id),
    title: def.name,
    status: 'active',
    subjectType: ['Patient'],
    ...(def.instructions ? { description: def.instructions } : {}),
    copyright: def.licence,
    ...(def.loinc?.panel ? { code: [{ ...def.loinc.panel }] } : {}),
    item: items,
  };
}

function toEnableWhen(def: InstrumentDefinition, item: InstrumentItem): QuestionnaireItemEnableWhen[] {
  if (!item.enableWhen) return [];
  const { anyOf, equals } = item.enableWhen;
  return anyOf.flatMap((linkId) => {
    const other = def.items.find((i) => i.linkId === linkId);
    if (!other) return [];
    const set = answerSetOf(def, other);
    const option = set.options.find((o) => o.value === equals);
    if (!option) return [];
    const answer =
      set.fhirType === 'integer'
        ? { answerInteger: option.value }
        : { answerCoding: answerCoding(set, option) };
    return [{ question: linkId, operator: '=' as const, ...answer }];
  });
}

export interface ResponseInput {
  id: string;
  patientId: string;
  /** ISO 8601 instant, UTC. */
  authored: string;
  answers: Answers;
  /** Defaults to 'completed'; drafts are 'in-progress'. */
  status?: QuestionnaireResponse['status'];
}

/**
 * A QuestionnaireResponse holding the answered items in questionnaire order (unanswered items are
 * omitted, as FHIR expects). Throws a RangeError naming the linkIds if any answer is invalid: callers
 * validate with scoreResponse first, so reaching this is a programming error.
 */
export function toQuestionnaireResponse(
  def: InstrumentDefinition,
  input: ResponseInput,
): QuestionnaireResponse {
  const normalised = normaliseAnswers(def, input.answers);
  if (!normalised.ok) {
    const detail = normalised.errors.map((e) => `${e.linkId}: ${e.message}`).join('; ');
    throw new RangeError(`${def.id}: invalid answers (${detail})`);
  }
  const root: QuestionnaireResponseItem[] = [];
  for (const item of def.items) {
    const value = normalised.values.get(item.linkId);
    if (value === undefined) continue;
    const set = answerSetOf(def, item);
    const option = set.options.find((o) => o.value === value);
    if (!option) continue; // unreachable: normaliseAnswers checked the value
    const answered: QuestionnaireResponseItem = {
      linkId: item.linkId,
      text: item.text,
      answer: [answerValue(set, option)],
    };
    containerFor(root, item.groupPath ?? []).push(answered);
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: input.id,
    questionnaire: questionnaireCanonical(def),
    status: input.status ?? 'completed',
    subject: { reference: `Patient/${input.patientId}` },
    authored: input.authored,
    item: root,
  };
}

/** Response items must nest like the questionnaire's groups; find or create the group chain. */
function containerFor(
  root: QuestionnaireResponseItem[],
  groupPath: readonly string[],
): QuestionnaireResponseItem[] {
  let level = root;
  for (const linkId of groupPath) {
    let group = level.find((i) => i.linkId === linkId && !i.answer);
    if (!group) {
      group = { linkId, item: [] };
      level.push(group);
    }
    group.item ??= [];
    level = group.item;
  }
  return level;
}

export interface ScoreObservationInput {
  id: string;
  patientId: string;
  /** ISO 8601 instant, UTC: when the response was authored. */
  effective: string;
  total: number;
  band: { label: string; severity: number } | null;
  /** Id of the QuestionnaireResponse the score was derived from. */
  responseId: string;
  /** Subscale totals by subscale id (PCL-5 clusters); rendered as components. */
  subscales?: Record<string, number | null>;
}

/** The scored total as a survey Observation derived from its QuestionnaireResponse. */
export function toScoreObservation(def: InstrumentDefinition, input: ScoreObservationInput): Observation {
  const { min, max } = scoreRange(def);
  if (!Number.isInteger(input.total) || input.total < min || input.total > max) {
    throw new RangeError(`${def.id}: total ${input.total} is outside ${min}-${max}`);
  }
  const text = `${def.name} total score`;
  const components = (def.scoring.subscales ?? []).flatMap((sub) => {
    const value = input.subscales?.[sub.id];
    return typeof value === 'number' ? [{ code: { text: sub.name }, valueInteger: value }] : [];
  });
  return {
    resourceType: 'Observation',
    id: input.id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    // Without a LOINC code (PCL-5, ASQ, most imports) the code is text-only, which FHIR allows.
    code: def.loinc?.total ? { coding: [{ ...def.loinc.total }], text } : { text },
    subject: { reference: `Patient/${input.patientId}` },
    effectiveDateTime: input.effective,
    valueInteger: input.total,
    ...(input.band ? { interpretation: [{ text: input.band.label }] } : {}),
    derivedFrom: [{ reference: `QuestionnaireResponse/${input.responseId}` }],
    ...(components.length > 0 ? { component: components } : {}),
  };
}
