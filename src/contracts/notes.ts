import { z } from 'zod';
import { VISIT_CATEGORIES } from '../domain/scheduling/catalogue';

/**
 * Therapy notes seen from the visits they are written for (issue #14): what note fits a visit, starting it
 * from the visit, and the therapist's list of notes to write (visits held without one) and drafts to sign.
 */
export const NOTE_KINDS = ['preparation', 'integration'] as const;

/** One note that can be started for a visit: its kind and, for integration, the dosing session it follows. */
export const noteOffer = z.object({
  kind: z.enum(NOTE_KINDS),
  dosingSessionId: z.string().nullable(),
  dosingSessionNumber: z.number().nullable(),
  /** Local date (YYYY-MM-DD) of the session's first dose, for "after session 2 (4 Dec)". */
  dosingSessionDate: z.string().nullable(),
});

export const visitSummary = z.object({
  id: z.string(),
  typeName: z.string(),
  category: z.enum(VISIT_CATEGORIES),
  status: z.string(),
  timezone: z.string(),
  localDate: z.string(),
  localStart: z.string(),
});

export const linkedNote = z.object({
  id: z.string(),
  kind: z.enum(NOTE_KINDS),
  status: z.enum(['draft', 'signed']),
  sessionDate: z.string(),
  authorName: z.string().nullable(),
  updatedAt: z.string(),
  dosingSessionNumber: z.number().nullable(),
});

/** What note fits a visit: the one written for it, or what can be started and, when the visit's own kind cannot, why not. */
export const visitNote = z.object({
  patientId: z.string(),
  patientName: z.string(),
  visit: visitSummary,
  courseId: z.string().nullable(),
  note: linkedNote.nullable(),
  /** Best first. Empty when nothing can be started (no course, a cancelled visit): `explanation` says why. */
  offers: z.array(noteOffer),
  /** Plain words when the visit's own kind of note cannot be offered, or nothing can. */
  explanation: z.string().nullable(),
});

export const startVisitNoteBody = z.object({
  kind: z.enum(NOTE_KINDS),
  /** For an integration note: the dosing session it follows (one of the offers). */
  dosingSessionId: z.uuid().optional(),
});

export const NOTE_TODO_SECTIONS = ['to_write', 'drafts'] as const;
export const NOTES_PAGE_SIZE = 25;

export const notesTodoQuery = z.object({
  section: z.enum(NOTE_TODO_SECTIONS).optional(),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(NOTES_PAGE_SIZE),
});

export const noteTodoItem = z.object({
  /** The visit's id for a note to write, the note's for a draft. */
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  visit: visitSummary.nullable(),
  note: linkedNote.nullable(),
  offers: z.array(noteOffer),
  explanation: z.string().nullable(),
});

export const notesTodoResponse = z.object({
  timezone: z.string(),
  sections: z.array(
    z.object({
      key: z.enum(NOTE_TODO_SECTIONS),
      title: z.string(),
      total: z.number().int(),
      offset: z.number().int(),
      items: z.array(noteTodoItem),
    }),
  ),
});
