/** Secure messages between a patient and their care team (issue #17; migration 0024). */
export interface MessageThreadsTable {
  id: string;
  patient_id: string;
  /** Written by whoever started the thread; a patient's subject is their text (never in mail, tasks or logs). */
  subject: string;
  started_by_side: string; // patient | staff
  started_by: string;
  state: string; // open | closed
  /** Crisis language in a patient's message; cleared by a clinician once followed up. */
  urgent: number;
  /** The care-team member handling the thread (null: unassigned). */
  handler_id: string | null;
  message_count: number;
  last_patient_seq: number;
  last_staff_seq: number;
  /** Read state per side: the highest message number each side has seen. */
  patient_read_seq: number;
  staff_read_seq: number;
  /** When the patient's oldest unanswered message was sent (null: nothing waits for the team). */
  waiting_since: string | null;
  /** Tasks this thread was turned into (the next task's key number). */
  follow_up_count: number;
  created_at: string;
  last_message_at: string;
  closed_at: string | null;
}

/** One message; append-only in the database. */
export interface MessagesTable {
  id: string;
  thread_id: string;
  patient_id: string;
  seq: number;
  side: string; // patient | staff
  author_id: string;
  body: string;
  canned_reply_id: string | null;
  crisis: number;
  sent_at: string;
}

export interface MessageTables {
  message_threads: MessageThreadsTable;
  messages: MessagesTable;
}
