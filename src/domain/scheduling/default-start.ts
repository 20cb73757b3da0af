// Where a booking form starts (issue #14: it started at 09:00 whatever the hour, often a time already past).
// The next slot in the future on the site's clock, rounded up to the clinic's slot step, inside the usual
// clinic day, skipping times when the chosen clinician or room is already taken.

import { clashes, type Interval } from './intervals';
import { addDays, hhmm, type IsoDate, localToUtc, minutesOfDay, toLocal } from './time';

export interface DefaultStartInput {
  now: Date | string;
  /** The site's zone (or the clinic's, for video and phone visits). */
  tz: string;
  /** The clinic's slot step in minutes (scheduling policy). */
  stepMin: number;
  /** The visit's default length: the slot must hold it before the day ends. */
  durationMin: number;
  /** A later day to start on (the day the calendar shows); earlier days are ignored. */
  date?: IsoDate;
  /** Times already taken for the chosen clinician or room. */
  busy?: readonly Interval[];
  /** The usual clinic day, local 'HH:MM' (defaults 09:00–18:00). */
  dayStart?: string;
  dayEnd?: string;
}

/** The first free start at or after the next step boundary after `now`, as a local date and time. */
export function defaultStart(o: DefaultStartInput): { date: IsoDate; time: string } {
  const step = Math.max(5, Math.round(o.stepMin));
  const open = minutesOfDay(o.dayStart ?? '09:00');
  const close = minutesOfDay(o.dayEnd ?? '18:00');
  const now = toLocal(o.now, o.tz);
  let date = o.date && o.date > now.date ? o.date : now.date;
  for (let day = 0; day < 31; day++, date = addDays(date, 1)) {
    // Today: strictly after the current minute, rounded up to the step (10:07 → 10:15 with 15-minute steps).
    let m = open;
    if (date === now.date) m = Math.max(open, Math.ceil((now.minutes + 1) / step) * step);
    for (; m + o.durationMin <= close; m += step) {
      const start = localToUtc(date, hhmm(m), o.tz);
      const slot = { start, end: new Date(Date.parse(start) + o.durationMin * 60_000).toISOString() };
      if (Date.parse(start) <= new Date(o.now).getTime()) continue;
      if (!clashes(slot, o.busy ?? []).length) return { date, time: hhmm(m) };
    }
  }
  return { date: addDays(now.date, 1), time: hhmm(open) };
}
