// Semantic checks on an instrument definition: the things a type or schema cannot say, such as
// "every linkId the scoring uses exists" and "the bands cover every possible total exactly once".
// Used by import.ts for clinic-imported instruments and by the tests for the shipped ones.
//
// Paths are dotted with [index] for arrays and relative to the definition, so a scoring problem reads
// 'scoring.bands[2].max' both here and in the import input (whose `scoring` field is this object).

import type { ChangeRule, InstrumentDefinition, ValidationIssue } from './types';

export function validateDefinition(def: InstrumentDefinition): ValidationIssue[] {
  const issues = validateItems(def);
  // Scoring checks need working items and answer sets; skip them rather than report noise.
  return issues.length > 0 ? issues : validateScoring(def);
}

export function validateItems(def: InstrumentDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const setIds = new Set<string>();
  def.answerSets.forEach((set, s) => {
    if (setIds.has(set.id)) add(`answerSets[${s}].id`, `duplicate answer set id "${set.id}"`);
    setIds.add(set.id);
    if (set.options.length === 0) add(`answerSets[${s}].options`, 'an answer set needs at least one option');
    const seen = new Set<number>();
    set.options.forEach((option, o) => {
      if (!Number.isInteger(option.value)) {
        add(`answerSets[${s}].options[${o}].value`, `answer values must be integers (got ${option.value})`);
      }
      if (seen.has(option.value))
        add(`answerSets[${s}].options[${o}].value`, `duplicate value ${option.value}`);
      seen.add(option.value);
    });
    if (set.acceptsBoolean && !(seen.has(0) && seen.has(1))) {
      add(`answerSets[${s}].acceptsBoolean`, 'a yes/no set must have options valued 1 (yes) and 0 (no)');
    }
  });

  if (def.items.length === 0) add('items', 'an instrument needs at least one item');
  const linkIds = new Set<string>();
  def.items.forEach((item, i) => {
    if (linkIds.has(item.linkId)) add(`items[${i}].linkId`, `duplicate linkId "${item.linkId}"`);
    if (!setIds.has(item.answerSet)) add(`items[${i}].answerSet`, `unknown answer set "${item.answerSet}"`);
    // enableWhen may only look back at earlier items, which also rules out cycles.
    item.enableWhen?.anyOf.forEach((ref, r) => {
      if (!linkIds.has(ref)) {
        add(`items[${i}].enableWhen.anyOf[${r}]`, `"${ref}" is not an earlier item of this instrument`);
      }
    });
    linkIds.add(item.linkId);
  });
  return issues;
}

export function validateScoring(def: InstrumentDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const { scoring } = def;
  const itemById = new Map(def.items.map((item) => [item.linkId, item]));
  const boundsOf = (linkId: string) => {
    const item = itemById.get(linkId);
    const set = item && def.answerSets.find((s) => s.id === item.answerSet);
    if (!set || set.options.length === 0) return undefined;
    const values = set.options.map((o) => o.value);
    return { min: Math.min(...values), max: Math.max(...values) };
  };

  /** Checks a list of linkIds; returns false when any is unknown. */
  const checkRefs = (path: string, refs: readonly string[], what: string): boolean => {
    let good = true;
    if (refs.length === 0) {
      add(path, `${what} must list at least one item`);
      return false;
    }
    const seen = new Set<string>();
    refs.forEach((ref, r) => {
      if (!itemById.has(ref)) {
        add(`${path}[${r}]`, `"${ref}" is not an item of the questionnaire`);
        good = false;
      } else if (seen.has(ref)) {
        add(`${path}[${r}]`, `"${ref}" is listed twice`);
        good = false;
      }
      seen.add(ref);
    });
    return good;
  };

  const itemsOk = checkRefs('scoring.items', scoring.items, 'the total');
  scoring.items.forEach((ref, r) => {
    // A conditional item would count as 0 when hidden, which is a scoring rule no source gives us.
    if (itemById.get(ref)?.enableWhen)
      add(`scoring.items[${r}]`, `"${ref}" is conditional and cannot be scored`);
  });
  (scoring.reverseItems ?? []).forEach((ref, r) => {
    if (!scoring.items.includes(ref))
      add(`scoring.reverseItems[${r}]`, `"${ref}" is not one of the scored items`);
  });
  const subscaleIds = new Set<string>();
  (scoring.subscales ?? []).forEach((sub, s) => {
    if (subscaleIds.has(sub.id)) add(`scoring.subscales[${s}].id`, `duplicate subscale id "${sub.id}"`);
    subscaleIds.add(sub.id);
    checkRefs(`scoring.subscales[${s}].items`, sub.items, 'a subscale');
  });
  (scoring.flags ?? []).forEach((flag, f) => {
    const path = `scoring.flags[${f}].when`;
    if (!checkRefs(`${path}.anyOf`, flag.when.anyOf, 'a flag')) return;
    const reachable = flag.when.anyOf.some((ref) => (boundsOf(ref)?.max ?? -Infinity) >= flag.when.atLeast);
    if (!reachable)
      add(`${path}.atLeast`, `no listed item can reach ${flag.when.atLeast}, so the flag never fires`);
  });

  if (!itemsOk) return issues;
  let min = 0;
  let max = 0;
  for (const ref of scoring.items) {
    const bounds = boundsOf(ref);
    if (!bounds) return issues;
    min += bounds.min;
    max += bounds.max;
  }
  issues.push(...checkBands(def, min, max));
  checkRule(issues, 'scoring.response', scoring.response, min, max);
  checkRule(issues, 'scoring.remission', scoring.remission, min, max);
  (scoring.cutoffs ?? []).forEach((cutoff, c) => {
    if (cutoff.atLeast <= min || cutoff.atLeast > max) {
      add(`scoring.cutoffs[${c}].atLeast`, `must be above ${min} and at most ${max} to separate anyone`);
    }
  });
  return issues;
}

/** Bands must run in order from the lowest possible total to the highest, with no gap or overlap. */
function checkBands(def: InstrumentDefinition, min: number, max: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const { bands } = def.scoring;
  if (bands.length === 0) {
    add('scoring.bands', `at least one band is needed to cover totals ${min}-${max}`);
    return issues;
  }
  bands.forEach((band, b) => {
    const path = `scoring.bands[${b}]`;
    if (!Number.isInteger(band.min) || !Number.isInteger(band.max)) {
      add(path, 'band limits must be integers (totals are sums of integer answer values)');
      return;
    }
    if (band.max < band.min) add(`${path}.max`, `max ${band.max} is below min ${band.min}`);
    const previous = bands[b - 1];
    if (!previous) {
      if (band.min !== min) {
        add(
          `${path}.min`,
          `the first band must start at the lowest possible total, ${min} (got ${band.min})`,
        );
      }
      return;
    }
    if (band.min <= previous.max) {
      add(
        `${path}.min`,
        `overlaps band ${b - 1} (${previous.min}-${previous.max}); start at ${previous.max + 1}`,
      );
    } else if (band.min > previous.max + 1) {
      add(`${path}.min`, `gap: no band covers ${totals(previous.max + 1, band.min - 1)}`);
    }
    if (band.severity < previous.severity) {
      add(
        `${path}.severity`,
        `severity must not decrease as totals rise (band ${b - 1} has ${previous.severity})`,
      );
    }
  });
  const lastIndex = bands.length - 1;
  const last = bands[lastIndex];
  if (last && last.max !== max) {
    const why =
      last.max < max
        ? `${totals(last.max + 1, max)} ${last.max + 1 === max ? 'is' : 'are'} not covered`
        : `${max} is the highest possible total`;
    add(`scoring.bands[${lastIndex}].max`, `the last band must end at ${max}: ${why}`);
  }
  return issues;
}

/** 'total 4 is' / 'totals 4-6 are', for messages. */
function totals(from: number, to: number): string {
  return from === to ? `total ${from}` : `totals ${from}-${to}`;
}

function checkRule(
  issues: ValidationIssue[],
  path: string,
  rule: ChangeRule | undefined,
  min: number,
  max: number,
): void {
  if (!rule) return;
  const bad = (message: string) =>
    issues.push({ path: `${path}.${rule.kind === 'percentDrop' ? 'threshold' : 'value'}`, message });
  switch (rule.kind) {
    case 'percentDrop':
      if (!(rule.threshold > 0 && rule.threshold <= 100))
        bad('threshold must be above 0 and at most 100 (%)');
      break;
    case 'absoluteDrop':
      if (!(rule.value > 0 && rule.value <= max - min))
        bad(`value must be between 1 and ${max - min} points`);
      break;
    case 'below':
    case 'atOrBelow':
      if (rule.value < min || rule.value > max)
        bad(`value must lie within the possible totals ${min}-${max}`);
      break;
  }
}
