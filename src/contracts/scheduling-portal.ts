import { z } from 'zod';
import { APPOINTMENT_STATUSES, MODALITIES, VISIT_CATEGORIES } from '../domain/scheduling/catalogue';
import { instant, localDate, optionalText } from './scheduling-common';

/** The patient portal, emailed visit links, self-booking and calendar feeds. */
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
