import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged. Indexes found missing by the synthetic-clinic load test (issue #8, 5,000 patients):
// without them these queries read the whole table, which grows with the clinic.
//  - dosing_sessions(course_id): numbering a new session counts the course's sessions; course views list them.
//  - users(patient_id): every chart read looks up the patient's portal account.
//  - the worklist: sessions under way (status not in closed ones), esketamine REMS records still to submit,
//    the therapist's draft notes, and stock totals per product (low-stock warning).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('dosing_sessions_course').on('dosing_sessions').column('course_id').execute();
  await db.schema.createIndex('users_patient').on('users').column('patient_id').execute();
  await db.schema
    .createIndex('dosing_sessions_rems')
    .on('dosing_sessions')
    .columns(['route', 'rems_submitted_at', 'discharged_at'])
    .execute();
  await db.schema
    .createIndex('therapy_notes_drafts')
    .on('therapy_notes')
    .columns(['status', 'author_id'])
    .execute();
  await db.schema
    .createIndex('ledger_containers_product')
    .on('ledger_containers')
    .columns(['product_id', 'balance_ug'])
    .execute();
  if (isPostgres(db)) {
    // PostgreSQL plans each query with its values, so a partial index serves "status not in (closed)".
    await sql`create index dosing_sessions_open on dosing_sessions (started_at) where status not in ('discharged', 'signed')`.execute(
      db,
    );
  } else {
    // SQLite cannot match a partial index to bound parameters: a covering index, read instead of the wide rows.
    await db.schema
      .createIndex('dosing_sessions_open')
      .on('dosing_sessions')
      .columns(['status', 'id', 'patient_id', 'route', 'started_at', 'hold'])
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
