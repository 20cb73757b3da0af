/**
 * Clinic outcomes (issue #8): a summary of each patient's trend per instrument, kept up to date in the same
 * transaction as every write that changes the trend's points (a completed score, an amendment), so the clinic
 * report reads one row per patient and instrument rather than every scored answer. Derived data: it can be
 * rebuilt from measure_responses and measure_scores at any time, and is not part of the retained record.
 */

/**
 * One patient's trend on one instrument, reduced to what the report compares: the baseline point (earliest
 * intake score, else earliest score) and the latest point, with their totals. The instrument's response and
 * remission rules are applied when the report is read, so an imported new version of the rules counts at once.
 */
export interface PatientOutcomesTable {
  patient_id: string; // primary key with instrument_id
  instrument_id: string;
  baseline_response_id: string; // the response whose score is the baseline
  baseline_at: string; // its point's time (an amendment stands at the time of the sheet it corrects)
  baseline_total: number;
  latest_response_id: string; // equal to baseline_response_id while the patient has a single point
  latest_at: string;
  latest_total: number;
  latest_is_baseline: number; // 1/0: the latest point is the baseline (nothing yet to compare it with)
  updated_at: string;
}

export interface OutcomeTables {
  patient_outcomes: PatientOutcomesTable;
}
