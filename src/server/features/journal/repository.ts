import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/dialect';
import type { JournalEntriesTable, JournalSharingTable } from '../../db/schema';

/** Every query on the journal's tables (issue #17), and the session times its prompts are computed from. */
export type EntryRow = JournalEntriesTable;
export type SharingRow = JournalSharingTable;

export const insertEntry = (db: Executor, row: EntryRow) =>
  db.insertInto('journal_entries').values(row).execute();

export const entryOfPatient = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('journal_entries')
    .selectAll()
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

/** Saves new text only when the version is the one read (optimistic lock); returns whether it did. */
export async function updateEntryBody(
  db: Executor,
  id: string,
  version: number,
  patch: { body: string; crisis: number; updated_at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('journal_entries')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const setShared = (db: Executor, id: string, shared: boolean) =>
  db
    .updateTable('journal_entries')
    .set({ shared: shared ? 1 : 0 })
    .where('id', '=', id)
    .execute();

export const insertSharingStep = (db: Executor, s: Omit<SharingRow, 'id'>): Promise<unknown> =>
  db
    .insertInto('journal_sharing')
    .values({ id: randomUUID(), ...s })
    .execute();

/** All of a patient's entries, newest first (the patient's own view and export only). */
export const entriesOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('journal_entries')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

/**
 * The entries of a patient that were ever shared (staff's view): the ids come from the sharing history, so an
 * entry never shared is not even listed. The caller shows the body only while `shared` is 1.
 */
export const everSharedEntriesOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('journal_entries')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where(
      'id',
      'in',
      db.selectFrom('journal_sharing').select('entry_id').where('patient_id', '=', patientId),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

/** Entries shared now, for the FHIR API and the staff bulk export (optionally of some patients). */
export const sharedEntriesWhere = (
  db: Executor,
  opts: { patientIds?: readonly string[]; ids?: readonly string[] },
) => {
  let q = db.selectFrom('journal_entries').selectAll().where('shared', '=', 1);
  if (opts.patientIds) q = q.where('patient_id', 'in', opts.patientIds.length ? [...opts.patientIds] : ['']);
  if (opts.ids) q = q.where('id', 'in', opts.ids.length ? [...opts.ids] : ['']);
  return q.orderBy('created_at').orderBy('id').execute();
};

export const sharingOfEntries = async (db: Executor, entryIds: readonly string[]) =>
  entryIds.length
    ? db
        .selectFrom('journal_sharing')
        .selectAll()
        .where('entry_id', 'in', [...entryIds])
        .orderBy('at')
        .orderBy('id')
        .execute()
    : [];

/** The course a new entry belongs to: the patient's active course, else the latest planned one. */
export const currentCourseOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('courses')
    .select(['id', 'status'])
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['active', 'planned'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

/** The patient's preparation and dosing visits (not cancelled), with their course, for the prompts. */
export const visitsForPrompts = (db: Executor, patientId: string) =>
  db
    .selectFrom('appointments')
    .innerJoin('appointment_types', 'appointment_types.id', 'appointments.type_id')
    .select([
      'appointments.id',
      'appointments.course_id',
      'appointments.starts_at',
      'appointment_types.category',
      'appointment_types.patient_label',
    ])
    .where('appointments.patient_id', '=', patientId)
    .where('appointment_types.category', 'in', ['preparation', 'dosing'])
    .where('appointments.status', 'not in', ['cancelled', 'no_show'])
    .orderBy('appointments.starts_at')
    .execute();

/** The patient's at-home sessions (not closed as cancelled), for the prompts. */
export const atHomeForPrompts = (db: Executor, patientId: string) =>
  db
    .selectFrom('at_home_sessions')
    .select(['id', 'course_id', 'starts_at', 'appointment_id', 'state', 'dose_taken_at'])
    .where('patient_id', '=', patientId)
    .orderBy('starts_at')
    .execute();

export const currentPromptVersion = (db: Executor) =>
  db.selectFrom('journal_prompt_versions').selectAll().orderBy('version', 'desc').executeTakeFirst();

export const promptVersionHistory = (db: Executor) =>
  db
    .selectFrom('journal_prompt_versions')
    .select(['version', 'saved_by', 'saved_at'])
    .orderBy('version', 'desc')
    .limit(20)
    .execute();

export const insertPromptVersion = (
  db: Executor,
  row: { version: number; templates: string; saved_by: string; saved_at: string },
) => db.insertInto('journal_prompt_versions').values(row).execute();
