import { z } from 'zod';
import { CLINICAL_MINIMUM_YEARS } from '../domain/retention/floors';

/** Clinic policies an administrator sets: how long an emergency window lasts, how long records are kept (S17, S18). */
export const MAX_RETENTION_YEARS = 100;

export const retentionPolicyBody = z.object({
  clinicalRecordYears: z
    .number({ error: 'Enter a number of years' })
    .int('Whole years only')
    .min(CLINICAL_MINIMUM_YEARS, `At least ${CLINICAL_MINIMUM_YEARS} years (the floor for clinical records)`)
    .max(MAX_RETENTION_YEARS, `At most ${MAX_RETENTION_YEARS} years`)
    .describe('How long signed clinical records are kept, in years (never below the floor)'),
});

export const retentionLine = z.object({
  table: z.string(),
  label: z.string(),
  recordClass: z.enum(['audit', 'ledger', 'clinical']),
  rows: z.number(),
  oldest: z.string().nullable(),
  floorYears: z.number(),
  source: z.string(),
  cutoff: z.string(),
  pastFloor: z.number(),
  eligibleForPurge: z.boolean(),
  lockedBy: z.string(),
});

export const retentionReport = z.object({
  at: z.string(),
  clinicalPolicyYears: z.number().nullable(),
  warnings: z.array(z.string()),
  purgePath: z.literal('none'),
  tables: z.array(retentionLine),
});

export const clinicPolicies = z.object({
  emergencyWindowMinutes: z.number(),
  clinicalRecordYears: z.number().nullable(),
  clinicalFloorYears: z.number(),
  retention: retentionReport,
});
export type ClinicPolicies = z.infer<typeof clinicPolicies>;
