import { SAFETY_QUESTIONS } from '../athome/checkin';

/**
 * What to prepare before the next visit or at-home session, in plain words (issue #17). The clinic's own
 * preparation instructions for the visit type come first when it has written them (appointment types'
 * `instructions`, sent with confirmations and reminders) and then stand for the practical steps; the lines
 * below are the defaults, when it has written none, written for this project from DOMAIN §1 (preparation: goals and intentions; dosing: an escort home) and §9 (the at-home
 * check-in's conditions, worded as the check-in asks them: domain/athome/checkin.ts SAFETY_QUESTIONS).
 */
export type NextThing =
  | { kind: 'visit'; category: string; label: string; when: string; instructions: string }
  | { kind: 'at_home'; number: number; when: string };

export interface PrepareNext {
  /** "Before your dosing session on Tuesday, December 8, 2026 at 10:00 AM PST" */
  heading: string;
  /** The clinic's own instructions for this visit type, as written (may be empty). */
  clinicInstructions: string;
  /** Plain steps, the clinic's first when it has them. */
  items: string[];
}

const INTENTION = 'Write down your intention for the session: what you hope to explore or understand.';

const DEFAULTS: Record<string, string[]> = {
  dosing: [
    INTENTION,
    'Arrange for an adult to take you home afterwards: you cannot drive until the next day.',
    'Follow the clinic’s instructions about eating and drinking before the session.',
    'Tell the clinic about any new medicine, or any alcohol or sedatives in the last 24 hours.',
  ],
  preparation: [
    'Think about what you hope treatment will change for you.',
    'Bring your questions about the sessions to come.',
  ],
  integration: [
    'Note what came up in your last dosing session and what felt important.',
    'Think of one thing you would like to try in daily life.',
  ],
  follow_up: ['Think about how you have been feeling since your last visit.'],
  consultation: ['Bring a list of your current medicines.'],
};

export function prepareFor(next: NextThing): PrepareNext {
  if (next.kind === 'at_home')
    return {
      heading: `Before your at-home session ${next.number} on ${next.when}`,
      clinicInstructions: '',
      items: [
        INTENTION,
        ...SAFETY_QUESTIONS.map((q) => q.text),
        'Have your blood pressure cuff ready for a reading at check-in.',
        'Make sure a sober adult will stay with you for the whole session and can be reached by phone.',
      ],
    };
  const clinic = next.instructions.trim();
  return {
    heading: `Before your ${next.label.toLowerCase()} on ${next.when}`,
    clinicInstructions: clinic,
    // The clinic's own words stand for the practical steps; only the intention is added to a dosing visit's.
    items: clinic ? (next.category === 'dosing' ? [INTENTION] : []) : (DEFAULTS[next.category] ?? []),
  };
}
