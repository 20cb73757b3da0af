import type { JournalEntryOut, SharedEntryOut } from '../../../contracts/journal';
import { type JournalPromptTemplates, parsePromptKey, sharingState } from '../../../domain/journal';
import type { EntryRow, SharingRow } from './repository';

export interface SessionIndex {
  get(type: string | null, id: string | null): JournalEntryOut['session'];
}

const historyOf = (sharing: readonly SharingRow[], entryId: string) =>
  sharing
    .filter((s) => s.entry_id === entryId)
    .map((s) => ({ action: s.action as 'share' | 'withdraw', at: s.at }));

/** An entry as its author sees it: everything, with its sharing history. */
export function presentOwnEntry(
  e: EntryRow,
  sharing: readonly SharingRow[],
  sessions: SessionIndex,
  prompts: JournalPromptTemplates,
): JournalEntryOut {
  const parsed = e.prompt_key ? parsePromptKey(e.prompt_key) : null;
  return {
    id: e.id,
    kind: e.kind as JournalEntryOut['kind'],
    body: e.body,
    promptKey: e.prompt_key,
    promptTitle: parsed ? prompts[parsed.slot].title : null,
    session: sessions.get(e.session_type, e.session_id),
    crisis: e.crisis === 1,
    shared: e.shared === 1,
    history: historyOf(sharing, e.id),
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    version: e.version,
  };
}

/** An entry as staff see it: the text only while shared; the sharing dates always. */
export function presentSharedEntry(
  e: EntryRow,
  sharing: readonly SharingRow[],
  sessions: SessionIndex,
): SharedEntryOut {
  const state = sharingState(historyOf(sharing, e.id));
  const shared = e.shared === 1 && state.shared;
  return {
    id: e.id,
    kind: e.kind as SharedEntryOut['kind'],
    courseId: e.course_id,
    session: sessions.get(e.session_type, e.session_id),
    shared,
    body: shared ? e.body : null,
    firstSharedAt: state.firstSharedAt,
    lastSharedAt: state.lastSharedAt,
    withdrawnAt: shared ? null : state.withdrawnAt,
    writtenAt: e.created_at,
    crisis: shared && e.crisis === 1,
  };
}
