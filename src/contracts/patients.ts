import { z } from 'zod';
import {
  HISTORY_KEYS,
  MEDICATION_CLASSES,
  PREGNANCY_STATUSES,
  PROGRAM_SETTINGS,
  planProblem,
  ROUTES,
} from '../domain/screening/types';
import { email, text } from './common';

export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
] as const;
export const stateSchema = z.enum(US_STATES, { message: 'Choose a US state' });

export const PATIENT_STATUSES = ['enquiry', 'intake', 'active', 'maintenance', 'discharged'] as const;

/** A calendar date (no time zone), not in the future, not before 1900. */
export const birthDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'Not a real date',
  )
  .refine(
    (s) => s >= '1900-01-01' && s <= new Date().toISOString().slice(0, 10),
    'Enter a date of birth in the past',
  );

export const phone = z
  .string()
  .trim()
  .min(7, 'Enter a phone number')
  .max(30)
  .regex(/^[0-9+()\-.\s]+$/, 'Use digits, spaces and + ( ) - only');

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const demographicsBody = z.object({
  firstName: text(80),
  lastName: text(80),
  preferredName: optionalText(80),
  dateOfBirth: birthDate,
  sexAtBirth: z.enum(['female', 'male', 'intersex', 'unknown']).nullable().optional(),
  genderIdentity: optionalText(80),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  addressLine1: optionalText(120),
  addressLine2: optionalText(120),
  city: optionalText(80),
  state: stateSchema,
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Use a 5-digit ZIP code')
    .nullable()
    .optional(),
  emergencyContactName: optionalText(120),
  emergencyContactPhone: phone.nullable().optional(),
  emergencyContactRelation: optionalText(60),
  status: z.enum(PATIENT_STATUSES).optional(),
  /** Optimistic concurrency: the version the editor loaded. */
  version: z.number().int().min(1).optional(),
});

export const diagnosisSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/, 'Enter an ICD-10-CM code such as F33.2'),
  display: text(200),
});
export const medicationSchema = z.object({
  name: text(120),
  dose: optionalText(120),
  medClass: z.enum(MEDICATION_CLASSES).nullable().optional(),
});
export const allergySchema = z.object({ substance: text(120), reaction: optionalText(200) });

export const clinicalBody = z
  .object({
    weightKg: z
      .number()
      .min(20, 'Weight must be at least 20 kg')
      .max(350, 'Weight must be at most 350 kg')
      .nullable()
      .optional(),
    heightCm: z.number().min(90).max(250).nullable().optional(),
    pregnancyStatus: z.enum(PREGNANCY_STATUSES).nullable().optional(),
    breastfeeding: z.boolean().nullable().optional(),
    history: z.partialRecord(z.enum(HISTORY_KEYS), z.boolean()).optional(),
    plannedRoute: z.enum(ROUTES).nullable().optional(),
    plannedSetting: z.enum(PROGRAM_SETTINGS).nullable().optional(),
    diagnoses: z.array(diagnosisSchema).max(30).optional(),
    medications: z.array(medicationSchema).max(60).optional(),
    allergies: z.array(allergySchema).max(40).optional(),
    version: z.number().int().min(1).optional(),
  })
  .superRefine((b, ctx) => {
    // A route that is not taken at home cannot be planned there (the service checks a half-sent plan against
    // the stored one).
    const problem = planProblem(b.plannedSetting, b.plannedRoute);
    if (problem) ctx.addIssue({ code: 'custom', path: ['plannedRoute'], message: problem });
  });

export const patientListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(PATIENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const patientSummary = z.object({
  id: z.string(),
  chartNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  state: z.string(),
  status: z.enum(PATIENT_STATUSES),
});
export const patientListResponse = z.object({ patients: z.array(patientSummary), total: z.number() });

export const careTeamMember = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(['prescriber', 'nurse', 'therapist']),
});
export const careTeamBody = z.object({
  members: z
    .array(z.object({ userId: z.uuid(), role: z.enum(['prescriber', 'nurse', 'therapist']) }))
    .max(12),
});

export const screeningReasonSchema = z.object({
  ruleId: z.string(),
  label: z.string(),
  level: z.enum(['absolute', 'relative', 'interaction']),
  basis: z.enum(['label', 'policy']),
  reason: z.string(),
  next: z.string(),
  source: z.string(),
});
export const screeningStatus = z.object({
  state: z.enum([
    'cleared',
    'not_cleared',
    'review_again',
    'not_eligible',
    'needs_review',
    'awaiting_decision',
  ]),
  label: z.string(),
  cleared: z.boolean(),
  tone: z.enum(['red', 'amber', 'green']),
});
export const screeningResultSchema = z.object({
  outcome: z.enum(['eligible', 'needs_review', 'not_eligible']),
  reasons: z.array(screeningReasonSchema),
  missing: z.array(z.string()),
});
export const screeningDecisionSchema = z.object({
  id: z.string(),
  outcome: z.string(),
  decision: z.enum(['cleared', 'not_cleared']),
  overrides: z.array(z.object({ ruleId: z.string(), reason: z.string() })),
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string(),
  /** The record changed after this decision: the screen must be reviewed again. */
  stale: z.boolean(),
});
export const screeningResponse = z.object({
  evaluation: screeningResultSchema,
  evaluatedOn: z.string(),
  current: screeningDecisionSchema.nullable(),
  history: z.array(screeningDecisionSchema),
  cleared: z.boolean(),
  status: screeningStatus,
});
export const screeningDecisionBody = z.object({
  decision: z.enum(['cleared', 'not_cleared']),
  overrides: z
    .array(z.object({ ruleId: text(80), reason: text(1000) }))
    .max(40)
    .default([]),
  note: optionalText(2000),
});

export const licenceWarning = z.object({ code: z.string(), message: z.string() });

export const consentStatus = z.object({
  documentId: z.string().nullable(),
  documentVersion: z.number().nullable(),
  currentVersion: z.number().nullable(),
  signedAt: z.string().nullable(),
  method: z.string().nullable(),
  isCurrent: z.boolean(),
  signatureId: z.string().nullable(),
});

export const patientChart = z.object({
  patient: patientSummary.extend({
    sexAtBirth: z.string().nullable(),
    genderIdentity: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    addressLine1: z.string().nullable(),
    addressLine2: z.string().nullable(),
    city: z.string().nullable(),
    postalCode: z.string().nullable(),
    emergencyContactName: z.string().nullable(),
    emergencyContactPhone: z.string().nullable(),
    emergencyContactRelation: z.string().nullable(),
    version: z.number(),
    ageYears: z.number().nullable(),
    portalStatus: z.enum(['none', 'invited', 'active', 'disabled']),
  }),
  /** Present for roles that may read clinical data. */
  clinical: z
    .object({
      weightKg: z.number().nullable(),
      heightCm: z.number().nullable(),
      pregnancyStatus: z.string().nullable(),
      breastfeeding: z.boolean().nullable(),
      history: z.record(z.string(), z.boolean()),
      plannedRoute: z.string().nullable(),
      plannedSetting: z.string().nullable(),
      diagnoses: z.array(diagnosisSchema.extend({ id: z.string() })),
      medications: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          dose: z.string().nullable(),
          medClass: z.string().nullable(),
          interactingClass: z.string().nullable(),
        }),
      ),
      allergies: z.array(
        z.object({ id: z.string(), substance: z.string(), reaction: z.string().nullable() }),
      ),
      screening: screeningResultSchema,
      screeningCleared: z.boolean(),
      /** The rules' outcome and the prescriber's decision read together (the header's badge). */
      screeningStatus,
    })
    .nullable(),
  careTeam: z.array(careTeamMember),
  licensure: z.array(licenceWarning),
  consent: consentStatus,
});

export const createPatientResponse = z.object({ id: z.string(), chartNumber: z.string() });
export const patientIdParam = z.object({ patientId: z.uuid() });

/** A chart section saved: its new version (for the next save's `version`). */
export const versionResponse = z.object({ version: z.number() });
/** Intake saved: its new version and the screening the rules now give. */
export const clinicalSaved = z.object({ version: z.number(), screening: screeningResultSchema });
/** A portal invitation sent; `inviteUrl` only when no mail server is configured (the link to hand over). */
export const portalInviteResponse = z.object({ emailQueued: z.boolean(), inviteUrl: z.string().optional() });

/** GET /api/portal/profile: the patient's own record, as the portal shows it. */
export const portalProfile = z.object({
  chartNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  state: z.string(),
  city: z.string().nullable(),
});
