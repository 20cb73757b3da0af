import { sql } from 'kysely';
import { getInstrument } from '../../../domain/instruments';
import type { InstrumentDefinition } from '../../../domain/instruments/types';
import { outcomeRange } from '../../../domain/measures';
import {
  type CubeCount,
  type CubeCourse,
  type CubeRules,
  courseCounts,
  cubeCells,
  measureCounts,
  WEEKS_SHOWN,
  weekCount,
} from '../../../domain/outcomes-stats';
import { type Executor, toBool } from '../../db/dialect';
import type { CourseOutcomeCubeTable } from '../../db/schema';

/**
 * The dashboard's counts (course_outcome_cube, migration 0029; issue #21), derived from the course summaries
 * (course-summary-repository.ts): what each course adds is domain/outcomes-stats/cube.ts. A write that
 * recomputes a patient's summaries adds the difference between their courses' counts after and before, in the
 * same transaction; rebuildCourseOutcomeCube recounts everything from the summaries.
 */

/** The summary rows of some courses, as the tables hold them (or as a refresh is about to write them). */
export interface SummaryRows {
  courses: readonly {
    course_id: string;
    start_date: string;
    site_id: string | null;
    site_name: string | null;
    clinician_id: string;
    program: string;
    route_group: string;
    indication_group: string;
    dose_per_kg: number | null;
    status: string;
    stopped_early: number | boolean;
    stop_reason: string | null;
  }[];
  measures: readonly {
    course_id: string;
    instrument_id: string;
    baseline_total: number;
    latest_total: number;
    latest_is_baseline: number | boolean;
    follow_week: number;
    response_week: number | null;
  }[];
  weeks: readonly { course_id: string; instrument_id: string; week: number; change_total: number }[];
  experience: readonly { course_id: string; instrument_id: string; mean_total: number }[];
}

export const cubeCourse = (c: SummaryRows['courses'][number]): CubeCourse => ({
  startDate: c.start_date,
  siteId: c.site_id,
  siteName: c.site_name,
  clinicianId: c.clinician_id,
  program: c.program,
  routeGroup: c.route_group,
  indicationGroup: c.indication_group,
  dosePerKg: c.dose_per_kg === null ? null : Number(c.dose_per_kg),
  status: c.status,
  stoppedEarly: toBool(c.stopped_early),
  stopReason: c.stop_reason,
});

export const cubeMeasure = (m: SummaryRows['measures'][number]) => ({
  instrumentId: m.instrument_id,
  baseline: Number(m.baseline_total),
  latest: Number(m.latest_total),
  latestIsBaseline: toBool(m.latest_is_baseline),
  followWeek: Number(m.follow_week),
  responseWeek: m.response_week === null ? null : Number(m.response_week),
});

export async function importedDefinition(
  db: Executor,
  instrumentId: string,
): Promise<InstrumentDefinition | undefined> {
  const row = await db
    .selectFrom('measure_instruments')
    .select('definition')
    .where('instrument_id', '=', instrumentId)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  return row ? (JSON.parse(row.definition) as InstrumentDefinition) : undefined;
}

/** A questionnaire's range and rules as the summaries judge them (built-in, else its latest import). */
export async function cubeRules(db: Executor, instrumentId: string): Promise<CubeRules | undefined> {
  const def = getInstrument(instrumentId) ?? (await importedDefinition(db, instrumentId));
  return def
    ? { ...outcomeRange(def), response: def.scoring.response, remission: def.scoring.remission }
    : undefined;
}

type CubeRow = CourseOutcomeCubeTable;
const KEY = ['site', 'program', 'dim', 'instrument', 'sub', 'span', 'month', 'bucket'] as const;
const keyOf = (r: CubeRow) => KEY.map((k) => r[k]).join('\u0001');

/** Every count the courses of `rows` add, per filter cell, added into `into` times `sign`. */
async function addCounts(
  db: Executor,
  rows: SummaryRows,
  sign: 1 | -1,
  into: Map<string, CubeRow>,
  rules: Map<string, CubeRules | undefined>,
): Promise<void> {
  for (const m of rows.measures)
    if (!rules.has(m.instrument_id)) rules.set(m.instrument_id, await cubeRules(db, m.instrument_id));
  const measures = new Map<string, SummaryRows['measures'][number][]>();
  for (const m of rows.measures) measures.set(m.course_id, [...(measures.get(m.course_id) ?? []), m]);
  const weeks = new Map<string, SummaryRows['weeks'][number][]>();
  for (const w of rows.weeks) weeks.set(w.course_id, [...(weeks.get(w.course_id) ?? []), w]);
  const experience = new Map<string, { instrumentId: string; mean: number }[]>();
  for (const x of rows.experience)
    experience.set(x.course_id, [
      ...(experience.get(x.course_id) ?? []),
      { instrumentId: x.instrument_id, mean: Number(x.mean_total) },
    ]);
  // Summed first per course cell (site, program, month; and per day for the daily counts: the courses of a cell
  // share most buckets), then spread to the cell's rollups (cubeCells), so a recount of every course stays a few
  // million additions.
  type Cell = { course: CubeCourse; day: boolean; counts: Map<string, CubeCount> };
  const byCell = new Map<string, Cell>();
  const add = (cellKey: string, c: CubeCourse, day: boolean, counts: readonly CubeCount[]) => {
    const cell = byCell.get(cellKey) ?? { course: c, day, counts: new Map<string, CubeCount>() };
    byCell.set(cellKey, cell);
    for (const k of counts) {
      const key = `${k.dim}\u0001${k.instrument}\u0001${k.sub}\u0001${k.bucket}`;
      const cur = cell.counts.get(key);
      if (!cur) cell.counts.set(key, { ...k });
      else {
        cur.n += k.n;
        cur.evaluable += k.evaluable;
        cur.responded += k.responded;
        cur.remitted += k.remitted;
      }
    }
  };
  for (const row of rows.courses) {
    const c = cubeCourse(row);
    const exp = experience.get(row.course_id) ?? [];
    const counts: CubeCount[] = courseCounts(
      c,
      exp.map((e) => e.instrumentId),
    );
    for (const m of measures.get(row.course_id) ?? [])
      counts.push(...measureCounts(c, cubeMeasure(m), rules.get(m.instrument_id), exp));
    for (const w of weeks.get(row.course_id) ?? []) {
      const wc = weekCount(w.instrument_id, Number(w.week), Number(w.change_total));
      if (wc) counts.push(wc);
    }
    add(`${c.siteId ?? ''}\u0001${c.program}\u0001${c.startDate.slice(0, 7)}`, c, false, counts);
    add(`day\u0001${c.startDate}`, c, true, counts);
  }
  for (const { course, day, counts } of byCell.values())
    for (const cell of cubeCells(course).filter((x) => (x.span === 'day') === day))
      for (const k of counts.values()) {
        const r: CubeRow = { ...cell, ...k, n: 0, evaluable: 0, responded: 0, remitted: 0 };
        const key = keyOf(r);
        const cur = into.get(key) ?? r;
        cur.n += sign * k.n;
        cur.evaluable += sign * k.evaluable;
        cur.responded += sign * k.responded;
        cur.remitted += sign * k.remitted;
        into.set(key, cur);
      }
}

/** The summary rows of these courses (all courses when null), as the counts need them. */
export async function readSummaryRows(
  db: Executor,
  courseIds: readonly string[] | null,
): Promise<SummaryRows> {
  if (courseIds && !courseIds.length) return { courses: [], measures: [], weeks: [], experience: [] };
  const only = <T>(q: T) =>
    courseIds ? ((q as { where: (...a: unknown[]) => T }).where('course_id', 'in', courseIds) as T) : q;
  const [courses, measures, weeks, experience] = await Promise.all([
    only(
      db
        .selectFrom('course_outcomes')
        .select([
          'course_id',
          'start_date',
          'site_id',
          'site_name',
          'clinician_id',
          'program',
          'route_group',
          'indication_group',
          'dose_per_kg',
          'status',
          'stopped_early',
          'stop_reason',
        ]),
    ).execute(),
    only(
      db
        .selectFrom('course_outcome_measures')
        .select([
          'course_id',
          'instrument_id',
          'baseline_total',
          'latest_total',
          'latest_is_baseline',
          'follow_week',
          'response_week',
        ]),
    ).execute(),
    only(
      db
        .selectFrom('course_outcome_weeks')
        .select(['course_id', 'instrument_id', 'week', 'change_total'])
        .where('week', '<=', WEEKS_SHOWN),
    ).execute(),
    only(db.selectFrom('course_experience').select(['course_id', 'instrument_id', 'mean_total'])).execute(),
  ]);
  return { courses, measures, weeks, experience };
}

const BATCH = 500;

/**
 * Adds to the counts the difference between the courses' summaries after and before a write (in the
 * writer's transaction, after the patient's lock). Rows are written in key order, so two writers touching the
 * same counts on PostgreSQL lock them in the same order; counts that fall to zero are removed.
 */
export async function applyCubeDifference(
  trx: Executor,
  before: SummaryRows,
  after: SummaryRows,
): Promise<void> {
  const delta = new Map<string, CubeRow>();
  const rules = new Map<string, CubeRules | undefined>();
  await addCounts(trx, before, -1, delta, rules);
  await addCounts(trx, after, 1, delta, rules);
  const rows = [...delta.entries()]
    .filter(([, r]) => r.n !== 0 || r.evaluable !== 0 || r.responded !== 0 || r.remitted !== 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);
  for (let i = 0; i < rows.length; i += BATCH)
    await trx
      .insertInto('course_outcome_cube')
      .values(rows.slice(i, i + BATCH))
      .onConflict((oc) =>
        oc.columns([...KEY]).doUpdateSet({
          n: sql`course_outcome_cube.n + excluded.n`,
          evaluable: sql`course_outcome_cube.evaluable + excluded.evaluable`,
          responded: sql`course_outcome_cube.responded + excluded.responded`,
          remitted: sql`course_outcome_cube.remitted + excluded.remitted`,
        }),
      )
      .execute();
  const fallen = rows.filter((r) => r.n < 0);
  for (let i = 0; i < fallen.length; i += BATCH) {
    const tuples = fallen.slice(i, i + BATCH).map((r) => sql`(${sql.join(KEY.map((k) => r[k]))})`);
    await sql`delete from course_outcome_cube where n = 0 and (${sql.join(KEY.map((k) => sql.ref(k)))}) in (values ${sql.join(tuples)})`.execute(
      trx,
    );
  }
}

/** Every count recounted from the course summaries (migration 0029's fill; the repair after a rebuild). */
export async function rebuildCourseOutcomeCube(db: Executor): Promise<number> {
  const counts = new Map<string, CubeRow>();
  await addCounts(db, await readSummaryRows(db, null), 1, counts, new Map());
  const rows = [...counts.values()].filter((r) => r.n !== 0);
  await db.deleteFrom('course_outcome_cube').execute();
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insertInto('course_outcome_cube')
      .values(rows.slice(i, i + BATCH))
      .execute();
  return rows.length;
}
