// What kinds of visit a KAP clinic books and what each one holds (DOMAIN §1, §2).
//
// A dosing visit holds a chair or room and a nurse for the whole dose-and-recovery period, and needs a
// prescriber on site (who may supervise several chairs at once, so is not held exclusively). Preparation
// and integration are ordinary therapy hours with a therapist. The numbers are defaults: each clinic edits
// its appointment types (the database copy is the one in force).

export const VISIT_CATEGORIES = [
  'consultation',
  'preparation',
  'dosing',
  'integration',
  'follow_up',
  'other',
] as const;
export type VisitCategory = (typeof VISIT_CATEGORIES)[number];

export const DOSING_ROUTES = ['im', 'iv', 'sublingual', 'esketamine'] as const;
export type DosingRoute = (typeof DOSING_ROUTES)[number];

export const MODALITIES = ['in_person', 'video', 'audio'] as const;
export type Modality = (typeof MODALITIES)[number];

export const ROOM_KINDS = ['chair', 'room', 'office'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const CLINICAL_ROLES = ['prescriber', 'nurse', 'therapist'] as const;
export type ClinicalRole = (typeof CLINICAL_ROLES)[number];

/**
 * `exclusive`: the person is busy for the whole visit (a second booking for them clashes).
 * `on_site`: the person must be working at the location for the whole visit but may be doing other things
 * (the prescriber who supervises dosing chairs).
 */
export const HOLDS = ['exclusive', 'on_site'] as const;
export type Hold = (typeof HOLDS)[number];

export interface StaffRequirement {
  /** Any of these roles can fill the requirement. */
  roles: ClinicalRole[];
  hold: Hold;
}

/** Default lengths in minutes (clinic-editable). Sources: DOMAIN §2; Spravato label (≥ 2 h monitoring). */
export const DEFAULT_MINUTES = {
  consultation: 60,
  preparation: 60,
  integration: 60,
  follow_up: 30,
  dosing: { im: 150, iv: 120, sublingual: 120, esketamine: 135 } satisfies Record<DosingRoute, number>,
} as const;

/** The appointment-type code for each kind of visit a course schedule proposes. */
export const dosingTypeCode = (route: DosingRoute): string => `dosing_${route}`;
export const TYPE_CODES = {
  consultation: 'consultation',
  preparation: 'preparation',
  integration: 'integration',
  follow_up: 'follow_up',
} as const;

export interface StaffAssignment {
  userId: string;
  role: ClinicalRole;
  hold: Hold;
}

/**
 * Assigns the people chosen for a visit to the type's requirements: each requirement needs a different
 * person with one of its roles; anyone left over joins the visit as an extra (held exclusively, e.g. the
 * therapist who sits in on a dosing session). Returns the assignment or what is missing, in words.
 */
export function assignStaff(
  requirements: readonly StaffRequirement[],
  chosen: readonly { userId: string; role: string }[],
): { ok: true; staff: StaffAssignment[] } | { ok: false; missing: string[]; invalid: number[] } {
  const invalid = chosen
    .map((c, i) => ((CLINICAL_ROLES as readonly string[]).includes(c.role) ? -1 : i))
    .filter((i) => i >= 0);
  const dupes = chosen
    .map((c, i) => (chosen.findIndex((x) => x.userId === c.userId) < i ? i : -1))
    .filter((i) => i >= 0);
  if (invalid.length || dupes.length) return { ok: false, missing: [], invalid: [...invalid, ...dupes] };
  const free = chosen.map((c) => ({ ...c, role: c.role as ClinicalRole, used: false }));
  const staff: StaffAssignment[] = [];
  const missing: string[] = [];
  // Requirements with fewer acceptable roles first, so "prescriber or therapist" does not take the only prescriber.
  const ordered = [...requirements].sort((a, b) => a.roles.length - b.roles.length);
  for (const req of ordered) {
    const pick = free.find((f) => !f.used && req.roles.includes(f.role));
    if (!pick) {
      missing.push(
        `${req.hold === 'on_site' ? 'A supervising ' : 'A '}${req.roles.join(' or ')}${req.hold === 'on_site' ? ' on site' : ''}`,
      );
      continue;
    }
    pick.used = true;
    staff.push({ userId: pick.userId, role: pick.role, hold: req.hold });
  }
  if (missing.length) return { ok: false, missing, invalid: [] };
  for (const f of free) if (!f.used) staff.push({ userId: f.userId, role: f.role, hold: 'exclusive' });
  return { ok: true, staff };
}

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold time on the calendar (a clash check counts them). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'checked_in'];

const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  // Undo a check-in made by mistake; completion is recorded after the visit.
  checked_in: ['completed', 'booked'],
  // A no-show marked in error can be put back.
  no_show: ['booked'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: AppointmentStatus): readonly AppointmentStatus[] {
  return TRANSITIONS[from];
}
