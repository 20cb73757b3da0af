import type { Kysely } from 'kysely';

// Frozen once merged. Indexes found missing by the synthetic-clinic load test (issue #8): without them these
// queries scan the whole table, which grows with the clinic.
//  - dosing_sessions(course_id): numbering a new session counts the course's sessions; course views list them.
//  - users(patient_id): every chart read looks up the patient's portal account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('dosing_sessions_course').on('dosing_sessions').column('course_id').execute();
  await db.schema.createIndex('users_patient').on('users').column('patient_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
