import { type Kysely, sql } from 'kysely';

// Frozen once merged. The worklist reads each section a page at a time, oldest first, and counts it up to a cap
// (issue #8). These indexes hold exactly the rows of a section, in its order, so a page and its count read a
// few index entries however large the clinic grows. Partial indexes (same syntax on both engines); the
// worklist's queries spell the indexed values as literals, as SQLite only uses a partial index when the
// query's own terms match the index's condition. Independent of every other migration.
//  - REMS records to submit: without it PostgreSQL misjudged how few sessions qualify (route and submission are
//    correlated) and counted them by reading the whole table (~90 ms at 5,000 patients).
//  - session records to sign, by discharge time;
//  - open safety tasks, by age (the old index is by patient, for the chart);
//  - open measures: the (status, due_on) index of 0003 grows the page's tie-break and the patient, so a page
//    is read in order from the index alone and the count (up to 1,001 entries) never visits the rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('measure_assignments_open_page')
    .on('measure_assignments')
    .columns(['status', 'due_on', 'id', 'patient_id'])
    .execute();
  await db.schema.dropIndex('measure_assignments_worklist').execute();
  await sql`create index dosing_sessions_rems_due on dosing_sessions (first_dose_at, id)
    where route = 'esketamine' and rems_submitted_at is null and discharged_at is not null`.execute(db);
  await sql`create index dosing_sessions_unsigned on dosing_sessions (discharged_at, id)
    where status = 'discharged'`.execute(db);
  await db.schema
    .createIndex('measure_safety_tasks_age')
    .on('measure_safety_tasks')
    .columns(['status', 'created_at', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
