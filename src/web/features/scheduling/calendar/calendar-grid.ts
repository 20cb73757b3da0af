import { toLocal } from '../labels';
import type { Appointment } from '../scheduling-query';

/** Pixels per minute of the day grid, and the snap of a drag or a click (minutes). */
export const PX = 1.1;
export const SNAP = 15;
export const DRAG_THRESHOLD = 5;

/** A column of the grid: a day, or in the day view by site one of its rooms. */
export interface Column {
  key: string;
  date: string;
  label: string;
  /** Set in the day view by site: the room this column shows ('' = visits without a room). */
  roomId?: string;
}

export const mm = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Where an appointment sits in a column, in the calendar's zone. */
export function place(a: Appointment, tz: string) {
  const s = toLocal(a.startsAt, tz);
  const e = toLocal(a.endsAt, tz);
  const start = mm(s.time);
  const end = e.date === s.date ? mm(e.time) : 24 * 60;
  return { date: s.date, start, end: Math.max(end, start + 15) };
}
