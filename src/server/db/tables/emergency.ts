/** Emergency access ("break the glass", S17): confidential records and the windows opened on them. */
export interface PatientConfidentialityTable {
  patient_id: string;
  set_by: string;
  set_at: string;
}

export interface EmergencyAccessTable {
  id: string;
  user_id: string;
  patient_id: string;
  /** Typed by the user when opening the window (about access, not a clinical note). */
  reason: string;
  opened_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null; // ended_by_user | designation_removed
}

export interface EmergencyTables {
  patient_confidentiality: PatientConfidentialityTable;
  emergency_access: EmergencyAccessTable;
}
