import type { Executor } from '../../../db/dialect';
import type { AddendaTable, TherapyNotesTable } from '../../../db/schema';
import type { AuthContext } from '../../../platform/auth-context';
import { mayOpenSql } from '../../../platform/confidential';

/** Therapy notes, the addenda to signed records (notes and sessions), and the visits notes are written for. */
export type NoteRow = TherapyNotesTable;
export type AddendumRow = AddendaTable;

/** Therapy visits: a note can be written for them. */
export const THERAPY_CATEGORIES = ['preparation', 'integration'] as const;
/** Visits that took (or will take) place: a note can be written for them. */
export const HELD_STATUSES = ['booked', 'checked_in', 'completed'] as const;

// ── Notes ────────────────────────────────────────────────────────────────────────────────────────────
export const insertNote = (db: Executor, row: NoteRow) =>
  db.insertInto('therapy_notes').values(row).execute();

/** The patient's note of this id. */
export const findNote = (db: Executor, patientId: string, noteId: string) =>
  db
    .selectFrom('therapy_notes')
    .selectAll()
    .where('id', '=', noteId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export const updateNote = (db: Executor, id: string, patch: Partial<NoteRow>) =>
  db.updateTable('therapy_notes').set(patch).where('id', '=', id).execute();

/** The course's notes in the order of their sessions. */
export const notesOfCourse = (db: Executor, courseId: string) =>
  db
    .selectFrom('therapy_notes')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('session_date')
    .orderBy('created_at')
    .execute();

// ── Addenda ──────────────────────────────────────────────────────────────────────────────────────────
export const insertAddendum = (db: Executor, row: AddendumRow) =>
  db.insertInto('addenda').values(row).execute();

/** The addenda to these records (notes or sessions) with their authors' names, oldest first. */
export const addendaOf = (db: Executor, targetType: 'note' | 'session', targetIds: readonly string[]) =>
  db
    .selectFrom('addenda as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select(['a.id', 'a.target_id', 'a.body', 'a.created_at', 'u.name'])
    .where('a.target_type', '=', targetType)
    .where('a.target_id', 'in', [...targetIds])
    .orderBy('a.created_at')
    .execute();

// ── Notes and the visits they were written for (note_visits, migration 0017: one note per visit) ──────
export const linkNote = (db: Executor, appointmentId: string, noteId: string, now: string) =>
  db
    .insertInto('note_visits')
    .values({ appointment_id: appointmentId, note_id: noteId, created_at: now })
    .execute();

/** The patient's therapy visits held or booked in [from, to) that have no note yet, in time order. */
export const therapyVisitsWithoutNote = (db: Executor, patientId: string, from: string, to: string) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .leftJoin('note_visits as nv', 'nv.appointment_id', 'a.id')
    .select(['a.id', 'a.starts_at', 'a.timezone', 't.category'])
    .where('a.patient_id', '=', patientId)
    .where('t.category', 'in', [...THERAPY_CATEGORIES])
    .where('a.status', 'in', [...HELD_STATUSES])
    .where('nv.appointment_id', 'is', null)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .orderBy('a.starts_at')
    .execute();

/** The note written for a visit, as the visit screens show it. */
export const noteOfVisit = (db: Executor, appointmentId: string) =>
  db
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

/** The visit row the note screens need (appointment, its type and the patient). */
export interface VisitRow {
  id: string;
  patient_id: string | null;
  course_id: string | null;
  starts_at: string;
  ends_at: string;
  timezone: string;
  status: string;
  type_name: string;
  category: string;
  first_name: string | null;
  preferred_name: string | null;
  last_name: string | null;
}

const visitRows = (db: Executor) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .leftJoin('patients as p', 'p.id', 'a.patient_id')
    .select([
      'a.id',
      'a.patient_id',
      'a.course_id',
      'a.starts_at',
      'a.ends_at',
      'a.timezone',
      'a.status',
      't.name as type_name',
      't.category',
      'p.first_name',
      'p.preferred_name',
      'p.last_name',
    ]);

export const visitById = async (db: Executor, appointmentId: string) =>
  (await visitRows(db).where('a.id', '=', appointmentId).executeTakeFirstOrThrow()) as VisitRow;

export const visitsByIds = async (db: Executor, ids: readonly string[]) =>
  ids.length
    ? ((await visitRows(db)
        .where('a.id', 'in', [...ids])
        .execute()) as VisitRow[])
    : [];

/**
 * A page of the clinician's therapy visits up to `until` that have no note yet, latest first (ids), with how
 * many there are in all.
 */
export async function visitsToWrite(
  db: Executor,
  auth: AuthContext,
  nowIso: string,
  until: string,
  page: { offset: number; limit: number },
): Promise<{ total: number; ids: string[] }> {
  const mine = db
    .selectFrom('appointments as a')
    .innerJoin('appointment_staff as s', 's.appointment_id', 'a.id')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .where('s.user_id', '=', auth.userId)
    .where('t.category', 'in', [...THERAPY_CATEGORIES])
    .where('a.status', 'in', [...HELD_STATUSES])
    .where('a.patient_id', 'is not', null)
    .where('a.starts_at', '<', until)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('note_visits as nv')
            .select('nv.appointment_id')
            .whereRef('nv.appointment_id', '=', 'a.id'),
        ),
      ),
    )
    .where(mayOpenSql(auth, nowIso, 'a.patient_id'));
  const total = Number(
    (await mine.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const ids = (
    await mine
      .select('a.id')
      .orderBy('a.starts_at', 'desc')
      .orderBy('a.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  ).map((r) => r.id);
  return { total, ids };
}

/** A page of the clinician's draft notes, latest session first, with how many there are in all. */
export async function draftsToSign(
  db: Executor,
  auth: AuthContext,
  nowIso: string,
  page: { offset: number; limit: number },
) {
  const mine = db
    .selectFrom('therapy_notes as n')
    .where('n.author_id', '=', auth.userId)
    .where('n.status', '=', 'draft')
    .where(mayOpenSql(auth, nowIso, 'n.patient_id'));
  const total = Number(
    (await mine.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const rows = await mine
    .innerJoin('patients as p', 'p.id', 'n.patient_id')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .leftJoin('dosing_sessions as ds', 'ds.id', 'n.dosing_session_id')
    .leftJoin('note_visits as nv', 'nv.note_id', 'n.id')
    .select([
      'n.id',
      'n.kind',
      'n.status',
      'n.session_date',
      'n.updated_at',
      'n.patient_id',
      'u.name as author_name',
      'ds.number as session_number',
      'nv.appointment_id',
      'p.first_name',
      'p.preferred_name',
      'p.last_name',
    ])
    .orderBy('n.session_date', 'desc')
    .orderBy('n.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total, rows };
}

// ── Read by the worklist and the FHIR interface ──────────────────────────────────────────────────────
/** The user's draft notes with their patient's name, oldest session first: a worklist section. */
export const draftNotesQuery = (db: Executor, auth: AuthContext, nowIso: string) =>
  db
    .selectFrom('therapy_notes as n')
    .innerJoin('patients as p', 'p.id', 'n.patient_id')
    .select(['n.id', 'n.kind', 'n.patient_id', 'n.session_date', 'p.first_name', 'p.last_name'])
    .where('n.status', '=', 'draft')
    .where('n.author_id', '=', auth.userId)
    .where(mayOpenSql(auth, nowIso, 'n.patient_id'))
    .orderBy('n.session_date')
    .orderBy('n.id');

/** Notes by patient and id (null: any), in id order. */
export const notesWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('therapy_notes')
    .selectAll()
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** Signed notes by patient and id (null: any), in id order. */
export const signedNotesWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('therapy_notes')
    .select(['id', 'patient_id', 'author_id', 'signed_at'])
    .where('signed_at', 'is not', null)
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** The notes of these courses, in session order. */
export const notesOfCourses = (db: Executor, courseIds: readonly string[]) =>
  db
    .selectFrom('therapy_notes')
    .select(['id', 'course_id', 'kind'])
    .where('course_id', 'in', [...courseIds])
    .orderBy('session_date')
    .orderBy('id')
    .execute();
