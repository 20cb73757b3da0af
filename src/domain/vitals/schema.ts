import { z } from 'zod';
import {
  COMPARATORS,
  VITAL_INFO,
  VITAL_PHASES,
  VITAL_RULE_BASES,
  VITAL_RULE_LEVELS,
  VITAL_SIGNS,
  VITALS,
  type Vital,
  type VitalReading,
} from './types';

type Range = { min: number; max: number };
function rangesOf(which: 'plausible' | 'threshold'): Readonly<Record<Vital, Range>> {
  return Object.fromEntries(VITALS.map((v) => [v, VITAL_SIGNS[v][which]])) as Record<Vital, Range>;
}

/**
 * Plausible ranges for a value typed by a nurse. Outside them the number is almost certainly a typing
 * error (e.g. 1400 for 140), so the form asks again instead of storing it. They are deliberately wide:
 * a real but extreme value must still be recordable.
 */
export const PLAUSIBLE_RANGES = rangesOf('plausible');

export interface FieldError {
  field: Vital | 'at' | 'reading';
  message: string;
}

/** Built once: a zod schema made per call rebuilds its pattern each time (a vital-sign save checks one or more). */
const isoInstant = z.iso.datetime({ offset: true });
function isIsoInstant(text: string): boolean {
  return isoInstant.safeParse(text).success;
}

/** Field-named errors for an entered reading; an empty list means it is plausible. */
export function validateReading(reading: Partial<VitalReading>): FieldError[] {
  const errors: FieldError[] = [];
  let any = false;
  for (const vital of VITALS) {
    const value = reading[vital];
    if (value === undefined) continue;
    any = true;
    const { min, max } = PLAUSIBLE_RANGES[vital];
    const { label, unit } = VITAL_INFO[vital];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ field: vital, message: `${label} must be a number.` });
    } else if (value < min || value > max) {
      errors.push({
        field: vital,
        message: `${label} ${value} ${unit} is outside ${min}–${max} ${unit}; check the value.`,
      });
    }
  }
  const { sbp, dbp } = reading;
  if (typeof sbp === 'number' && typeof dbp === 'number' && dbp >= sbp) {
    errors.push({ field: 'dbp', message: `Diastolic BP (${dbp}) must be lower than systolic BP (${sbp}).` });
  }
  if (!any) errors.push({ field: 'reading', message: 'Enter at least one vital sign.' });
  if (typeof reading.at !== 'string' || !isIsoInstant(reading.at)) {
    errors.push({
      field: 'at',
      message: 'Time of the reading must be an ISO-8601 date-time with a time zone.',
    });
  }
  return errors;
}

/** One zod field per vital sign of the table, in its order (for schemas that take a reading). */
export function vitalFields<T extends z.ZodType>(field: (vital: Vital) => T): Record<Vital, T> {
  return Object.fromEntries(VITALS.map((v) => [v, field(v)])) as Record<Vital, T>;
}

/** The same checks as a zod schema, for API contracts and forms (issues carry the field as path). */
export const vitalReadingSchema = z
  .object({ ...vitalFields(() => z.number().optional()), at: z.string() })
  .superRefine((reading, ctx) => {
    for (const error of validateReading(reading)) {
      ctx.addIssue({
        code: 'custom',
        path: error.field === 'reading' ? [] : [error.field],
        message: error.message,
      });
    }
  });

/**
 * Where a rule's threshold may sit. Narrower than what a nurse may record (PLAUSIBLE_RANGES): a threshold
 * outside these would fire on almost every patient or on none, which is a typing slip (1400 for 140), not a
 * clinical choice. Wide enough for the strictest and the loosest published and programme limits.
 */
export const THRESHOLD_RANGES = rangesOf('threshold');

/** Recheck intervals: at least 1 minute, at most a working day. */
export const vitalRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/, { error: 'Use lower-case letters, digits and _ (at most 64).' }),
    vital: z.enum(VITALS, { error: 'Choose a vital sign.' }),
    comparator: z.enum(COMPARATORS, { error: 'Choose above, at or above, below or at or below.' }),
    value: z.number({ error: 'Enter the threshold as a number.' }),
    level: z.enum(VITAL_RULE_LEVELS, { error: 'Choose hold or alert.' }),
    phase: z.enum(VITAL_PHASES, { error: 'Choose when the rule applies.' }),
    recheckMinutes: z
      .number({ error: 'Enter the re-check interval in minutes.' })
      .int({ error: 'Whole minutes only.' })
      .min(1, { error: 'At least 1 minute.' })
      .max(480, { error: 'At most 480 minutes (8 hours).' }),
    basis: z.enum(VITAL_RULE_BASES, { error: 'Choose published rule or clinic policy.' }),
    source: z
      .string()
      .trim()
      .min(3, { error: 'Say where the threshold comes from (or "clinic policy").' })
      .max(500, { error: 'At most 500 characters.' }),
    note: z.string().trim().max(500, { error: 'At most 500 characters.' }).optional(),
  })
  .superRefine((rule, ctx) => {
    // A threshold outside the plausible range could never fire (or would always fire): a typo.
    const { min, max } = THRESHOLD_RANGES[rule.vital];
    if (rule.value < min || rule.value > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${VITAL_INFO[rule.vital].label} threshold must be between ${min} and ${max} ${VITAL_INFO[rule.vital].unit}.`,
      });
    }
  });

/** A clinic's whole rule set: each rule valid and ids unique. */
export const vitalRuleSetSchema = z
  .array(vitalRuleSchema)
  .max(60)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Duplicate rule id ${rule.id}.` });
      }
      seen.add(rule.id);
    });
  });
