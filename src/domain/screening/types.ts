import { z } from 'zod';

/**
 * Screening input: only the fields of the patient record that the contraindication rules read.
 * Everything optional is optional on purpose: a field that a rule needs but that was not recorded is
 * reported back as "missing" (and makes the outcome needs_review) instead of being silently read as "no".
 */

/** The medical/psychiatric history checklist asked at intake (DOMAIN §1 step 2, §3). */
export const HISTORY_KEYS = [
  'aneurysmal_vascular_disease',
  'avm',
  'intracerebral_haemorrhage',
  'ketamine_hypersensitivity',
  'active_psychosis_or_mania',
  'past_psychosis',
  'bipolar_disorder',
  'on_mood_stabiliser',
  'hypertension',
  'hypertension_uncontrolled',
  'cardiovascular_disease',
  'cerebrovascular_disease',
  'substance_use_disorder',
  'opioid_use_disorder_history',
  'hepatic_impairment_moderate',
  'cystitis_or_bladder_symptoms',
  'recent_suicide_attempt_or_intent',
] as const;
export type HistoryKey = (typeof HISTORY_KEYS)[number];

/**
 * History items whose "yes" lowers risk rather than raising it. They are excluded from the
 * "adding a finding never helps" property, because being on a mood stabiliser is meant to help.
 */
export const PROTECTIVE_HISTORY_KEYS: readonly HistoryKey[] = ['on_mood_stabiliser'];

export const MEDICATION_CLASSES = [
  'benzodiazepine_z_drug',
  'opioid',
  'psychostimulant',
  'maoi',
  'lamotrigine',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

export const PROGRAM_SETTINGS = ['in_clinic', 'at_home'] as const;
export type ProgramSetting = (typeof PROGRAM_SETTINGS)[number];

/** Same set of routes as DOMAIN §2. */
export const ROUTES = ['iv', 'im', 'sublingual', 'oral', 'esketamine'] as const;
export type Route = (typeof ROUTES)[number];

/** `unknown` is a legitimate answer on a form, but for the rules it counts as missing. */
export const PREGNANCY_STATUSES = ['pregnant', 'not_pregnant', 'not_applicable', 'unknown'] as const;
export type PregnancyStatus = (typeof PREGNANCY_STATUSES)[number];

/** Calendar date without a time zone (a birthday is not an instant). */
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Use the format YYYY-MM-DD' });

export const screeningMedicationSchema = z.object({
  name: z.string().trim().min(1),
  /** A class chosen by the clinician wins alongside the name-based lookup (both are used). */
  class: z.enum(MEDICATION_CLASSES).optional(),
});
export type ScreeningMedication = z.infer<typeof screeningMedicationSchema>;

export const screeningInputSchema = z.object({
  dateOfBirth: calendarDate.optional(),
  /** The day of the screening; age is computed on this date. */
  evaluationDate: calendarDate,
  pregnancyStatus: z.enum(PREGNANCY_STATUSES).optional(),
  breastfeeding: z.boolean().optional(),
  history: z.partialRecord(z.enum(HISTORY_KEYS), z.boolean()),
  /** Undefined = medication list not taken yet; [] = takes nothing. */
  medications: z.array(screeningMedicationSchema).optional(),
  program: z.object({
    setting: z.enum(PROGRAM_SETTINGS),
    route: z.enum(ROUTES),
  }),
  latestBp: z
    .object({ sbp: z.number().positive(), dbp: z.number().positive(), at: z.string().optional() })
    .optional(),
});
export type ScreeningInput = z.infer<typeof screeningInputSchema>;

export type RuleLevel = 'absolute' | 'relative' | 'interaction';
/** 'label': stated in product labelling (Ketalar / Spravato). 'policy': common clinic practice. */
export type RuleBasis = 'label' | 'policy';
export type RuleAppliesTo = 'all' | 'at_home';

/** Facts a rule condition can read. Derived facts (age, pregnant) are computed from the input. */
export type FactField =
  | 'ageYears'
  | 'pregnant'
  | 'breastfeeding'
  | `history.${HistoryKey}`
  | 'program.setting'
  | 'program.route'
  | 'latestBp.sbp'
  | 'latestBp.dbp';

export type FactValue = boolean | number | string;

/**
 * Declarative rule conditions, JSON-serialisable so a rule set can be stored and shown.
 * `ifMissing: 'false'` marks an input that is nice to have (e.g. a BP reading at screening):
 * its absence is not reported as missing.
 */
export type Condition =
  | { field: FactField; equals: FactValue; ifMissing?: 'unknown' | 'false' }
  | { field: FactField; lt: number; ifMissing?: 'unknown' | 'false' }
  | { field: FactField; gt: number; ifMissing?: 'unknown' | 'false' }
  | { field: FactField; gte: number; ifMissing?: 'unknown' | 'false' }
  /** True when the fact is none of these values (e.g. a route other than the ones allowed at home). */
  | { field: FactField; notIn: FactValue[]; ifMissing?: 'unknown' | 'false' }
  | { medicationClass: MedicationClass }
  | { all: Condition[] }
  | { any: Condition[] };

export interface ScreeningRule {
  id: string;
  label: string;
  level: RuleLevel;
  basis: RuleBasis;
  appliesTo: RuleAppliesTo;
  when: Condition;
  /** Plain-language reason shown to staff. */
  reason: string;
  /** What to do next. */
  next: string;
  source: string;
  /** Set by applyScreeningOverrides when a clinic has moved the rule to another level. */
  defaultLevel?: RuleLevel;
}

export interface ScreeningReason {
  ruleId: string;
  label: string;
  level: RuleLevel;
  basis: RuleBasis;
  reason: string;
  next: string;
  source: string;
}

export type ScreeningOutcome = 'eligible' | 'needs_review' | 'not_eligible';

export interface ScreeningResult {
  outcome: ScreeningOutcome;
  reasons: ScreeningReason[];
  /** Input fields that a rule needed but that were not given (e.g. 'pregnancyStatus'). */
  missing: string[];
}

/**
 * Routes a patient takes at home. Everything else (IV, IM, esketamine) is given by staff in a monitored setting
 * (Ketalar US prescribing information §2.1; the Spravato REMS), so a plan of another route at home is refused
 * where it is saved, and screening calls it not eligible (rule route_not_for_home / esketamine_at_home).
 */
export const HOME_ROUTES: readonly Route[] = ['sublingual', 'oral'];

/** Why this planned route cannot be taken in this setting, or null when the plan is possible. */
export function planProblem(
  setting: string | null | undefined,
  route: string | null | undefined,
): string | null {
  if (setting !== 'at_home' || !route || (HOME_ROUTES as readonly string[]).includes(route)) return null;
  return route === 'esketamine'
    ? 'Esketamine is given only in a certified clinic under observation, never at home. Plan it in clinic.'
    : 'At home only sublingual or oral doses are taken. Plan this route in clinic, or choose sublingual or oral.';
}
