import { getInstrument } from '../../../domain/instruments';
import type { ChangeRule } from '../../../domain/instruments/types';
import {
  type GivenDose,
  indicationGroup,
  type ScorePoint,
  summariseCourse,
  summariseMeasure,
} from '../../../domain/outcomes-stats';
import { type Executor, fromBool, lockDerived } from '../../db/dialect';
import {
  applyCubeDifference,
  importedDefinition,
  readSummaryRows,
  rebuildCourseOutcomeCube,
  type SummaryRows,
} from './cube-repository';

/**
 * The outcomes dashboard's per-course summaries (migration 0026; issue #21), recomputed for one patient from
 * their record in the caller's transaction. Called by every write that changes them, in the repositories that
 * make those writes so no path can skip it: a score or an amendment (measures), a course created, stopped or
 * completed (courses), a dose given in clinic (sessions) or taken at home (athome), a diagnosis changed
 * (patients), an in-session experience rating (session_experience). A patient has a handful of courses and a
 * few dozen scores, so the whole patient is recomputed rather than patched: the courses' baselines depend on
 * each other (a course's latest score stops where the next course starts).
 */
export async function refreshCourseOutcomes(
  trx: Executor,
  patientId: string,
  now: string,
  options: { cube?: boolean } = {},
): Promise<void> {
  await lockDerived(trx, 'course_outcome', patientId);
  const courses = await trx
    .selectFrom('courses')
    .select([
      'id',
      'route',
      'setting',
      'indications',
      'status',
      'stop_reason',
      'planned_dosing',
      'created_at',
      'created_by',
      'template_key',
    ])
    .where('patient_id', '=', patientId)
    .execute();
  if (!courses.length) return;
  const ids = courses.map((c) => c.id);
  const [codes, clinicDoses, homeDoses, visits, drawn, responses, experience] = await Promise.all([
    trx
      .selectFrom('patient_diagnoses')
      .select('code')
      .where('patient_id', '=', patientId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('dosing_sessions')
      .select(['id', 'course_id', 'first_dose_at', 'dose_order'])
      .where('patient_id', '=', patientId)
      .where('first_dose_at', 'is not', null)
      .execute(),
    trx
      .selectFrom('at_home_sessions')
      .select(['course_id', 'dose_taken_at', 'order_detail'])
      .where('patient_id', '=', patientId)
      .where('dose_taken_at', 'is not', null)
      .execute(),
    trx
      .selectFrom('appointments as a')
      .innerJoin('clinic_locations as l', 'l.id', 'a.location_id')
      .select(['a.course_id', 'a.starts_at', 'l.id as site_id', 'l.name as site_name'])
      .where('a.patient_id', '=', patientId)
      .where('a.course_id', 'is not', null)
      .orderBy('a.starts_at')
      .execute(),
    trx
      .selectFrom('ledger_events as e')
      .innerJoin('ledger_locations as l', 'l.id', 'e.location_id')
      .select(['e.session_id', 'e.at', 'l.id as site_id', 'l.name as site_name'])
      .where('e.patient_id', '=', patientId)
      .where('e.type', '=', 'administer')
      .where('e.session_id', 'is not', null)
      .orderBy('e.at')
      .execute(),
    trx
      .selectFrom('measure_responses as r')
      .leftJoin('measure_scores as s', 's.response_id', 'r.id')
      .select([
        'r.id',
        'r.instrument_id',
        'r.status',
        'r.completed_at',
        'r.amended_from',
        's.scored_at',
        's.total',
      ])
      .where('r.patient_id', '=', patientId)
      .execute(),
    trx
      .selectFrom('session_experience')
      .select(['course_id', 'instrument_id'])
      .select((eb) => [eb.fn.avg<number>('total').as('mean'), eb.fn.countAll<number>().as('n')])
      .where('patient_id', '=', patientId)
      .groupBy(['course_id', 'instrument_id'])
      .execute(),
  ]);

  // Doses given, per course: the signed order's mg/kg and bioavailability.
  const doses = new Map<string, GivenDose[]>(ids.map((id) => [id, []]));
  const sessionCourse = new Map<string, string>();
  for (const s of clinicDoses) {
    sessionCourse.set(s.id, s.course_id);
    const order = s.dose_order
      ? (JSON.parse(s.dose_order) as { mgPerKg?: number; bioavailability?: number })
      : {};
    if (typeof order.mgPerKg === 'number' && typeof order.bioavailability === 'number')
      doses.get(s.course_id)?.push({
        at: s.first_dose_at as string,
        mgPerKg: order.mgPerKg,
        bioavailability: order.bioavailability,
      });
  }
  for (const h of homeDoses) {
    const d = h.order_detail
      ? (JSON.parse(h.order_detail) as { mgPerKg?: number; bioavailability?: number })
      : {};
    if (typeof d.mgPerKg === 'number' && typeof d.bioavailability === 'number')
      doses.get(h.course_id)?.push({
        at: h.dose_taken_at as string,
        mgPerKg: d.mgPerKg,
        bioavailability: d.bioavailability,
      });
  }
  // Site: the clinic location of the course's first visit with one, else the site its first dose was drawn at.
  const sites = new Map<string, { id: string; name: string }>();
  for (const v of visits)
    if (v.course_id && !sites.has(v.course_id)) sites.set(v.course_id, { id: v.site_id, name: v.site_name });
  for (const e of drawn) {
    const courseId = sessionCourse.get(e.session_id as string);
    if (courseId && !sites.has(courseId)) sites.set(courseId, { id: e.site_id, name: e.site_name });
  }

  // Score points per questionnaire: completed, scored, not superseded by an amendment; an amendment stands at
  // the time of the sheet it corrects (as the chart's trend and patient_outcomes place it).
  const byId = new Map(responses.map((r) => [r.id, r]));
  const superseded = new Set(responses.flatMap((r) => (r.amended_from ? [r.amended_from] : [])));
  // In-session experience ratings are measure responses too, but not outcomes: they are kept apart.
  const experienceIds = new Set(experience.map((e) => e.instrument_id));
  const points = new Map<string, ScorePoint[]>();
  for (const r of responses) {
    if (r.status !== 'completed' || r.total === null || superseded.has(r.id)) continue;
    if (experienceIds.has(r.instrument_id)) continue;
    let root = r;
    for (let guard = 0; root.amended_from && guard < 100; guard++) {
      const up = byId.get(root.amended_from);
      if (!up) break;
      root = up;
    }
    const at = root.completed_at ?? r.completed_at ?? r.scored_at;
    if (!at) continue;
    const list = points.get(r.instrument_id) ?? [];
    list.push({ at, total: Number(r.total) });
    points.set(r.instrument_id, list);
  }
  const rules = new Map<string, { response?: ChangeRule; remission?: ChangeRule }>();
  for (const instrumentId of points.keys()) {
    const def = getInstrument(instrumentId) ?? (await importedDefinition(trx, instrumentId));
    rules.set(instrumentId, { response: def?.scoring.response, remission: def?.scoring.remission });
  }

  const codeList = codes.map((c) => c.code);
  const summaries = courses
    .map((c) => ({
      c,
      s: summariseCourse(
        {
          route: c.route,
          setting: c.setting,
          status: c.status,
          stopReason: c.stop_reason,
          plannedDoses: c.planned_dosing,
          createdAt: c.created_at,
          nextStartAt: null,
        },
        doses.get(c.id) ?? [],
      ),
    }))
    .sort((a, b) => a.s.startedAt.localeCompare(b.s.startedAt) || a.c.id.localeCompare(b.c.id));

  // The dashboard's counts change by the difference between these courses' summaries before and after.
  const cube = options.cube !== false;
  const before = cube ? await readSummaryRows(trx, ids) : null;
  await trx.deleteFrom('course_outcome_weeks').where('course_id', 'in', ids).execute();
  await trx.deleteFrom('course_outcome_measures').where('course_id', 'in', ids).execute();
  await trx.deleteFrom('course_experience').where('course_id', 'in', ids).execute();
  await trx.deleteFrom('course_outcomes').where('course_id', 'in', ids).execute();

  const measureRows: Record<string, unknown>[] = [];
  const weekRows: Record<string, unknown>[] = [];
  const courseRows = summaries.map(({ c, s }, i) => {
    const next = summaries[i + 1]?.s.startedAt ?? null;
    for (const [instrumentId, list] of points) {
      const m = summariseMeasure(s.startedAt, next, list, rules.get(instrumentId) ?? {});
      if (!m) continue;
      measureRows.push({
        course_id: c.id,
        instrument_id: instrumentId,
        baseline_total: m.baseline,
        latest_total: m.latest,
        latest_is_baseline: fromBool(m.latestIsBaseline),
        follow_week: m.followWeek,
        response_week: m.responseWeek,
        remission_week: m.remissionWeek,
      });
      for (const [week, change] of m.weeks)
        weekRows.push({ course_id: c.id, instrument_id: instrumentId, week, change_total: change });
    }
    const site = sites.get(c.id);
    const indications = JSON.parse(c.indications) as string[];
    return {
      course_id: c.id,
      patient_id: patientId,
      route_group: s.routeGroup,
      indication_group: indicationGroup(codeList, indications),
      started_at: s.startedAt,
      start_date: s.startedAt.slice(0, 10),
      site_id: site?.id ?? null,
      site_name: site?.name ?? null,
      clinician_id: c.created_by,
      program: c.template_key,
      dose_per_kg: s.dosePerKg,
      doses_planned: c.planned_dosing,
      doses_given: s.dosesGiven,
      status: c.status,
      stopped_early: fromBool(s.stoppedEarly),
      stop_reason: s.stopReason,
      updated_at: now,
    };
  });
  await trx.insertInto('course_outcomes').values(courseRows).execute();
  for (let i = 0; i < measureRows.length; i += 200)
    await trx
      .insertInto('course_outcome_measures')
      .values(measureRows.slice(i, i + 200) as never)
      .execute();
  for (let i = 0; i < weekRows.length; i += 200)
    await trx
      .insertInto('course_outcome_weeks')
      .values(weekRows.slice(i, i + 200) as never)
      .execute();
  const known = new Set(ids);
  const expRows = experience
    .filter((e) => known.has(e.course_id))
    .map((e) => ({
      course_id: e.course_id,
      instrument_id: e.instrument_id,
      mean_total: Math.round(Number(e.mean) * 1000) / 1000,
      sessions: Number(e.n),
    }));
  if (expRows.length) await trx.insertInto('course_experience').values(expRows).execute();
  if (before)
    await applyCubeDifference(trx, before, {
      courses: courseRows,
      measures: measureRows as unknown as SummaryRows['measures'],
      weeks: weekRows as unknown as SummaryRows['weeks'],
      experience: expRows,
    });
}

/**
 * Every patient with a course, recomputed, then the dashboard's counts recounted from the result (migration
 * 0026's backfill, without the counts that 0029 adds; a repair tool).
 */
export async function rebuildCourseOutcomes(
  db: Executor,
  now: string,
  options: { cube?: boolean } = {},
): Promise<number> {
  const patients = await db.selectFrom('courses').select('patient_id').distinct().execute();
  for (const p of patients) await refreshCourseOutcomes(db, p.patient_id, now, { cube: false });
  if (options.cube !== false) await rebuildCourseOutcomeCube(db);
  return patients.length;
}
