import type { Kysely } from 'kysely';
import { rebuildCourseOutcomeCube } from '../../features/outcomes/cube-repository';

// Frozen once merged. The outcomes dashboard's counts (issue #21): course_outcome_cube holds, per filter cell
// (site and program, each also '*' for all) and course start month, year and all time (span; for all sites and
// programs also day), how many courses count for each bucket of
// each figure (domain/outcomes-stats/cube.ts): courses, stops, courses per questionnaire with the evaluable,
// responded and remitted among them by route, indication, dose step and experience step, time to response, change
// by week. Kept current in the same transaction as the course summaries of 0026 (by the difference of the
// courses recomputed) and recountable from them. Also an index for the prescriber filter, which reads that
// prescriber's course summaries rather than the counts. Needs 0026. Filled from the summaries at the end.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_outcome_cube')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('span', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('evaluable', 'integer', (c) => c.notNull())
    .addColumn('responded', 'integer', (c) => c.notNull())
    .addColumn('remitted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_outcome_cube_pk', [
      'site',
      'program',
      'dim',
      'instrument',
      'sub',
      'span',
      'month',
      'bucket',
    ])
    .execute();
  await db.schema
    .createIndex('course_outcomes_clinician')
    .on('course_outcomes')
    .columns(['clinician_id', 'start_date'])
    .execute();
  await rebuildCourseOutcomeCube(db as never);
}
