import type {
  ClinicalRole,
  DosingRoute,
  Hold,
  Modality,
  RoomKind,
  VisitCategory,
} from '../../../../domain/scheduling/catalogue';

/** Words for the scheduling catalogue's codes, as the admin screens show them. */
export const ROOM_KIND_LABELS: Record<RoomKind, string> = {
  chair: 'Dosing chair',
  room: 'Treatment room',
  office: 'Office',
};

export const MODALITY_LABELS: Record<Modality, string> = {
  in_person: 'In person',
  video: 'Video',
  audio: 'Phone',
};

export const CLINICAL_ROLE_LABELS: Record<ClinicalRole, string> = {
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
};

export const HOLD_LABELS: Record<Hold, string> = {
  exclusive: 'Busy for the whole visit',
  on_site: 'On site, supervising (can see others)',
};

export const CATEGORY_LABELS: Record<VisitCategory, string> = {
  consultation: 'Consultation',
  preparation: 'Preparation',
  dosing: 'Dosing',
  integration: 'Integration',
  follow_up: 'Follow-up',
  other: 'Other',
};

export const ROUTE_LABELS: Record<DosingRoute, string> = {
  im: 'Intramuscular (IM)',
  iv: 'Intravenous (IV)',
  sublingual: 'Sublingual',
  esketamine: 'Esketamine nasal spray',
};

/** Monday first, as clinics plan their weeks; the API counts 0 = Sunday … 6 = Saturday. */
export const WEEKDAYS: { value: number; label: string }[] = [
  { value: 1, label: 'Monday' },
  { value: 2, label: 'Tuesday' },
  { value: 3, label: 'Wednesday' },
  { value: 4, label: 'Thursday' },
  { value: 5, label: 'Friday' },
  { value: 6, label: 'Saturday' },
  { value: 0, label: 'Sunday' },
];

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

/** "45 min", "2 h", "2 h 15 min", "2 days", "1 day 6 h". */
export function duration(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} h`);
  if (mins) parts.push(`${mins} min`);
  return parts.join(' ') || '0 min';
}

let zones: string[] | undefined;
/** Every IANA zone this browser knows (America/Los_Angeles, …), for the site's time zone. */
export function timeZones(): string[] {
  if (!zones) {
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = [
        'America/New_York',
        'America/Chicago',
        'America/Denver',
        'America/Phoenix',
        'America/Los_Angeles',
        'America/Anchorage',
        'Pacific/Honolulu',
      ];
    }
  }
  return zones;
}

export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * For `form.onSubmit(submit, focusFirstError)`: when the check before sending fails, move focus to the first
 * field with an error (in a long dialog it may be scrolled out of sight), so the message is seen and read out.
 */
export function focusFirstError(
  _errors: unknown,
  _values: unknown,
  event?: { currentTarget: EventTarget | null },
) {
  const root = event?.currentTarget instanceof HTMLElement ? event.currentTarget : document;
  requestAnimationFrame(() => root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
