import type { Kysely } from 'kysely';

// Frozen once merged. Care-team tasks between sessions (issue #17):
//  - care_tasks: one per stable key; opened by the system (crisis language in a shared journal entry or a
//    patient's message) or by a staff member (a message thread turned into a task); resolved with a note,
//    never deleted or reopened. The task carries no patient-written text: the source is linked by type and id.
// Needs 0002 (patients) and 0001 (users) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('task_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('opened_by', 'text', (c) => c.references('users.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('care_tasks_state').on('care_tasks').columns(['state', 'opened_at']).execute();
  await db.schema
    .createIndex('care_tasks_patient')
    .on('care_tasks')
    .columns(['patient_id', 'state'])
    .execute();
  await db.schema
    .createIndex('care_tasks_source')
    .on('care_tasks')
    .columns(['source_type', 'source_id'])
    .execute();
}
