/**
 * Booking payloads for the scheduling tests (`POST /api/appointments` and its dry run): a dosing visit in a
 * chair with its nurse and supervising prescriber, and a video visit with one clinician. The clinic they book
 * in (visit types by code, the site, its chairs, the clinicians) is read when a payload is built, so the
 * builders can be made before the test file's `beforeAll` has set it up.
 */
import type { Agent } from './app';

export interface BookingClinic {
  types: Record<string, { id: string }>;
  site: { id: string };
  chairs: { id: string }[];
  nurse: Agent;
  prescriber: Agent;
  therapist: Agent;
}

export interface VideoVisit {
  /** The visit type's code (integration unless given). */
  type?: string;
  /** Who sees the patient (the therapist unless given), and in which role. */
  clinician?: { userId: string };
  role?: string;
  /** Where the patient will be (California unless given). */
  state?: string;
}

/** The Pacific offset of a date in the tests' autumn: daylight time until 1 November 2026, standard after. */
const pacificOffset = (date: string) => (date < '2026-11-01' ? '-07:00' : '-08:00');

export function bookingBuilders(clinic: () => BookingClinic) {
  /** A dosing visit's staff: a nurse (the clinic's unless given) and the supervising prescriber. */
  const dosingStaff = (nurse: { userId: string } = clinic().nurse) => [
    { userId: nurse.userId, role: 'nurse' },
    { userId: clinic().prescriber.userId, role: 'prescriber' },
  ];
  return {
    dosingStaff,
    /** A dosing booking (IM) at 09:00 local on `date` in Chair 1 with the nurse and the supervising prescriber. */
    dosing: (patientId: string, date: string, over: Record<string, unknown> = {}) => ({
      patientId,
      typeId: clinic().types.dosing_im?.id,
      startsAt: `${date}T09:00:00${pacificOffset(date)}`,
      modality: 'in_person',
      locationId: clinic().site.id,
      roomId: clinic().chairs[0]?.id,
      staff: dosingStaff(),
      ...over,
    }),
    /** A video visit starting at `startsAt` (an integration session with the therapist unless said otherwise). */
    video: (patientId: string, startsAt: string, visit: VideoVisit = {}) => ({
      patientId,
      typeId: clinic().types[visit.type ?? 'integration']?.id,
      startsAt,
      modality: 'video',
      patientLocationState: visit.state ?? 'CA',
      staff: [{ userId: (visit.clinician ?? clinic().therapist).userId, role: visit.role ?? 'therapist' }],
    }),
  };
}
