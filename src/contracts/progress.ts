import { z } from 'zod';
import { COURSE_PHASES } from '../domain/progress';
import { trendSchema } from './measures';

/**
 * The patient's own progress on the portal (issue #17): where they are in their course, what is coming and
 * what to prepare, and their own questionnaire trends with the bands the chart shows (the same computation).
 */
const count = z.object({ done: z.number().int(), planned: z.number().int() });

export const courseStageSchema = z.object({
  phase: z.enum(COURSE_PHASES),
  label: z.string(),
  summary: z.string(),
  steps: z.array(
    z.object({
      phase: z.enum(['preparation', 'dosing', 'integration', 'follow_up']),
      label: z.string(),
      state: z.enum(['done', 'current', 'upcoming']),
    }),
  ),
  preparation: count,
  dosing: count,
  integration: count,
});

export const progressCourse = z.object({
  id: z.string(),
  /** "In the clinic" or "At home". */
  settingLabel: z.string(),
  status: z.enum(['planned', 'active', 'completed', 'stopped']),
  startedOn: z.string(),
  stage: courseStageSchema,
});

export const upcomingItem = z.object({
  kind: z.enum(['visit', 'at_home']),
  id: z.string(),
  /** "Treatment session", "At-home session 3" */
  label: z.string(),
  startsAt: z.string(),
  /** The date and time in words, in the visit's own zone. */
  when: z.string(),
  /** Where the patient opens it on the portal. */
  link: z.string(),
});

export const prepareNextSchema = z.object({
  heading: z.string(),
  clinicInstructions: z.string(),
  items: z.array(z.string()),
});

/** GET /api/portal/progress */
export const portalProgress = z.object({
  /** The course shown (the active one, else the latest), or null before any course. */
  course: progressCourse.nullable(),
  /** All of the patient's courses, the newest first, to switch between. */
  courses: z.array(z.object({ id: z.string(), label: z.string() })),
  upcoming: z.array(upcomingItem),
  prepare: prepareNextSchema.nullable(),
  /** The same trends as the chart's measures section (GET /api/patients/:id/measures). */
  trends: z.array(trendSchema),
});
export type PortalProgress = z.infer<typeof portalProgress>;

export const portalProgressQuery = z.object({ courseId: z.uuid().optional() });
