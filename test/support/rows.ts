import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database } from '../../src/server/db/schema';

/**
 * Rows written straight into a table, for tests that need a state the API would take many steps to reach (a
 * session in an unusual status, a thousand enquiries). Every column is spelled once here; tests override what
 * they are about.
 */

/** An active IM course in clinic. */
export const courseRow = (
  patientId: string,
  createdBy: string,
  now: string,
  over: Partial<Insertable<Database['courses']>> = {},
): Insertable<Database['courses']> => ({
  id: randomUUID(),
  patient_id: patientId,
  template_key: 'im',
  route: 'im',
  setting: 'clinic',
  indications: '[]',
  planned_preparation: 1,
  planned_dosing: 6,
  planned_integration: 1,
  status: 'active',
  rems_enrolled: 0,
  rems_patient_id: null,
  created_by: createdBy,
  created_at: now,
  updated_at: now,
  ...over,
});

/** A dosing session of `course`, started now, in `status` (nothing ordered, given or signed unless overridden). */
export const sessionRow = (
  course: { id: string; patient_id: string },
  startedBy: string,
  now: string,
  over: Partial<Insertable<Database['dosing_sessions']>> = {},
): Insertable<Database['dosing_sessions']> => ({
  id: randomUUID(),
  course_id: course.id,
  patient_id: course.patient_id,
  number: 1,
  route: 'im',
  setting: 'clinic',
  status: 'pre_dose',
  readiness: '{}',
  checklist: null,
  weight_kg: null,
  hold: null,
  hold_override: null,
  dose_order: null,
  first_dose_at: null,
  discharge: null,
  discharged_at: null,
  narrative: null,
  rems: null,
  rems_submitted_at: null,
  signed_by: null,
  signed_at: null,
  started_by: startedBy,
  started_at: now,
  version: 1,
  updated_at: now,
  ...over,
});

/** A new (not yet contacted) consultation request made at `at`. */
export const enquiryRow = (
  lastName: string,
  at: string,
  over: Partial<Insertable<Database['enquiries']>> = {},
): Insertable<Database['enquiries']> => ({
  id: randomUUID(),
  status: 'new',
  urgent: 0,
  first_name: 'Queue',
  last_name: lastName,
  email: `${lastName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`,
  phone: '5550100000',
  state: 'CA',
  date_of_birth: '1990-01-01',
  concerns: '[]',
  red_flags: '[]',
  preferred_contact_time: null,
  consent_to_contact: 1,
  patient_id: null,
  created_at: at,
  updated_at: at,
  ...over,
});

/** A bare active patient record: no contact details, no intake answers (tests and benches override the rest). */
export const patientRow = (
  now: string,
  over: Partial<Insertable<Database['patients']>> = {},
): Insertable<Database['patients']> => ({
  id: randomUUID(),
  chart_number: `LIM-${randomUUID().slice(0, 8)}`,
  first_name: 'A',
  last_name: 'B',
  preferred_name: null,
  date_of_birth: '1980-01-01',
  sex_at_birth: null,
  gender_identity: null,
  email: null,
  phone: null,
  address_line1: null,
  address_line2: null,
  city: null,
  state: 'CA',
  postal_code: null,
  emergency_contact_name: null,
  emergency_contact_phone: null,
  emergency_contact_relation: null,
  weight_kg: null,
  height_cm: null,
  status: 'active',
  pregnancy_status: null,
  breastfeeding: null,
  history: '{}',
  planned_route: null,
  planned_setting: null,
  enquiry_id: null,
  search_text: '',
  version: 1,
  created_at: now,
  updated_at: now,
  ...over,
});
