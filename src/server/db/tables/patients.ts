/** Enquiries, patient records, care teams, screening decisions, licences and consent. */
export interface EnquiriesTable {
  id: string;
  status: string; // new | contacted | consultation_booked | converted | declined
  urgent: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  state: string;
  date_of_birth: string;
  concerns: string; // JSON string[]
  red_flags: string; // JSON string[]
  preferred_contact_time: string | null;
  consent_to_contact: number;
  patient_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnquiryNotesTable {
  id: string;
  enquiry_id: string;
  author_id: string;
  body: string;
  status_change: string | null;
  created_at: string;
}

export interface PatientsTable {
  id: string;
  chart_number: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex_at_birth: string | null;
  gender_identity: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string;
  postal_code: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relation: string | null;
  weight_kg: number | null;
  height_cm: number | null;
  status: string; // enquiry | intake | active | maintenance | discharged
  pregnancy_status: string | null;
  breastfeeding: number | null;
  history: string; // JSON partial record HistoryKey → boolean
  planned_route: string | null;
  planned_setting: string | null;
  enquiry_id: string | null;
  search_text: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PatientDiagnosesTable {
  id: string;
  patient_id: string;
  code: string;
  display: string;
  created_at: string;
}

export interface PatientMedicationsTable {
  id: string;
  patient_id: string;
  name: string;
  dose: string | null;
  med_class: string | null;
  created_at: string;
}

export interface PatientAllergiesTable {
  id: string;
  patient_id: string;
  substance: string;
  reaction: string | null;
  created_at: string;
}

export interface CareTeamTable {
  patient_id: string;
  user_id: string;
  role: string; // prescriber | nurse | therapist
  created_at: string;
}

export interface ScreeningDecisionsTable {
  id: string;
  patient_id: string;
  outcome: string; // the evaluated outcome at decision time
  evaluation: string; // JSON ScreeningResult snapshot
  decision: string; // cleared | not_cleared
  overrides: string; // JSON [{ruleId, reason}]
  note: string | null;
  decided_by: string;
  decided_at: string;
}

export interface StaffLicencesTable {
  id: string;
  user_id: string;
  state: string;
  licence_type: string;
  number: string;
  expires_on: string;
  created_at: string;
  removed_at: string | null;
}

export interface ConsentDocumentsTable {
  id: string;
  kind: string;
  version: number;
  title: string;
  body: string;
  body_hash: string;
  created_by: string | null;
  created_at: string;
}

export interface ConsentSignaturesTable {
  id: string;
  patient_id: string;
  document_id: string;
  text_hash: string;
  signed_name: string;
  method: string; // portal | in_clinic
  witness_id: string | null;
  recorded_by: string | null;
  signed_at: string;
  ip: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface PatientTables {
  enquiries: EnquiriesTable;
  enquiry_notes: EnquiryNotesTable;
  patients: PatientsTable;
  patient_diagnoses: PatientDiagnosesTable;
  patient_medications: PatientMedicationsTable;
  patient_allergies: PatientAllergiesTable;
  care_team: CareTeamTable;
  screening_decisions: ScreeningDecisionsTable;
  staff_licences: StaffLicencesTable;
  consent_documents: ConsentDocumentsTable;
  consent_signatures: ConsentSignaturesTable;
}
