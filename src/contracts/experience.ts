import { z } from 'zod';
import { text } from './common';
import { answersSchema, instrumentForm } from './measures';

/**
 * In-session experience ratings (issue #21, DOMAIN §9): Liminal's own end-of-session ratings (not validated),
 * rated on a dosing session (entered on the console) or an at-home session (the patient at check-out). Each is
 * a measure response underneath, so its FHIR QuestionnaireResponse and Observation come from the measures.
 */
export const SESSION_RATING_IDS = ['lxr', 'lds'] as const;

export const dosingRatingParams = z.object({ patientId: z.uuid(), sessionId: z.uuid() });
export const atHomeRatingParams = z.object({ patientId: z.uuid(), id: z.uuid() });
export const portalRatingParams = z.object({ id: z.uuid() });

export const rateBody = z.object({
  instrumentId: z.enum(SESSION_RATING_IDS),
  answers: answersSchema,
  /** Needed when the session already has a rating on this instrument: the correction replaces it. */
  reason: text(500).optional(),
});

export const experienceRating = z.object({
  instrumentId: z.string(),
  instrumentName: z.string(),
  responseId: z.string(),
  total: z.number(),
  range: z.object({ min: z.number(), max: z.number() }),
  band: z.string().nullable(),
  subscales: z.array(z.object({ id: z.string(), name: z.string(), value: z.number().nullable() })),
  answers: z.record(z.string(), z.number().nullable()),
  ratedAt: z.string(),
  enteredBy: z.string().nullable(),
  byPatient: z.boolean(),
  corrected: z.boolean(),
});

export const sessionExperience = z.object({
  /** Whether the session can be rated yet (it has been dosed). */
  canRate: z.boolean(),
  ratings: z.array(experienceRating),
  /** The forms to show (items and answer options), in order. */
  instruments: z.array(instrumentForm),
});

export type ExperienceRatingOut = z.infer<typeof experienceRating>;
export type SessionExperienceOut = z.infer<typeof sessionExperience>;
