import type { CONCERNS, ENQUIRY_STATUSES, RED_FLAGS } from '../../../contracts/enquiries';

/** Plain words for the enquiry form's options, as a visitor reads them and as staff see them. */
export const CONCERN_LABELS: Record<(typeof CONCERNS)[number], string> = {
  depression: 'Depression',
  anxiety: 'Anxiety',
  ptsd: 'Post-traumatic stress (PTSD)',
  ocd: 'Obsessive-compulsive disorder (OCD)',
  suicidal_thoughts: 'Thoughts of suicide',
  other: 'Something else',
};

export const RED_FLAG_LABELS: Record<(typeof RED_FLAGS)[number], string> = {
  psychosis_or_mania_history: 'I have had psychosis or mania (including bipolar disorder)',
  pregnant: 'I am pregnant or may be pregnant',
  uncontrolled_blood_pressure: 'I have high blood pressure that is not under control',
  current_substance_use: 'I currently use alcohol or drugs in a way that worries me',
  recent_suicide_attempt: 'I have recently tried to end my life',
};

/** The same flags, shorter, for staff screens. */
export const RED_FLAG_SHORT: Record<(typeof RED_FLAGS)[number], string> = {
  psychosis_or_mania_history: 'History of psychosis or mania',
  pregnant: 'Pregnant or may be',
  uncontrolled_blood_pressure: 'Uncontrolled blood pressure',
  current_substance_use: 'Current substance use',
  recent_suicide_attempt: 'Recent suicide attempt',
};

export const CONTACT_TIME_LABELS: Record<'morning' | 'afternoon' | 'evening' | 'any', string> = {
  morning: 'Morning',
  afternoon: 'Afternoon',
  evening: 'Evening',
  any: 'Any time',
};

export const ENQUIRY_STATUS_LABELS: Record<(typeof ENQUIRY_STATUSES)[number], string> = {
  new: 'New',
  contacted: 'Contacted',
  consultation_booked: 'Consultation booked',
  converted: 'Converted to patient',
  declined: 'Declined',
};

const lookup = <T extends string>(map: Record<T, string>, key: string) => map[key as T] ?? key;
export const concernLabel = (k: string) => lookup(CONCERN_LABELS, k);
export const redFlagLabel = (k: string) => lookup(RED_FLAG_SHORT, k);
export const enquiryStatusLabel = (k: string) => lookup(ENQUIRY_STATUS_LABELS, k);
export const contactTimeLabel = (k: string | null) => (k ? lookup(CONTACT_TIME_LABELS, k) : 'Not given');

/** True when the answers call for crisis resources straight away (the server flags these as urgent too). */
export const needsCrisisHelp = (concerns: readonly string[], redFlags: readonly string[]) =>
  concerns.includes('suicidal_thoughts') || redFlags.includes('recent_suicide_attempt');
