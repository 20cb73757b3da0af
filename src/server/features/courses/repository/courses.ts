import type { Executor } from '../../../db/dialect';
import type { CoursesTable, CourseTemplatesTable } from '../../../db/schema';
import { refreshCourseOutcomes } from '../../outcomes';

/** Course templates and treatment courses. */
export type TemplateRow = CourseTemplatesTable;
export type CourseRow = CoursesTable;

// ── Templates ────────────────────────────────────────────────────────────────────────────────────────
export const listTemplates = (db: Executor) =>
  db.selectFrom('course_templates').selectAll().orderBy('name').execute();

export const findTemplate = (db: Executor, key: string) =>
  db.selectFrom('course_templates').selectAll().where('key', '=', key).executeTakeFirst();

export const templateKeys = async (db: Executor): Promise<Set<string>> =>
  new Set((await db.selectFrom('course_templates').select('key').execute()).map((r) => r.key));

export const insertTemplate = (db: Executor, row: TemplateRow) =>
  db.insertInto('course_templates').values(row).execute();

export const updateTemplate = (db: Executor, key: string, patch: Partial<TemplateRow>) =>
  db.updateTable('course_templates').set(patch).where('key', '=', key).execute();

// ── Courses ──────────────────────────────────────────────────────────────────────────────────────────
/** The patient's course of this id. */
export const findCourse = (db: Executor, patientId: string, courseId: string) =>
  db
    .selectFrom('courses')
    .selectAll()
    .where('id', '=', courseId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export const getCourse = (db: Executor, courseId: string) =>
  db.selectFrom('courses').selectAll().where('id', '=', courseId).executeTakeFirstOrThrow();

/** The patient's course that is planned or under way, if any (one at a time). */
export const openCourseOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('courses')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['planned', 'active'])
    .executeTakeFirst();

/** The patient's latest active course, if any. */
export const activeCourseOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('courses')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The patient's courses, latest first. */
export const coursesOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('courses')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .execute();

/** Course writes keep the outcomes dashboard's course summary current (outcomes/course-summary-repository.ts). */
export async function insertCourse(db: Executor, row: CourseRow): Promise<void> {
  await db.insertInto('courses').values(row).execute();
  await refreshCourseOutcomes(db, row.patient_id, row.updated_at);
}

export async function updateCourse(db: Executor, id: string, patch: Partial<CourseRow>): Promise<void> {
  const row = await db
    .updateTable('courses')
    .set(patch)
    .where('id', '=', id)
    .returning(['patient_id', 'updated_at'])
    .executeTakeFirst();
  if (row) await refreshCourseOutcomes(db, row.patient_id, row.updated_at);
}

/** Courses by patient and id (null: any) with their template's name, in id order (FHIR care plans). */
export const coursesWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('courses as c')
    .leftJoin('course_templates as t', 't.key', 'c.template_key')
    .selectAll('c')
    .select('t.name as template_name')
    .$if(patientIds !== null, (q) => q.where('c.patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('c.id', 'in', ids as string[]))
    .orderBy('c.id')
    .execute();

// ── What the readiness gate reads ────────────────────────────────────────────────────────────────────
/** A signed preparation note of the course, if any. */
export const signedPreparationNote = (db: Executor, courseId: string) =>
  db
    .selectFrom('therapy_notes')
    .select('id')
    .where('course_id', '=', courseId)
    .where('kind', '=', 'preparation')
    .where('status', '=', 'signed')
    .limit(1)
    .executeTakeFirst();

/** The patient's latest preparation visit (booked or held) that ends by `before`. */
export const preparationVisitBefore = (db: Executor, patientId: string, before: string) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select(['a.starts_at', 'a.timezone'])
    .where('a.patient_id', '=', patientId)
    .where('t.category', '=', 'preparation')
    .where('a.status', 'in', ['booked', 'checked_in', 'completed'])
    .where('a.ends_at', '<=', before)
    .orderBy('a.starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/** One of the patient's safety tasks no clinician has followed up yet, if any. */
export const openSafetyTaskOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('measure_safety_tasks')
    .select(['id', 'message'])
    .where('patient_id', '=', patientId)
    .where('status', '=', 'open')
    .limit(1)
    .executeTakeFirst();

/** Measures the patient is to complete before dosing that are due by `today`. */
export const measuresDueBeforeDosing = (db: Executor, patientId: string, today: string) =>
  db
    .selectFrom('measure_assignments')
    .select(['instrument_id'])
    .where('patient_id', '=', patientId)
    .where('schedule_kind', '=', 'before_dosing')
    .where('status', 'in', ['due', 'in_progress'])
    .where('due_on', '<=', today)
    .execute();

export const patientState = (db: Executor, patientId: string) =>
  db.selectFrom('patients').select('state').where('id', '=', patientId).executeTakeFirstOrThrow();

/** A prescriber on the patient's care team holding a licence in `state` current on `today`, if any. */
export const licensedPrescriberOf = (db: Executor, patientId: string, state: string, today: string) =>
  db
    .selectFrom('care_team as c')
    .innerJoin('staff_licences as l', 'l.user_id', 'c.user_id')
    .select('c.user_id')
    .where('c.patient_id', '=', patientId)
    .where('c.role', '=', 'prescriber')
    .where('l.state', '=', state)
    .where('l.removed_at', 'is', null)
    .where('l.expires_on', '>=', today)
    .limit(1)
    .executeTakeFirst();
