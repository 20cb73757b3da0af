/** The integration journal (issue #17). An entry's text is the patient's: staff read it only while shared. */
export interface JournalEntriesTable {
  id: string;
  patient_id: string;
  course_id: string | null;
  kind: string; // intention | reflection | free
  /** The prompt it answers (src/domain/journal/due.ts promptKey), or null for a free entry. */
  prompt_key: string | null;
  /** The dosing session it was written for: appointment | at_home_session (null: none). */
  session_type: string | null;
  session_id: string | null;
  body: string;
  /** 1 when the last save's text matched the crisis list (src/domain/crisis). */
  crisis: number;
  /** 1 while shared with the care team: the latest journal_sharing step (kept in step in one transaction). */
  shared: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Each share and withdrawal, insert-only. */
export interface JournalSharingTable {
  id: string;
  entry_id: string;
  patient_id: string;
  action: string; // share | withdraw
  at: string;
  by_user: string;
}

export interface JournalPromptVersionsTable {
  version: number;
  templates: string; // JSON JournalPromptTemplates
  saved_by: string;
  saved_at: string;
}

export interface JournalTables {
  journal_entries: JournalEntriesTable;
  journal_sharing: JournalSharingTable;
  journal_prompt_versions: JournalPromptVersionsTable;
}
