import type { z } from 'zod';
import type { noteOffer } from '../../../contracts/notes';

/**
 * Which note fits a therapy visit (issue #14). Pure: the service reads the visit, the patient's course and
 * its dosing sessions, and asks here.
 *
 * An integration note follows a dosing session (DOMAIN.md §1 step 5), so it is offered only when the course
 * has a session dosed before the visit ends, the most recent first. Without one, a therapist who opens an
 * integration visit is told so in plain words and offered what can be written: a preparation note. A
 * preparation visit offers a preparation note first, then integration notes (a course's later preparation
 * hours sometimes serve as integration too).
 */
export type NoteOffer = z.infer<typeof noteOffer>;

export interface DosedSession {
  id: string;
  number: number;
  firstDoseAt: string;
  /** Local date of the first dose, in the visit's zone. */
  localDate: string;
}

export interface OfferInput {
  category: string;
  status: string;
  visitEndsAt: string;
  /** The patient's first (or preferred) name, for the sentences. */
  firstName: string;
  typeName: string;
  course: { id: string } | null;
  dosed: DosedSession[];
}

const preparation: NoteOffer = {
  kind: 'preparation',
  dosingSessionId: null,
  dosingSessionNumber: null,
  dosingSessionDate: null,
};

export function offersFor(v: OfferInput): { offers: NoteOffer[]; explanation: string | null } {
  if (v.category !== 'preparation' && v.category !== 'integration') {
    return {
      offers: [],
      explanation: `Preparation and integration notes are written for therapy visits; this visit is “${v.typeName}”.`,
    };
  }
  if (v.status === 'cancelled')
    return { offers: [], explanation: 'This visit was cancelled, so there is nothing to write up.' };
  if (v.status === 'no_show')
    return {
      offers: [],
      explanation: `${v.firstName} did not attend this visit, so there is nothing to write up.`,
    };
  if (!v.course) {
    return {
      offers: [],
      explanation: `${v.firstName} has no treatment course yet, and notes belong to a course. Start the course from ${v.firstName}’s chart, then write the note from this visit.`,
    };
  }
  const integration = v.dosed
    .filter((s) => s.firstDoseAt < v.visitEndsAt)
    .sort((a, b) => (a.firstDoseAt < b.firstDoseAt ? 1 : -1))
    .map(
      (s): NoteOffer => ({
        kind: 'integration',
        dosingSessionId: s.id,
        dosingSessionNumber: s.number,
        dosingSessionDate: s.localDate,
      }),
    );
  if (v.category === 'preparation') return { offers: [preparation, ...integration], explanation: null };
  if (integration.length) return { offers: [...integration, preparation], explanation: null };
  const none = v.dosed.length
    ? `No dosing session took place before this visit in ${v.firstName}’s course, so an integration note has no session to follow.`
    : `No dosing session yet in ${v.firstName}’s course, so an integration note has no session to follow.`;
  return {
    offers: [preparation],
    explanation: `${none} You can write this visit up as a preparation note; if the visit was meant as preparation, the front desk can rebook it as one.`,
  };
}
