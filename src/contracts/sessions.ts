import { z } from 'zod';
import { DoseLimitSchema } from '../domain/dosing';
import { vitalFields } from '../domain/vitals';
import { text } from './common';
import { readinessItem } from './courses';
import { vitalRuleOut } from './rules';
import { sessionSafety } from './session-safety';

export const startSessionBody = z.object({
  /** Readiness items the prescriber overrides, each with a reason (only where clinic settings allow). */
  overrides: z
    .array(z.object({ itemId: z.string().max(60), reason: text(1000) }))
    .max(10)
    .default([]),
});

export const checklistBody = z.object({
  fasting: z.boolean(),
  escortName: z.string().trim().max(120),
  rideArranged: z.boolean(),
  medicationsSinceLastVisit: z.string().trim().max(2000),
  pregnancyStatus: z.enum(['not_pregnant', 'pregnant', 'not_applicable', 'unknown']),
  weightKg: z.number().min(20, 'Weight must be at least 20 kg').max(350, 'Weight must be at most 350 kg'),
});

/** A reading's values: one whole number per vital sign of the domain's table. */
export const vitals = z.object(vitalFields(() => z.number().int().optional()));
export const ENTRY_KINDS = [
  'vitals',
  'sedation',
  'dissociation',
  'side_effect',
  'intervention',
  'adverse_event',
  'observation',
] as const;
export const SIDE_EFFECTS = [
  'nausea',
  'vomiting',
  'dizziness',
  'headache',
  'anxiety',
  'elevated_bp',
  'confusion',
  'agitation',
  'other',
] as const;
/** The side effects in plain words, for screens, records and FHIR answers alike. */
export const SIDE_EFFECT_WORDS: Record<(typeof SIDE_EFFECTS)[number], string> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  dizziness: 'Dizziness',
  headache: 'Headache',
  anxiety: 'Anxiety',
  elevated_bp: 'Elevated blood pressure',
  confusion: 'Confusion',
  agitation: 'Agitation',
  other: 'Other',
};

export const entryData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vitals'), vitals }),
  z.object({ kind: z.literal('sedation'), moaas: z.number().int().min(0).max(5) }),
  z.object({ kind: z.literal('dissociation'), level: z.enum(['none', 'mild', 'moderate', 'severe']) }),
  z.object({
    kind: z.literal('side_effect'),
    effect: z.enum(SIDE_EFFECTS),
    severity: z.enum(['mild', 'moderate', 'severe']),
    note: z.string().max(2000).optional(),
  }),
  z.object({ kind: z.literal('intervention'), what: text(500) }),
  z.object({
    kind: z.literal('adverse_event'),
    description: text(2000),
    severity: z.enum(['mild', 'moderate', 'severe', 'life_threatening']),
    outcome: z.enum(['resolved', 'ongoing', 'transferred']),
  }),
  z.object({ kind: z.literal('observation'), text: text(4000) }),
]);

export const entryBody = z.object({
  /** Client-generated key: a retried save (tablet reload, network blip) is applied once. */
  idempotencyKey: z.string().min(8).max(100),
  at: z.iso.datetime({ offset: true }).optional(),
  correctsId: z.uuid().optional(),
  entry: entryData,
});

export const firedRule = z.object({
  ruleId: z.string(),
  vital: z.string(),
  level: z.enum(['hold', 'alert']),
  message: z.string(),
  source: z.string(),
  basis: z.string(),
  /** Minutes until the re-check the rule asks for (absent on entries saved before it was recorded). */
  recheckMinutes: z.number().optional(),
});

export const sessionEntry = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
  alerts: z.array(firedRule),
  correctsId: z.string().nullable(),
  correctedBy: z.string().nullable(),
  recordedBy: z.string(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});

export const orderBody = z
  .object({
    mg: z.number().positive().max(1500).optional(),
    mgPerKg: z.number().positive().max(10).optional(),
    infusionMinutes: z.number().int().min(1).max(240).optional(),
    /** Warnings (not errors) from the limit check that the prescriber accepts. */
    acknowledgeWarnings: z.boolean().default(false),
  })
  .refine((b) => (b.mg === undefined) !== (b.mgPerKg === undefined), {
    message: 'Give the dose in mg or in mg/kg, not both',
    path: ['mg'],
  });

export const administrationBody = z.object({
  idempotencyKey: z.string().min(8).max(100),
  at: z.iso.datetime({ offset: true }).optional(),
  mg: z.number().positive().max(1500),
  site: z.string().trim().max(80).optional(),
  lot: z.string().trim().max(60).optional(),
  product: z.string().trim().max(120).optional(),
  /** IV: start / stop of the infusion; esketamine: device number. */
  phase: z.enum(['bolus', 'infusion_start', 'infusion_stop', 'device']).default('bolus'),
  deviceNumber: z.number().int().min(1).max(3).optional(),
  /** The ledger container the dose is drawn from, in the same transaction (lot and product come from it). */
  containerId: z.uuid().optional(),
  /**
   * Instead of a container: the product did not come from the clinic's stock (a pharmacy-dispensed kit, the
   * patient's take-home supply), said explicitly and by whom it was supplied. Shown with the entry.
   */
  suppliedElsewhere: z.object({ source: text(200) }).optional(),
});

export const holdOverrideBody = z.object({ reason: text(1000) });
export const dischargeBody = z.object({
  oriented: z.boolean(),
  walksSafely: z.boolean(),
  sedationResolved: z.boolean(),
  dissociationResolved: z.boolean(),
  escortName: text(120),
  acknowledgedNoDriving: z.literal(true, {
    message: 'The patient must acknowledge: no driving until the next day after restful sleep',
  }),
  readyToLeaveAt: z.iso.datetime({ offset: true }),
  /** Esketamine REMS: when would the patient have been ready without the 2-hour minimum (minutes after the first device)? */
  readyWithoutMinimumMinutes: z.number().int().min(0).max(600).optional(),
});
export const narrativeBody = z.object({ text: text(60_000) });

export const doseOrder = z.object({
  route: z.string(),
  mg: z.number(),
  mgPerKg: z.number(),
  weightKg: z.number(),
  bioavailability: z.number(),
  bioavailableMg: z.number(),
  infusionMinutes: z.number().nullable(),
  warnings: z.array(z.object({ limitId: z.string(), message: z.string(), source: z.string() })),
  orderedBy: z.string(),
  orderedByName: z.string().nullable(),
  signedAt: z.string(),
});

export const exposureCurve = z.object({
  estimate: z.literal(true),
  caveat: z.string(),
  model: z.string(),
  sources: z.array(z.string()),
  points: z.array(z.object({ minute: z.number(), mgPerL: z.number() })),
  peak: z.object({ minute: z.number(), mgPerL: z.number() }),
  nowMinute: z.number().nullable(),
});

export const consoleState = z.object({
  session: z.object({
    id: z.string(),
    courseId: z.string(),
    patientId: z.string(),
    patientName: z.string(),
    chartNumber: z.string(),
    number: z.number(),
    route: z.string(),
    setting: z.string(),
    status: z.string(),
    startedAt: z.string(),
    firstDoseAt: z.string().nullable(),
    checklist: checklistBody.nullable(),
    weightKg: z.number().nullable(),
    hold: z.object({ rules: z.array(firedRule), since: z.string() }).nullable(),
    holdOverride: z.object({ byName: z.string().nullable(), reason: z.string(), at: z.string() }).nullable(),
    order: doseOrder.nullable(),
    discharge: z.record(z.string(), z.unknown()).nullable(),
    dischargedAt: z.string().nullable(),
    narrative: z.string().nullable(),
    signedAt: z.string().nullable(),
    signedByName: z.string().nullable(),
    locked: z.boolean(),
    version: z.number(),
    /** The clinic rule-set version the session started with and is evaluated with for its whole life. */
    ruleSet: z.object({ version: z.number(), publishedAt: z.string() }),
  }),
  readiness: z.array(
    readinessItem.extend({
      overriddenBy: z.string().nullable().optional(),
      overrideReason: z.string().nullable().optional(),
    }),
  ),
  entries: z.array(sessionEntry),
  previousDoses: z.array(
    z.object({
      sessionId: z.string(),
      at: z.string(),
      route: z.string(),
      mg: z.number(),
      mgPerKg: z.number().nullable(),
      bioavailableMg: z.number(),
    }),
  ),
  cadence: z.object({
    nextLabel: z.string().nullable(),
    nextDueAt: z.string().nullable(),
    minutesRemaining: z.number().nullable(),
    overdue: z.boolean(),
    minimumMonitoringMinutes: z.number(),
    minimumMetAt: z.string().nullable(),
  }),
  safety: sessionSafety,
  rules: z.array(vitalRuleOut),
  /** The dose limits of the session's route, from the same rule-set version. */
  doseLimits: z.array(DoseLimitSchema),
  discharge: z
    .object({
      ready: z.boolean(),
      items: z.array(z.object({ id: z.string(), ok: z.boolean(), message: z.string() })),
    })
    .nullable(),
  addenda: z.array(
    z.object({ id: z.string(), authorName: z.string().nullable(), body: z.string(), createdAt: z.string() }),
  ),
  permissions: z.object({
    canOrder: z.boolean(),
    canRun: z.boolean(),
    canSign: z.boolean(),
    canNarrate: z.boolean(),
    /** May record movements of controlled stock: a dose from a container needs it. */
    canDraw: z.boolean(),
  }),
});

export const activeSessions = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      route: z.string(),
      status: z.string(),
      startedAt: z.string(),
      firstDoseAt: z.string().nullable(),
      lastVitals: z
        .object({
          at: z.string(),
          sbp: z.number().nullable(),
          dbp: z.number().nullable(),
          hr: z.number().nullable(),
          spo2: z.number().nullable(),
        })
        .nullable(),
      openAlerts: z.number(),
      hold: z.boolean(),
      safety: sessionSafety,
    }),
  ),
});

export const remsRecord = z.object({
  fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  dueBy: z.string(),
  submittedAt: z.string().nullable(),
  complete: z.boolean(),
  formVersion: z.string(),
});
export { readinessItem, sessionSafety };
