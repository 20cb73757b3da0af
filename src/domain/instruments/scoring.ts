// Scoring of a response against an instrument definition, and comparison with a baseline.
// Everything here is driven by the definition's data; nothing is specific to one instrument.

import type {
  AnswerError,
  AnswerOptionSet,
  Answers,
  BaselineComparison,
  ChangeRule,
  InstrumentDefinition,
  InstrumentItem,
  LinkId,
  RaisedFlag,
  ScoreResult,
  SeverityBand,
} from './types';

/** The answer option set an item uses. Throws for a malformed definition (a programming error). */
export function answerSetOf(def: InstrumentDefinition, item: InstrumentItem): AnswerOptionSet {
  const set = def.answerSets.find((s) => s.id === item.answerSet);
  if (!set) throw new Error(`${def.id}: item ${item.linkId} uses unknown answer set ${item.answerSet}`);
  return set;
}

function valueBounds(set: AnswerOptionSet): { min: number; max: number } {
  const values = set.options.map((o) => o.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

function itemOf(def: InstrumentDefinition, linkId: LinkId): InstrumentItem {
  const item = def.items.find((i) => i.linkId === linkId);
  if (!item) throw new Error(`${def.id}: scoring references unknown item ${linkId}`);
  return item;
}

/** Lowest and highest possible totals: the sum of each scored item's lowest and highest option. */
export function scoreRange(def: InstrumentDefinition): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const linkId of def.scoring.items) {
    const bounds = valueBounds(answerSetOf(def, itemOf(def, linkId)));
    min += bounds.min;
    max += bounds.max;
  }
  return { min, max };
}

/** The band containing a total, or null if none does (a definition error caught by validation). */
export function findBand(bands: readonly SeverityBand[], total: number): SeverityBand | null {
  return bands.find((b) => total >= b.min && total <= b.max) ?? null;
}

/** `phq9@1.0.0/scoring-1`: stored with every score so old results can be re-derived or explained. */
export function scoringVersionOf(def: InstrumentDefinition): string {
  return `${def.id}@${def.version}/scoring-${def.scoring.version}`;
}

export type NormalisedAnswers =
  | { ok: true; values: Map<LinkId, number> }
  | { ok: false; errors: AnswerError[] };

/**
 * Checks every answer against its item's option set and converts yes/no booleans to 1/0. Unknown
 * linkIds and values that are not one of the item's options are rejected rather than ignored or
 * clamped: silently dropping an answer could hide a safety finding.
 */
export function normaliseAnswers(def: InstrumentDefinition, answers: Answers): NormalisedAnswers {
  const errors: AnswerError[] = [];
  const values = new Map<LinkId, number>();
  for (const [linkId, raw] of Object.entries(answers)) {
    const item = def.items.find((i) => i.linkId === linkId);
    if (!item) {
      errors.push({ linkId, message: `${def.name} has no item "${linkId}"` });
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const set = answerSetOf(def, item);
    let value: number;
    if (typeof raw === 'boolean') {
      if (!set.acceptsBoolean) {
        errors.push({ linkId, message: 'expects one of the numeric answer values, not yes/no' });
        continue;
      }
      value = raw ? 1 : 0;
    } else if (typeof raw === 'number') {
      value = raw;
    } else {
      errors.push({ linkId, message: `answer must be a number, a boolean or null (got ${typeof raw})` });
      continue;
    }
    if (!set.options.some((o) => o.value === value)) {
      const allowed = set.options.map((o) => o.value).join(', ');
      errors.push({ linkId, message: `${String(raw)} is not an allowed answer (allowed: ${allowed})` });
      continue;
    }
    values.set(linkId, value);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** Whether an item is shown, given the other answers (FHIR enableWhen with enableBehavior 'any'). */
export function isEnabled(item: InstrumentItem, values: ReadonlyMap<LinkId, number>): boolean {
  if (!item.enableWhen) return true;
  const { anyOf, equals } = item.enableWhen;
  return anyOf.some((linkId) => values.get(linkId) === equals);
}

/** Items that must be answered for a response to be complete (scored items always must). */
export function isRequired(def: InstrumentDefinition, item: InstrumentItem): boolean {
  return item.required !== false || def.scoring.items.includes(item.linkId);
}

/**
 * Scores one response. Returns `{ ok: false, errors }` naming each offending linkId when an answer is
 * unknown or out of range. Incomplete responses are not prorated: the total (and any subscale with a
 * gap) is null and `missing` lists what is needed, but flags are still evaluated so that, say, a
 * positive PHQ-9 item 9 on a half-finished form still reaches a clinician.
 */
export function scoreResponse(def: InstrumentDefinition, answers: Answers): ScoreResult {
  const normalised = normaliseAnswers(def, answers);
  if (!normalised.ok) return normalised;
  const { values } = normalised;
  const { scoring } = def;

  const missing = def.items
    .filter((item) => isRequired(def, item) && isEnabled(item, values) && !values.has(item.linkId))
    .map((item) => item.linkId);

  const reversed = new Set(scoring.reverseItems ?? []);
  const scoredValue = (linkId: LinkId): number | undefined => {
    const value = values.get(linkId);
    if (value === undefined || !reversed.has(linkId)) return value;
    const bounds = valueBounds(answerSetOf(def, itemOf(def, linkId)));
    return bounds.min + bounds.max - value;
  };
  const sumOf = (linkIds: readonly LinkId[]): number | null => {
    let sum = 0;
    for (const linkId of linkIds) {
      const value = scoredValue(linkId);
      if (value === undefined) return null;
      sum += value;
    }
    return sum;
  };

  const total = sumOf(scoring.items);
  const subscales: Record<string, number | null> = {};
  for (const subscale of scoring.subscales ?? []) subscales[subscale.id] = sumOf(subscale.items);

  const band = total === null ? null : findBand(scoring.bands, total);
  const cutoffs =
    total === null
      ? []
      : (scoring.cutoffs ?? []).map((c) => ({ id: c.id, label: c.label, met: total >= c.atLeast }));

  const flags: RaisedFlag[] = [];
  for (const rule of scoring.flags ?? []) {
    const { anyOf, atLeast, unansweredCounts } = rule.when;
    // Flags look at raw answers, not reverse-scored ones: "item 9 > 0" is about what was ticked.
    const fires = anyOf.some((linkId) => {
      const value = values.get(linkId);
      if (value !== undefined) return value >= atLeast;
      return unansweredCounts === true && isEnabled(itemOf(def, linkId), values);
    });
    if (fires) flags.push({ code: rule.code, level: rule.level, message: rule.message, source: rule.source });
  }

  return {
    ok: true,
    total,
    subscales,
    band: band ? { label: band.label, severity: band.severity } : null,
    cutoffs,
    flags,
    complete: missing.length === 0,
    missing,
    scoringVersion: scoringVersionOf(def),
  };
}

/** Whether a rule holds. Integer arithmetic for percentages avoids floating-point edge errors. */
export function ruleHolds(rule: ChangeRule, baseline: number, current: number): boolean {
  switch (rule.kind) {
    case 'percentDrop':
      // A zero baseline cannot drop by a percentage; treat as not met rather than divide by zero.
      return baseline > 0 && (baseline - current) * 100 >= rule.threshold * baseline;
    case 'absoluteDrop':
      return baseline - current >= rule.value;
    case 'below':
      return current < rule.value;
    case 'atOrBelow':
      return current <= rule.value;
  }
}

/**
 * Compares a follow-up total with the baseline total using the definition's response and remission
 * rules. Throws a RangeError for totals the instrument cannot produce (a caller bug, not user input).
 */
export function compareToBaseline(
  def: InstrumentDefinition,
  baselineTotal: number,
  currentTotal: number,
): BaselineComparison {
  const { min, max } = scoreRange(def);
  for (const [name, total] of [
    ['baseline', baselineTotal],
    ['current', currentTotal],
  ] as const) {
    if (!Number.isInteger(total) || total < min || total > max) {
      throw new RangeError(`${def.id}: ${name} total ${total} is outside ${min}-${max}`);
    }
  }
  const change = currentTotal - baselineTotal;
  const { response, remission } = def.scoring;
  return {
    change,
    percentChange: baselineTotal === 0 ? null : (change / baselineTotal) * 100,
    response: response ? ruleHolds(response, baselineTotal, currentTotal) : null,
    remission: remission ? ruleHolds(remission, baselineTotal, currentTotal) : null,
  };
}
