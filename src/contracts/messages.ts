import { z } from 'zod';
import { MESSAGE_LIMITS as L } from '../domain/messages';
import { isoInstant } from './common';

/** Secure messages between a patient and their care team (issue #17). */

const bodyText = z
  .string()
  .trim()
  .min(L.bodyMin, 'Write a message')
  .max(L.bodyMax, `Keep a message to ${L.bodyMax.toLocaleString('en-US')} characters`);
const subjectText = z
  .string()
  .trim()
  .min(L.subjectMin, 'Give the message a subject')
  .max(L.subjectMax, `Keep the subject to ${L.subjectMax} characters`);

export const threadParams = z.object({ threadId: z.uuid() });

export const MESSAGE_SIDES = ['patient', 'staff'] as const;
export const THREAD_STATES = ['open', 'closed'] as const;

export const crisisResource = z.object({ label: z.string(), href: z.string() });

export const message = z.object({
  id: z.string(),
  seq: z.number().int(),
  side: z.enum(MESSAGE_SIDES),
  /** "You", the patient's name, or the staff member's name with their role. */
  authorName: z.string(),
  body: z.string(),
  sentAt: isoInstant,
});

export const threadSummary = z.object({
  id: z.string(),
  subject: z.string(),
  state: z.enum(THREAD_STATES),
  urgent: z.boolean(),
  messageCount: z.number().int(),
  /** Messages from the other side the reader has not yet opened. */
  unread: z.boolean(),
  lastMessageAt: isoInstant,
  lastSide: z.enum(MESSAGE_SIDES),
  handlerName: z.string().nullable(),
});

/** The portal's words about messaging: answer time, not for emergencies, no attachments. */
export const messagingTerms = z.object({
  clinicName: z.string(),
  answerTime: z.string(),
  crisisResources: z.array(crisisResource),
  limits: z.object({ bodyMax: z.number().int(), subjectMax: z.number().int() }),
});

export const portalThreadList = z.object({ threads: z.array(threadSummary), terms: messagingTerms });

export const portalThread = z.object({
  thread: threadSummary,
  messages: z.array(message),
  terms: messagingTerms,
});

export const newThreadBody = z.object({ subject: subjectText, body: bodyText }).strict();
export const replyBody = z.object({ body: bodyText }).strict();

/** What a patient's send answers: the thread, and the crisis resources at once when the words call for them. */
export const portalSendResult = z.object({
  threadId: z.string(),
  messageId: z.string(),
  crisis: z.boolean(),
  crisisResources: z.array(crisisResource),
});

// Staff side

export const INBOX_FILTERS = ['all', 'mine', 'unassigned', 'urgent', 'closed'] as const;
export const inboxQuery = z.object({ filter: z.enum(INBOX_FILTERS).default('all') });

export const inboxThread = threadSummary.extend({
  patientId: z.string(),
  patientName: z.string(),
  handlerId: z.string().nullable(),
  /** When the patient's oldest unanswered message was sent (null: nothing waits). */
  waitingSince: isoInstant.nullable(),
});
export const inboxResponse = z.object({ threads: z.array(inboxThread), generatedAt: isoInstant });

export const patientParams = z.object({ patientId: z.uuid() });
export const patientThreadsResponse = z.object({ threads: z.array(inboxThread), generatedAt: isoInstant });

export const staffMember = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const staffThread = z.object({
  thread: inboxThread,
  messages: z.array(message),
  /** The care team (and anyone already handling): who the thread can be assigned to. */
  team: z.array(staffMember),
  tasks: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      state: z.string(),
      openedAt: isoInstant,
    }),
  ),
});

export const staffReplyBody = z
  .object({
    body: bodyText.optional(),
    /** A clinic canned reply: its text is sent as it stands. */
    cannedReplyId: z.string().min(1).max(60).optional(),
  })
  .strict()
  .refine((b) => (b.body ? 1 : 0) + (b.cannedReplyId ? 1 : 0) === 1, {
    message: 'Write a reply or choose a canned reply (not both)',
    path: ['body'],
  });

export const assignBody = z.object({ handlerId: z.uuid().nullable() }).strict();
export const taskBody = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'Name the task')
      .max(L.taskTitleMax, `Keep the title to ${L.taskTitleMax} characters`),
  })
  .strict();
export const taskResult = z.object({ taskId: z.string(), created: z.boolean() });

export const cannedReply = z.object({
  id: z.string().min(1).max(60),
  title: z
    .string()
    .trim()
    .min(1, 'Name the reply')
    .max(L.cannedTitleMax, `Keep the name to ${L.cannedTitleMax} characters`),
  body: bodyText,
});
export const messageSettings = z.object({
  answerTime: z.string().trim().min(3, 'Say when the team answers').max(80, 'Keep it to 80 characters'),
  cannedReplies: z.array(cannedReply).max(L.cannedMax, `At most ${L.cannedMax} canned replies`),
});
export type MessageSettings = z.infer<typeof messageSettings>;
