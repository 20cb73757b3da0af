import type { z } from 'zod';
import type { noteContent, therapyNote } from '../../../contracts/courses';
import type { Executor } from '../../db/dialect';
import { notFound } from '../../platform/errors';
import { userNames } from '../users';
import * as repo from './repository';

/** Therapy notes as the API returns them: content, author, state and the addenda to a signed note. */
export type Note = z.infer<typeof therapyNote>;
type Content = z.infer<typeof noteContent>;

export const EMPTY_NOTE: Content = {
  intentions: '',
  goals: '',
  themes: '',
  insights: '',
  commitments: '',
  homework: '',
  narrative: '',
};

/** The patient's note row, or 404. */
export async function noteRow(trx: Executor, patientId: string, noteId: string) {
  const n = await repo.findNote(trx, patientId, noteId);
  if (!n) throw notFound('note');
  return n;
}

export async function noteOf(trx: Executor, patientId: string, noteId: string): Promise<Note> {
  const n = await noteRow(trx, patientId, noteId);
  return (await presentNotes(trx, [n]))[0] as Note;
}

/** The course's notes in the order of their sessions. */
export async function notesOf(trx: Executor, courseId: string): Promise<Note[]> {
  return presentNotes(trx, await repo.notesOfCourse(trx, courseId));
}

async function presentNotes(
  trx: Executor,
  rows: {
    id: string;
    course_id: string;
    kind: string;
    dosing_session_id: string | null;
    session_date: string;
    content: string;
    status: string;
    author_id: string;
    signed_at: string | null;
    version: number;
    updated_at: string;
  }[],
): Promise<Note[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const addenda = await repo.addendaOf(trx, 'note', ids);
  const authors = await userNames(
    trx,
    rows.map((r) => r.author_id),
  );
  return rows.map((n) => ({
    id: n.id,
    courseId: n.course_id,
    kind: n.kind as 'preparation',
    dosingSessionId: n.dosing_session_id,
    sessionDate: n.session_date,
    content: { ...EMPTY_NOTE, ...(JSON.parse(n.content) as Partial<Content>) },
    status: n.status as 'draft',
    authorId: n.author_id,
    authorName: authors.get(n.author_id) ?? null,
    signedAt: n.signed_at,
    version: n.version,
    updatedAt: n.updated_at,
    addenda: addenda
      .filter((a) => a.target_id === n.id)
      .map((a) => ({ id: a.id, authorName: a.name ?? null, body: a.body, createdAt: a.created_at })),
  }));
}
