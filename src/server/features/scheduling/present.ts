import type { z } from 'zod';
import type {
  appointment,
  appointmentType,
  location,
  reminder,
  room,
  timeOff,
} from '../../../contracts/scheduling';
import {
  type AppointmentStatus,
  type ClinicalRole,
  type DosingRoute,
  type Hold,
  type Modality,
  nextStatuses,
  toLocal,
  type VisitCategory,
} from '../../../domain/scheduling';
import { toBool } from '../../db/dialect';
import { MASKED_NAME } from '../../platform/confidential';
import type { LocationRow, RoomRow, TypeDef } from './reference-repository';
import type { ReminderRow } from './reminders-repository';
import type { ListedAppointment } from './repository';

/** Rows → API shapes. Pure: no SQL here. */
type Appointment = z.infer<typeof appointment>;

export const presentRoom = (r: RoomRow): z.infer<typeof room> => ({
  id: r.id,
  locationId: r.location_id,
  name: r.name,
  kind: r.kind as 'chair',
  active: toBool(r.active),
});

export const presentLocation = (l: LocationRow, rooms: RoomRow[]): z.infer<typeof location> => ({
  id: l.id,
  name: l.name,
  addressLine1: l.address_line1,
  addressLine2: l.address_line2,
  city: l.city,
  state: l.state,
  postalCode: l.postal_code,
  phone: l.phone,
  timezone: l.timezone,
  esketamineCertified: toBool(l.esketamine_certified),
  active: toBool(l.active),
  rooms: rooms.filter((r) => r.location_id === l.id).map(presentRoom),
});

export const presentType = (t: TypeDef): z.infer<typeof appointmentType> => ({ ...t });

export const presentTimeOff = (t: {
  id: string;
  user_id: string;
  user_name?: string | null;
  starts_at: string;
  ends_at: string;
  reason: string | null;
}): z.infer<typeof timeOff> => ({
  id: t.id,
  userId: t.user_id,
  userName: t.user_name ?? null,
  startsAt: t.starts_at,
  endsAt: t.ends_at,
  reason: t.reason,
});

export const presentReminder = (r: ReminderRow): z.infer<typeof reminder> => ({
  id: r.id,
  appointmentId: r.appointment_id,
  kind: r.kind,
  sendAt: r.send_at,
  status: r.status as 'pending',
  attempts: Number(r.attempts),
  lastError: r.last_error,
  sentAt: r.sent_at,
});

export function personName(a: {
  p_first?: string | null;
  p_last?: string | null;
  p_preferred?: string | null;
  e_first?: string | null;
  e_last?: string | null;
}): string {
  if (a.p_first) return `${a.p_preferred ?? a.p_first} ${a.p_last ?? ''}`.trim();
  if (a.e_first) return `${a.e_first} ${a.e_last ?? ''} (enquiry)`.trim();
  return 'Unknown';
}

/** Calendar feeds leave third-party calendar services with as little PHI as possible: initials only. */
export const initials = (a: {
  p_first?: string | null;
  p_last?: string | null;
  e_first?: string | null;
  e_last?: string | null;
}): string =>
  [a.p_first ?? a.e_first, a.p_last ?? a.e_last]
    .map((s) => (s ? `${s.trim().charAt(0).toUpperCase()}.` : ''))
    .join(' ')
    .trim() || '—';

export function addressOf(a: {
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  location_state: string | null;
  postal_code: string | null;
}): string | null {
  if (!a.address_line1) return null;
  return [
    a.address_line1,
    a.address_line2,
    `${a.city ?? ''}, ${a.location_state ?? ''} ${a.postal_code ?? ''}`.trim(),
  ]
    .filter(Boolean)
    .join(', ');
}

export function presentAppointment(
  a: ListedAppointment,
  staff: { appointment_id: string; user_id: string; name: string; role: string; hold: string }[],
): Appointment {
  const start = toLocal(a.starts_at, a.timezone);
  const end = toLocal(a.ends_at, a.timezone);
  return {
    id: a.id,
    patientId: a.patient_id,
    enquiryId: a.enquiry_id,
    patientName: personName(a),
    chartNumber: a.chart_number ?? null,
    type: {
      id: a.type_id,
      code: a.type_code,
      name: a.type_name,
      category: a.type_category as VisitCategory,
      route: (a.type_route ?? null) as DosingRoute | null,
    },
    courseId: a.course_id,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    timezone: a.timezone,
    localDate: start.date,
    localStart: start.time,
    localEnd: end.time,
    modality: a.modality as Modality,
    locationId: a.location_id,
    locationName: a.location_name ?? null,
    roomId: a.room_id,
    roomName: a.room_name ?? null,
    videoUrl: a.video_url,
    patientLocationState: a.patient_location_state,
    staff: staff
      .filter((s) => s.appointment_id === a.id)
      .map((s) => ({ userId: s.user_id, name: s.name, role: s.role as ClinicalRole, hold: s.hold as Hold })),
    status: a.status as AppointmentStatus,
    nextStatuses: [...nextStatuses(a.status as AppointmentStatus)],
    cancelReason: a.cancel_reason,
    cancelledByKind: (a.cancelled_by_kind ?? null) as 'clinic' | null,
    lateCancel: toBool(a.late_cancel),
    confirmedAt: a.confirmed_at,
    escortName: a.escort_name,
    escortPhone: a.escort_phone,
    source: a.source,
    version: Number(a.version),
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    masked: false,
  };
}

/** The record a listed visit belongs to: its own, or (self-booked) the one made from its enquiry. */
export const visitPatientId = (a: {
  patient_id: string | null;
  e_patient_id?: string | null;
}): string | null => a.patient_id ?? a.e_patient_id ?? null;

/**
 * A visit of a confidential record the user may not open (platform/confidential.ts), as the calendar shows
 * it: the block stays (the room and clinicians are busy), without anything that names or leads to the patient.
 */
export function maskAppointment<T extends Appointment>(a: T): T {
  return {
    ...a,
    patientId: null,
    enquiryId: null,
    patientName: MASKED_NAME,
    chartNumber: null,
    courseId: null,
    videoUrl: null,
    escortName: null,
    escortPhone: null,
    cancelReason: null,
    nextStatuses: [],
    masked: true,
  };
}
