import type { Kysely } from 'kysely';

// Frozen once merged: later changes go in a new numbered migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('concerns', 'text', (c) => c.notNull())
    .addColumn('red_flags', 'text', (c) => c.notNull())
    .addColumn('preferred_contact_time', 'text')
    .addColumn('consent_to_contact', 'integer', (c) => c.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enquiries_status')
    .on('enquiries')
    .columns(['status', 'urgent', 'created_at'])
    .execute();

  await db.schema
    .createTable('enquiry_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enquiry_id', 'text', (c) => c.notNull().references('enquiries.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status_change', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enquiry_notes_enquiry').on('enquiry_notes').column('enquiry_id').execute();

  await db.schema
    .createTable('patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chart_number', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('preferred_name', 'text')
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('sex_at_birth', 'text')
    .addColumn('gender_identity', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text')
    .addColumn('emergency_contact_name', 'text')
    .addColumn('emergency_contact_phone', 'text')
    .addColumn('emergency_contact_relation', 'text')
    .addColumn('weight_kg', 'real')
    .addColumn('height_cm', 'real')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pregnancy_status', 'text')
    .addColumn('breastfeeding', 'integer')
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('planned_route', 'text')
    .addColumn('planned_setting', 'text')
    .addColumn('enquiry_id', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patients_name').on('patients').columns(['last_name', 'first_name']).execute();
  await db.schema.createIndex('patients_dob').on('patients').column('date_of_birth').execute();
  await db.schema.createIndex('patients_status').on('patients').column('status').execute();

  for (const [table, extra] of [
    ['patient_diagnoses', ['code', 'display']],
    ['patient_medications', ['name', 'dose', 'med_class']],
    ['patient_allergies', ['substance', 'reaction']],
  ] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'));
    for (const col of extra) {
      t = t.addColumn(col, 'text', (c) =>
        ['code', 'display', 'name', 'substance'].includes(col) ? c.notNull() : c,
      );
    }
    await t.addColumn('created_at', 'text', (c) => c.notNull()).execute();
    await db.schema.createIndex(`${table}_patient`).on(table).column('patient_id').execute();
  }

  await db.schema
    .createTable('care_team')
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_team_pk', ['patient_id', 'user_id'])
    .execute();
  await db.schema.createIndex('care_team_user').on('care_team').column('user_id').execute();

  await db.schema
    .createTable('screening_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('overrides', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('screening_decisions_patient')
    .on('screening_decisions')
    .columns(['patient_id', 'decided_at'])
    .execute();

  await db.schema
    .createTable('staff_licences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('licence_type', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('staff_licences_user').on('staff_licences').column('user_id').execute();

  await db.schema
    .createTable('consent_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('consent_documents_kind_version', ['kind', 'version'])
    .execute();

  await db.schema
    .createTable('consent_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('consent_documents.id'))
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('signed_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('witness_id', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema
    .createIndex('consent_signatures_patient')
    .on('consent_signatures')
    .column('patient_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
