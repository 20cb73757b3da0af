// Slot arithmetic: half-open intervals [start, end) of UTC instants, weekly working hours in local time,
// and free slots. Half-open so that a visit ending at 11:00 and the next starting at 11:00 do not clash.

import { addDays, type IsoDate, localToUtc, minutesOfDay, toLocal } from './time';

export interface Interval {
  start: string;
  end: string;
}

const ms = (s: string) => Date.parse(s);

export function overlaps(a: Interval, b: Interval): boolean {
  return ms(a.start) < ms(b.end) && ms(b.start) < ms(a.end);
}

export function isValidInterval(i: Interval): boolean {
  return !Number.isNaN(ms(i.start)) && !Number.isNaN(ms(i.end)) && ms(i.start) < ms(i.end);
}

/** Items of `busy` that overlap the interval. */
export function clashes<T extends Interval>(candidate: Interval, busy: readonly T[]): T[] {
  return busy.filter((b) => overlaps(candidate, b));
}

/** A weekly working window in a zone's local time: weekday 0 = Sunday; times 'HH:MM', end after start. */
export interface WeeklyWindow {
  weekday: number;
  start: string;
  end: string;
  tz: string;
  /** Where the person works in this window (null: anywhere, e.g. video from home). */
  locationId: string | null;
}

/** The UTC intervals a weekly window covers on one local date (none if the weekday does not match). */
export function windowOn(date: IsoDate, w: WeeklyWindow): Interval | null {
  const local = toLocal(localToUtc(date, '12:00', w.tz), w.tz);
  if (local.weekday !== w.weekday) return null;
  return { start: localToUtc(date, w.start, w.tz), end: localToUtc(date, w.end, w.tz) };
}

/**
 * Whether a visit lies wholly inside one working window (on the visit's local date in that window's zone)
 * at the given location. A window without a location covers any place (video, or a clinician who floats).
 */
export function withinWorkingHours(
  visit: Interval,
  windows: readonly WeeklyWindow[],
  locationId: string | null,
): boolean {
  return windows.some((w) => {
    // A video visit (no location) can be run from any site the clinician works at.
    if (w.locationId !== null && locationId !== null && w.locationId !== locationId) return false;
    const date = toLocal(visit.start, w.tz).date;
    const span = windowOn(date, w);
    return span !== null && ms(span.start) <= ms(visit.start) && ms(visit.end) <= ms(span.end);
  });
}

/**
 * Free start times of `durationMin` inside the working windows of the local dates [from, from + days),
 * stepping by `stepMin` from each window's start, skipping anything that overlaps `busy` or starts before
 * `notBefore`. Used for self-booking and for "next free slot" suggestions.
 */
export function freeSlots(opts: {
  from: IsoDate;
  days: number;
  windows: readonly WeeklyWindow[];
  busy: readonly Interval[];
  durationMin: number;
  stepMin?: number;
  notBefore?: string;
  locationId?: string | null;
  limit?: number;
}): Interval[] {
  const step = Math.max(5, opts.stepMin ?? 30);
  const out: Interval[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < opts.days; i++) {
    const date = addDays(opts.from, i);
    for (const w of opts.windows) {
      if (
        opts.locationId !== undefined &&
        w.locationId !== null &&
        opts.locationId !== null &&
        w.locationId !== opts.locationId
      )
        continue;
      const span = windowOn(date, w);
      if (!span) continue;
      const last = minutesOfDay(w.end) - opts.durationMin;
      for (let m = minutesOfDay(w.start); m <= last; m += step) {
        const start = localToUtc(
          date,
          `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
          w.tz,
        );
        const slot = { start, end: new Date(ms(start) + opts.durationMin * 60_000).toISOString() };
        if (ms(slot.end) > ms(span.end)) continue;
        if (opts.notBefore && ms(slot.start) < ms(opts.notBefore)) continue;
        if (clashes(slot, opts.busy).length) continue;
        if (seen.has(slot.start)) continue;
        seen.add(slot.start);
        out.push(slot);
      }
    }
  }
  out.sort((a, b) => ms(a.start) - ms(b.start));
  return opts.limit ? out.slice(0, opts.limit) : out;
}
