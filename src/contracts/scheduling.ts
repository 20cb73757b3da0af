import { z } from 'zod';
import {
  APPOINTMENT_STATUSES,
  CLINICAL_ROLES,
  DOSING_ROUTES,
  HOLDS,
  MODALITIES,
  ROOM_KINDS,
  VISIT_CATEGORIES,
} from '../domain/scheduling/catalogue';
import { isIsoDate, isTimeZone } from '../domain/scheduling/time';
import { text } from './common';
import { readinessResponse } from './courses';
import { phone, stateSchema } from './patients';

/**
 * Scheduling API (issue #9). Instants are ISO-8601 with an offset on the way in and UTC (`…Z`) on the way
 * out; every appointment also carries its display zone and its local date and times, so screens never do
 * zone arithmetic of their own.
 */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .refine(isIsoDate, 'Not a real date')
  .refine((s) => s >= '2000-01-01' && s <= '2100-12-31', 'Enter a date between 2000 and 2100');
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');
export const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'Not a known time zone (e.g. America/Los_Angeles)');
/** An instant with an offset, normalised to UTC; years 2000–2100 only (typos like 0202 are refused). */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => isIsoDate(s.slice(0, 10)), 'Not a real date')
  .refine((s) => {
    const y = new Date(s).getUTCFullYear();
    return y >= 2000 && y <= 2100;
  }, 'Enter a date between 2000 and 2100')
  .transform((s) => new Date(s).toISOString());
const httpsUrl = z.url({ protocol: /^https$/, message: 'Use an https:// link' }).max(500);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const idParam = z.object({ id: z.uuid() });
export const roomParams = z.object({ id: z.uuid() });
export const timeOffParams = z.object({ id: z.uuid(), timeOffId: z.uuid() });

// ── Locations and rooms ──
export const roomBody = z.object({
  name: text(40),
  kind: z.enum(ROOM_KINDS),
  active: z.boolean().default(true),
});
export const room = z.object({
  id: z.string(),
  locationId: z.string(),
  name: z.string(),
  kind: z.enum(ROOM_KINDS),
  active: z.boolean(),
});
export const locationBody = z.object({
  name: text(80),
  addressLine1: text(120),
  addressLine2: optionalText(120),
  city: text(80),
  state: stateSchema,
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Use a 5-digit ZIP code'),
  phone: phone.nullable().optional(),
  timezone: timeZone,
  esketamineCertified: z.boolean().default(false),
  active: z.boolean().default(true),
});
export const location = z.object({
  id: z.string(),
  name: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  phone: z.string().nullable(),
  timezone: z.string(),
  esketamineCertified: z.boolean(),
  active: z.boolean(),
  rooms: z.array(room),
});

// ── Appointment types ──
export const staffRequirement = z.object({
  roles: z.array(z.enum(CLINICAL_ROLES)).min(1).max(3),
  hold: z.enum(HOLDS),
});
export const typeBody = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Lower-case letters, digits and _ only'),
    name: text(80),
    patientLabel: text(80),
    category: z.enum(VISIT_CATEGORIES),
    route: z.enum(DOSING_ROUTES).nullable().default(null),
    defaultMinutes: z.number().int().min(5).max(720),
    minMinutes: z.number().int().min(5).max(720),
    maxMinutes: z.number().int().min(5).max(720),
    modalities: z.array(z.enum(MODALITIES)).min(1).max(3),
    roomKinds: z.array(z.enum(ROOM_KINDS)).max(3).default([]),
    roomRequired: z.boolean().default(false),
    staff: z.array(staffRequirement).min(1).max(4),
    certifiedSiteRequired: z.boolean().default(false),
    patientBookable: z.boolean().default(false),
    /** Its visits follow the patient's dosing visit; when left out, on for integration and off otherwise. */
    afterDosing: z.boolean().optional(),
    instructions: z.string().trim().max(4000).default(''),
    active: z.boolean().default(true),
    /** Optimistic concurrency on edit: the version the form loaded. */
    version: z.number().int().min(1).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.minMinutes > t.defaultMinutes || t.defaultMinutes > t.maxMinutes)
      ctx.addIssue({
        code: 'custom',
        path: ['defaultMinutes'],
        message: 'The default length must lie between the minimum and the maximum',
      });
    if (t.category === 'dosing' && !t.route)
      ctx.addIssue({ code: 'custom', path: ['route'], message: 'A dosing visit needs a route' });
    if (t.roomRequired && t.roomKinds.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['roomKinds'],
        message: 'Choose which kinds of room this visit can use',
      });
    if (t.afterDosing && t.category === 'dosing')
      ctx.addIssue({
        code: 'custom',
        path: ['afterDosing'],
        message: 'A dosing visit cannot be set to follow a dosing visit',
      });
  });
export const appointmentType = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  patientLabel: z.string(),
  category: z.enum(VISIT_CATEGORIES),
  route: z.enum(DOSING_ROUTES).nullable(),
  defaultMinutes: z.number(),
  minMinutes: z.number(),
  maxMinutes: z.number(),
  modalities: z.array(z.enum(MODALITIES)),
  roomKinds: z.array(z.enum(ROOM_KINDS)),
  roomRequired: z.boolean(),
  staff: z.array(staffRequirement),
  certifiedSiteRequired: z.boolean(),
  patientBookable: z.boolean(),
  afterDosing: z.boolean(),
  instructions: z.string(),
  active: z.boolean(),
  version: z.number(),
});

// ── Clinic scheduling settings ──
export const schedulingSettings = z.object({
  /** Minutes before a visit when email reminders go out (default 48 h and 2 h). */
  reminderOffsetsMinutes: z.array(z.number().int().min(15).max(20_160)).max(4),
  /** Patients may cancel online until this many hours before a visit. */
  patientCancelNoticeHours: z.number().int().min(0).max(168),
  /** Prospective patients may book a consultation from an emailed link after an enquiry. */
  selfBookingEnabled: z.boolean(),
  selfBookingDays: z.number().int().min(1).max(60),
  slotStepMinutes: z.number().int().min(5).max(120),
});

// ── Staff working hours and time off ──
export const hoursWindow = z
  .object({
    locationId: z.uuid().nullable(),
    weekday: z.number().int().min(0).max(6),
    start: localTime,
    end: localTime,
  })
  .refine((w) => w.start < w.end, { path: ['end'], message: 'The end must be after the start' });
export const hoursBody = z.object({ hours: z.array(hoursWindow).max(50) });
/** The people whose hours an admin sets: active clinicians, and the clinic's own zone (for time off). */
export const schedulingStaffList = z.object({
  timezone: z.string(),
  staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(CLINICAL_ROLES) })),
});
export const timeOffBody = z
  .object({ startsAt: instant, endsAt: instant, reason: optionalText(200) })
  .refine((t) => t.startsAt < t.endsAt, { path: ['endsAt'], message: 'The end must be after the start' });
export const timeOff = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable(),
});
export const availability = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  hours: z.array(
    z.object({
      id: z.string(),
      locationId: z.string().nullable(),
      weekday: z.number(),
      start: z.string(),
      end: z.string(),
      timezone: z.string(),
    }),
  ),
  timeOff: z.array(timeOff),
});

// ── Appointments ──
export const staffPick = z.object({ userId: z.uuid(), role: z.enum(CLINICAL_ROLES) });
export const bookingFields = z.object({
  typeId: z.uuid(),
  startsAt: instant,
  /** Defaults to the type's default length. */
  endsAt: instant.optional(),
  modality: z.enum(MODALITIES),
  locationId: z.uuid().nullable().optional(),
  roomId: z.uuid().nullable().optional(),
  staff: z.array(staffPick).min(1).max(6),
  videoUrl: httpsUrl.nullable().optional(),
  /** Where the patient will be during a video or audio visit (licensure). In person: the site's state. */
  patientLocationState: stateSchema.optional(),
  courseId: z.uuid().nullable().optional(),
  escortName: optionalText(120),
  escortPhone: phone.nullable().optional(),
});
export const bookingBody = bookingFields.extend({
  patientId: z.uuid(),
  sendConfirmation: z.boolean().default(true),
});
export const moveBody = z.object({
  startsAt: instant,
  endsAt: instant.optional(),
  locationId: z.uuid().nullable().optional(),
  roomId: z.uuid().nullable().optional(),
  staff: z.array(staffPick).min(1).max(6).optional(),
  modality: z.enum(MODALITIES).optional(),
  videoUrl: httpsUrl.nullable().optional(),
  patientLocationState: stateSchema.optional(),
  version: z.number().int().min(1),
  notifyPatient: z.boolean().default(true),
});
export const cancelBody = z.object({ reason: text(300), notifyPatient: z.boolean().default(true) });
export const statusBody = z.object({
  status: z.enum(['booked', 'checked_in', 'completed', 'no_show']),
  version: z.number().int().min(1).optional(),
});

export const warning = z.object({ code: z.string(), message: z.string(), fixPath: z.string().nullable() });
export const CONFLICT_RESOURCES = ['patient', 'clinician', 'room', 'time_off', 'working_hours'] as const;
export const conflictItem = z.object({
  resource: z.enum(CONFLICT_RESOURCES),
  id: z.string(),
  name: z.string(),
  appointmentId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  message: z.string(),
  /** In a batch (confirming a proposal): which item clashed. */
  item: z.number().nullable(),
});
export const appointment = z.object({
  id: z.string(),
  patientId: z.string().nullable(),
  enquiryId: z.string().nullable(),
  patientName: z.string(),
  chartNumber: z.string().nullable(),
  type: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    category: z.enum(VISIT_CATEGORIES),
    route: z.enum(DOSING_ROUTES).nullable(),
  }),
  courseId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  localDate: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  modality: z.enum(MODALITIES),
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable(),
  videoUrl: z.string().nullable(),
  patientLocationState: z.string(),
  staff: z.array(
    z.object({ userId: z.string(), name: z.string(), role: z.enum(CLINICAL_ROLES), hold: z.enum(HOLDS) }),
  ),
  status: z.enum(APPOINTMENT_STATUSES),
  nextStatuses: z.array(z.enum(APPOINTMENT_STATUSES)),
  cancelReason: z.string().nullable(),
  cancelledByKind: z.enum(['clinic', 'patient']).nullable(),
  lateCancel: z.boolean(),
  confirmedAt: z.string().nullable(),
  escortName: z.string().nullable(),
  escortPhone: z.string().nullable(),
  source: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * The visit belongs to a confidential record this user may not open: the calendar keeps the block (the room
   * and clinicians are taken) but names a "Confidential patient", with no patient, enquiry, course, escort,
   * video link or actions.
   */
  masked: z.boolean(),
});
export const reminder = z.object({
  id: z.string(),
  appointmentId: z.string(),
  kind: z.string(),
  sendAt: z.string(),
  status: z.enum(['pending', 'queued', 'sent', 'failed', 'cancelled', 'skipped']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export const bookingResponse = z.object({ appointment, warnings: z.array(warning) });
/**
 * A clinician booked at the same time in another visit where the visit types' holds allow it (one of the two
 * holds them only on site, e.g. the prescriber supervising dosing chairs): not a clash, but said in words.
 */
export const allowedOverlap = z.object({
  userId: z.string(),
  name: z.string(),
  appointmentId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  message: z.string(),
});
export const checkResponse = z.object({
  ok: z.boolean(),
  conflicts: z.array(conflictItem),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
  warnings: z.array(warning),
  allowedOverlaps: z.array(allowedOverlap),
});
export const appointmentWithReminders = appointment.extend({ reminders: z.array(reminder) });
export const patientAppointments = z.object({ appointments: z.array(appointmentWithReminders) });

export const calendarQuery = z.object({
  from: localDate,
  days: z.coerce.number().int().min(1).max(42).default(7),
  locationId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  userId: z.uuid().optional(),
  includeCancelled: z.enum(['true', 'false']).default('false'),
});
export const calendarResponse = z.object({
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  appointments: z.array(appointment),
  timeOff: z.array(timeOff),
});
export const todayQuery = z.object({ locationId: z.uuid().optional(), date: localDate.optional() });
export const todayResponse = z.object({
  date: z.string(),
  timezone: z.string(),
  appointments: z.array(
    appointment.extend({
      /**
       * For a dosing visit whose session has not started: the readiness gate as it stands (the same computation
       * as the course's gate and the session's start). Null for other visits, and once the session has started
       * (the console shows the readiness it started with).
       */
      readiness: readinessResponse.nullable(),
      reminderProblems: z.array(reminder),
      /** For a dosing visit: the patient's dosing session started that day (or still open), for the console link. */
      sessionId: z.string().nullable(),
    }),
  ),
  reminderProblems: z.array(reminder.extend({ patientName: z.string(), startsAt: z.string() })),
});
export const resourcesResponse = z.object({
  timezone: z.string(),
  locations: z.array(location),
  types: z.array(appointmentType),
  clinicians: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(CLINICAL_ROLES),
      licensedStates: z.array(z.string()),
    }),
  ),
  settings: schedulingSettings,
});

// ── Course schedule proposals ──
export const proposeBody = z.object({
  route: z.enum(DOSING_ROUTES),
  /** Local date of the first dosing visit, and the local time of dosing visits. */
  start: localDate,
  time: localTime,
  therapyTime: localTime.optional(),
  dosingCount: z.number().int().min(1).max(52).optional(),
  preparationCount: z.number().int().min(0).max(4).default(1),
  integrationWindow: z
    .object({ minDays: z.number().int().min(0).max(14), maxDays: z.number().int().min(0).max(14) })
    .refine((w) => w.minDays <= w.maxDays, { path: ['maxDays'], message: 'Must not be before minDays' })
    .nullable()
    .optional(),
  followUpMonths: z.array(z.number().int().min(1).max(24)).max(6).default([1, 3, 6]),
  skipWeekends: z.boolean().default(true),
  locationId: z.uuid(),
  dosingRoomId: z.uuid().nullable().optional(),
  prescriberId: z.uuid(),
  nurseId: z.uuid(),
  therapistId: z.uuid(),
  /** Who sees the patient at follow-ups (default: the prescriber). */
  followUpClinicianId: z.uuid().optional(),
  therapyModality: z.enum(MODALITIES).default('in_person'),
  patientLocationState: stateSchema.optional(),
  courseId: z.uuid().nullable().optional(),
});
export const proposalItem = z.object({
  kind: z.enum(['preparation', 'dosing', 'integration', 'follow_up']),
  label: z.string(),
  sequence: z.number(),
  afterDosing: z.number().nullable(),
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
  localDate: z.string(),
  /** The local time the visit will be booked at (the time asked for, unless it does not exist that day). */
  localStart: z.string(),
  /** The time asked for, when it does not exist that day because the clocks go forward over it; else null. */
  shiftedFrom: z.string().nullable(),
  /** Why the time moved, in plain words (null when it did not). */
  timeNotice: z.string().nullable(),
  /** Ready to send back (edited or not) in the confirm request's items. */
  booking: bookingFields.extend({ startsAt: z.string(), endsAt: z.string().optional() }),
  conflicts: z.array(conflictItem),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
  warnings: z.array(warning),
});
export const proposalResponse = z.object({ timezone: z.string(), items: z.array(proposalItem) });
export const confirmBody = z.object({
  items: z.array(bookingFields).min(1).max(80),
  sendConfirmation: z.boolean().default(true),
});
export const confirmResponse = z.object({ appointments: z.array(appointment), warnings: z.array(warning) });

// ── Patient portal and emailed links ──
export const portalVisit = z.object({
  id: z.string(),
  label: z.string(),
  category: z.enum(VISIT_CATEGORIES),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  when: z.string(),
  modality: z.enum(MODALITIES),
  locationName: z.string().nullable(),
  address: z.string().nullable(),
  videoUrl: z.string().nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  instructions: z.string(),
  confirmedAt: z.string().nullable(),
  canCancel: z.boolean(),
  cancelDeadline: z.string(),
  /** The patient may choose a new time online (therapy and consultation visits; dosing visits are arranged by the clinic). */
  canRebook: z.boolean(),
});
export const portalVisits = z.object({
  upcoming: z.array(portalVisit),
  past: z.array(portalVisit),
  cancelNoticeHours: z.number(),
  clinicPhone: z.string().nullable(),
});
export const portalCancelBody = z.object({ reason: optionalText(300) });
export const portalSlotsBody = z.object({ from: localDate.optional() });
/** Move a visit to another offered time (the old one is cancelled in the same step), or book again after cancelling. */
export const portalRebookBody = z.object({ startsAt: instant, userId: z.uuid() });
export const tokenBody = z.object({ token: z.string().min(20).max(200) });
export const respondBody = tokenBody.extend({
  action: z.enum(['confirm', 'cancel']),
  reason: optionalText(300),
});
export const publicVisit = portalVisit
  .omit({ id: true })
  .extend({ clinicName: z.string(), clinicPhone: z.string().nullable() });

// ── Self-booking for prospective patients ──
export const bookingInviteResponse = z.object({
  emailQueued: z.boolean(),
  bookingUrl: z.string().optional(),
});
export const slotsBody = tokenBody.extend({
  modality: z.enum(['in_person', 'video']).default('video'),
  from: localDate.optional(),
});
export const slot = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  when: z.string(),
  userId: z.string(),
  clinicianName: z.string(),
  modality: z.enum(['in_person', 'video']),
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
});
/** A dosing visit a visit keeps its place after (or before), in the patient's words. */
const orderedVisit = z.object({ label: z.string(), when: z.string(), endsAt: z.string() });
export const portalSlotsResponse = z.object({
  label: z.string(),
  durationMinutes: z.number(),
  timezone: z.string(),
  slots: z.array(slot),
  /** For a visit that follows the dosing visit: the dosing visits its new time stays between. */
  follows: z.object({ after: orderedVisit.nullable(), before: orderedVisit.nullable() }).nullable(),
});
export const slotsResponse = z.object({
  firstName: z.string(),
  label: z.string(),
  durationMinutes: z.number(),
  timezone: z.string(),
  slots: z.array(slot),
});
export const selfBookBody = tokenBody.extend({
  startsAt: instant,
  userId: z.uuid(),
  modality: z.enum(['in_person', 'video']),
  locationId: z.uuid().nullable().optional(),
});
export const selfBookResponse = z.object({
  booked: z.literal(true),
  when: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  modality: z.enum(['in_person', 'video']),
  locationName: z.string().nullable(),
});

// ── Calendar feeds ──
export const icalStatus = z.object({ active: z.boolean(), createdAt: z.string().nullable() });
export const icalCreated = z.object({ url: z.string(), createdAt: z.string() });
export const icalParams = z.object({ token: z.string().max(200) });
