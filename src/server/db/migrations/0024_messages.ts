import type { Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect';

// Frozen once merged. Secure messages between a patient and their care team (issue #17):
//  - message_threads: one conversation; its state (open/closed), urgency, handler and read state per side
//    change, so the row is updated (each change is audited);
//  - messages: what was written, append-only in the database (never edited or deleted).
// Needs 0002 (patients) and 0001 (users) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('message_threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('started_by_side', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('handler_id', 'text', (c) => c.references('users.id'))
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('last_patient_seq', 'integer', (c) => c.notNull())
    .addColumn('last_staff_seq', 'integer', (c) => c.notNull())
    .addColumn('patient_read_seq', 'integer', (c) => c.notNull())
    .addColumn('staff_read_seq', 'integer', (c) => c.notNull())
    .addColumn('waiting_since', 'text')
    .addColumn('follow_up_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('message_threads_patient')
    .on('message_threads')
    .columns(['patient_id', 'last_message_at'])
    .execute();
  await db.schema
    .createIndex('message_threads_state')
    .on('message_threads')
    .columns(['state', 'last_message_at'])
    .execute();
  await db.schema
    .createIndex('message_threads_urgent')
    .on('message_threads')
    .columns(['urgent', 'created_at'])
    .execute();
  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('message_threads.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('canned_reply_id', 'text')
    .addColumn('crisis', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_thread_seq', ['thread_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('messages_patient_side')
    .on('messages')
    .columns(['patient_id', 'side', 'sent_at'])
    .execute();
  await makeAppendOnly(db, 'messages');
}
