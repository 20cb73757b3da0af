import type { DueItem } from './patient-api';

/** An item may be answered from this many minutes before it falls due (the server's rule, service-during). */
export const ANSWER_OPENS_MS = 5 * 60_000;

/** Items of a kind that can be answered now: open, not answered on the server, not waiting in the queue. */
export function openItems(items: DueItem[], kind: DueItem['kind'], now: number, sent: ReadonlySet<string>) {
  return items.filter(
    (i) =>
      i.kind === kind &&
      i.status !== 'done' &&
      !sent.has(i.key) &&
      now >= Date.parse(i.dueAt) - ANSWER_OPENS_MS,
  );
}

/** The next item of these kinds still to come. */
export function nextItem(items: DueItem[], kinds: DueItem['kind'][], now: number, sent: ReadonlySet<string>) {
  return items.find(
    (i) =>
      kinds.includes(i.kind) &&
      i.status !== 'done' &&
      !sent.has(i.key) &&
      now < Date.parse(i.dueAt) - ANSWER_OPENS_MS,
  );
}

/** "Due now", "Due 4 min ago", "Due at 11:35 am". */
export function dueWords(i: DueItem, now: number, clock: (iso: string) => string): string {
  const ms = now - Date.parse(i.dueAt);
  if (ms < 0) return `Due at ${clock(i.dueAt)}`;
  const min = Math.floor(ms / 60_000);
  const late = i.status === 'missed' || now >= Date.parse(i.missedAt);
  if (min < 1) return 'Due now';
  return `Due ${min} min ago${late ? ': the care team has been alerted that it is late' : ''}`;
}
