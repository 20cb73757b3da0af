// Wall-clock time in a named IANA time zone, with nothing but Intl.
//
// Why: appointments are stored as UTC instants, but people book, read and are reminded in the clinic's local
// time. A visit at "09:00 every Tuesday" must stay at 09:00 when the clocks change, so schedules are built
// from local dates and times and converted to UTC one visit at a time. Intl knows every zone's rules; the
// only subtle part is the hour that does not exist (spring forward) or happens twice (fall back), resolved
// here the way Temporal's default 'compatible' disambiguation does: a missing time moves forward by the
// gap, a repeated time takes its first (earlier) occurrence.

import { dateTimeFormat } from '../intl-format';
import { addDays, type IsoDate, isIsoDate, weekday } from '../ledger/calendar';

export type { IsoDate };
export { addDays, isIsoDate, weekday };

const MINUTE = 60_000;
const DAY = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isLocalTime(hhmm: string): boolean {
  return TIME.test(hhmm);
}

/** 'HH:MM' → minutes after local midnight. */
export function minutesOfDay(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  date: IsoDate;
  time: string;
  /** Minutes after local midnight. */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local time minus UTC, in minutes (Los Angeles in winter: -480). */
  offsetMinutes: number;
}

/** The wall-clock date and time of an instant in a zone. */
export function toLocal(instant: Date | string | number, tz: string): LocalParts {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  const p: Record<string, string> = {};
  for (const part of partsFormatter(tz).formatToParts(new Date(ms))) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  const h = Number(p.hour);
  const min = Number(p.minute);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), h, min, Number(p.second));
  const offsetMinutes = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
  return { date, time: hhmm(h * 60 + min), minutes: h * 60 + min, weekday: weekday(date), offsetMinutes };
}

export const offsetAt = (ms: number, tz: string): number => toLocal(ms, tz).offsetMinutes;

/**
 * The UTC instant of a local date and time in a zone (see the note at the top for the missing and the
 * repeated hour). Returns an ISO-8601 string ending in Z.
 */
export function localToUtc(date: IsoDate, time: string, tz: string): string {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutesOfDay(time) * MINUTE;
  // A zone changes its offset at most once within a day either side of any instant.
  const before = offsetAt(wall - DAY, tz);
  const after = offsetAt(wall + DAY, tz);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * MINUTE)
    .filter((ms) => offsetAt(ms, tz) * MINUTE === wall - ms)
    .sort((a, b) => a - b);
  const chosen = candidates[0] ?? wall - before * MINUTE; // in the gap: keep the pre-change offset → later wall time
  return new Date(chosen).toISOString();
}

/** A local date and time as it will be kept: the instant, and the wall-clock time that instant shows. */
export interface ResolvedLocal {
  startsAt: string;
  /** 'HH:MM' the visit will show: the time asked for, or later by the gap when that time does not exist. */
  time: string;
  /** The time asked for, when it does not exist that day (the clocks went forward over it); else null. */
  shiftedFrom: string | null;
}

/**
 * Resolves a local date and time the way localToUtc does, and says when the time asked for does not exist
 * (the hour the clocks spring forward): 02:30 on 14 March 2027 in Los Angeles is kept as 10:30Z, which the
 * clinic's clocks show as 03:30. Screens must show that time, not the one typed (issue #14 §7).
 */
export function resolveLocal(date: IsoDate, time: string, tz: string): ResolvedLocal {
  const startsAt = localToUtc(date, time, tz);
  const shown = toLocal(startsAt, tz);
  const moved = shown.date !== date || shown.time !== time;
  return { startsAt, time: shown.time, shiftedFrom: moved ? time : null };
}

/** "2:30 AM" from 'HH:MM' (no zone arithmetic: a wall-clock time). */
function clock12(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return `${h % 12 || 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Why a time moved, in plain words: "2:30 AM does not exist on Sunday, March 14: the clocks go forward an hour that night, so this visit is at 3:30 AM." */
export function clockChangeNotice(date: IsoDate, asked: string, kept: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const day = dateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date(Date.UTC(y, mo - 1, d)));
  return `${clock12(asked)} does not exist on ${day}: the clocks go forward an hour that night, so this visit is at ${clock12(kept)}.`;
}

/** Local date + whole days, then back to UTC at the same wall-clock time (keeps 09:00 across a DST change). */
export function shiftLocalDays(instant: string, days: number, tz: string): string {
  const l = toLocal(instant, tz);
  return localToUtc(addDays(l.date, days), l.time, tz);
}

/** The UTC bounds [start, end) of one local calendar day (23 or 25 hours long on a DST change day). */
export function localDayBounds(date: IsoDate, tz: string): { start: string; end: string } {
  return { start: localToUtc(date, '00:00', tz), end: localToUtc(addDays(date, 1), '00:00', tz) };
}

/** Same day of the month `months` later, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * How a time is written to a patient or clinician: "Tuesday, March 10, 2026 at 9:00 AM PDT". The zone's
 * abbreviation is always shown, because a video patient may be elsewhere.
 */
export function formatLocal(instant: string | Date, tz: string): string {
  const d = new Date(instant);
  const day = dateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(d);
  const time = dateTimeFormat('en-US', {
    timeZone: tz,
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
  return `${day} at ${time}`;
}

/** "9:00 AM" in the zone, for short lines (end times, calendar titles). */
export function formatLocalTime(instant: string | Date, tz: string): string {
  return dateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit' }).format(
    new Date(instant),
  );
}

export const minutesBetween = (start: string, end: string): number =>
  Math.round((Date.parse(end) - Date.parse(start)) / MINUTE);
export const addMinutes = (instant: string, minutes: number): string =>
  new Date(Date.parse(instant) + minutes * MINUTE).toISOString();
