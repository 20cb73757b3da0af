import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DashboardFilters } from '../../../contracts/outcomes';
import type { ChangeRule } from '../../../domain/instruments/types';
import {
  ALL,
  type Band,
  type CubeCount,
  type CubeDim,
  type CubeRules,
  cubeSpans,
  measureCounts,
  WEEKS_SHOWN,
  weekCount,
} from '../../../domain/outcomes-stats';
import { type Executor, isPostgres } from '../../db/dialect';

/**
 * The outcomes dashboard's reads (issue #21). The figures come from the maintained counts (course_outcome_cube,
 * migration 0029; cube-repository.ts): per site × program cell and start month, year or all time, a few
 * thousand rows whatever the clinic's size. The part months at the ends of a date range and a prescriber's
 * courses, which the counts are not kept for, are counted from the course summaries (course_outcomes, alias c,
 * and its per-questionnaire rows) by the same rules (domain/outcomes-stats/cube.ts). The list of patients behind
 * a figure reads the summaries too (it is paged). Never the scores themselves; the statistics (bands, intervals,
 * Kaplan–Meier, medians) are computed from the counts in domain/outcomes-stats.
 */

export interface InstrumentRules {
  instrumentId: string;
  min: number;
  max: number;
  response?: ChangeRule;
  remission?: ChangeRule;
}

const num = (x: number) => sql`cast(${x} as double precision)`;

/** A change rule over explicit baseline and latest columns (ruleHolds in the domain, as SQL). */
function ruleSql(rule: ChangeRule, b: RawBuilder<unknown>, l: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (rule.kind) {
    case 'percentDrop':
      return sql`(${b} > 0 and (${b} - ${l}) * 100 >= ${num(rule.threshold)} * ${b})`;
    case 'absoluteDrop':
      return sql`(${b} - ${l} >= ${num(rule.value)})`;
    case 'below':
      return sql`(${l} < ${num(rule.value)})`;
    case 'atOrBelow':
      return sql`(${l} <= ${num(rule.value)})`;
  }
}

const B = sql.ref('m.baseline_total');
const L = sql.ref('m.latest_total');

/** Evaluable: a later score than the baseline, both inside the questionnaire's score range. */
export function comparableSql(r: InstrumentRules): RawBuilder<unknown> {
  return sql`(m.latest_is_baseline = 0 and ${B} between ${num(r.min)} and ${num(r.max)} and ${L} between ${num(r.min)} and ${num(r.max)})`;
}

const flag = (cond: RawBuilder<unknown>) => sql`(case when ${cond} then 1 else 0 end)`;

export function outcomeFlags(r: InstrumentRules) {
  const comparable = comparableSql(r);
  return {
    evaluable: flag(comparable),
    responded: r.response ? flag(sql`${comparable} and ${ruleSql(r.response, B, L)}`) : sql`0`,
    remitted: r.remission ? flag(sql`${comparable} and ${ruleSql(r.remission, B, L)}`) : sql`0`,
  };
}

/** The filters as a condition on course_outcomes `c`. */
export function filterSql(f: DashboardFilters): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.from) parts.push(sql`c.start_date >= ${f.from}`);
  if (f.to) parts.push(sql`c.start_date <= ${f.to}`);
  if (f.site) parts.push(sql`c.site_id = ${f.site}`);
  if (f.clinician) parts.push(sql`c.clinician_id = ${f.clinician}`);
  if (f.program) parts.push(sql`c.program = ${f.program}`);
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** `case` giving a band number ('0', '1', …) for a value, or 'none' without one. */
export function bandSql(column: RawBuilder<unknown>, bands: readonly Band[]): RawBuilder<unknown> {
  if (!bands.length) return sql`'none'`;
  const arms = bands.slice(0, -1).map((b) => sql`when ${column} <= ${num(b.high)} then ${String(b.index)}`);
  const last = String((bands[bands.length - 1] as Band).index);
  return sql`(case when ${column} is null then 'none' ${sql.join([...arms, sql`else ${last}`], sql` `)} end)`;
}

/** Counts come back as strings from PostgreSQL (bigint): numbers here. */
function ints<T extends object>(rows: T[], keys: (keyof T)[]): T[] {
  return rows.map((r) => {
    const o: T = { ...r };
    for (const k of keys) (o as Record<keyof T, unknown>)[k] = Number(r[k]);
    return o;
  });
}

/**
 * What changes whenever a course summary is written or removed: the latest update time (read off the
 * course_outcomes_updated index) and the number of courses (a count of the primary key).
 */
export async function summaryStamp(db: Executor): Promise<string> {
  const r = await sql<{ at: string | null; n: number }>`
    select (select max(updated_at) from course_outcomes) as at, (select count(*) from course_outcomes) as n`.execute(
    db,
  );
  return `${r.rows[0]?.at ?? ''}|${Number(r.rows[0]?.n ?? 0)}`;
}

/** The filter cell of the counts for a site and program filter ('*': all). */
export interface CubeLevel {
  site: string;
  program: string;
}

/**
 * Counts summed over the whole start months from `from` to `to` (YYYY-MM, inclusive, either open) in one filter
 * cell, read as all time, whole years and months (cubeSpans), and over `days` (YYYY-MM-DD ranges; all sites and
 * programs only): the dimensions asked for, of one outcome
 * questionnaire (with its steps for one experience questionnaire) or of all. Reads counts, never courses: each
 * part is one range of the primary key.
 */
export async function cubeCounts(
  db: Executor,
  level: CubeLevel,
  months: { from?: string; to?: string } | null,
  dims: readonly CubeDim[],
  instrument: { id: string; experience: string | null } | null,
  days: readonly { from: string; to: string }[] = [],
): Promise<CubeCount[]> {
  const spans = [
    ...(months ? cubeSpans(months) : []),
    ...days.map((d) => ({ span: 'day' as const, from: d.from, to: d.to })),
  ];
  if (!spans.length) return [];
  const parts = spans.map((s) => {
    const where: RawBuilder<unknown>[] = [
      sql`site = ${level.site}`,
      sql`program = ${level.program}`,
      sql`dim in (${sql.join(dims.map((d) => sql`${d}`))})`,
    ];
    if (instrument) {
      where.push(sql`instrument = ${instrument.id}`);
      where.push(sql`sub in ('', ${instrument.experience ?? ''})`);
    }
    where.push(sql`span = ${s.span}`);
    where.push(s.from === s.to ? sql`month = ${s.from}` : sql`month between ${s.from} and ${s.to}`);
    return sql`select dim, instrument, sub, bucket, n, evaluable, responded, remitted
      from course_outcome_cube where ${sql.join(where, sql` and `)}`;
  });
  const r = await sql<CubeCount>`
    select dim, instrument, sub, bucket, sum(n) as n, sum(evaluable) as evaluable, sum(responded) as responded,
           sum(remitted) as remitted
    from (${sql.join(parts, sql` union all `)}) t
    group by dim, instrument, sub, bucket`.execute(db);
  return ints(r.rows, ['n', 'evaluable', 'responded', 'remitted']);
}

/**
 * The rows of a per-course table for each course summary `c` the filters select, looked up by the course (its
 * primary key starts with course_id). The summary reads start from the few course summaries of part months or
 * of a prescriber (date and prescriber indexes) and must stay the outer loop: on SQLite `cross join` keeps the
 * join order, and `instrument_id || ''` keeps it off the (instrument, week) index of the weeks, which would scan a
 * questionnaire's every week row for each course; on PostgreSQL a lateral subquery (`offset 0`: not flattened)
 * stops the planner hashing a whole table for a few thousand courses.
 */
function perCourse(
  db: Executor,
  table: string,
  alias: string,
  cond: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const t = sql.table(table);
  const a = sql.raw(alias);
  return isPostgres(db)
    ? sql`cross join lateral (select * from ${t} ${a} where ${a}.course_id = c.course_id and ${cond} offset 0) ${a}`
    : sql`cross join ${t} ${a} on ${a}.course_id = c.course_id and ${cond}`;
}

const total = (dim: CubeDim, instrument: string, sub: string, bucket: string, n: number): CubeCount => ({
  dim,
  instrument,
  sub,
  bucket,
  n: Number(n),
  evaluable: 0,
  responded: 0,
  remitted: 0,
});

/**
 * The course-level counts (courses, stops, courses per questionnaire and per experience questionnaire) read
 * from the course summaries matching the filters: for a prescriber's courses and the part months at the ends
 * of a date range, which the monthly counts cannot answer.
 */
export async function summaryCourseCounts(db: Executor, f: DashboardFilters): Promise<CubeCount[]> {
  const [courses, measures, experience] = await Promise.all([
    sql<{ status: string; stopped_early: number; stop_reason: string | null; n: number }>`
      select c.status, c.stopped_early, c.stop_reason, count(*) as n
      from course_outcomes c where ${filterSql(f)}
      group by c.status, c.stopped_early, c.stop_reason`.execute(db),
    sql<{ instrument_id: string; n: number }>`
      select m.instrument_id, count(*) as n
      from course_outcomes c ${perCourse(db, 'course_outcome_measures', 'm', sql`1 = 1`)}
      where ${filterSql(f)} group by m.instrument_id`.execute(db),
    sql<{ instrument_id: string; n: number }>`
      select x.instrument_id, count(*) as n
      from course_outcomes c ${perCourse(db, 'course_experience', 'x', sql`1 = 1`)}
      where ${filterSql(f)} group by x.instrument_id`.execute(db),
  ]);
  const out: CubeCount[] = [];
  for (const c of courses.rows) {
    out.push(total('course', '', '', '', c.n));
    if (c.status === 'completed' || c.status === 'stopped')
      out.push(total('stop', '', '', `${Number(c.stopped_early) ? 1 : 0}|${c.stop_reason ?? ''}`, c.n));
  }
  for (const m of measures.rows) out.push(total('measure', m.instrument_id, '', '', m.n));
  for (const x of experience.rows) out.push(total('exp_course', '', x.instrument_id, '', x.n));
  return out;
}

/**
 * One questionnaire's counts (rates overall and by route, indication, dose and experience step; time to
 * response; change by week) from the course summaries matching the filters, by the same rules as the
 * maintained counts (domain/outcomes-stats/cube.ts).
 */
export async function summaryMeasureCounts(
  db: Executor,
  f: DashboardFilters,
  instrumentId: string,
  rules: CubeRules | undefined,
  experienceId: string | null,
): Promise<CubeCount[]> {
  const [measures, weeks] = await Promise.all([
    sql<{
      route_group: string;
      indication_group: string;
      dose_per_kg: number | null;
      mean_total: number | null;
      baseline_total: number;
      latest_total: number;
      latest_is_baseline: number;
      follow_week: number;
      response_week: number | null;
    }>`
      select c.route_group, c.indication_group, c.dose_per_kg, x.mean_total, m.baseline_total, m.latest_total,
             m.latest_is_baseline, m.follow_week, m.response_week
      from course_outcomes c ${perCourse(db, 'course_outcome_measures', 'm', sql`m.instrument_id = ${instrumentId}`)}
      left join course_experience x on x.course_id = m.course_id and x.instrument_id = ${experienceId ?? ''}
      where ${filterSql(f)}`.execute(db),
    sql<{ week: number; change: number; n: number }>`
      select w.week, w.change_total as change, count(*) as n
      from course_outcomes c ${perCourse(
        db,
        'course_outcome_weeks',
        'w',
        sql`w.instrument_id || '' = ${instrumentId} and w.week <= ${WEEKS_SHOWN}`,
      )}
      where ${filterSql(f)}
      group by w.week, w.change_total`.execute(db),
  ]);
  const out: CubeCount[] = [];
  for (const r of measures.rows) {
    const course = {
      startDate: '',
      siteId: null,
      siteName: null,
      clinicianId: '',
      program: '',
      routeGroup: r.route_group,
      indicationGroup: r.indication_group,
      dosePerKg: r.dose_per_kg === null ? null : Number(r.dose_per_kg),
      status: '',
      stoppedEarly: false,
      stopReason: null,
    };
    const measure = {
      instrumentId,
      baseline: Number(r.baseline_total),
      latest: Number(r.latest_total),
      latestIsBaseline: Number(r.latest_is_baseline) === 1,
      followWeek: Number(r.follow_week),
      responseWeek: r.response_week === null ? null : Number(r.response_week),
    };
    const exp =
      experienceId && r.mean_total !== null
        ? [{ instrumentId: experienceId, mean: Number(r.mean_total) }]
        : [];
    out.push(...measureCounts(course, measure, rules, exp));
  }
  for (const w of weeks.rows) {
    const c = weekCount(instrumentId, Number(w.week), Number(w.change));
    if (c) out.push({ ...c, n: Number(w.n) });
  }
  return out;
}

/** The filter choices: every site, prescriber and program with a course (from the counts of all courses). */
export async function filterOptions(db: Executor) {
  const counts = await cubeCounts(
    db,
    { site: ALL, program: ALL },
    {},
    ['site', 'clinician', 'program'],
    null,
  );
  const sites = new Map<string, string>();
  for (const c of counts.filter((x) => x.dim === 'site')) {
    const [id, name] = JSON.parse(c.bucket) as [string, string];
    if ((sites.get(id) ?? '') < name)
      sites.set(id, name); // the latest name sorts last: as max(site_name)
    else if (!sites.has(id)) sites.set(id, name);
  }
  const ids = (dim: CubeDim) => counts.filter((x) => x.dim === dim).map((x) => x.bucket);
  const [clinicianIds, programKeys] = [ids('clinician'), ids('program')];
  const [clinicians, programs] = await Promise.all([
    clinicianIds.length
      ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', clinicianIds).execute()
      : [],
    programKeys.length
      ? db
          .selectFrom('course_templates')
          .select(['key as id', 'name'])
          .where('key', 'in', programKeys)
          .execute()
      : [],
  ]);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    sites: [...sites.entries()].map(([id, name]) => ({ id, name })).sort(byName),
    clinicians: [...clinicians].sort(byName),
    programs: [...programs].sort(byName),
  };
}

export interface CellPatientRow {
  patient_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  chart_number: string;
  started_at: string;
  route_group: string;
  baseline: number | null;
  latest: number | null;
  evaluable: number;
  responded: number;
}

/**
 * The courses behind one figure, with their patients, leaving out records the viewer may not open (`visible`,
 * platform/confidential.ts, on c.patient_id); `hidden` counts those left out. At most `limit` rows.
 */
export async function cellCourses(
  db: Executor,
  f: DashboardFilters,
  rules: InstrumentRules | null,
  group: RawBuilder<unknown>,
  weekJoin: number | null,
  visible: RawBuilder<SqlBool>,
  limit: number,
  experienceId: string | null,
): Promise<{ rows: CellPatientRow[]; hidden: number; total: number }> {
  const o = rules ? outcomeFlags(rules) : null;
  const from = rules
    ? sql`course_outcome_measures m
          join course_outcomes c on c.course_id = m.course_id
          left join course_experience x on x.course_id = m.course_id and x.instrument_id = ${experienceId ?? ''}
          ${weekJoin !== null ? sql`join course_outcome_weeks w on w.course_id = m.course_id and w.instrument_id = m.instrument_id and w.week = ${weekJoin}` : sql``}`
    : sql`course_outcomes c`;
  const where = sql`${rules ? sql`m.instrument_id = ${rules.instrumentId} and` : sql``} ${filterSql(f)} and ${group}`;
  const counts = await sql<{ total: number; shown: number }>`
    select count(*) as total, sum(case when ${visible} then 1 else 0 end) as shown from ${from} where ${where}`.execute(
    db,
  );
  const rows = await sql<CellPatientRow>`
    select c.patient_id, p.first_name, p.last_name, p.preferred_name, p.chart_number, c.started_at, c.route_group,
           ${rules ? sql`m.baseline_total` : sql`null`} as baseline,
           ${rules ? sql`case when m.latest_is_baseline = 1 then null else m.latest_total end` : sql`null`} as latest,
           ${o ? o.evaluable : sql`0`} as evaluable, ${o ? o.responded : sql`0`} as responded
    from ${from} join patients p on p.id = c.patient_id
    where ${where} and ${visible}
    order by p.last_name, p.first_name, c.started_at, c.course_id
    limit ${limit}`.execute(db);
  const total = Number(counts.rows[0]?.total ?? 0);
  const shown = Number(counts.rows[0]?.shown ?? 0);
  return {
    rows: rows.rows.map((r) => ({
      ...r,
      baseline: r.baseline === null ? null : Number(r.baseline),
      latest: r.latest === null ? null : Number(r.latest),
      evaluable: Number(r.evaluable),
      responded: Number(r.responded),
    })),
    hidden: total - shown,
    total,
  };
}
