import type { StaffList } from './scheduling-admin-query';

/** A clinician on the staff-hours tab. */
export type Person = StaffList['staff'][number];

/** "Tue, Mar 10, 2026, 9:00 AM PDT" in the given zone. */
export function when(instant: string, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}
