/**
 * Care-team tasks between sessions (issue #17): crisis language in what a patient shared or sent opens an urgent
 * one; a staff member can turn a message thread into one. No patient-written text is stored on the task.
 */
export interface CareTasksTable {
  id: string;
  patient_id: string;
  /** Opens at most one task per key, e.g. `journal_crisis:<entryId>`. */
  task_key: string;
  /** CARE_TASK_KINDS in features/tasks/repository.ts */
  kind: string;
  urgent: number;
  /** Plain words for the list, written by the code that opens the task (never the patient's text). */
  title: string;
  /** What the task is about: journal_entry | message_thread (null: about the patient). */
  source_type: string | null;
  source_id: string | null;
  state: string; // open | resolved
  assigned_to: string | null;
  /** Null when the system opened it. */
  opened_by: string | null;
  opened_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  /** What was done, required to resolve. */
  outcome: string | null;
}

export interface TaskTables {
  care_tasks: CareTasksTable;
}
