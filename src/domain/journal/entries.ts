/**
 * The integration journal (issue #17): what a patient writes between sessions. Every entry is private to the
 * patient until they share it with their care team; sharing can be stopped later, and the history of both is
 * kept (append-only), so the chart can say "shared on …, sharing stopped on …" without ever showing the text
 * of an entry that is no longer shared.
 *
 * Kinds follow the course of care in DOMAIN.md §4 (preparation → dosing → integration):
 * - intention: written before a dosing session, prompted once the preparation session has taken place, and
 *   shown to the patient again at check-in (in clinic or at home);
 * - reflection: written the evening of a dosing session and on the three days after it;
 * - free: anything, any time.
 */
export const JOURNAL_ENTRY_KINDS = ['intention', 'reflection', 'free'] as const;
export type JournalEntryKind = (typeof JOURNAL_ENTRY_KINDS)[number];

/**
 * Size limits. 10,000 characters is about four pages of prose: room for a long reflection, small enough that
 * a chart section and a FHIR attachment stay readable. An entry must have at least one non-space character.
 */
export const JOURNAL_LIMITS = { minChars: 1, maxChars: 10_000, maxTitleChars: 120 } as const;

export type JournalTextProblem = 'empty' | 'too_long';

/** Why a text cannot be saved as an entry, or null when it can (counts characters as the patient sees them). */
export function journalTextProblem(text: string): JournalTextProblem | null {
  if (text.trim().length < JOURNAL_LIMITS.minChars) return 'empty';
  if ([...text].length > JOURNAL_LIMITS.maxChars) return 'too_long';
  return null;
}

/** One step in an entry's sharing history (kept append-only). */
export interface SharingEvent {
  action: 'share' | 'withdraw';
  at: string;
}

export interface SharingState {
  /** The care team may read the entry's text now. */
  shared: boolean;
  /** When it was first shared, and when sharing last stopped (null when never). */
  firstSharedAt: string | null;
  lastSharedAt: string | null;
  withdrawnAt: string | null;
}

/** The sharing state an entry's history leads to (events in any order; ties resolved by their order). */
export function sharingState(events: readonly SharingEvent[]): SharingState {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let shared = false;
  let firstSharedAt: string | null = null;
  let lastSharedAt: string | null = null;
  let withdrawnAt: string | null = null;
  for (const e of sorted) {
    if (e.action === 'share' && !shared) {
      shared = true;
      firstSharedAt ??= e.at;
      lastSharedAt = e.at;
    } else if (e.action === 'withdraw' && shared) {
      shared = false;
      withdrawnAt = e.at;
    }
  }
  return { shared, firstSharedAt, lastSharedAt, withdrawnAt };
}
