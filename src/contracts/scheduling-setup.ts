import { z } from 'zod';
import {
  CLINICAL_ROLES,
  DOSING_ROUTES,
  HOLDS,
  MODALITIES,
  ROOM_KINDS,
  VISIT_CATEGORIES,
} from '../domain/scheduling/catalogue';
import { text } from './common';
import { phone, stateSchema } from './patients';
import { instant, localTime, optionalText, timeZone } from './scheduling-common';

/** Clinic set-up: sites and rooms, visit types, scheduling settings, staff hours and time off. */
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
