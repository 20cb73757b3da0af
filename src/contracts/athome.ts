import { z } from 'zod';
import { AT_HOME_STATES, atHomeSettingsSchema, BOARD_STATE_WORDS, SAFETY_QUESTIONS } from '../domain/athome';
import { validateReading } from '../domain/vitals';
import { isoInstant, text } from './common';
import { firedRule, SIDE_EFFECTS } from './sessions';

/**
 * At-home sublingual dosing sessions (issue #16; DOMAIN §9): the care team's routes under
 * `/api/patients/:patientId/at-home-sessions` and `/api/at-home/…`, the patient's under `/api/portal/at-home-…`
 * (always the signed-in patient's own), and the sitter's under `/api/sitter/…` (no account: the sitter's code
 * or token in the `x-sitter-token` header opens exactly one session, until it ends).
 */

// ── Shared pieces ──

export const SAFETY_QUESTION_IDS = SAFETY_QUESTIONS.map((q) => q.id) as [
  (typeof SAFETY_QUESTIONS)[number]['id'],
  ...(typeof SAFETY_QUESTIONS)[number]['id'][],
];
const safetyId = z.enum(SAFETY_QUESTION_IDS);
export const SITTER_TOKEN_HEADER = 'x-sitter-token';
export const RATING_NOTE =
  'Dissociation and experience are rated 0–10 on Liminal’s own short scale, written for the project and not validated; use a validated instrument (MEQ-30, EBI, CADSS) where one is needed.';

export const atHomeSessionParams = z.object({ patientId: z.uuid(), id: z.uuid() });
export const atHomePatientParams = z.object({ patientId: z.uuid() });
export const atHomeTaskParams = z.object({ patientId: z.uuid(), taskId: z.uuid() });
export const portalSessionParams = z.object({ id: z.uuid() });

const person = z.object({ id: z.string(), name: z.string().nullable() });
export const homeReading = z.object({ sbp: z.number(), dbp: z.number(), hr: z.number(), at: z.string() });
export const checkInDecision = z.object({
  outcome: z
    .enum(['incomplete', 'hold', 'recheck', 'awaiting_go', 'go'])
    .describe('The rules’ verdict on the check-in so far (domain/athome evaluateCheckIn)'),
  missing: z.array(z.enum(['mood', 'safety', 'reading', 'sitter'])).describe('Steps still to do'),
  reasons: z.array(z.string()).describe('What is wrong and what to do, in the patient’s words'),
  fired: z.array(firedRule).describe('The clinic’s home_check_in vital rules the last reading fired'),
  recheckAt: z.string().nullable().describe('When a re-check of a high reading may be entered'),
});
export const dueItem = z.object({
  key: z.string().describe('Stable key: check_in, timed_check_in:30, sitter_check:45, check_out'),
  kind: z.enum(['check_in', 'timed_check_in', 'sitter_check', 'check_out']),
  minute: z.number().nullable().describe('Minutes after the dose (null for the pre-dose check-in)'),
  dueAt: z.string(),
  missedAt: z.string().describe('Unanswered at this instant (due + grace minutes), it escalates once'),
  status: z.enum(['upcoming', 'due', 'missed', 'done', 'not_needed']),
});
export const helpNumbers = z.object({
  onCallPhone: z
    .string()
    .nullable()
    .describe('The clinic’s on-call number (settings), else the clinic’s phone'),
  crisisLine: z.literal('988').describe('988 Suicide & Crisis Lifeline (call or text)'),
  emergency: z.literal('911'),
  message: z.string(),
});
export const patientCheckoutBody = z
  .object({
    settled: z.boolean().describe('I feel settled and back to myself'),
    sideEffects: z.array(z.enum(SIDE_EFFECTS)).max(SIDE_EFFECTS.length).default([]),
    dissociation: z.number().int().min(0).max(10).describe(`0–10. ${RATING_NOTE}`),
    experience: z
      .number()
      .int()
      .min(0)
      .max(10)
      .describe(`0–10 (0 very difficult … 10 very good). ${RATING_NOTE}`),
    doseLeft: z.boolean().describe('Some of today’s dose was not taken (spat out, left over)'),
    remainingTroches: z.number().int().min(0).max(1000).describe('Troches the patient holds now, counted'),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export const sitterCheckoutBody = z
  .object({
    settled: z.boolean().describe('The patient seems settled, oriented and safe to be left'),
    sideEffects: z.array(z.enum(SIDE_EFFECTS)).max(SIDE_EFFECTS.length).default([]),
    stayedWholeSession: z.boolean(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
const checkout = <T extends z.ZodType>(body: T) => z.object({ at: z.string(), answers: body });

export const atHomeSession = z.object({
  id: z.string(),
  patientId: z.string(),
  courseId: z.string(),
  appointmentId: z.string().nullable(),
  number: z.number(),
  startsAt: z.string(),
  state: z.enum(AT_HOME_STATES),
  boardState: z.enum(Object.keys(BOARD_STATE_WORDS) as [keyof typeof BOARD_STATE_WORDS]),
  boardWords: z.string(),
  ruleSetVersion: z.number(),
  order: z
    .object({
      mg: z.number(),
      troches: z.number(),
      productId: z.string(),
      productName: z.string().nullable(),
      lotNumber: z.string().nullable(),
      route: z.literal('sublingual'),
      weightKg: z.number(),
      mgPerKg: z.number(),
      bioavailability: z.number(),
      bioavailableMg: z.number().describe('F × mg, the route-normalised dose compared across sessions'),
      warnings: z.array(z.object({ limitId: z.string(), message: z.string(), source: z.string() })),
      signedBy: person,
      signedAt: z.string(),
    })
    .nullable(),
  checkIn: z.object({
    opensAt: z.string().describe('The check-in opens this long before the booked start (program setting)'),
    mood: z.number().nullable(),
    intention: z.string().nullable(),
    safetyAnswers: z.partialRecord(safetyId, z.boolean()),
    questions: z.array(z.object({ id: safetyId, text: z.string() })),
    readings: z.array(homeReading),
    recheckAt: z.string().nullable(),
    decision: checkInDecision.nullable(),
  }),
  sitter: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    invitedAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
  }),
  go: z
    .object({
      at: z.string(),
      kind: z.enum(['rules', 'clinician']),
      by: person.nullable(),
      reason: z.string().nullable(),
    })
    .nullable(),
  hold: z
    .object({
      at: z.string(),
      kind: z.enum(['rules', 'clinician']),
      by: person.nullable(),
      reason: z.string(),
    })
    .nullable(),
  dose: z.object({ takenAt: z.string(), troches: z.number() }).nullable(),
  patientCheckout: checkout(patientCheckoutBody).nullable(),
  sitterCheckout: checkout(sitterCheckoutBody).nullable(),
  remainingTroches: z.number().nullable(),
  closed: z.object({ at: z.string(), by: person.nullable(), reason: z.string() }).nullable(),
  timeline: z.array(dueItem),
  help: helpNumbers,
  ratingNote: z.string(),
});
export type AtHomeSessionOut = z.infer<typeof atHomeSession>;

export const atHomeEvent = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actorKind: z.enum(['patient', 'sitter', 'staff', 'system']),
  actor: person.nullable(),
  itemKey: z.string().nullable(),
  ok: z.boolean().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export const atHomeTask = z.object({
  id: z.string(),
  patientId: z.string(),
  courseId: z.string(),
  sessionId: z.string().nullable(),
  key: z.string(),
  kind: z.enum(['missed', 'not_ok', 'hold', 'help', 'supply']),
  urgent: z.boolean(),
  reason: z.string(),
  state: z.enum(['open', 'acknowledged', 'resolved']),
  assignedTo: person.nullable(),
  openedAt: z.string(),
  acknowledged: z.object({ at: z.string(), by: person }).nullable(),
  resolved: z.object({ at: z.string(), by: person, outcome: z.string() }).nullable(),
});

/** The care team's view of one session: the patient's view plus the timeline, the tasks and the dose curve inputs. */
export const atHomeSessionDetail = atHomeSession.extend({
  patientName: z.string(),
  chartNumber: z.string(),
  events: z.array(atHomeEvent),
  tasks: z.array(atHomeTask),
  exposureInputs: z
    .object({
      route: z.literal('sublingual'),
      doseMg: z.number(),
      weightKg: z.number(),
      doseTakenAt: z.string().nullable(),
    })
    .nullable()
    .describe('What the exposure curve is computed from (GET …/exposure returns the curve)'),
  actions: z
    .array(z.string())
    .describe('The state machine’s events this state accepts (which buttons apply)'),
  recordSigned: z
    .object({ at: z.string(), by: person })
    .nullable()
    .describe(
      'The prescriber’s signature on the session record (after close); the PDF is GET …/:id/record.pdf',
    ),
});
export type AtHomeSessionDetail = z.infer<typeof atHomeSessionDetail>;

// ── Staff requests ──

export const createAtHomeBody = z
  .object({
    courseId: z
      .uuid()
      .describe('An active course of the patient whose setting is at_home (route sublingual)'),
    startsAt: isoInstant.describe('The booked start: the check-in falls due then'),
    appointmentId: z.uuid().optional().describe('The booked visit this session stands for, if any'),
    overrides: z
      .array(z.object({ itemId: z.string().max(60), reason: text(1000) }))
      .max(10)
      .default([])
      .describe('Readiness items a prescriber overrides, each with a reason (where the clinic allows)'),
  })
  .strict();
export const atHomeOrderBody = z
  .object({
    productId: z.uuid().describe('The troche / dissolving-tablet product dispensed (ledger product)'),
    troches: z.number().int().min(1).max(20).describe('Troches the patient takes this session'),
    mg: z
      .number()
      .positive()
      .max(1500)
      .optional()
      .describe('If given, must equal troches × the product’s strength'),
    lotNumber: z.string().trim().min(1).max(60).optional(),
    weightKg: z.number().min(20).max(350).optional().describe('Defaults to the chart’s weight'),
    acknowledgeWarnings: z.boolean().optional(),
  })
  .strict();
export const goBody = z
  .object({ reason: text(1000).optional().describe('Required when lifting a hold') })
  .strict();
export const reasonBody = z.object({ reason: text(1000) }).strict();
export const noteBody = z.object({ text: text(4000) }).strict();
export const resolveTaskBody = z.object({ outcome: text(2000) }).strict();
export const atHomeSessionList = z.object({ sessions: z.array(atHomeSession) });

export const boardRow = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  chartNumber: z.string(),
  startsAt: z.string(),
  state: z.enum(AT_HOME_STATES),
  boardState: atHomeSession.shape.boardState,
  boardWords: z.string(),
  lastReading: homeReading.nullable(),
  doseTakenAt: z.string().nullable(),
  minutesSinceDose: z.number().nullable(),
  openEscalations: z.number(),
  sitterConfirmed: z.boolean(),
  nextDue: dueItem.nullable(),
});
export const atHomeBoard = z.object({
  date: z.string().describe('The clinic’s local date'),
  onCall: z.object({
    userId: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  escalations: z
    .array(atHomeTask.extend({ patientName: z.string() }))
    .describe('Open and acknowledged urgent escalations, oldest first: the top of Today'),
  sessions: z.array(boardRow),
});

export const atHomeSettingsView = z.object({
  program: atHomeSettingsSchema,
  sources: z.record(z.string(), z.object({ basis: z.enum(['published', 'policy']), source: z.string() })),
  onCallUserId: z.string().nullable(),
  onCallName: z.string().nullable(),
  onCallPhone: z.string().nullable(),
});
export const atHomeSettingsBody = z
  .object({
    program: atHomeSettingsSchema,
    onCallUserId: z.uuid().nullable().describe('A prescriber or nurse who receives escalations'),
    onCallPhone: z
      .string()
      .trim()
      .regex(/^[+0-9 ().-]{7,25}$/, 'Enter a phone number')
      .nullable(),
  })
  .strict();

// ── Patient (portal) requests ──

export const moodBody = z
  .object({
    mood: z.number().int().min(0).max(10),
    intention: text(1000).describe('In the patient’s own words'),
  })
  .strict();
export const safetyBody = z
  .object({
    answers: z
      .partialRecord(safetyId, z.boolean())
      .describe('One or more answers; true = safe (each question says what yes means)'),
  })
  .strict();
/** A home cuff reading, refused when implausible (e.g. BP 400/20 or a pulse of 0) with the field named. */
export const readingBody = z
  .object({ sbp: z.number().int(), dbp: z.number().int(), hr: z.number().int() })
  .strict()
  .superRefine((r, ctx) => {
    for (const e of validateReading({ ...r, at: '2000-01-01T00:00:00Z' }))
      ctx.addIssue({ code: 'custom', path: e.field === 'reading' ? [] : [e.field], message: e.message });
  });
export const sitterInviteBody = z
  .object({
    name: text(120).describe('A sober adult who stays for the whole session'),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ().-]{7,25}$/, 'Enter a phone number'),
  })
  .strict();
export const sitterInvite = z.object({
  code: z.string().describe('Shown once: the sitter types it, or opens the link'),
  link: z.string(),
  expires: z.string(),
  delivery: z.literal('patient_forwards'),
  message: z.string(),
});
export const timedCheckInBody = z
  .object({
    key: z.string().regex(/^timed_check_in:\d{1,3}$/, 'A timed check-in key such as timed_check_in:30'),
    ok: z.boolean(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict();
export const helpBody = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export const helpResult = helpNumbers.extend({ taskId: z.string().nullable() });

// ── Sitter requests (header x-sitter-token) ──

export const sitterConfirmBody = z
  .object({
    present: z.literal(true).describe('I am a sober adult with the patient and will stay for the session'),
  })
  .strict();
export const visualCheckBody = z
  .object({
    key: z
      .string()
      .regex(/^sitter_check:\d{1,3}$/, 'A visual check key such as sitter_check:15')
      .optional()
      .describe('Defaults to the earliest visual check due'),
    ok: z.boolean(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict();
export const sitterView = z.object({
  patientFirstName: z.string(),
  clinicName: z.string(),
  startsAt: z.string(),
  state: z.enum(AT_HOME_STATES),
  confirmed: z.boolean(),
  checkIn: z.object({
    missing: z.array(z.string()),
    outcome: z.string().nullable(),
    goGiven: z.boolean(),
  }),
  doseTakenAt: z.string().nullable(),
  timeline: z.array(dueItem),
  checkedOut: z.boolean(),
  help: helpNumbers,
});
export const sitterConfirmed = z.object({
  token: z
    .string()
    .describe('Shown once: the sitter’s own token for the rest of the session (the code is spent)'),
  session: sitterView,
});
