/**
 * Scheduling: sites, rooms and chairs, appointment types, staff hours and time off, appointments with the
 * people and room they hold, reminders, patient response links, calendar feeds and self-booking invites.
 * Instants are ISO-8601 UTC strings; local wall-clock times ('HH:MM') only appear in weekly working hours.
 */
export interface ClinicLocationsTable {
  id: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  postal_code: string;
  phone: string | null;
  timezone: string;
  esketamine_certified: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ClinicRoomsTable {
  id: string;
  location_id: string;
  name: string;
  kind: string; // chair | room | office
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AppointmentTypesTable {
  id: string;
  code: string;
  name: string;
  patient_label: string; // what patients see (emails, portal): never names the drug
  category: string; // consultation | preparation | dosing | integration | follow_up | other
  route: string | null; // im | iv | sublingual | esketamine (dosing only)
  default_minutes: number;
  min_minutes: number;
  max_minutes: number;
  modalities: string; // JSON Modality[]
  room_kinds: string; // JSON RoomKind[] a room must be one of
  room_required: number;
  staff: string; // JSON StaffRequirement[]
  certified_site_required: number;
  patient_bookable: number; // offered to prospective patients for self-booking
  after_dosing: number; // its visits follow the patient's dosing visit (integration): new times keep that order
  instructions: string; // preparation instructions sent with confirmations and reminders
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StaffHoursTable {
  id: string;
  user_id: string;
  location_id: string | null; // null: any site or remote
  weekday: number; // 0 = Sunday
  start_time: string; // HH:MM local to the location (or the clinic's zone)
  end_time: string;
  timezone: string;
  created_at: string;
}

export interface StaffTimeOffTable {
  id: string;
  user_id: string;
  starts_at: string;
  ends_at: string;
  reason: string | null;
  created_by: string;
  created_at: string;
  removed_at: string | null;
}

export interface AppointmentsTable {
  id: string;
  patient_id: string | null; // null only for a consultation a prospective patient booked from an enquiry
  enquiry_id: string | null;
  type_id: string;
  course_id: string | null; // courses.id (no foreign key: courses arrive in a later migration)
  starts_at: string;
  ends_at: string;
  timezone: string; // the zone the visit is shown in (the location's, or the clinic's for video)
  location_id: string | null;
  room_id: string | null;
  modality: string; // in_person | video | audio
  video_url: string | null;
  patient_location_state: string; // where the patient is during the visit (licensure, DOMAIN §7)
  status: string; // booked | checked_in | completed | cancelled | no_show
  cancel_reason: string | null;
  cancelled_by: string | null; // user id
  cancelled_by_kind: string | null; // clinic | patient
  late_cancel: number;
  status_changed_at: string | null;
  escort_name: string | null;
  escort_phone: string | null;
  confirmed_at: string | null;
  source: string; // staff | proposal | portal | self_booking
  booked_by: string | null;
  sequence: number; // iCalendar SEQUENCE: bumped on every change patients or feeds see
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AppointmentStaffTable {
  appointment_id: string;
  user_id: string;
  role: string; // prescriber | nurse | therapist
  hold: string; // exclusive | on_site
}

export interface AppointmentRemindersTable {
  id: string;
  appointment_id: string;
  kind: string; // '48h', '2h' …
  send_at: string;
  status: string; // pending | queued | sent | failed | cancelled | skipped
  attempts: number;
  last_error: string | null;
  outbox_id: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppointmentLinksTable {
  id: string;
  appointment_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface AppointmentMailTable {
  id: string;
  appointment_id: string;
  outbox_id: string;
  kind: string; // confirmation | reminder | change | cancellation
  filename: string;
  content_type: string;
  content: string;
  created_at: string;
}

export interface IcalFeedsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface BookingInvitesTable {
  id: string;
  enquiry_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  appointment_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface SchedulingTables {
  clinic_locations: ClinicLocationsTable;
  clinic_rooms: ClinicRoomsTable;
  appointment_types: AppointmentTypesTable;
  staff_hours: StaffHoursTable;
  staff_time_off: StaffTimeOffTable;
  appointments: AppointmentsTable;
  appointment_staff: AppointmentStaffTable;
  appointment_reminders: AppointmentRemindersTable;
  appointment_links: AppointmentLinksTable;
  appointment_mail: AppointmentMailTable;
  ical_feeds: IcalFeedsTable;
  booking_invites: BookingInvitesTable;
}
