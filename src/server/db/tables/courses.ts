/** Treatment courses, therapy notes and dosing sessions. */
export interface CourseTemplatesTable {
  key: string;
  name: string;
  route: string; // iv | im | sublingual | oral | esketamine
  setting: string; // in_clinic | at_home
  planned_preparation: number;
  planned_dosing: number;
  planned_integration: number;
  vitals_every_minutes: number;
  description: string;
  updated_at: string;
  updated_by: string | null;
}

export interface CoursesTable {
  id: string;
  patient_id: string;
  template_key: string;
  route: string;
  setting: string;
  indications: string; // JSON string[]
  planned_preparation: number;
  planned_dosing: number;
  planned_integration: number;
  status: string; // planned | active | completed | stopped
  rems_enrolled: number;
  rems_patient_id: string | null;
  stop_reason: string | null; // migration 0026: domain/outcomes-stats STOP_REASONS, when stopped
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TherapyNotesTable {
  id: string;
  course_id: string;
  patient_id: string;
  kind: string; // preparation | integration
  dosing_session_id: string | null;
  session_date: string;
  content: string; // JSON
  status: string; // draft | signed
  author_id: string;
  content_hash: string | null;
  signed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AddendaTable {
  id: string;
  target_type: string; // note | session
  target_id: string;
  patient_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface DosingSessionsTable {
  id: string;
  course_id: string;
  patient_id: string;
  number: number;
  route: string;
  setting: string;
  status: string; // pre_dose | dosing | monitoring | discharged | signed
  readiness: string; // JSON snapshot at start, with overrides
  checklist: string | null; // JSON
  weight_kg: number | null;
  hold: string | null; // JSON { rules, since } while a pre-dose hold is open
  hold_override: string | null; // JSON { by, reason, at }
  dose_order: string | null; // JSON
  first_dose_at: string | null;
  discharge: string | null; // JSON
  discharged_at: string | null;
  narrative: string | null;
  rems: string | null; // JSON (esketamine REMS record fields)
  rems_submitted_at: string | null;
  signed_by: string | null;
  signed_at: string | null;
  started_by: string;
  started_at: string;
  version: number;
  updated_at: string;
  /** The clinic rule-set version the session started with (clinic_rule_sets); fixed once set. */
  rule_set_version: number | null;
}

export interface SessionEntriesTable {
  id: string;
  session_id: string;
  patient_id: string;
  kind: string;
  at: string;
  data: string; // JSON
  alerts: string; // JSON fired rules
  corrects_id: string | null;
  idempotency_key: string;
  recorded_by: string;
  recorded_at: string;
}

/** The therapy visit a note was written for (one note per visit; migration 0017). */
export interface NoteVisitsTable {
  appointment_id: string;
  note_id: string;
  created_at: string;
}

export interface CourseTables {
  course_templates: CourseTemplatesTable;
  courses: CoursesTable;
  therapy_notes: TherapyNotesTable;
  note_visits: NoteVisitsTable;
  addenda: AddendaTable;
  dosing_sessions: DosingSessionsTable;
  session_entries: SessionEntriesTable;
}
