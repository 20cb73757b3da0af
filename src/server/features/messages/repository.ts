import { type Expression, type SqlBool, sql } from 'kysely';
import { type Executor, isPostgres } from '../../db/dialect';
import type { MessagesTable, MessageThreadsTable } from '../../db/schema';

/** Every query on message_threads and messages (issue #17). Messages are only ever inserted. */

export type ThreadRow = MessageThreadsTable;
export type MessageRow = MessagesTable;
type MayOpen = (column: string) => Expression<SqlBool>;

export const insertThread = (db: Executor, row: ThreadRow) =>
  db.insertInto('message_threads').values(row).execute();

export const insertMessage = (db: Executor, row: MessageRow) =>
  db.insertInto('messages').values(row).execute();

export const updateThread = (
  db: Executor,
  id: string,
  patch: Partial<Omit<ThreadRow, 'id' | 'patient_id'>>,
) => db.updateTable('message_threads').set(patch).where('id', '=', id).execute();

/** One thread, locked for the change that follows on PostgreSQL (a reply's number is the next one). */
export const threadForUpdate = (db: Executor, id: string) =>
  db
    .selectFrom('message_threads')
    .selectAll()
    .where('id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();

export const threadById = (db: Executor, id: string) =>
  db.selectFrom('message_threads').selectAll().where('id', '=', id).executeTakeFirst();

const withHandler = (db: Executor) =>
  db
    .selectFrom('message_threads as t')
    .leftJoin('users as h', 'h.id', 't.handler_id')
    .selectAll('t')
    .select('h.name as handler_name');

/** A patient's threads, latest activity first (the portal's list and the chart's). */
export const threadsOfPatient = (db: Executor, patientId: string) =>
  withHandler(db)
    .where('t.patient_id', '=', patientId)
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .execute();

export const threadWithHandler = (db: Executor, id: string) =>
  withHandler(db).where('t.id', '=', id).executeTakeFirst();

export type InboxFilter = 'all' | 'mine' | 'unassigned' | 'urgent' | 'closed';

/**
 * The staff inbox: threads with their patient's name, urgent first, then those waiting longest, then latest;
 * confidential records the viewer may not open are left out inside the query.
 */
export const inboxThreads = (
  db: Executor,
  filter: InboxFilter,
  userId: string,
  mayOpen: MayOpen,
  limit = 200,
) =>
  withHandler(db)
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .select(['p.first_name', 'p.last_name', 'p.preferred_name'])
    .where(mayOpen('t.patient_id'))
    .$if(filter === 'closed', (q) => q.where('t.state', '=', 'closed'))
    .$if(filter !== 'closed', (q) => q.where('t.state', '=', 'open'))
    .$if(filter === 'mine', (q) => q.where('t.handler_id', '=', userId))
    .$if(filter === 'unassigned', (q) => q.where('t.handler_id', 'is', null))
    .$if(filter === 'urgent', (q) => q.where('t.urgent', '=', 1))
    .orderBy('t.urgent', 'desc')
    // Waiting threads first (longest first), then answered ones; the same on both engines (nulls sort differently).
    .orderBy(sql`case when t.waiting_since is null then 1 else 0 end`)
    .orderBy('t.waiting_since')
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();

/** A thread's messages in order, with each author's name and role. */
export const messagesOfThread = (db: Executor, threadId: string) =>
  db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .selectAll('m')
    .select(['u.name as author_name', 'u.role as author_role'])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.seq')
    .execute();

/** Messages a patient wrote since an instant (the hourly limit). */
export const patientMessagesSince = async (db: Executor, patientId: string, since: string) =>
  Number(
    (
      await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('patient_id', '=', patientId)
        .where('side', '=', 'patient')
        .where('sent_at', '>', since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Threads a patient started since an instant (the daily limit). */
export const patientThreadsSince = async (db: Executor, patientId: string, since: string) =>
  Number(
    (
      await db
        .selectFrom('message_threads')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('patient_id', '=', patientId)
        .where('started_by_side', '=', 'patient')
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The oldest of the patient's messages counted by the hourly limit (for "try again in …"). */
export const oldestPatientMessageSince = (db: Executor, patientId: string, since: string) =>
  db
    .selectFrom('messages')
    .select('sent_at')
    .where('patient_id', '=', patientId)
    .where('side', '=', 'patient')
    .where('sent_at', '>', since)
    .orderBy('sent_at')
    .limit(1)
    .executeTakeFirst();

/** The patient's care team: active staff accounts, for assignment and the "new message" email. */
export const careTeamOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('care_team as ct')
    .innerJoin('users as u', 'u.id', 'ct.user_id')
    .select(['u.id', 'u.name', 'u.role', 'u.email'])
    .where('ct.patient_id', '=', patientId)
    .where('u.status', '=', 'active')
    .orderBy('u.name')
    .execute();

export const staffUser = (db: Executor, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'email', 'status'])
    .where('id', '=', id)
    .where('patient_id', 'is', null)
    .executeTakeFirst();

/** What a message notification needs of the patient: their email and name (never the message). */
export const patientContact = (db: Executor, patientId: string) =>
  db
    .selectFrom('patients')
    .select(['id', 'email', 'first_name', 'last_name', 'preferred_name'])
    .where('id', '=', patientId)
    .executeTakeFirst();

/** Messages with their thread's subject and author's role, for FHIR Communication and the patient's export. */
export const messagesWhere = (db: Executor, patientIds: string[] | null, ids: string[] | null) =>
  db
    .selectFrom('messages as m')
    .innerJoin('message_threads as t', 't.id', 'm.thread_id')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .selectAll('m')
    .select(['t.subject', 't.state as thread_state', 'u.name as author_name', 'u.role as author_role'])
    .$if(patientIds !== null, (q) => q.where('m.patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('m.id', 'in', ids as string[]))
    .orderBy('m.sent_at')
    .orderBy('m.id')
    .execute();
