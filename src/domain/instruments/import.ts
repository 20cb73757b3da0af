// Import of a licensed instrument (C-SSRS, Y-BOCS, MEQ-30, ...) that Liminal may not ship: the clinic
// supplies its own FHIR Questionnaire, a scoring definition and an attestation that it holds a licence
// (DOMAIN.md §4). This module only validates and converts; storing the result is the server's job.
//
// Every problem is reported with the path of the offending field ('scoring.bands[2].max',
// 'questionnaire.item[3].answerOption[1]') so the import screen can point at it.

import type { Questionnaire } from '@medplum/fhirtypes';
import { ITEM_WEIGHT, LOINC, ORDINAL_VALUE } from './codes';
import { formatPath, type ImportedItem, importInputSchema } from './importSchema';
import { getInstrument } from './library';
import type {
  AnswerOption,
  AnswerOptionSet,
  InstrumentDefinition,
  InstrumentItem,
  ValidationIssue,
} from './types';
import { validateScoring } from './validate';

export type ImportResult =
  | { ok: true; definition: InstrumentDefinition }
  | { ok: false; errors: ValidationIssue[] };

const NUMERIC_VALUE_HINT = `give its valueCoding an ordinalValue extension (${ORDINAL_VALUE}) or use valueInteger`;

/** Validates an import and, if everything checks out, returns the instrument definition. */
export function importInstrument(input: unknown): ImportResult {
  const parsed = importInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const { questionnaire, scoring, licenceAttestation } = parsed.data;
  const errors: ValidationIssue[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });

  const rawId = questionnaire.id ?? questionnaire.name?.replace(/[^A-Za-z0-9]+/g, '-');
  const id = rawId?.toLowerCase();
  if (!id || !/^[a-z0-9][a-z0-9.-]{0,63}$/.test(id)) {
    add('questionnaire.id', 'an id (letters, digits, "-" or ".", up to 64) or a name is required');
  } else if (getInstrument(id)) {
    add('questionnaire.id', `"${id}" is the id of an instrument Liminal ships; choose another id`);
  }

  const converted = convertItems(questionnaire.item, 'questionnaire.item', [], add);
  resolveEnableWhen(converted, add);
  // Scoring checks rely on a clean item list: report questionnaire problems first.
  if (errors.length > 0) return { ok: false, errors };

  const panel = questionnaire.code?.find((c) => c.system === LOINC && c.code);
  const definition: InstrumentDefinition = {
    id: id as string,
    name: questionnaire.title ?? questionnaire.name ?? (id as string),
    version: questionnaire.version ?? '1',
    origin: 'imported',
    licence: questionnaire.copyright ?? 'Licensed instrument imported under the clinic licence attestation.',
    attestation: { attestedBy: licenceAttestation.attestedBy, text: licenceAttestation.text },
    source: `Imported by the clinic${questionnaire.url ? ` from ${questionnaire.url}` : ''}`,
    ...(questionnaire.description ? { instructions: questionnaire.description } : {}),
    answerSets: converted.map((c) => c.set),
    items: converted.map((c) => c.item),
    ...(panel?.code ? { loinc: { panel: { system: LOINC, code: panel.code, display: panel.display } } } : {}),
    ...(questionnaire.url ? { url: questionnaire.url } : {}),
    // Keep the clinic's questionnaire verbatim (not the zod-parsed copy) so it renders as licensed.
    sourceQuestionnaire: structuredClone((input as { questionnaire: Questionnaire }).questionnaire),
    scoring,
  };
  const scoringIssues = validateScoring(definition);
  return scoringIssues.length > 0 ? { ok: false, errors: scoringIssues } : { ok: true, definition };
}

interface Converted {
  item: InstrumentItem;
  set: AnswerOptionSet;
  raw: ImportedItem;
  path: string;
}

/** Flattens groups, skips display items and turns each choice item into an item plus answer set. */
function convertItems(
  items: readonly ImportedItem[],
  prefix: string,
  groupPath: string[],
  add: (path: string, message: string) => void,
  out: Converted[] = [],
  seen: Set<string> = new Set(),
): Converted[] {
  items.forEach((raw, i) => {
    const path = `${prefix}[${i}]`;
    if (seen.has(raw.linkId)) add(`${path}.linkId`, `duplicate linkId "${raw.linkId}"`);
    seen.add(raw.linkId);
    if (raw.type === 'display') return;
    if (raw.type === 'group') {
      if (!raw.item || raw.item.length === 0) add(`${path}.item`, 'a group needs at least one item');
      else convertItems(raw.item, `${path}.item`, [...groupPath, raw.linkId], add, out, seen);
      return;
    }
    if (raw.type !== 'choice') {
      add(
        `${path}.type`,
        `item type "${raw.type}" cannot be imported: Liminal records only choice items with numeric ` +
          'answer values (make free-text prompts display items)',
      );
      return;
    }
    if (!raw.text?.trim()) add(`${path}.text`, 'the item needs its question text');
    const set = convertOptions(raw, path, add);
    const loinc = raw.code?.find((c) => c.system === LOINC && c.code)?.code;
    out.push({
      raw,
      path,
      set,
      item: {
        linkId: raw.linkId,
        text: raw.text ?? '',
        answerSet: set.id,
        // FHIR's default for `required` is false; scored items are still treated as needed.
        required: raw.required === true,
        ...(loinc ? { loinc } : {}),
        ...(groupPath.length > 0 ? { groupPath } : {}),
      },
    });
  });
  return out;
}

/** The numeric value of an option: ordinalValue/itemWeight on the coding or option, or valueInteger. */
function numericValue(option: NonNullable<ImportedItem['answerOption']>[number]): number | undefined {
  if (option.valueInteger !== undefined) return option.valueInteger;
  const extensions = [...(option.valueCoding?.extension ?? []), ...(option.extension ?? [])];
  const weight = extensions.find((e) => e.url === ORDINAL_VALUE || e.url === ITEM_WEIGHT);
  return weight?.valueDecimal ?? weight?.valueInteger;
}

function convertOptions(raw: ImportedItem, path: string, add: (path: string, message: string) => void) {
  const set: AnswerOptionSet = { id: raw.linkId, options: [] };
  const options = raw.answerOption ?? [];
  if (options.length === 0) {
    add(
      `${path}.answerOption`,
      `a choice item needs answer options with numeric values: ${NUMERIC_VALUE_HINT}`,
    );
    return set;
  }
  const kinds = new Set(options.map((o) => (o.valueInteger !== undefined ? 'integer' : 'coding')));
  if (kinds.size > 1) add(`${path}.answerOption`, 'mixes valueInteger and valueCoding options; use one kind');
  if (kinds.has('integer')) set.fhirType = 'integer';

  options.forEach((option, o) => {
    const optionPath = `${path}.answerOption[${o}]`;
    const value = numericValue(option);
    if (value === undefined) {
      add(optionPath, `the answer option has no numeric value: ${NUMERIC_VALUE_HINT}`);
      return;
    }
    if (!Number.isInteger(value)) add(optionPath, `answer values must be integers (got ${value})`);
    if (set.options.some((existing) => existing.value === value)) {
      add(optionPath, `another option of this item already has value ${value}`);
    }
    const coding = option.valueCoding;
    let converted: AnswerOption = { value, label: String(value) };
    if (option.valueInteger === undefined) {
      if (!coding?.system || !coding.code) {
        add(`${optionPath}.valueCoding`, 'the coding needs both system and code');
        return;
      }
      converted = {
        value,
        label: coding.display ?? coding.code,
        code: {
          system: coding.system,
          code: coding.code,
          ...(coding.display ? { display: coding.display } : {}),
        },
      };
    }
    set.options.push(converted);
  });
  return set;
}

/**
 * Supports the enableWhen shape the definition model can express: '=' conditions on earlier choice
 * items, all naming the same answer value, combined with 'any' (or a single condition).
 */
function resolveEnableWhen(converted: Converted[], add: (path: string, message: string) => void): void {
  converted.forEach(({ raw, path, item }, index) => {
    const conditions = raw.enableWhen ?? [];
    if (conditions.length === 0) return;
    if (conditions.length > 1 && raw.enableBehavior !== 'any') {
      add(
        `${path}.enableBehavior`,
        'several enableWhen conditions are supported only with enableBehavior "any"',
      );
      return;
    }
    const values = new Set<number>();
    const anyOf: string[] = [];
    conditions.forEach((condition, k) => {
      const conditionPath = `${path}.enableWhen[${k}]`;
      const target = converted.slice(0, index).find((c) => c.item.linkId === condition.question);
      if (!target) {
        add(`${conditionPath}.question`, `"${condition.question}" is not an earlier choice item`);
        return;
      }
      if (condition.operator !== '=') {
        add(`${conditionPath}.operator`, 'only the "=" operator is supported');
        return;
      }
      const option =
        condition.answerInteger !== undefined
          ? target.set.options.find((o) => o.value === condition.answerInteger && !o.code)
          : target.set.options.find(
              (o) =>
                o.code?.code === condition.answerCoding?.code &&
                o.code?.system === condition.answerCoding?.system,
            );
      if (!option) {
        add(conditionPath, `the answer does not match any option of "${condition.question}"`);
        return;
      }
      values.add(option.value);
      anyOf.push(condition.question);
    });
    if (values.size > 1) add(`${path}.enableWhen`, 'all conditions must name the same answer value');
    const [equals] = values;
    if (values.size === 1 && anyOf.length === conditions.length && equals !== undefined) {
      item.enableWhen = { anyOf, equals };
    }
  });
}
