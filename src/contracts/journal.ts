import { z } from 'zod';
import {
  JOURNAL_ENTRY_KINDS,
  JOURNAL_LIMITS,
  JOURNAL_PROMPT_SLOTS,
  PROMPT_TEMPLATE_LIMITS,
} from '../domain/journal';

/** The integration journal (issue #17): the patient's portal routes, the chart's and the clinic's prompts. */

/** An entry's text as typed (not trimmed: the patient's words are kept as written), 1–10,000 characters. */
export const journalText = z
  .string()
  .max(JOURNAL_LIMITS.maxChars * 2, `At most ${JOURNAL_LIMITS.maxChars.toLocaleString('en-US')} characters`)
  .refine((s) => s.trim().length >= JOURNAL_LIMITS.minChars, 'Write something before saving')
  .refine(
    (s) => [...s].length <= JOURNAL_LIMITS.maxChars,
    `At most ${JOURNAL_LIMITS.maxChars.toLocaleString('en-US')} characters`,
  );

export const journalKind = z.enum(JOURNAL_ENTRY_KINDS);
export const promptSlot = z.enum(JOURNAL_PROMPT_SLOTS);

export const createEntryBody = z
  .object({
    kind: journalKind,
    body: journalText,
    /** The prompt answered (from the list of due prompts); none for a free entry. */
    promptKey: z.string().max(200).nullable().optional(),
  })
  .strict();

export const updateEntryBody = z.object({ body: journalText, version: z.number().int().min(1) }).strict();

export const entryParams = z.object({ id: z.uuid() });

export const sessionRef = z.object({
  type: z.enum(['appointment', 'at_home_session']),
  id: z.string(),
  startsAt: z.string(),
  setting: z.enum(['in_clinic', 'at_home']),
});

export const sharingStep = z.object({ action: z.enum(['share', 'withdraw']), at: z.string() });

/** An entry as its author sees it (the portal, their own export). */
export const journalEntry = z.object({
  id: z.uuid(),
  kind: journalKind,
  body: z.string(),
  promptKey: z.string().nullable(),
  promptTitle: z.string().nullable(),
  session: sessionRef.nullable(),
  /** The last save matched the crisis list: the portal shows crisis resources. */
  crisis: z.boolean(),
  shared: z.boolean(),
  history: z.array(sharingStep),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type JournalEntryOut = z.infer<typeof journalEntry>;

export const duePrompt = z.object({
  key: z.string(),
  slot: promptSlot,
  kind: journalKind,
  title: z.string(),
  body: z.string(),
  session: sessionRef,
  dueUntil: z.string(),
});
export type DuePromptOut = z.infer<typeof duePrompt>;

export const portalJournal = z.object({
  entries: z.array(journalEntry),
  due: z.array(duePrompt),
  /** The intention the patient wrote for a dosing session today (shown again at check-in), if any. */
  todaysIntentions: z.array(z.object({ entryId: z.uuid(), body: z.string(), session: sessionRef })),
});

/** A saved entry, and whether the care team was alerted (only ever for a shared entry). */
export const savedEntry = z.object({ entry: journalEntry, careTeamAlerted: z.boolean() });

/**
 * An entry as staff see it: only entries the patient has shared at some point are listed at all, and the text
 * only while it is shared (body null after the patient stopped sharing).
 */
export const sharedEntry = z.object({
  id: z.uuid(),
  kind: journalKind,
  courseId: z.string().nullable(),
  session: sessionRef.nullable(),
  shared: z.boolean(),
  body: z.string().nullable(),
  firstSharedAt: z.string().nullable(),
  lastSharedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  writtenAt: z.string(),
  /** The last save matched the crisis list (shown only while shared). */
  crisis: z.boolean(),
});
export type SharedEntryOut = z.infer<typeof sharedEntry>;
export const sharedJournal = z.object({ entries: z.array(sharedEntry) });

export const patientParams = z.object({ id: z.uuid() });

const template = z
  .object({
    title: z.string().trim().min(1, 'Give the prompt a title').max(PROMPT_TEMPLATE_LIMITS.titleMax),
    body: z.string().trim().min(1, 'Write the prompt').max(PROMPT_TEMPLATE_LIMITS.bodyMax),
  })
  .strict();
export const promptTemplates = z
  .object({
    intention: template,
    reflection_evening: template,
    reflection_day1: template,
    reflection_day2: template,
    reflection_day3: template,
  })
  .strict();

export const promptSettings = z.object({
  templates: promptTemplates,
  defaults: promptTemplates,
  /** The saved version in use (0: the shipped defaults), who saved it and when. */
  version: z.number().int(),
  savedBy: z.string().nullable(),
  savedAt: z.string().nullable(),
  history: z.array(z.object({ version: z.number().int(), savedBy: z.string(), savedAt: z.string() })),
});
export const savePromptsBody = z
  .object({ templates: promptTemplates, version: z.number().int().min(0) })
  .strict();
