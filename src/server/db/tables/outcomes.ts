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

/**
 * One session's in-session experience rating on one instrument (migration 0025), written with the patient's
 * completed rating (a measure response). Exactly one of the two session links is set. Route and setting are
 * copied from the session so the outcomes dashboard can band by experience without joining session tables.
 */
export interface SessionExperienceTable {
  id: string;
  patient_id: string;
  course_id: string;
  dosing_session_id: string | null; // in clinic (the console)
  at_home_session_id: string | null; // at home (check-out)
  route: string; // DOSING_ROUTES: im | iv | sublingual | esketamine
  setting: string; // in_clinic | at_home
  instrument_id: string;
  response_id: string; // the measure response it was scored from
  total: number;
  subscales: string; // JSON: { [subscaleId]: number }
  rated_at: string;
}

/**
 * The clinic outcomes dashboard's summaries (migration 0026, issue #21): one row per course with what the
 * dashboard filters and breaks down by, kept current by features/outcomes/course-summary-repository.ts on every write
 * that changes it (scores, doses, course status, experience ratings). Derived data, rebuildable.
 */
export interface CourseOutcomesTable {
  course_id: string;
  patient_id: string;
  route_group: string; // domain/outcomes-stats ROUTE_GROUPS
  indication_group: string; // INDICATION_GROUPS
  started_at: string; // first dose, else course creation (ISO instant)
  start_date: string; // its UTC date, YYYY-MM-DD (the date filter)
  site_id: string | null; // clinic location of the course's visits, else the ledger site its first dose came from
  site_name: string | null;
  clinician_id: string; // the prescriber who started the course
  program: string; // the course template's key
  dose_per_kg: number | null; // mean bioavailable mg/kg over the doses given
  doses_planned: number;
  doses_given: number;
  status: string;
  stopped_early: number; // 1/0
  stop_reason: string | null; // STOP_REASONS or 'not_recorded' when stopped early
  updated_at: string;
}

/** Per course and questionnaire: baseline, latest, and the weeks the dashboard's time to response reads. */
export interface CourseOutcomeMeasuresTable {
  course_id: string;
  instrument_id: string;
  baseline_total: number;
  latest_total: number;
  latest_is_baseline: number;
  follow_week: number;
  response_week: number | null;
  remission_week: number | null;
}

/** Per course, questionnaire and week since the start: the change from baseline of that week's last score. */
export interface CourseOutcomeWeeksTable {
  course_id: string;
  instrument_id: string;
  week: number;
  change_total: number;
}

/** Per course and experience questionnaire: the mean score over its rated sessions. */
export interface CourseExperienceTable {
  course_id: string;
  instrument_id: string;
  mean_total: number;
  sessions: number;
}

/**
 * The dashboard's counts (migration 0029, issue #21): per filter cell (site × program, '*' for all) and course
 * start month, how many courses count for each figure's bucket (domain/outcomes-stats/cube.ts). Derived data,
 * changed by the difference on every course summary write and recountable from the summaries.
 */
export interface CourseOutcomeCubeTable {
  site: string; // a site id, '' for courses without one, '*' for all sites
  program: string; // a course template key, '*' for all programs
  span: string; // 'month' | 'year' | 'all'
  month: string; // the course start's YYYY-MM, YYYY or '*' (by span)
  dim: string; // CubeDim
  instrument: string; // the outcome questionnaire, '' for course-level counts
  sub: string; // the experience questionnaire for 'exp' and 'exp_course', else ''
  bucket: string; // the group within the dimension ('' for totals)
  n: number;
  evaluable: number;
  responded: number;
  remitted: number;
}

export interface OutcomeTables {
  patient_outcomes: PatientOutcomesTable;
  session_experience: SessionExperienceTable;
  course_outcomes: CourseOutcomesTable;
  course_outcome_measures: CourseOutcomeMeasuresTable;
  course_outcome_weeks: CourseOutcomeWeeksTable;
  course_experience: CourseExperienceTable;
  course_outcome_cube: CourseOutcomeCubeTable;
}
