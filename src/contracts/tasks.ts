import { z } from 'zod';
import { text } from './common';

/**
 * Care tasks between sessions (issue #17): crisis language in a journal entry the patient shared or a message
 * they sent opens an urgent one; a thread turned into a task opens a routine one. A task is closed only by a
 * documented follow-up (the outcome), never deleted or reopened. Titles are plain words written by the code
 * that opens the task, never the patient's own text.
 */
export const CARE_TASK_KIND_LABELS = {
  journal_crisis: 'Crisis language in a shared journal entry',
  message_crisis: 'Crisis language in a message',
  message_follow_up: 'Message to follow up',
} as const;

const person = z.object({ id: z.string(), name: z.string() });

export const careTaskSchema = z.object({
  id: z.string(),
  patient: z.object({ id: z.string(), name: z.string(), chartNumber: z.string() }),
  kind: z.string(),
  /** Plain words for the kind (CARE_TASK_KIND_LABELS), or the kind itself for one this version does not know. */
  kindLabel: z.string(),
  urgent: z.boolean(),
  title: z.string(),
  /** Where the task is worked: the journal entry in the chart, the message thread, or the chart. */
  link: z.string(),
  source: z.object({ type: z.enum(['journal_entry', 'message_thread']), id: z.string() }).nullable(),
  state: z.enum(['open', 'resolved']),
  assignedTo: person.nullable(),
  /** Null: the system opened it. */
  openedBy: person.nullable(),
  openedAt: z.string(),
  resolvedBy: person.nullable(),
  resolvedAt: z.string().nullable(),
  outcome: z.string().nullable(),
});
export type CareTask = z.infer<typeof careTaskSchema>;

/** GET /api/care-tasks: open tasks across the patients the viewer may open (Today), or one patient's. */
export const careTaskQuery = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  patientId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const careTaskList = z.object({ tasks: z.array(careTaskSchema) });

/** POST /api/care-tasks/:id/assign: give the task to a clinician (null: nobody); "take" is one's own id. */
export const assignCareTaskBody = z.object({
  userId: z.uuid().nullable().describe('The clinician who handles it (null: unassigned)'),
});

/** POST /api/care-tasks/:id/resolve: the documented follow-up is required. */
export const resolveCareTaskBody = z.object({
  outcome: text(4000).describe('What was done: the documented follow-up (required)'),
});
export const careTaskResult = z.object({ task: careTaskSchema });
