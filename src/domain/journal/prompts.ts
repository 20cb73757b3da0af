import type { JournalEntryKind } from './entries';

/**
 * The prompts the portal offers, as templates a clinic may edit (admin settings). The shipped defaults were
 * written for this project, following the clinic's description of the phases of ketamine-assisted
 * psychotherapy (DOMAIN.md §4): preparation sets an intention, the dosing session is followed by integration,
 * "where the long-term benefits of KAP are solidified, as patients work with their therapist to translate
 * newfound perspectives into lasting behavioral and emotional change". The reflection questions are the three
 * the issue names (what came up, what felt important, one thing to try). They are invitations, not a
 * questionnaire: nothing is scored.
 */
export const JOURNAL_PROMPT_SLOTS = [
  'intention',
  'reflection_evening',
  'reflection_day1',
  'reflection_day2',
  'reflection_day3',
] as const;
export type JournalPromptSlot = (typeof JOURNAL_PROMPT_SLOTS)[number];

export interface JournalPromptTemplate {
  /** A short heading the portal shows ("Your intention for Thursday's session"). */
  title: string;
  /** The invitation itself, one or more questions. */
  body: string;
}

export type JournalPromptTemplates = Record<JournalPromptSlot, JournalPromptTemplate>;

export const DEFAULT_JOURNAL_PROMPTS: JournalPromptTemplates = {
  intention: {
    title: 'Set an intention for your session',
    body:
      'What would you like to bring into your next session? It can be a question, a feeling you want to ' +
      'understand, or something you hope to let go of. A sentence or two is enough; you will see it again ' +
      'when you check in.',
  },
  reflection_evening: {
    title: 'This evening: what came up?',
    body:
      'Take a few minutes before bed. What came up during today’s session: images, feelings, memories, ' +
      'thoughts? Write it down as it is, without needing to make sense of it yet.',
  },
  reflection_day1: {
    title: 'The day after: what felt important?',
    body:
      'Looking back on your session with a day’s distance, what feels most important now? Has anything ' +
      'shifted in how you see yourself, others, or a situation in your life?',
  },
  reflection_day2: {
    title: 'Two days on: one thing to try',
    body:
      'Is there one small thing you would like to try in the coming days because of what you noticed? ' +
      'Something you could do, say, or pay attention to differently.',
  },
  reflection_day3: {
    title: 'Three days on: what is staying with you?',
    body:
      'What from your session is still with you? Did you try something new, and how did it go? Note anything ' +
      'you would like to talk about at your next integration visit.',
  },
};

/** The kind of entry a prompt slot asks for. */
export const slotKind = (slot: JournalPromptSlot): JournalEntryKind =>
  slot === 'intention' ? 'intention' : 'reflection';

/** The day after the dosing session a reflection slot belongs to (0: the evening of the session). */
export const REFLECTION_DAYS: Record<Exclude<JournalPromptSlot, 'intention'>, number> = {
  reflection_evening: 0,
  reflection_day1: 1,
  reflection_day2: 2,
  reflection_day3: 3,
};

/** Limits on an edited template, so a clinic cannot save an empty prompt. */
export const PROMPT_TEMPLATE_LIMITS = { titleMax: 120, bodyMax: 1_000 } as const;
