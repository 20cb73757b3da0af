import { addDays, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { DosedSession } from './visit-note-offer';

/**
 * Notes and the therapy visits they were written for (note_visits, migration 0017): one note per visit.
 * SQL only; the rules live in visit-note-offer.ts and the services.
 */

export const THERAPY_CATEGORIES = ['preparation', 'integration'] as const;
/** Visits that took (or will take) place: a note can be written for them. */
export const HELD_STATUSES = ['booked', 'checked_in', 'completed'] as const;

export const linkNote = (trx: Executor, appointmentId: string, noteId: string, now: string) =>
  trx
    .insertInto('note_visits')
    .values({ appointment_id: appointmentId, note_id: noteId, created_at: now })
    .execute();

/**
 * A note started from the course rather than from a visit: linked to the patient's therapy visit on the
 * note's date (local to the visit's zone) that has no note yet, one of the note's own kind first.
 */
export async function linkNoteToVisitOn(
  trx: Executor,
  n: { noteId: string; patientId: string; sessionDate: string; kind: string; now: string },
): Promise<string | null> {
  // A local date lies within a day of the UTC date of any instant on it.
  const rows = await trx
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .leftJoin('note_visits as nv', 'nv.appointment_id', 'a.id')
    .select(['a.id', 'a.starts_at', 'a.timezone', 't.category'])
    .where('a.patient_id', '=', n.patientId)
    .where('t.category', 'in', [...THERAPY_CATEGORIES])
    .where('a.status', 'in', [...HELD_STATUSES])
    .where('nv.appointment_id', 'is', null)
    .where('a.starts_at', '>=', addDays(n.sessionDate, -1))
    .where('a.starts_at', '<', addDays(n.sessionDate, 2))
    .orderBy('a.starts_at')
    .execute();
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
  const courses = await trx
    .selectFrom('courses')
    .select(['id', 'status', 'created_at'])
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .execute();
  return (
    courses.find((c) => c.id === courseId) ??
    courses.find((c) => c.status === 'planned' || c.status === 'active') ??
    courses[0] ??
    null
  );
}

/** The course's sessions that reached a first dose, with its local date in `tz`. */
export async function dosedSessions(trx: Executor, courseId: string, tz: string): Promise<DosedSession[]> {
  const rows = await trx
    .selectFrom('dosing_sessions')
    .select(['id', 'number', 'first_dose_at'])
    .where('course_id', '=', courseId)
    .where('first_dose_at', 'is not', null)
    .orderBy('first_dose_at')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    number: Number(s.number),
    firstDoseAt: s.first_dose_at as string,
    localDate: toLocal(s.first_dose_at as string, tz).date,
  }));
}

/** The note written for a visit, as the visit screens show it. */
export async function noteOfVisit(trx: Executor, appointmentId: string) {
  return trx
    .selectFrom('note_visits as nv')
    .innerJoin('therapy_notes as n', 'n.id', 'nv.note_id')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .leftJoin('dosing_sessions as ds', 'ds.id', 'n.dosing_session_id')
    .select([
      'n.id',
      'n.kind',
      'n.status',
      'n.session_date',
      'n.updated_at',
      'u.name as author_name',
      'ds.number as session_number',
    ])
    .where('nv.appointment_id', '=', appointmentId)
    .executeTakeFirst();
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
