import type { Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect';

// Frozen once merged. The integration journal (issue #17):
//  - journal_entries: what a patient writes (intention | reflection | free), private to them; saved as they type;
//  - journal_sharing: each share and each withdrawal, insert-only (the database refuses UPDATE and DELETE), so
//    the chart can say "shared on …, sharing stopped on …" and the text follows only the latest step;
//  - journal_prompt_versions: the clinic's edited prompt templates, one row per saved version (none: the
//    shipped defaults in src/domain/journal/prompts.ts).
// Needs 0002 (patients), 0006 (courses) and 0001 (users) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('course_id', 'text', (c) => c.references('courses.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prompt_key', 'text')
    .addColumn('session_type', 'text')
    .addColumn('session_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('crisis', 'integer', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('journal_entries_patient')
    .on('journal_entries')
    .columns(['patient_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('journal_entries_shared')
    .on('journal_entries')
    .columns(['shared', 'patient_id'])
    .execute();
  await db.schema
    .createTable('journal_sharing')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('journal_entries.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema
    .createIndex('journal_sharing_entry')
    .on('journal_sharing')
    .columns(['entry_id', 'at'])
    .execute();
  await makeAppendOnly(db, 'journal_sharing');
  await db.schema
    .createTable('journal_prompt_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('templates', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
}
