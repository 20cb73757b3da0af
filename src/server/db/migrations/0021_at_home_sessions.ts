import type { Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect';

// Frozen once merged. At-home sublingual dosing sessions (issue #16):
//  - at_home_sessions: one per session, its state and the answers that decide it;
//  - at_home_events: the timeline, insert-only (the database refuses UPDATE and DELETE);
//  - at_home_tasks: urgent escalations and supply discrepancies, one per stable key;
//  - at_home_disposals: troches the patient reports disposing of (never a return into stock).
// Needs 0002 (patients), 0006 (courses) and 0001 (users) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('at_home_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('appointment_id', 'text')
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'integer', (c) => c.notNull())
    .addColumn('order_mg', 'double precision')
    .addColumn('order_troches', 'integer')
    .addColumn('order_product_id', 'text')
    .addColumn('order_lot_number', 'text')
    .addColumn('order_detail', 'text')
    .addColumn('order_signed_by', 'text', (c) => c.references('users.id'))
    .addColumn('order_signed_at', 'text')
    .addColumn('mood', 'integer')
    .addColumn('intention', 'text')
    .addColumn('safety_answers', 'text', (c) => c.notNull())
    .addColumn('readings', 'text', (c) => c.notNull())
    .addColumn('recheck_at', 'text')
    .addColumn('decision', 'text')
    .addColumn('sitter_name', 'text')
    .addColumn('sitter_phone', 'text')
    .addColumn('sitter_invite_hash', 'text')
    .addColumn('sitter_invited_at', 'text')
    .addColumn('sitter_access_hash', 'text')
    .addColumn('sitter_confirmed_at', 'text')
    .addColumn('go_at', 'text')
    .addColumn('go_by', 'text', (c) => c.references('users.id'))
    .addColumn('go_kind', 'text')
    .addColumn('go_reason', 'text')
    .addColumn('hold_at', 'text')
    .addColumn('hold_by', 'text', (c) => c.references('users.id'))
    .addColumn('hold_kind', 'text')
    .addColumn('hold_reason', 'text')
    .addColumn('dose_taken_at', 'text')
    .addColumn('dose_troches', 'integer')
    .addColumn('answered', 'text', (c) => c.notNull())
    .addColumn('patient_checkout', 'text')
    .addColumn('patient_checked_out_at', 'text')
    .addColumn('sitter_checkout', 'text')
    .addColumn('sitter_checked_out_at', 'text')
    .addColumn('remaining_troches', 'integer')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('close_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('at_home_sessions_starts')
    .on('at_home_sessions')
    .columns(['starts_at', 'state'])
    .execute();
  await db.schema
    .createIndex('at_home_sessions_patient')
    .on('at_home_sessions')
    .columns(['patient_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('at_home_sessions_course_number')
    .on('at_home_sessions')
    .columns(['course_id', 'number'])
    .unique()
    .execute();
  // The sitter's link and token are looked up by their hash; each is unique while set.
  await db.schema
    .createIndex('at_home_sessions_invite')
    .on('at_home_sessions')
    .column('sitter_invite_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('at_home_sessions_access')
    .on('at_home_sessions')
    .column('sitter_access_hash')
    .unique()
    .execute();

  await db.schema
    .createTable('at_home_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('at_home_sessions.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('item_key', 'text')
    .addColumn('ok', 'integer')
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('at_home_events_session')
    .on('at_home_events')
    .columns(['session_id', 'at'])
    .execute();
  await makeAppendOnly(db, 'at_home_events');

  await db.schema
    .createTable('at_home_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('session_id', 'text', (c) => c.references('at_home_sessions.id'))
    .addColumn('task_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .createIndex('at_home_tasks_state')
    .on('at_home_tasks')
    .columns(['state', 'opened_at'])
    .execute();
  await db.schema.createIndex('at_home_tasks_session').on('at_home_tasks').column('session_id').execute();

  await db.schema
    .createTable('at_home_disposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('disposed_on', 'text', (c) => c.notNull())
    .addColumn('troche_count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reported_via', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('at_home_disposals_patient')
    .on('at_home_disposals')
    .column('patient_id')
    .execute();
  await makeAppendOnly(db, 'at_home_disposals');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
