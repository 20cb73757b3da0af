import { z } from 'zod';
import { email, text } from './common';
import { birthDate, phone, stateSchema } from './patients';

export const CONCERNS = ['depression', 'anxiety', 'ptsd', 'ocd', 'suicidal_thoughts', 'other'] as const;
export const RED_FLAGS = [
  'psychosis_or_mania_history',
  'pregnant',
  'uncontrolled_blood_pressure',
  'current_substance_use',
  'recent_suicide_attempt',
] as const;
export const ENQUIRY_STATUSES = ['new', 'contacted', 'consultation_booked', 'converted', 'declined'] as const;

export const enquiryBody = z.object({
  firstName: text(80),
  lastName: text(80),
  email,
  phone,
  state: stateSchema,
  dateOfBirth: birthDate,
  concerns: z.array(z.enum(CONCERNS)).min(1, 'Choose at least one').max(6),
  redFlags: z.array(z.enum(RED_FLAGS)).max(5).default([]),
  preferredContactTime: z.enum(['morning', 'afternoon', 'evening', 'any']).default('any'),
  consentToContact: z.literal(true, { message: 'We need your permission to contact you' }),
  /** Honeypot: people never see this field; bots fill it in. */
  website: z.string().max(200).optional(),
});

export const enquiryAccepted = z.object({
  received: z.literal(true),
  /** True when the person reported suicidal thoughts or a recent attempt: show crisis resources now. */
  crisis: z.boolean(),
});

export const enquirySchema = z.object({
  id: z.string(),
  status: z.enum(ENQUIRY_STATUSES),
  urgent: z.boolean(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string(),
  state: z.string(),
  dateOfBirth: z.string(),
  concerns: z.array(z.string()),
  redFlags: z.array(z.string()),
  preferredContactTime: z.string().nullable(),
  patientId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const enquiryNote = z.object({
  id: z.string(),
  authorName: z.string().nullable(),
  body: z.string(),
  statusChange: z.string().nullable(),
  createdAt: z.string(),
});
export const enquiryDetail = enquirySchema.extend({ notes: z.array(enquiryNote) });
export const enquiryListQuery = z.object({
  status: z.enum(ENQUIRY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const enquiryListResponse = z.object({ enquiries: z.array(enquirySchema), total: z.number() });
export const enquiryStatusBody = z.object({
  status: z.enum(['contacted', 'consultation_booked', 'declined', 'new']),
  note: text(2000).optional(),
});
export const enquiryNoteBody = z.object({ body: text(4000) });
export const convertResponse = z.object({ patientId: z.string(), chartNumber: z.string() });
