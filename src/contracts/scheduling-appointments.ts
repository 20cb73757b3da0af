import { z } from 'zod';
import {
  APPOINTMENT_STATUSES,
  CLINICAL_ROLES,
  DOSING_ROUTES,
  HOLDS,
  MODALITIES,
  VISIT_CATEGORIES,
} from '../domain/scheduling/catalogue';
import { text } from './common';
import { readinessResponse } from './courses';
import { phone, stateSchema } from './patients';
import { httpsUrl, instant, localDate, localTime, optionalText } from './scheduling-common';
import { appointmentType, location, schedulingSettings, timeOff } from './scheduling-setup';

/** Appointments, the calendar, Today, and course schedule proposals. */
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
