/**
 * At-home sublingual dosing sessions (issue #16; DOMAIN §1 at-home variant, §9). One row per session with its
 * current state and the answers that decide it; an insert-only event table for the timeline; the care team's
 * tasks (urgent escalations and supply discrepancies); the patient-reported disposal of unused troches.
 */
export interface AtHomeSessionsTable {
  id: string;
  patient_id: string;
  course_id: string;
  /** The booked visit this session stands for, when it was booked through the calendar. */
  appointment_id: string | null;
  /** 1, 2, 3 … within the course. */
  number: number;
  /** The booked start (ISO instant): the check-in falls due then. */
  starts_at: string;
  /** domain/athome AT_HOME_STATES */
  state: string;
  /** The clinic rule-set version whose home_check_in rules judge this session's readings. */
  rule_set_version: number;
  /** The prescriber's order: dose in mg, troche count and the product dispensed; signed once. */
  order_mg: number | null;
  order_troches: number | null;
  order_product_id: string | null;
  order_lot_number: string | null;
  /** JSON { weightKg, mgPerKg, bioavailability, bioavailableMg, warnings } */
  order_detail: string | null;
  order_signed_by: string | null;
  order_signed_at: string | null;
  /** Check-in answers, saved step by step. */
  mood: number | null;
  intention: string | null;
  /** JSON Partial<Record<SafetyQuestionId, boolean>> */
  safety_answers: string;
  /** JSON HomeReading[] in the order taken (the last decides; the earlier ones are the history). */
  readings: string;
  /** When a re-check of a high reading may be taken (null: none asked for). */
  recheck_at: string | null;
  /** JSON CheckInDecision (outcome, missing steps, reasons, fired rules) after the last step. */
  decision: string | null;
  /** The sitter: a named sober adult; the link's code and the sitter's own token are stored hashed only. */
  sitter_name: string | null;
  sitter_phone: string | null;
  sitter_invite_hash: string | null;
  sitter_invited_at: string | null;
  sitter_access_hash: string | null;
  sitter_confirmed_at: string | null;
  /** Go: by the rules or by a clinician (with a reason when lifting a hold). */
  go_at: string | null;
  go_by: string | null;
  go_kind: string | null; // rules | clinician
  go_reason: string | null;
  /** Hold: by the rules (the check-in) or by a clinician. */
  hold_at: string | null;
  hold_by: string | null;
  hold_kind: string | null; // rules | clinician
  hold_reason: string | null;
  dose_taken_at: string | null;
  /** The order's troche count, recorded when the patient took the dose (never chosen by the patient). */
  dose_troches: number | null;
  /** JSON string[]: timeline keys answered (timed check-ins, sitter checks), for the board's one query. */
  answered: string;
  /** JSON check-out answers of the patient and of the sitter. */
  patient_checkout: string | null;
  patient_checked_out_at: string | null;
  sitter_checkout: string | null;
  sitter_checked_out_at: string | null;
  /** The troches the patient counted at check-out. */
  remaining_troches: number | null;
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** The session's timeline: insert-only (the database refuses UPDATE and DELETE). */
export interface AtHomeEventsTable {
  id: string;
  session_id: string;
  patient_id: string;
  at: string;
  /** check_in_step | reading | sitter_invited | sitter_confirmed | decision | go | hold | dose_taken | check_in |
   *  sitter_check | help | escalation | acknowledged | resolved | note | check_out | close | order_signed */
  kind: string;
  actor_kind: string; // patient | sitter | staff | system
  actor_id: string | null;
  /** The timeline item answered (`timed_check_in:30`, `sitter_check:45`), or the task acted on. */
  item_key: string | null;
  ok: number | null;
  note: string | null;
  /** JSON details (no secrets). */
  data: string | null;
}

/** Urgent escalations for the on-call clinician, and supply discrepancies for the prescriber. */
export interface AtHomeTasksTable {
  id: string;
  patient_id: string;
  course_id: string;
  session_id: string | null;
  /** Stable and unique: a missed item, a "not OK" answer, a hold or a help tap opens one task, once. */
  task_key: string;
  kind: string; // missed | not_ok | hold | help | supply
  urgent: number;
  reason: string;
  state: string; // open | acknowledged | resolved
  /** The on-call clinician when it opened (escalations), or null. */
  assigned_to: string | null;
  opened_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  outcome: string | null;
}

/** Patient-reported disposal of unused troches (DEA disposal rule): never stock coming back into the ledger. */
export interface AtHomeDisposalsTable {
  id: string;
  patient_id: string;
  course_id: string;
  method: string; // domain/athome DISPOSAL_METHODS
  disposed_on: string;
  troche_count: number;
  note: string | null;
  reported_via: string; // portal | staff
  recorded_by: string;
  created_at: string;
}

export interface AtHomeTables {
  at_home_sessions: AtHomeSessionsTable;
  at_home_events: AtHomeEventsTable;
  at_home_tasks: AtHomeTasksTable;
  at_home_disposals: AtHomeDisposalsTable;
}
