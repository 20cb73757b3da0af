import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen once merged. In-session experience ratings (issue #21):
//  - session_experience: one row per rated session and instrument, written in the same transaction as the
//    patient's completed rating (a measure response in the catalogue, so scoring and FHIR are the measures'
//    own). It is the summary the outcomes dashboard reads: the session's route and setting are copied here so
//    a breakdown by route or experience band never joins the session tables. A rating is attached to exactly
//    one of a dosing session (in clinic) or an at-home session. An amended rating replaces the row.
// Needs 0003 (measures), 0006 (courses, dosing sessions) and 0021 (at-home sessions).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_experience')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('dosing_session_id', 'text', (c) => c.references('dosing_sessions.id'))
    .addColumn('at_home_session_id', 'text', (c) => c.references('at_home_sessions.id'))
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text', (c) => c.notNull().references('measure_responses.id'))
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addColumn('subscales', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('session_experience_one_session', sqlOneOf())
    .execute();
  await db.schema
    .createIndex('session_experience_dosing')
    .on('session_experience')
    .columns(['dosing_session_id', 'instrument_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('session_experience_at_home')
    .on('session_experience')
    .columns(['at_home_session_id', 'instrument_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('session_experience_course')
    .on('session_experience')
    .columns(['course_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('session_experience_patient')
    .on('session_experience')
    .columns(['patient_id'])
    .execute();
}

function sqlOneOf() {
  // exactly one of the two session links is set
  return sql`(dosing_session_id is null) <> (at_home_session_id is null)`;
}
