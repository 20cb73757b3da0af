import type { Kysely } from 'kysely';
import { rebuildCourseOutcomes } from '../../features/outcomes/course-summary-repository';

// Frozen once merged. The clinic outcomes dashboard's maintained summaries (issue #21), derived data kept
// current in the same transaction as every write that changes them (features/outcomes/course-summary-repository.ts) and
// rebuildable at any time from the record; not part of the retained record:
//  - course_outcomes: one row per course, with what the dashboard filters and breaks down by (route group,
//    indication group, start, site, clinician, program, route-normalised dose, doses planned and given, early
//    stop and its reason);
//  - course_outcome_measures: per course and questionnaire, the baseline and latest totals, the week of the
//    latest score and the weeks of the first response and remission (Kaplan–Meier);
//  - course_outcome_weeks: per course, questionnaire and week, the change from baseline of that week's last score;
//  - course_experience: per course and in-session experience questionnaire, the mean score over rated sessions.
// Also: courses.stop_reason, the reason a prescriber gives when stopping a course (domain/outcomes-stats).
// Needs 0006 (courses), 0015 and 0025. The summaries are filled from the existing record at the end.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('courses').addColumn('stop_reason', 'text').execute();
  await db.schema
    .createTable('course_outcomes')
    .addColumn('course_id', 'text', (c) => c.primaryKey().references('courses.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('route_group', 'text', (c) => c.notNull())
    .addColumn('indication_group', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('site_name', 'text')
    .addColumn('clinician_id', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('dose_per_kg', 'double precision')
    .addColumn('doses_planned', 'integer', (c) => c.notNull())
    .addColumn('doses_given', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stopped_early', 'integer', (c) => c.notNull())
    .addColumn('stop_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_outcomes_start').on('course_outcomes').column('start_date').execute();
  await db.schema.createIndex('course_outcomes_patient').on('course_outcomes').column('patient_id').execute();
  await db.schema.createIndex('course_outcomes_updated').on('course_outcomes').column('updated_at').execute();
  await db.schema
    .createTable('course_outcome_measures')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('baseline_total', 'double precision', (c) => c.notNull())
    .addColumn('latest_total', 'double precision', (c) => c.notNull())
    .addColumn('latest_is_baseline', 'integer', (c) => c.notNull())
    .addColumn('follow_week', 'integer', (c) => c.notNull())
    .addColumn('response_week', 'integer')
    .addColumn('remission_week', 'integer')
    .addPrimaryKeyConstraint('course_outcome_measures_pk', ['course_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('course_outcome_measures_instrument')
    .on('course_outcome_measures')
    .columns(['instrument_id', 'course_id'])
    .execute();
  await db.schema
    .createTable('course_outcome_weeks')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('week', 'integer', (c) => c.notNull())
    .addColumn('change_total', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_outcome_weeks_pk', ['course_id', 'instrument_id', 'week'])
    .execute();
  await db.schema
    .createIndex('course_outcome_weeks_instrument')
    .on('course_outcome_weeks')
    .columns(['instrument_id', 'week', 'change_total', 'course_id'])
    .execute();
  await db.schema
    .createTable('course_experience')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('mean_total', 'double precision', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_experience_pk', ['course_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('course_experience_instrument')
    .on('course_experience')
    .columns(['instrument_id', 'course_id'])
    .execute();
  await rebuildCourseOutcomes(db, new Date().toISOString(), { cube: false });
}
