import type { NoteContent } from './course-query';

export interface NoteField {
  key: keyof NoteContent;
  label: string;
  description: string;
  minRows: number;
}

const F: Record<keyof NoteContent, NoteField> = {
  intentions: {
    key: 'intentions',
    label: 'Intentions',
    description: 'What the patient hopes to explore or change, in their own words.',
    minRows: 3,
  },
  goals: { key: 'goals', label: 'Goals', description: 'Treatment goals agreed for this course.', minRows: 3 },
  themes: {
    key: 'themes',
    label: 'Themes',
    description: 'What came up in the dosing session and since: images, feelings, memories.',
    minRows: 3,
  },
  insights: {
    key: 'insights',
    label: 'Insights',
    description: 'What the patient makes of it now.',
    minRows: 3,
  },
  commitments: {
    key: 'commitments',
    label: 'Commitments',
    description: 'Changes the patient commits to before the next session.',
    minRows: 2,
  },
  homework: {
    key: 'homework',
    label: 'Homework',
    description: 'Journaling, practices, reading.',
    minRows: 2,
  },
  narrative: {
    key: 'narrative',
    label: 'Session narrative',
    description: 'The session in your words: what was discussed, the safety plan, your assessment.',
    minRows: 8,
  },
};

/** Preparation (DOMAIN §1 step 3) and integration (step 5) notes ask for different things. */
export function fieldsFor(kind: string, content: NoteContent): NoteField[] {
  const order: (keyof NoteContent)[] =
    kind === 'preparation'
      ? ['intentions', 'goals', 'narrative', 'homework']
      : ['themes', 'insights', 'commitments', 'homework', 'narrative'];
  // Text in a field this kind does not ask for (e.g. typed through the API) is never hidden.
  const extra = (Object.keys(F) as (keyof NoteContent)[]).filter(
    (k) => !order.includes(k) && content[k].trim(),
  );
  return [...order, ...extra].map((k) => F[k]);
}
