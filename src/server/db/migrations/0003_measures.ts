import { type Kysely, sql } from 'kysely';

// Frozen once merged: later changes go in a new numbered migration.
// Measurement-based care (DOMAIN §4); see tables/measures.ts for what each column holds.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measure_instruments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('scoring_version', 'text', (c) => c.notNull())
    .addColumn('attested_name', 'text', (c) => c.notNull())
    .addColumn('licence_text', 'text', (c) => c.notNull())
    .addColumn('attested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('attested_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('measure_instruments_id_version', ['instrument_id', 'version'])
    .addUniqueConstraint('measure_instruments_id_revision', ['instrument_id', 'revision'])
    .execute();

  await db.schema
    .createTable('measure_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('schedule_kind', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text', (c) => c.notNull())
    .addColumn('session_date', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('overdue_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measure_assignments_patient')
    .on('measure_assignments')
    .columns(['patient_id', 'due_on'])
    .execute();
  await db.schema
    .createIndex('measure_assignments_worklist')
    .on('measure_assignments')
    .columns(['status', 'due_on'])
    .execute();

  await db.schema
    .createTable('measure_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('measure_assignments.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('amended_from', 'text', (c) => c.references('measure_responses.id'))
    .addColumn('amend_reason', 'text')
    .execute();
  await db.schema
    .createIndex('measure_responses_patient')
    .on('measure_responses')
    .columns(['patient_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('measure_responses_assignment')
    .on('measure_responses')
    .column('assignment_id')
    .execute();
  // Amendments form a chain: a response is amended at most once (amend the latest version).
  await db.schema
    .createIndex('measure_responses_amended_from')
    .on('measure_responses')
    .column('amended_from')
    .unique()
    .execute();
  // One draft per assignment: portal, kiosk and staff all continue the same in-progress response.
  await db.schema
    .createIndex('measure_responses_one_draft')
    .on('measure_responses')
    .column('assignment_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('in_progress'))
    .execute();

  await db.schema
    .createTable('measure_scores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().unique().references('measure_responses.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('band_label', 'text')
    .addColumn('band_severity', 'integer')
    .addColumn('subscales', 'text', (c) => c.notNull())
    .addColumn('cutoffs', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('scoring_version', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measure_scores_patient')
    .on('measure_scores')
    .columns(['patient_id', 'instrument_id'])
    .execute();

  await db.schema
    .createTable('measure_safety_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('response_id', 'text', (c) => c.notNull().references('measure_responses.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('flag_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('follow_up', 'text')
    .addUniqueConstraint('measure_safety_tasks_response_flag', ['response_id', 'flag_code'])
    .execute();
  await db.schema
    .createIndex('measure_safety_tasks_open')
    .on('measure_safety_tasks')
    .columns(['status', 'patient_id'])
    .execute();

  await db.schema
    .createTable('measure_kiosk_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('measure_assignments.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('measure_kiosk_tokens_assignment')
    .on('measure_kiosk_tokens')
    .column('assignment_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
