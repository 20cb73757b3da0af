import { type RawBuilder, sql } from 'kysely';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type {
  ClinicDashboard,
  DashboardCellQuery,
  DashboardFilters,
  dashboardPatients,
} from '../../../contracts/outcomes';
import { describeRule, outcomeRange } from '../../../domain/measures';
import {
  ALL,
  BANDS,
  type Band,
  bandOf,
  type CubeCount,
  type CubeDim,
  DASHBOARD_METHOD,
  DOSE_STEPS_PER_UNIT,
  EXPERIENCE_STEPS_PER_UNIT,
  INDICATION_GROUPS,
  INDICATION_LABELS,
  kaplanMeierGrouped,
  MAX_WEEK,
  MIN_N,
  median,
  NOT_A_TRIAL,
  numbersAtRisk,
  quantileBands,
  ROUTE_GROUP_LABELS,
  ROUTE_GROUPS,
  rateCell,
  STOP_REASON_LABELS,
  splitDateRange,
  sumCounts,
  WEEKS_SHOWN,
  type Weighted,
} from '../../../domain/outcomes-stats';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { forbidden, invalid } from '../../platform/errors';
import { listCatalogue } from '../measures';
import { cubeRules } from './cube-repository';
import * as repo from './dashboard-repository';

type Named = { id: string; name: string };
type Breakdown = ClinicDashboard['breakdowns'][number];

/** How long a counted dashboard may be reused while the summaries are unchanged (see figures()). */
const CACHE_MS = 5 * 60_000;

/** The weeks the numbers at risk are shown for under the time-to-response chart. */
export const AT_RISK_WEEKS = [0, 2, 4, 8, 12, 26];

const fmt = (x: number) => (Math.round(x * 1000) / 1000).toString();

function bandLabel(b: Band, unit: string): string {
  if (b.lowInclusive && b.low === b.high) return `${fmt(b.low)}${unit}`;
  return b.lowInclusive
    ? `${fmt(b.low)} to ${fmt(b.high)}${unit}`
    : `over ${fmt(b.low)} to ${fmt(b.high)}${unit}`;
}

interface Context {
  filters: DashboardFilters;
  instrument: (Named & { rules: repo.InstrumentRules; def: ClinicDashboard['instrument'] }) | null;
  experience: Named | null;
  doseBands: Band[];
  expBands: Band[];
  instruments: ClinicDashboard['instruments'];
  experienceInstruments: ClinicDashboard['experienceInstruments'];
  /** Course-level counts (courses, stops, per questionnaire) and the chosen questionnaire's. */
  courseCounts: CubeCount[];
  counts: CubeCount[];
}

/**
 * Quartile bands of values counted in steps (`perUnit` steps per unit): the quartiles of the steps, as values.
 * Every edge is a step, and the first band starts just over the step below its lowest (a value counted in a
 * step lies above the step before it).
 */
function stepBands(steps: readonly Weighted[], perUnit: number): Band[] {
  return quantileBands(steps, BANDS).map((b) => ({
    index: b.index,
    low: (b.index === 0 ? b.low - 1 : b.low) / perUnit,
    lowInclusive: false,
    high: b.high / perUnit,
  }));
}

/**
 * The clinic outcomes dashboard (issue #21) for prescribers and admins (`outcomes.read`): every figure summed from
 * the maintained counts (cube-repository.ts, kept current with the per-course summaries of
 * course-summary-repository.ts), the part months of a date range and a prescriber's courses from the summaries,
 * the statistics applied from domain/outcomes-stats. Reading it is audited like any read of patient data; the
 * list of patients behind a figure needs `patients.read` as well and leaves out confidential records the reader
 * may not open.
 */
export class OutcomesDashboardService {
  constructor(private readonly ctx: AppContext) {}

  private allow(auth: AuthContext): void {
    if (auth.role === 'patient' || !auth.permissions.has('outcomes.read')) throw forbidden();
  }

  /**
   * Where the filter's counts come from: the monthly counts of its site × program cell for the whole months of
   * its date range; for the part months at either end, the daily counts (all sites and programs) or, within a
   * site or program, the course summaries. A prescriber filter reads that
   * prescriber's course summaries (the counts are not kept per prescriber: a few per cent of the courses each,
   * read through an index).
   */
  private sources(f: DashboardFilters) {
    const level = { site: f.site ?? ALL, program: f.program ?? ALL };
    if (f.clinician) return { level, months: null, days: [], parts: [f] };
    const { months, parts } = splitDateRange(f.from, f.to);
    // Part months are counted by day for all sites and programs; within a site or program, from the summaries.
    if (!f.site && !f.program) return { level, months, days: parts, parts: [] };
    return { level, months, days: [], parts: parts.map((p) => ({ ...f, from: p.from, to: p.to })) };
  }

  /** Courses, stops, and courses per questionnaire and per experience questionnaire. */
  private async courseCounts(f: DashboardFilters): Promise<CubeCount[]> {
    const { db } = this.ctx;
    const s = this.sources(f);
    const lists = await Promise.all([
      s.months || s.days.length
        ? repo.cubeCounts(db, s.level, s.months, ['course', 'stop', 'measure', 'exp_course'], null, s.days)
        : Promise.resolve([]),
      ...s.parts.map((p) => repo.summaryCourseCounts(db, p)),
    ]);
    return sumCounts(lists.flat());
  }

  /** One questionnaire's counts, with the experience steps of one experience questionnaire. */
  private async measureCounts(
    f: DashboardFilters,
    instrumentId: string,
    experienceId: string | null,
  ): Promise<CubeCount[]> {
    const { db } = this.ctx;
    const s = this.sources(f);
    const rules = s.parts.length ? await cubeRules(db, instrumentId) : undefined;
    const lists = await Promise.all([
      s.months || s.days.length
        ? repo.cubeCounts(
            db,
            s.level,
            s.months,
            ['measure', 'route', 'indication', 'dose', 'exp', 'km', 'week'],
            { id: instrumentId, experience: experienceId },
            s.days,
          )
        : Promise.resolve([]),
      ...s.parts.map((p) => repo.summaryMeasureCounts(db, p, instrumentId, rules, experienceId)),
    ]);
    return sumCounts(lists.flat());
  }

  /** Which questionnaires, the chosen ones with their rules and counts, and the dose and experience bands. */
  private async context(f: DashboardFilters): Promise<Context> {
    const { db } = this.ctx;
    const [catalogue, courseCounts] = await Promise.all([listCatalogue(db), this.courseCounts(f)]);
    const withCourses = courseCounts
      .filter((c) => c.dim === 'measure')
      .map((c) => ({ instrument_id: c.instrument, n: c.n }));
    const withExperience = courseCounts
      .filter((c) => c.dim === 'exp_course')
      .map((c) => ({ instrument_id: c.sub, n: c.n }));
    const defs = new Map(catalogue.map(({ def }) => [def.id, def]));
    const name = (id: string) => defs.get(id)?.name ?? id;
    const experienceIds = new Set(withExperience.map((e) => e.instrument_id));
    const instruments = withCourses
      .filter((i) => !experienceIds.has(i.instrument_id) && defs.has(i.instrument_id))
      .sort((a, b) => b.n - a.n || name(a.instrument_id).localeCompare(name(b.instrument_id)))
      .map((i) => ({ id: i.instrument_id, name: name(i.instrument_id), courses: i.n }));
    const experienceInstruments = withExperience
      .sort((a, b) => b.n - a.n || a.instrument_id.localeCompare(b.instrument_id))
      .map((i) => ({ id: i.instrument_id, name: name(i.instrument_id), courses: i.n }));
    if (f.instrument && !defs.has(f.instrument))
      throw invalid('instrument', 'no questionnaire with this id in the catalogue');
    if (f.experience && !defs.has(f.experience) && !experienceIds.has(f.experience))
      throw invalid('experience', 'no questionnaire with this id in the catalogue');
    const chosenId = f.instrument ?? instruments[0]?.id ?? null;
    const def = chosenId ? defs.get(chosenId) : undefined;
    const instrument = def
      ? {
          id: def.id,
          name: def.name,
          rules: {
            instrumentId: def.id,
            ...outcomeRange(def),
            response: def.scoring.response,
            remission: def.scoring.remission,
          },
          def: {
            id: def.id,
            name: def.name,
            responseRule: describeRule(def.scoring.response),
            remissionRule: describeRule(def.scoring.remission),
          },
        }
      : null;
    const expId = f.experience ?? experienceInstruments[0]?.id ?? null;
    const experience = expId ? { id: expId, name: name(expId) } : null;
    const counts = instrument ? await this.measureCounts(f, instrument.id, experience?.id ?? null) : [];
    const steps = (dim: CubeDim) =>
      counts.filter((c) => c.dim === dim).map((c) => ({ value: Number(c.bucket), count: c.n }));
    return {
      filters: f,
      instrument,
      experience,
      doseBands: stepBands(steps('dose'), DOSE_STEPS_PER_UNIT),
      expBands: stepBands(steps('exp'), EXPERIENCE_STEPS_PER_UNIT),
      instruments,
      experienceInstruments,
      courseCounts,
      counts,
    };
  }

  /** Everything the screen, the CSV and the PDF show. */
  private readonly cache = new Map<string, { at: number; stamp: string; value: ClinicDashboard }>();

  /**
   * The figures for these filters, from a small in-process cache while the summaries have not changed since
   * (their latest update time and row count, read off an index) and for at most CACHE_MS: a quality dashboard
   * reread with the same filters does not recount 50,000 courses. Any write that changes a summary changes the
   * stamp, so a cached answer is never older than the data; CACHE_MS bounds a change of a questionnaire's rules
   * (an import), which the stamp does not see.
   */
  async figures(f: DashboardFilters): Promise<ClinicDashboard> {
    const stamp = await repo.summaryStamp(this.ctx.db);
    const key = JSON.stringify(f);
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && hit.stamp === stamp && now - hit.at < CACHE_MS) return hit.value;
    const value = await this.compute(f);
    if (this.cache.size >= 50) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { at: now, stamp, value });
    return value;
  }

  /** Every figure, counted now, without the audit entry (the routes audit; the scale bench calls this). */
  async compute(f: DashboardFilters): Promise<ClinicDashboard> {
    const { db, clock } = this.ctx;
    const [c, options] = await Promise.all([this.context(f), repo.filterOptions(db)]);
    const i = c.instrument;
    const of = (list: CubeCount[], dim: CubeDim) => list.filter((x) => x.dim === dim);
    const courses = of(c.courseCounts, 'course').reduce((s, x) => s + x.n, 0);
    const stops = of(c.courseCounts, 'stop').map((x) => {
      const [early, reason] = x.bucket.split('|') as [string, string];
      return { stopped_early: Number(early), reason: reason || null, n: x.n };
    });

    const row = (key: string, label: string, list: readonly CubeCount[]) => {
      const sum = (pick: (g: CubeCount) => number) => list.reduce((s, g) => s + pick(g), 0);
      const evaluable = sum((g) => g.evaluable);
      return {
        key,
        label,
        courses: sum((g) => g.n),
        evaluable,
        response: i?.rules.response
          ? rateCell(
              sum((g) => g.responded),
              evaluable,
            )
          : null,
        remission: i?.rules.remission
          ? rateCell(
              sum((g) => g.remitted),
              evaluable,
            )
          : null,
      };
    };
    const all = of(c.counts, 'measure');
    /** The courses of `all` outside `list` (no dose given, not rated): all minus the sum of the steps. */
    const rest = (list: readonly CubeCount[]): CubeCount[] => {
      const minus = (pick: (g: CubeCount) => number) =>
        all.reduce((s, g) => s + pick(g), 0) - list.reduce((s, g) => s + pick(g), 0);
      return [
        {
          dim: 'measure',
          instrument: i?.id ?? '',
          sub: '',
          bucket: 'none',
          n: minus((g) => g.n),
          evaluable: minus((g) => g.evaluable),
          responded: minus((g) => g.responded),
          remitted: minus((g) => g.remitted),
        },
      ];
    };
    const by = (
      dimension: Breakdown['dimension'],
      title: string,
      groups: (key: string) => readonly CubeCount[],
      keys: { key: string; label: string }[],
      note: string | null,
    ): Breakdown => ({
      dimension,
      title,
      note,
      rows: keys.map((k) => row(k.key, k.label, groups(k.key))).filter((r) => r.courses > 0),
    });
    const inBucket = (dim: CubeDim) => (key: string) => of(c.counts, dim).filter((g) => g.bucket === key);
    const inBand = (dim: CubeDim, bands: Band[], perUnit: number) => {
      const list = of(c.counts, dim);
      return (key: string) =>
        key === 'none'
          ? rest(list)
          : list.filter((g) => String(bandOf(bands, Number(g.bucket) / perUnit)) === key);
    };
    const bandKeys = (bands: Band[], unit: string, none: string) => [
      ...bands.map((b) => ({ key: String(b.index), label: bandLabel(b, unit) })),
      { key: 'none', label: none },
    ];
    const breakdowns: Breakdown[] = i
      ? [
          { dimension: 'all', title: 'All courses', note: null, rows: [row('all', 'All courses', all)] },
          by(
            'route',
            'By route',
            inBucket('route'),
            ROUTE_GROUPS.map((k) => ({ key: k, label: ROUTE_GROUP_LABELS[k] })),
            null,
          ),
          by(
            'indication',
            'By indication',
            inBucket('indication'),
            INDICATION_GROUPS.map((k) => ({ key: k, label: INDICATION_LABELS[k] })),
            null,
          ),
          by(
            'dose',
            'By dose band (bioavailable mg/kg)',
            inBand('dose', c.doseBands, DOSE_STEPS_PER_UNIT),
            bandKeys(c.doseBands, ' mg/kg', 'No dose given yet'),
            c.doseBands.length
              ? `Quartiles of the mean bioavailable dose per kg of the ${c.doseBands.length > 1 ? 'courses shown' : 'courses shown (all the same dose: one band)'}, in steps of 0.01 mg/kg.`
              : null,
          ),
          ...(c.experience
            ? [
                by(
                  'experience',
                  `By in-session experience (${c.experience.name})`,
                  inBand('exp', c.expBands, EXPERIENCE_STEPS_PER_UNIT),
                  bandKeys(c.expBands, '', 'Not rated'),
                  'Quartiles of the course’s mean score on this questionnaire over its rated sessions, in steps of 0.1 point.',
                ),
              ]
            : []),
        ]
      : [];

    const times = of(c.counts, 'km').map((x) => {
      const [route, week, event] = x.bucket.split('|') as [string, string, string];
      return { route_group: route, week: Number(week), event: Number(event), n: x.n };
    });
    const curves = ROUTE_GROUPS.flatMap((route) => {
      const mine = times.filter((t) => t.route_group === route);
      if (!mine.length) return [];
      const steps = kaplanMeierGrouped(
        mine.map((t) => ({ time: t.week, events: t.event ? t.n : 0, censored: t.event ? 0 : t.n })),
      );
      const n = mine.reduce((s, t) => s + t.n, 0);
      return [
        {
          key: route,
          label: ROUTE_GROUP_LABELS[route],
          courses: n,
          steps: steps.map((s) => ({
            week: s.time,
            responded: Math.round((1 - s.survival) * 10_000) / 10_000,
          })),
          atRisk: numbersAtRisk(steps, AT_RISK_WEEKS),
          tooFew: n < MIN_N,
        },
      ];
    });

    const weeks = new Map<number, { value: number; count: number }[]>();
    for (const x of of(c.counts, 'week')) {
      const [week, change] = x.bucket.split('|').map(Number) as [number, number];
      if (week > WEEKS_SHOWN) continue;
      const list = weeks.get(week) ?? [];
      list.push({ value: change, count: x.n });
      weeks.set(week, list);
    }
    const weeklyRows = [...weeks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([week, values]) => {
        const n = values.reduce((s, v) => s + v.count, 0);
        return { week, n, median: n >= MIN_N ? median(values) : null };
      });

    const ended = stops.reduce((s, r) => s + r.n, 0);
    const early = stops.filter((r) => r.stopped_early === 1);
    const reasons = new Map<string, number>();
    for (const r of early) {
      const key = r.reason ?? 'not_recorded';
      reasons.set(key, (reasons.get(key) ?? 0) + r.n);
    }
    return {
      generatedAt: clock.now().toISOString(),
      minN: MIN_N,
      filters: {
        from: f.from ?? null,
        to: f.to ?? null,
        site: f.site ?? null,
        clinician: f.clinician ?? null,
        program: f.program ?? null,
      },
      options,
      instruments: c.instruments,
      instrument: i ? i.def : null,
      experienceInstruments: c.experienceInstruments,
      experienceInstrument: c.experience,
      courses,
      breakdowns,
      timeToResponse: { weeks: AT_RISK_WEEKS, curves },
      weekly: weeklyRows,
      dropout: {
        courses: ended,
        stoppedEarly: rateCell(
          early.reduce((s, r) => s + r.n, 0),
          Math.max(ended, 0),
        ),
        reasons: [...reasons.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([key, n]) => ({
            key,
            label: STOP_REASON_LABELS[key as keyof typeof STOP_REASON_LABELS] ?? key,
            n,
          })),
      },
      method: DASHBOARD_METHOD,
      notATrial: NOT_A_TRIAL,
    };
  }

  private async audit(
    auth: AuthContext,
    action: AuditAction,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const { db, clock } = this.ctx;
    await db.transaction().execute((trx) => appendAudit(trx, clock, auth, { action, detail }));
  }

  private filterDetail(f: DashboardFilters) {
    return {
      instrument: f.instrument ?? null,
      from: f.from ?? null,
      to: f.to ?? null,
      site: f.site ?? null,
      clinician: f.clinician ?? null,
      program: f.program ?? null,
    };
  }

  async dashboard(auth: AuthContext, f: DashboardFilters): Promise<ClinicDashboard> {
    this.allow(auth);
    const d = { ...(await this.figures(f)), generatedAt: this.ctx.clock.now().toISOString() };
    await this.audit(auth, 'outcomes.dashboard', { ...this.filterDetail(f), courses: d.courses });
    return d;
  }

  async report(auth: AuthContext, f: DashboardFilters, format: 'csv' | 'pdf'): Promise<ClinicDashboard> {
    this.allow(auth);
    const d = await this.figures(f);
    await this.audit(auth, 'outcomes.export', { ...this.filterDetail(f), courses: d.courses, format });
    return d;
  }

  /** The patients behind one figure (at most 500 courses listed). */
  async patients(auth: AuthContext, q: DashboardCellQuery): Promise<z.infer<typeof dashboardPatients>> {
    this.allow(auth);
    if (!auth.permissions.has('patients.read'))
      throw forbidden('Listing the patients behind a figure needs access to patient records.');
    const { db, clock } = this.ctx;
    const c = await this.context(q);
    const i = c.instrument;
    const key = q.key;
    const oneOf = (list: readonly string[]) => {
      if (!list.includes(key)) throw invalid('key', `one of: ${list.join(', ')}`);
    };
    let group: RawBuilder<unknown> = sql`1 = 1`;
    let week: number | null = null;
    let label = 'All courses';
    switch (q.dimension) {
      case 'all':
        break;
      case 'route':
        oneOf(ROUTE_GROUPS);
        group = sql`c.route_group = ${key}`;
        label = ROUTE_GROUP_LABELS[key as keyof typeof ROUTE_GROUP_LABELS];
        break;
      case 'indication':
        oneOf(INDICATION_GROUPS);
        group = sql`c.indication_group = ${key}`;
        label = INDICATION_LABELS[key as keyof typeof INDICATION_LABELS];
        break;
      case 'dose':
      case 'experience': {
        const bands = q.dimension === 'dose' ? c.doseBands : c.expBands;
        oneOf([...bands.map((b) => String(b.index)), 'none']);
        const col = q.dimension === 'dose' ? sql.ref('c.dose_per_kg') : sql.ref('x.mean_total');
        group = sql`${repo.bandSql(col, bands)} = ${key}`;
        const band = bands.find((b) => String(b.index) === key);
        label =
          q.dimension === 'dose'
            ? band
              ? `Dose ${bandLabel(band, ' mg/kg')}`
              : 'No dose given yet'
            : band
              ? `${c.experience?.name ?? 'Experience'} ${bandLabel(band, '')}`
              : 'Not rated';
        break;
      }
      case 'week': {
        const n = Number(key);
        if (!/^\d{1,2}$/.test(key) || n > MAX_WEEK) throw invalid('key', `a week from 0 to ${MAX_WEEK}`);
        week = n;
        label = `Scored in week ${n} since the start`;
        break;
      }
      case 'stopped': {
        const reasons = Object.keys(STOP_REASON_LABELS);
        if (key) oneOf(reasons);
        group = key
          ? sql`c.status in ('completed', 'stopped') and c.stopped_early = 1 and coalesce(c.stop_reason, 'not_recorded') = ${key}`
          : sql`c.status in ('completed', 'stopped') and c.stopped_early = 1`;
        label = key
          ? `Stopped early: ${STOP_REASON_LABELS[key as keyof typeof STOP_REASON_LABELS]}`
          : 'Stopped early';
        break;
      }
    }
    const byInstrument = q.dimension !== 'stopped';
    if (byInstrument && !i) return { title: label, patients: [], hidden: 0, truncated: false };
    const now = clock.now().toISOString();
    const found = await repo.cellCourses(
      db,
      q,
      byInstrument && i ? i.rules : null,
      group,
      week,
      mayOpenSql(auth, now, 'c.patient_id'),
      500,
      c.experience?.id ?? null,
    );
    await this.audit(auth, 'outcomes.patients', {
      ...this.filterDetail(q),
      dimension: q.dimension,
      key,
      listed: found.rows.length,
      hidden: found.hidden,
    });
    return {
      title: byInstrument && i ? `${i.name} · ${label}` : label,
      patients: found.rows.map((r) => ({
        patientId: r.patient_id,
        name: `${r.preferred_name || r.first_name} ${r.last_name}`,
        chartNumber: r.chart_number,
        courseStart: r.started_at,
        route: ROUTE_GROUP_LABELS[r.route_group as keyof typeof ROUTE_GROUP_LABELS] ?? r.route_group,
        baseline: r.baseline,
        latest: r.latest,
        responded: byInstrument && r.evaluable === 1 ? r.responded === 1 : null,
      })),
      hidden: found.hidden,
      truncated: found.total - found.hidden > found.rows.length,
    };
  }
}
