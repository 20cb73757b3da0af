import { z } from 'zod';

/** Emergency access ("break the glass", S17). */
export const EMERGENCY_REASON_MIN = 20;

export const openEmergencyBody = z.object({
  reason: z
    .string({ error: 'Say why you need emergency access' })
    .trim()
    .min(
      EMERGENCY_REASON_MIN,
      `Say why you need emergency access (at least ${EMERGENCY_REASON_MIN} characters)`,
    )
    .max(1000)
    .describe('Why the chart is needed now; shown to admins in the audit log'),
});

export const emergencyGrant = z.object({
  id: z.string(),
  patientId: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
});
export type EmergencyGrant = z.infer<typeof emergencyGrant>;

export const emergencyGrantResponse = z.object({ grant: emergencyGrant });
export const myEmergencyGrants = z.object({ grants: z.array(emergencyGrant) });

export const emergencyGrantParam = z.object({ id: z.uuid() });

/** Admin review: recent windows, who opened them, why, and whether they are still open. */
export const emergencyReviewItem = emergencyGrant.extend({
  userId: z.string(),
  userName: z.string(),
  userRole: z.string(),
  reason: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  open: z.boolean(),
});
export const emergencyReviewQuery = z.object({ days: z.coerce.number().int().min(1).max(400).default(30) });
export const emergencyReviewResponse = z.object({
  windowMinutes: z.number(),
  grants: z.array(emergencyReviewItem),
});

export const emergencySettingsBody = z.object({
  windowMinutes: z.number().int().min(5, 'At least 5 minutes').max(720, 'At most 12 hours (720 minutes)'),
});
export const emergencySettings = z.object({ windowMinutes: z.number() });

export const confidentialBody = z.object({ confidential: z.boolean() });
export const confidentialState = z.object({
  confidential: z.boolean(),
  setAt: z.string().nullable(),
  setBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether the caller may change the mark (a care-team member who may edit the record). */
  canChange: z.boolean(),
});

export const breakGlassBody = z.object({ allowed: z.boolean() });
