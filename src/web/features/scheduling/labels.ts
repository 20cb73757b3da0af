import {
  IconCalendarCheck,
  IconCalendarX,
  IconCircleCheck,
  IconDoorEnter,
  IconUserQuestion,
} from '@tabler/icons-react';
import { addDays, localToUtc, toLocal, weekday } from '../../../domain/scheduling/time';
import type { StateLook } from '../../components/StateBadge';

/** Visit status in colour, word and icon (UX.md principle 2). */
export const VISIT_STATUS: Record<string, StateLook> = {
  booked: { label: 'Booked', color: 'blue', Icon: IconCalendarCheck },
  checked_in: { label: 'Checked in', color: 'lagoon', Icon: IconDoorEnter },
  completed: { label: 'Completed', color: 'green', Icon: IconCircleCheck },
  cancelled: { label: 'Cancelled', color: 'gray', Icon: IconCalendarX },
  no_show: { label: 'Did not attend', color: 'orange', Icon: IconUserQuestion },
};
export const visitStatus = (s: string): StateLook =>
  VISIT_STATUS[s] ?? { label: s, color: 'gray', Icon: IconCalendarCheck };

/** What the status buttons say. */
export const STATUS_ACTIONS: Record<string, string> = {
  checked_in: 'Check in',
  completed: 'Mark completed',
  no_show: 'Did not attend',
  booked: 'Undo (back to booked)',
};

export const MODALITY_LABELS: Record<string, string> = {
  in_person: 'In person',
  video: 'Video',
  audio: 'Phone',
};
export const ROLE_WORDS: Record<string, string> = {
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
};
/** How a visit came to be booked (the appointment's `source`). */
export const BOOKING_SOURCE_WORDS: Record<string, string> = {
  staff: 'by staff',
  proposal: 'from the course schedule',
  portal: 'by the patient in the portal',
  self_booking: 'by the patient from a booking link',
};

export const HOLD_WORDS: Record<string, string> = { exclusive: '', on_site: ' (on site)' };
export const ROOM_KIND_WORDS: Record<string, string> = { chair: 'Chair', room: 'Room', office: 'Office' };

/** Calendar block colours by kind of visit; the text always names the visit too. */
export const CATEGORY_COLOR: Record<string, string> = {
  consultation: 'grape',
  preparation: 'cyan',
  dosing: 'indigo',
  integration: 'teal',
  follow_up: 'lime',
  other: 'gray',
};

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = dateFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, opts);
    dateFormatters.set(key, f);
  }
  return f;
}

/** A local calendar date ('YYYY-MM-DD') as words, e.g. "Tue 24 Nov" (short) or "Tuesday 24 November 2026". */
export function dayLabel(date: string, style: 'short' | 'long' = 'short'): string {
  const d = new Date(`${date}T12:00:00Z`);
  return style === 'short'
    ? fmt('ds', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d)
    : fmt('dl', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        d,
      );
}

/** 'HH:MM' (24 h) as the reader's clock shows it. */
export function timeLabel(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return fmt('t', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, h, m)),
  );
}

/** A time zone's short name on a date (PST, PDT…), for labelling times that are not the reader's. */
export function zoneName(tz: string, instant: string | number = Date.now()): string {
  const parts = fmt(`z${tz}`, { timeZone: tz, timeZoneName: 'short' }).formatToParts(new Date(instant));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? tz;
}

export const todayIn = (tz: string): string => toLocal(new Date(), tz).date;

/** The Monday of the week holding `date`. */
export function weekStart(date: string): string {
  const w = weekday(date);
  return addDays(date, -((w + 6) % 7));
}

export { addDays, localToUtc, toLocal };
