/**
 * Times and words for the at-home screens on a phone: "6:30 pm", "in 4 min", "today", and the server's
 * sentences with their instants turned into times of day (a patient never reads an ISO timestamp).
 */
import { formatSpan } from '../../lib/format';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: 'numeric',
  minute: '2-digit',
});

const lowerMeridiem = (s: string) =>
  s.replace(/\s?([AP])\.?M\.?$/i, (_m, p: string) => ` ${p.toLowerCase()}m`);

/** "6:30 pm": the time of day of an instant, in the phone's own zone. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : lowerMeridiem(timeOfDay.format(d));
}

const localDay = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** "today at 6:30 pm", "tomorrow at 9:00 am", or "Tuesday 12 January, 6:30 pm". */
export function whenWords(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date(now);
  const tomorrow = new Date(now + 24 * 3_600_000);
  if (localDay(d) === localDay(today)) return `today at ${clockTime(iso)}`;
  if (localDay(d) === localDay(tomorrow)) return `tomorrow at ${clockTime(iso)}`;
  return lowerMeridiem(dayAndTime.format(d));
}

export const isToday = (iso: string, now = Date.now()) => localDay(new Date(iso)) === localDay(new Date(now));

/** "in 4 min", "in 1 h 05 min", "now". */
export function inWords(ms: number): string {
  return ms <= 30_000 ? 'now' : `in ${formatSpan(ms)}`;
}

/** "0 min", "12 min", "1 h 05 min": the time since an instant, to the minute. */
export function sinceWords(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  const h = Math.floor(minutes / 60);
  return h ? `${h} h ${String(minutes % 60).padStart(2, '0')} min` : `${minutes} min`;
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** A sentence from the server with every instant in it written as a time of day. */
export const plainTimes = (text: string) => text.replace(INSTANT, (m) => clockTime(m));

/** "2 troches (200 mg)". */
export function doseWords(o: { troches: number; mg: number }): string {
  return `${o.troches} troche${o.troches === 1 ? '' : 's'} (${Math.round(o.mg * 100) / 100} mg)`;
}

/** The words for a side effect on the clinic's list (the same list the session console uses). */
export { SIDE_EFFECT_OPTIONS, sideEffectLabel } from '../sessions/entries';
