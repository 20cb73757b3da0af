import type { Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect';

// Frozen once merged: later changes go in a new numbered migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_templates')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('planned_preparation', 'integer', (c) => c.notNull())
    .addColumn('planned_dosing', 'integer', (c) => c.notNull())
    .addColumn('planned_integration', 'integer', (c) => c.notNull())
    .addColumn('vitals_every_minutes', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('template_key', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('indications', 'text', (c) => c.notNull())
    .addColumn('planned_preparation', 'integer', (c) => c.notNull())
    .addColumn('planned_dosing', 'integer', (c) => c.notNull())
    .addColumn('planned_integration', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rems_enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rems_patient_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('courses_patient').on('courses').column('patient_id').execute();

  await db.schema
    .createTable('therapy_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dosing_session_id', 'text')
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('therapy_notes_course')
    .on('therapy_notes')
    .columns(['course_id', 'kind'])
    .execute();

  await db.schema
    .createTable('addenda')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addenda_target').on('addenda').columns(['target_type', 'target_id']).execute();
  await makeAppendOnly(db, 'addenda');

  await db.schema
    .createTable('dosing_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('readiness', 'text', (c) => c.notNull())
    .addColumn('checklist', 'text')
    .addColumn('weight_kg', 'real')
    .addColumn('hold', 'text')
    .addColumn('hold_override', 'text')
    .addColumn('dose_order', 'text')
    .addColumn('first_dose_at', 'text')
    .addColumn('discharge', 'text')
    .addColumn('discharged_at', 'text')
    .addColumn('narrative', 'text')
    .addColumn('rems', 'text')
    .addColumn('rems_submitted_at', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dosing_sessions_patient')
    .on('dosing_sessions')
    .columns(['patient_id', 'started_at'])
    .execute();
  await db.schema.createIndex('dosing_sessions_status').on('dosing_sessions').column('status').execute();

  // Every monitoring entry is kept as recorded: a correction is a new entry pointing at the one it corrects.
  await db.schema
    .createTable('session_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('dosing_sessions.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('alerts', 'text', (c) => c.notNull())
    .addColumn('corrects_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('session_entries_session')
    .on('session_entries')
    .columns(['session_id', 'at'])
    .execute();
  await makeAppendOnly(db, 'session_entries');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
