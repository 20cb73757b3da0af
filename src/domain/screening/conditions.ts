import { medicationClassesOf } from './medications';
import type { Condition, FactField, FactValue, MedicationClass, ScreeningInput } from './types';

/**
 * Evaluation of declarative rule conditions with three-valued logic (true / false / unknown).
 * "Unknown" is what makes missing data visible: a rule that cannot be decided because the input lacks a
 * field reports that field as missing, but only when the answer really depends on it (if the patient has
 * no bipolar disorder, we do not need to know whether they take a mood stabiliser).
 */
export type Truth = 'true' | 'false' | 'unknown';

export interface Facts {
  values: Partial<Record<FactField, FactValue>>;
  medicationClasses: Set<MedicationClass> | undefined;
}

/** Name of the input field to ask for when a fact is missing (derived facts point to their source). */
const MISSING_NAME: Partial<Record<FactField, string>> = {
  ageYears: 'dateOfBirth',
  pregnant: 'pregnancyStatus',
  'latestBp.sbp': 'latestBp',
  'latestBp.dbp': 'latestBp',
};

export function missingNameOf(field: FactField): string {
  return MISSING_NAME[field] ?? field;
}

function parseCalendarDate(text: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Reject impossible dates such as 2023-02-30 by round-tripping through UTC.
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return undefined;
  }
  return { y, m, d };
}

/**
 * Completed years between two calendar dates. The birthday itself counts (18 on the 18th birthday).
 * Someone born on 29 February turns a year older on 1 March in common years, the usual legal reading.
 */
export function ageInYears(dateOfBirth: string, onDate: string): number | undefined {
  const birth = parseCalendarDate(dateOfBirth);
  const on = parseCalendarDate(onDate);
  if (!birth || !on) return undefined;
  let age = on.y - birth.y;
  if (on.m < birth.m || (on.m === birth.m && on.d < birth.d)) age -= 1;
  return age >= 0 ? age : undefined;
}

/** `history.<key>`, made once per key rather than once per screening (a chart read screens each time). */
const HISTORY_FIELDS = new Map<string, FactField>();
function historyField(key: string): FactField {
  let field = HISTORY_FIELDS.get(key);
  if (field === undefined) {
    field = `history.${key}` as FactField;
    if (HISTORY_FIELDS.size < 1_000) HISTORY_FIELDS.set(key, field);
  }
  return field;
}

export function factsOf(input: ScreeningInput): Facts {
  const values: Partial<Record<FactField, FactValue>> = {};
  if (input.dateOfBirth) {
    const age = ageInYears(input.dateOfBirth, input.evaluationDate);
    if (age !== undefined) values.ageYears = age;
  }
  const status = input.pregnancyStatus;
  if (status && status !== 'unknown') values.pregnant = status === 'pregnant';
  if (input.breastfeeding !== undefined) values.breastfeeding = input.breastfeeding;
  for (const [key, value] of Object.entries(input.history)) {
    if (typeof value === 'boolean') values[historyField(key)] = value;
  }
  values['program.setting'] = input.program.setting;
  values['program.route'] = input.program.route;
  if (input.latestBp) {
    values['latestBp.sbp'] = input.latestBp.sbp;
    values['latestBp.dbp'] = input.latestBp.dbp;
  }
  return {
    values,
    medicationClasses: input.medications ? medicationClassesOf(input.medications) : undefined,
  };
}

function fromBoolean(value: boolean): Truth {
  return value ? 'true' : 'false';
}

/**
 * Evaluates a condition. Fields whose absence left the result unknown are added to `missing`;
 * the caller only keeps them when the overall rule ends up unknown.
 */
export function evaluateCondition(condition: Condition, facts: Facts, missing: Set<string>): Truth {
  if ('all' in condition) {
    let result: Truth = 'true';
    for (const part of condition.all) {
      const truth = evaluateCondition(part, facts, missing);
      if (truth === 'false') return 'false';
      if (truth === 'unknown') result = 'unknown';
    }
    return result;
  }
  if ('any' in condition) {
    let result: Truth = 'false';
    for (const part of condition.any) {
      const truth = evaluateCondition(part, facts, missing);
      if (truth === 'true') return 'true';
      if (truth === 'unknown') result = 'unknown';
    }
    return result;
  }
  if ('medicationClass' in condition) {
    if (!facts.medicationClasses) {
      missing.add('medications');
      return 'unknown';
    }
    return fromBoolean(facts.medicationClasses.has(condition.medicationClass));
  }
  const value = facts.values[condition.field];
  if (value === undefined) {
    if (condition.ifMissing === 'false') return 'false';
    missing.add(missingNameOf(condition.field));
    return 'unknown';
  }
  if ('equals' in condition) return fromBoolean(value === condition.equals);
  if ('notIn' in condition) return fromBoolean(!condition.notIn.includes(value));
  if (typeof value !== 'number') return 'false';
  if ('lt' in condition) return fromBoolean(value < condition.lt);
  if ('gte' in condition) return fromBoolean(value >= condition.gte);
  return fromBoolean(value > condition.gt);
}

/** Fields a condition reads, for documentation and tests. */
export function fieldsOf(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(fieldsOf);
  if ('any' in condition) return condition.any.flatMap(fieldsOf);
  if ('medicationClass' in condition) return [`medicationClass:${condition.medicationClass}`];
  return [condition.field];
}
