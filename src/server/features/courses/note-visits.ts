import { addDays, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { dosedSessionsOfCourse } from '../sessions/repository';
import { coursesOf, linkNote, therapyVisitsWithoutNote } from './repository';
import type { DosedSession } from './visit-note-offer';

/**
 * Notes and the therapy visits they were written for (note_visits, migration 0017): one note per visit.
 * The rules live in visit-note-offer.ts and the services; the SQL in repository/notes.ts.
 */

/**
 * A note started from the course rather than from a visit: linked to the patient's therapy visit on the
 * note's date (local to the visit's zone) that has no note yet, one of the note's own kind first.
 */
export async function linkNoteToVisitOn(
  trx: Executor,
  n: { noteId: string; patientId: string; sessionDate: string; kind: string; now: string },
): Promise<string | null> {
  // A local date lies within a day of the UTC date of any instant on it.
  const rows = await therapyVisitsWithoutNote(
    trx,
    n.patientId,
    addDays(n.sessionDate, -1),
    addDays(n.sessionDate, 2),
  );
  const sameDay = rows.filter((r) => toLocal(r.starts_at, r.timezone).date === n.sessionDate);
  const pick = sameDay.find((r) => r.category === n.kind) ?? sameDay[0];
  if (!pick) return null;
  await linkNote(trx, pick.id, n.noteId, n.now);
  return pick.id;
}

/** The course a visit's note belongs to: the visit's own, else the patient's open course, else their latest. */
export async function courseForVisit(
  trx: Executor,
  patientId: string,
  courseId: string | null,
): Promise<{ id: string } | null> {
  const courses = await coursesOf(trx, patientId);
  return (
    courses.find((c) => c.id === courseId) ??
    courses.find((c) => c.status === 'planned' || c.status === 'active') ??
    courses[0] ??
    null
  );
}

/** The course's sessions that reached a first dose, with its local date in `tz`. */
export async function dosedSessions(trx: Executor, courseId: string, tz: string): Promise<DosedSession[]> {
  const rows = await dosedSessionsOfCourse(trx, courseId);
  return rows.map((s) => ({
    id: s.id,
    number: Number(s.number),
    firstDoseAt: s.first_dose_at as string,
    localDate: toLocal(s.first_dose_at as string, tz).date,
  }));
}

export const presentLinkedNote = (n: {
  id: string;
  kind: string;
  status: string;
  session_date: string;
  updated_at: string;
  author_name: string | null;
  session_number: number | null;
}) => ({
  id: n.id,
  kind: n.kind as 'preparation' | 'integration',
  status: n.status as 'draft' | 'signed',
  sessionDate: n.session_date,
  authorName: n.author_name,
  updatedAt: n.updated_at,
  dosingSessionNumber: n.session_number === null ? null : Number(n.session_number),
});
