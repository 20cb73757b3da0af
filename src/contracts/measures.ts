import { z } from 'zod';
import { isIsoDate, SCHEDULE_KINDS } from '../domain/measures/schedule';
import { isoInstant, text } from './common';

/**
 * Measurement-based care API (DOMAIN §4). Instruments are data (src/domain/instruments); answers are keyed
 * by item linkId and hold the option's numeric value, `true`/`false` for yes/no items, or null (skipped).
 * Dates without a time ('YYYY-MM-DD') are clinic-local calendar dates; instants are ISO-8601 UTC.
 *
 * Timing of an open assignment, computed against the clinic's today:
 *   upcoming (before dueOn) → due (dueOn ≤ today < overdueOn) → overdue (today ≥ overdueOn).
 */
export const isoDate = z.string().max(10).refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
export const instrumentId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'an instrument id such as phq9');

const MAX_ANSWERS = 300;
export const answerValue = z.union([z.number(), z.boolean(), z.null()]);
export const answersSchema = z
  .record(z.string().min(1).max(100), answerValue)
  .refine((a) => Object.keys(a).length <= MAX_ANSWERS, `at most ${MAX_ANSWERS} answers`)
  .describe('Answers by item linkId: the option value, true/false for yes/no items, or null for unanswered');

// ── Path parameters ──────────────────────────────────────────────────────────────────────────────────
export const assignmentParams = z.object({ patientId: z.uuid(), assignmentId: z.uuid() });
export const responseParams = z.object({ patientId: z.uuid(), assignmentId: z.uuid(), responseId: z.uuid() });
export const patientResponseParams = z.object({ patientId: z.uuid(), responseId: z.uuid() });
export const portalAssignmentParam = z.object({ assignmentId: z.uuid() });
/** The kiosk credential travels in a header, never in a URL (URLs reach logs and browser history). */
export const kioskHeaders = z.object({
  'x-kiosk-token': z
    .string()
    .min(20)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a kiosk token'),
});

// ── Instruments ──────────────────────────────────────────────────────────────────────────────────────
const band = z.object({ min: z.number(), max: z.number(), label: z.string(), severity: z.number() });
export const ruleSummary = z.object({
  kind: z.enum(['percentDrop', 'absoluteDrop', 'below', 'atOrBelow']),
  value: z.number(),
  text: z.string(),
  source: z.string(),
});
export const instrumentSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  origin: z.enum(['shipped', 'imported']),
});
export const formItem = z.object({
  linkId: z.string(),
  text: z.string(),
  /** An answer is needed before the response can be submitted (when the item is enabled). */
  required: z.boolean(),
  /** Counts towards the total. */
  scored: z.boolean(),
  /** Yes/no item: `true`/`false` are accepted as answers. */
  yesNo: z.boolean(),
  options: z.array(z.object({ value: z.number(), label: z.string() })),
  /** Show the item only when any of these items has this value. */
  enableWhen: z.object({ anyOf: z.array(z.string()), equals: z.number() }).nullable(),
  groupPath: z.array(z.string()),
});
export const instrumentForm = instrumentSummary.extend({
  licence: z.string(),
  source: z.string(),
  recallPeriod: z.string().nullable(),
  instructions: z.string().nullable(),
  scoringVersion: z.string(),
  range: z.object({ min: z.number(), max: z.number() }),
  bands: z.array(band),
  bandSource: z.string(),
  responseRule: ruleSummary.nullable(),
  remissionRule: ruleSummary.nullable(),
  safetyFlags: z.array(
    z.object({ code: z.string(), level: z.enum(['info', 'urgent', 'emergency']), message: z.string() }),
  ),
  items: z.array(formItem),
  /** The FHIR R4 Questionnaire (for imports: the clinic's file, verbatim). */
  questionnaire: z.record(z.string(), z.unknown()),
  attestation: z
    .object({
      attestedName: z.string(),
      licenceText: z.string(),
      attestedBy: z.string(),
      attestedAt: z.string(),
    })
    .nullable(),
});
export const instrumentList = z.object({ instruments: z.array(instrumentForm) });

/** Validated by the domain importer, whose errors name JSON paths such as `scoring.bands[2].max`. */
export const importBody = z.object({
  questionnaire: z
    .unknown()
    .optional()
    .describe('A FHIR R4 Questionnaire (choice items with numeric answer values)'),
  scoring: z.unknown().optional().describe('The scoring definition (sum, bands with sources, flags)'),
  licenceAttestation: z
    .unknown()
    .optional()
    .describe('{ attestedBy, text }: who attests that the clinic holds a licence'),
});
export const importResult = z.object({ instrument: instrumentForm });

// ── Assignments ──────────────────────────────────────────────────────────────────────────────────────
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), dueOn: isoDate.optional(), overdueOn: isoDate.optional() }),
  z.object({ kind: z.literal('intake'), dueOn: isoDate.optional() }),
  z.object({ kind: z.literal('before_dosing'), sessionDates: z.array(isoDate).min(1).max(60) }),
  z.object({ kind: z.literal('weekly'), courseStart: isoDate, courseEnd: isoDate }),
  z.object({
    kind: z.literal('follow_up'),
    courseEnd: isoDate,
    months: z
      .array(z.union([z.literal(1), z.literal(3), z.literal(6)]))
      .min(1)
      .max(3)
      .optional(),
  }),
  z.object({
    kind: z.literal('course'),
    courseStart: isoDate,
    courseEnd: isoDate,
    sessionDates: z.array(isoDate).max(60).optional(),
    intakeOn: isoDate.optional(),
  }),
]);
export const assignBody = z.object({
  instrumentIds: z.array(instrumentId).min(1).max(10),
  /** once/intake default to today; `course` expands to intake + pre-dose + weekly + 1/3/6-month follow-ups. */
  schedule: scheduleSchema,
});
const person = z.object({ id: z.string(), name: z.string() }).nullable();
export const assignmentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  instrument: instrumentSummary,
  kind: z.enum(SCHEDULE_KINDS),
  scheduleId: z.string(),
  sessionDate: z.string().nullable(),
  dueOn: z.string(),
  overdueOn: z.string(),
  status: z.enum(['due', 'in_progress', 'completed', 'cancelled']),
  timing: z.enum(['upcoming', 'due', 'overdue']).nullable(),
  assignedBy: person,
  assignedAt: z.string(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export const assignResult = z.object({
  assignments: z.array(assignmentSchema),
  /** Planned measures that already had an open assignment (same instrument, kind and due date). */
  skipped: z.number(),
});
export const cancelBody = z.object({ reason: text(1000) });

// ── Responses, scores, trends ────────────────────────────────────────────────────────────────────────
export const raisedFlag = z.object({
  code: z.string(),
  level: z.enum(['info', 'urgent', 'emergency']),
  message: z.string(),
  source: z.string(),
});
export const scoreSchema = z.object({
  total: z.number(),
  band: z.object({ label: z.string(), severity: z.number() }).nullable(),
  subscales: z.record(z.string(), z.number().nullable()),
  cutoffs: z.array(z.object({ id: z.string(), label: z.string(), met: z.boolean() })),
  flags: z.array(raisedFlag),
  scoringVersion: z.string(),
  scoredAt: z.string(),
});
export const responseSchema = z.object({
  id: z.string(),
  assignmentId: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.string(),
  status: z.enum(['in_progress', 'completed']),
  mode: z.enum(['portal', 'kiosk', 'staff_entry']),
  enteredBy: person,
  answers: z.record(z.string(), answerValue),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  amendedFrom: z.string().nullable(),
  amendReason: z.string().nullable(),
  /** The amendment that replaced this response, if any (the original is kept, never edited). */
  supersededBy: z.string().nullable(),
  score: scoreSchema.nullable(),
});
const trendPoint = z.object({
  responseId: z.string(),
  at: z.string(),
  total: z.number(),
  band: z.object({ label: z.string(), severity: z.number() }).nullable(),
  intake: z.boolean(),
  scoringVersion: z.string(),
  isBaseline: z.boolean(),
  change: z.number().nullable(),
  percentChange: z.number().nullable(),
  response: z.boolean().nullable(),
  remission: z.boolean().nullable(),
});
export const trendSchema = z.object({
  instrumentId: z.string(),
  name: z.string(),
  range: z.object({ min: z.number(), max: z.number() }),
  bands: z.array(band),
  bandSource: z.string(),
  baseline: z.object({ responseId: z.string(), at: z.string(), total: z.number() }).nullable(),
  /** In time order; also the table view. Amended responses appear as their latest amendment. */
  points: z.array(trendPoint),
  markers: z.array(
    z.object({
      kind: z.enum(['response', 'remission', 'response_lost', 'remission_lost']),
      responseId: z.string(),
      at: z.string(),
      total: z.number(),
    }),
  ),
  responseRule: ruleSummary.nullable(),
  remissionRule: ruleSummary.nullable(),
});
export const safetyTaskSchema = z.object({
  id: z.string(),
  patient: z.object({
    id: z.string(),
    chartNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    preferredName: z.string().nullable(),
  }),
  responseId: z.string(),
  instrumentId: z.string(),
  instrumentName: z.string(),
  flagCode: z.string(),
  level: z.enum(['urgent', 'emergency']),
  message: z.string(),
  source: z.string(),
  createdAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolvedBy: person,
  resolvedAt: z.string().nullable(),
  followUp: z.string().nullable(),
});
export const patientMeasures = z.object({
  today: z.string(),
  assignments: z.array(assignmentSchema),
  responses: z.array(responseSchema),
  trends: z.array(trendSchema),
  safetyTasks: z.array(safetyTaskSchema),
  /** An open safety task means the patient is not cleared for dosing (hasOpenSafetyTask). */
  openSafetyTask: z.boolean(),
});

export const staffEntryBody = z.object({
  answers: answersSchema,
  /** When the paper form was filled in; defaults to now and may not be in the future. */
  completedAt: isoInstant.optional(),
});
export const amendBody = z.object({ answers: answersSchema, reason: text(1000) });
export const recordedResult = z.object({
  responseId: z.string(),
  amendedFrom: z.string().nullable(),
  score: scoreSchema,
  safetyTasks: z.array(
    z.object({ id: z.string(), flagCode: z.string(), level: z.enum(['urgent', 'emergency']) }),
  ),
  crisis: z.boolean(),
});
export const fhirResult = z.object({
  questionnaireResponse: z.record(z.string(), z.unknown()),
  observation: z.record(z.string(), z.unknown()).nullable(),
});

// ── Worklist and safety tasks ────────────────────────────────────────────────────────────────────────
export const dueQuery = z.object({
  include: z.enum(['due', 'upcoming']).default('due'),
  upcomingDays: z.coerce.number().int().min(1).max(60).default(7),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const dueItem = z.object({
  assignmentId: z.string(),
  patient: safetyTaskSchema.shape.patient,
  instrument: instrumentSummary,
  kind: z.enum(SCHEDULE_KINDS),
  dueOn: z.string(),
  overdueOn: z.string(),
  status: z.enum(['due', 'in_progress']),
  timing: z.enum(['upcoming', 'due', 'overdue']),
  openSafetyTask: z.boolean(),
});
export const dueList = z.object({
  today: z.string(),
  items: z.array(dueItem),
  total: z.number(),
  openSafetyTaskCount: z.number(),
});
export const safetyTaskQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  patientId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const safetyTaskList = z.object({ tasks: z.array(safetyTaskSchema) });
export const resolveBody = z.object({ followUp: text(4000).describe('The documented follow-up (required)') });

// ── Portal and kiosk ─────────────────────────────────────────────────────────────────────────────────
export const crisisResources = z.object({
  message: z.string(),
  contacts: z.array(z.object({ label: z.string(), action: z.string(), href: z.string() })),
});
export const CRISIS_RESOURCES: z.infer<typeof crisisResources> = {
  message:
    'If you are thinking about suicide or might act on thoughts of harming yourself, please get help now. You are not alone.',
  contacts: [
    { label: '988 Suicide & Crisis Lifeline', action: 'Call or text 988', href: 'tel:988' },
    { label: 'Emergency services', action: 'Call 911', href: 'tel:911' },
  ],
};
export const progressSchema = z.object({ answered: z.number(), required: z.number(), percent: z.number() });
export const portalMeasure = z.object({
  assignmentId: z.string(),
  instrument: instrumentSummary,
  dueOn: z.string(),
  overdueOn: z.string(),
  timing: z.enum(['upcoming', 'due', 'overdue']),
  status: z.enum(['due', 'in_progress']),
  progress: progressSchema,
  updatedAt: z.string().nullable(),
});
export const portalMeasureList = z.object({ measures: z.array(portalMeasure), crisisResources });
export const portalForm = z.object({
  assignmentId: z.string(),
  instrument: instrumentForm,
  answers: z.record(z.string(), answerValue),
  progress: progressSchema,
  status: z.enum(['due', 'in_progress']),
  dueOn: z.string(),
});
export const draftBody = z.object({ answers: answersSchema });
export const draftResult = z.object({
  savedAt: z.string(),
  progress: progressSchema,
  /** Required items still unanswered (linkIds). */
  missing: z.array(z.string()),
  /** Show crisis resources at once (an emergency flag fired, e.g. ASQ acute positive). */
  crisis: z.boolean(),
  crisisResources: crisisResources.nullable(),
});
/** `answers` (optional) replaces the saved draft; the result must be complete. */
export const submitBody = z.object({ answers: answersSchema.optional() });
export const submitResult = z.object({
  responseId: z.string(),
  completedAt: z.string(),
  crisis: z.boolean(),
  crisisResources: crisisResources.nullable(),
});
export const kioskIssued = z.object({
  /** Single use, valid 30 minutes; shown once. The tablet opens `kioskPath`, which keeps it out of server logs. */
  token: z.string(),
  kioskPath: z.string(),
  expiresAt: z.string(),
});
export const kioskView = portalForm.omit({ status: true, dueOn: true }).extend({
  /** The patient's first (or preferred) name only. */
  firstName: z.string(),
  expiresAt: z.string(),
});
