/** Plain words for the journal's screens (no ids, no ISO dates). */
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

export const dayWords = (iso: string) => day.format(new Date(iso));
export const dayTimeWords = (iso: string) => dayTime.format(new Date(iso));
export const shortDayWords = (iso: string) => shortDay.format(new Date(iso));

export const KIND_WORDS: Record<string, string> = {
  intention: 'Intention',
  reflection: 'Reflection',
  free: 'Journal entry',
};

export function sessionWords(s: { setting: string; startsAt: string }): string {
  return `${s.setting === 'at_home' ? 'At-home session' : 'Session at the clinic'} on ${dayWords(s.startsAt)}`;
}

/** "Intention for the at-home session on Thursday, March 12" */
export function entryHeading(e: {
  kind: string;
  session: { setting: string; startsAt: string } | null;
}): string {
  const kind = KIND_WORDS[e.kind] ?? 'Journal entry';
  if (!e.session) return kind;
  return `${kind} ${e.kind === 'intention' ? 'for' : 'after'} the ${sessionWords(e.session).replace(/^./, (c) => c.toLowerCase())}`;
}

/**
 * Where a care task about a shared entry links to (as features/tasks/present.ts writes it): the chart opens on
 * its journal tab, scrolled to the entry.
 */
export const journalEntryHref = (patientId: string, entryId: string) =>
  `/app/patients/${patientId}#journal-entry-${entryId}`;
