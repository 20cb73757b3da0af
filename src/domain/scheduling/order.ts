// The order of a course's visits (DOMAIN §1, step 5): integration is therapy *after* a dosing session, "often
// within 1–3 days", to work with what came up in it. A visit type can say that its visits follow the dosing
// visit (on by default for integration); a visit of that type belongs between the dosing visit it follows and
// the next one, so a new time offered for it must lie in that window.

import type { AppointmentStatus, VisitCategory } from './catalogue';
import type { Interval } from './intervals';

export interface OrderedVisit {
  id: string;
  category: VisitCategory;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  courseId: string | null;
}

export interface FollowWindow {
  /** The dosing visit this one follows: the last one to start before it. */
  after: OrderedVisit | null;
  /** The next dosing visit after that one. */
  before: OrderedVisit | null;
  /** A new time starts no earlier than this (the end of `after`). */
  notBefore: string | null;
  /** … and ends no later than this (the start of `before`). */
  notAfter: string | null;
}

const ms = (s: string) => Date.parse(s);
/** Dosing visits that happened or will: cancelled and missed ones set no order. */
const COUNTED: readonly AppointmentStatus[] = ['booked', 'checked_in', 'completed'];

/**
 * Where a visit that follows the dosing visit may move to, given the patient's other visits: after the end of
 * the dosing visit before it and before the start of the next one. A visit with no dosing visit before it
 * follows none, and may go anywhere. A visit in a course is ordered against that course's dosing visits only;
 * one outside any course against all of the patient's.
 */
export function followWindow(
  visit: { id: string; startsAt: string; courseId: string | null },
  visits: readonly OrderedVisit[],
): FollowWindow {
  const dosing = visits
    .filter(
      (v) =>
        v.id !== visit.id &&
        v.category === 'dosing' &&
        COUNTED.includes(v.status) &&
        (visit.courseId === null || v.courseId === visit.courseId),
    )
    .sort((a, b) => ms(a.startsAt) - ms(b.startsAt));
  const at = ms(visit.startsAt);
  const after = dosing.filter((v) => ms(v.startsAt) < at).at(-1) ?? null;
  if (!after) return { after: null, before: null, notBefore: null, notAfter: null };
  const before = dosing[dosing.indexOf(after) + 1] ?? null;
  return { after, before, notBefore: after.endsAt, notAfter: before?.startsAt ?? null };
}

/** Whether a time keeps the course's order. */
export function keepsOrder(slot: Interval, w: Pick<FollowWindow, 'notBefore' | 'notAfter'>): boolean {
  if (w.notBefore && ms(slot.start) < ms(w.notBefore)) return false;
  if (w.notAfter && ms(slot.end) > ms(w.notAfter)) return false;
  return true;
}
