/**
 * Where a patient is in their course of care, in their own words (issue #17, "the patient's own progress").
 * Pure: the server counts what happened (signed preparation and integration notes, doses given in clinic and
 * at home) and this names the phase. The phases are the course of care of DOMAIN §1: preparation (step 3),
 * dosing sessions (step 4), integration (step 5), maintenance and follow-up (step 6). The counts are the
 * ones the chart's course card shows (signed notes of each kind; dosing sessions with a first dose given,
 * plus at-home doses taken), so the patient and the care team see the same numbers.
 */
export const COURSE_PHASES = ['preparation', 'dosing', 'integration', 'follow_up', 'ended'] as const;
export type CoursePhase = (typeof COURSE_PHASES)[number];

export interface StageInput {
  /** courses.status: planned | active | completed | stopped */
  status: string;
  plannedPreparation: number;
  plannedDosing: number;
  plannedIntegration: number;
  preparationDone: number;
  dosesGiven: number;
  integrationDone: number;
}

export interface CourseStage {
  phase: CoursePhase;
  /** "Preparation", "Dosing: session 3 of 6", "Integration", "Follow-up", "Course ended". */
  label: string;
  /** One plain sentence on where they are. */
  summary: string;
  /** The four phases in order, each done, current or to come (a stopped course has none current). */
  steps: { phase: Exclude<CoursePhase, 'ended'>; label: string; state: 'done' | 'current' | 'upcoming' }[];
  preparation: { done: number; planned: number };
  dosing: { done: number; planned: number };
  integration: { done: number; planned: number };
}

const STEP_LABELS = {
  preparation: 'Preparation',
  dosing: 'Dosing sessions',
  integration: 'Integration',
  follow_up: 'Follow-up',
} as const;
const ORDER = ['preparation', 'dosing', 'integration', 'follow_up'] as const;

/**
 * - no dose given yet (or the course not started): preparation;
 * - at least one dose given, fewer than planned: dosing, "session n of N" naming the next one to come
 *   (n = doses given + 1) — the patient is between dosing sessions;
 * - every planned dose given and fewer integration sessions signed than planned: integration;
 * - every planned dose given and integration complete, or the course marked completed: follow-up
 *   (repeat measures at 1, 3 and 6 months, DOMAIN §1 step 6);
 * - a stopped course: ended, whatever the counts.
 * More doses than planned (a course extended at the session) count as all given.
 */
export function courseStage(i: StageInput): CourseStage {
  const planned = Math.max(1, i.plannedDosing);
  const given = Math.max(0, i.dosesGiven);
  let phase: CoursePhase;
  if (i.status === 'stopped') phase = 'ended';
  else if (i.status === 'completed') phase = 'follow_up';
  else if (given === 0) phase = 'preparation';
  else if (given < planned) phase = 'dosing';
  else if (i.integrationDone < i.plannedIntegration) phase = 'integration';
  else phase = 'follow_up';

  const current = phase === 'ended' ? -1 : ORDER.indexOf(phase);
  // A stopped course: the phases it got through are done, none is current.
  const reached = [
    given > 0,
    given >= planned,
    given >= planned && i.integrationDone >= i.plannedIntegration,
  ];
  const steps = ORDER.map((p, idx) => {
    const state: 'done' | 'current' | 'upcoming' =
      phase === 'ended'
        ? reached[idx]
          ? 'done'
          : 'upcoming'
        : idx < current
          ? 'done'
          : idx === current
            ? 'current'
            : 'upcoming';
    return { phase: p, label: STEP_LABELS[p], state };
  });

  const doses = `${given} of ${planned} dosing session${planned === 1 ? '' : 's'}`;
  const words: Record<CoursePhase, [string, string]> = {
    preparation: [
      'Preparation',
      `You are preparing for your first dosing session: ${Math.min(i.preparationDone, i.plannedPreparation)} of ${i.plannedPreparation} preparation session${i.plannedPreparation === 1 ? '' : 's'} done.`,
    ],
    dosing: [
      `Dosing: session ${given + 1} of ${planned} next`,
      `You have had ${doses}. Integration sessions follow each one.`,
    ],
    integration: [
      'Integration',
      `You have had all ${planned} dosing sessions. ${Math.min(i.integrationDone, i.plannedIntegration)} of ${i.plannedIntegration} integration session${i.plannedIntegration === 1 ? '' : 's'} done.`,
    ],
    follow_up: [
      'Follow-up',
      'Your course is complete. Your care team checks in with short questionnaires over the coming months.',
    ],
    ended: [
      'Course ended',
      `Your course was stopped after ${doses}. Your care team can tell you what comes next.`,
    ],
  };
  const [label, summary] = words[phase];
  return {
    phase,
    label,
    summary,
    steps,
    preparation: { done: i.preparationDone, planned: i.plannedPreparation },
    dosing: { done: given, planned },
    integration: { done: i.integrationDone, planned: i.plannedIntegration },
  };
}
