import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/dialect';
import type { CareTasksTable } from '../../db/schema';

/** Every query on care_tasks (issue #17). */
export type CareTaskRow = CareTasksTable;

/** What opens a care task: crisis language the patient shared (journal) or sent (message); a thread a staff member turned into a task. */
export const CARE_TASK_KINDS = ['journal_crisis', 'message_crisis', 'message_follow_up'] as const;
export type CareTaskKind = (typeof CARE_TASK_KINDS)[number];

export interface OpenCareTask {
  patientId: string;
  /** Stable key: a second open with the same key does nothing (e.g. `journal_crisis:<entryId>`). */
  key: string;
  kind: CareTaskKind;
  urgent: boolean;
  /** Plain words for the care team's list; never the patient's own text. */
  title: string;
  source?: { type: 'journal_entry' | 'message_thread'; id: string };
  /** The staff member who opened it (none: the system). */
  openedBy?: string | null;
  assignedTo?: string | null;
  at: string;
}

/**
 * Opens a task once per key inside the caller's transaction; returns the new task's id, or null when a task with
 * this key already exists. The caller writes the audit entry (the task is part of its action).
 */
export async function insertCareTask(db: Executor, t: OpenCareTask): Promise<string | null> {
  const id = randomUUID();
  const r = await db
    .insertInto('care_tasks')
    .values({
      id,
      patient_id: t.patientId,
      task_key: t.key,
      kind: t.kind,
      urgent: t.urgent ? 1 : 0,
      title: t.title,
      source_type: t.source?.type ?? null,
      source_id: t.source?.id ?? null,
      state: 'open',
      assigned_to: t.assignedTo ?? null,
      opened_by: t.openedBy ?? null,
      opened_at: t.at,
      resolved_by: null,
      resolved_at: null,
      outcome: null,
    })
    .onConflict((oc) => oc.column('task_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? id : null;
}

/** The tasks about one source (a journal entry, a thread), oldest first. */
export const tasksOfSource = (db: Executor, type: string, id: string) =>
  db
    .selectFrom('care_tasks')
    .selectAll()
    .where('source_type', '=', type)
    .where('source_id', '=', id)
    .orderBy('opened_at')
    .execute();
