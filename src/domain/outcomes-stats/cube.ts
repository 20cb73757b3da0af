// The outcomes dashboard's maintained counts (issue #21, migration 0029): every figure the dashboard shows is a
// sum of counts kept per course start month and filter cell (site × program, each also as "all"), so a request
// reads a few thousand counts whatever the clinic's size instead of every course. Pure: this file says what one
// course adds to the counts; the server adds the difference on every write that changes a course summary and
// can recount them all from the summaries.
//
// Dose and experience are counted in fine steps so that the quartile bands can be cut from the counts: a course's
// mean bioavailable dose is counted in the step of 0.01 mg/kg at or above it (0.523 → 0.53), its mean experience
// score in the step of 0.1 point at or above it (23.333 → 23.4). The quartiles are then those of the stepped
// values (quantiles.ts, Hyndman–Fan definition 1), so a band edge is a step: exact for doses and scores that fall
// on a step, otherwise the step just above the value. A course is in a band by its stepped value, which is the
// same as comparing its exact value with the band's edges (every edge is a step).

import { ruleHolds } from '../instruments/scoring';
import type { ChangeRule } from '../instruments/types';

/** The weeks the change-by-week table shows (weeks since the start, 0 to this). */
export const WEEKS_SHOWN = 26;

/** Counting steps: 100 per mg/kg (0.01 mg/kg) and 10 per point (0.1 point). */
export const DOSE_STEPS_PER_UNIT = 100;
export const EXPERIENCE_STEPS_PER_UNIT = 10;

/** The step a value is counted in (the summaries round to 0.001, so the arithmetic is on whole thousandths). */
export function stepOf(value: number, perUnit: number): number {
  const thousandths = Math.round(value * 1000);
  const per = 1000 / perUnit;
  return Math.ceil(thousandths / per);
}

/** "All" in a filter cell (no site or program id is a single asterisk). */
export const ALL = '*';

export type CubeDim =
  | 'course' // every course: n
  | 'stop' // ended courses: bucket `${stoppedEarly 0|1}|${reason}`
  | 'site' // options: bucket JSON [site id, site name]
  | 'clinician' // options: bucket clinician id
  | 'program' // options: bucket program key
  | 'exp_course' // courses rated on experience questionnaire `sub`
  | 'measure' // courses with a baseline on `instrument`: n, evaluable, responded, remitted
  | 'route' // … by route group
  | 'indication' // … by indication group
  | 'dose' // … by dose step (courses with a dose)
  | 'exp' // … by experience step on questionnaire `sub` (courses rated on it)
  | 'km' // evaluable courses: bucket `${route}|${week}|${event 0|1}` (time to response)
  | 'week'; // week rows: bucket `${week}|${change}` (change by week)

export interface CubeCount {
  dim: CubeDim;
  instrument: string;
  sub: string;
  bucket: string;
  n: number;
  evaluable: number;
  responded: number;
  remitted: number;
}

/** What the counts need of a course summary (course_outcomes). */
export interface CubeCourse {
  startDate: string; // YYYY-MM-DD
  siteId: string | null;
  siteName: string | null;
  clinicianId: string;
  program: string;
  routeGroup: string;
  indicationGroup: string;
  dosePerKg: number | null;
  status: string;
  stoppedEarly: boolean;
  stopReason: string | null;
}

/** … of a course and questionnaire (course_outcome_measures). */
export interface CubeMeasure {
  instrumentId: string;
  baseline: number;
  latest: number;
  latestIsBaseline: boolean;
  followWeek: number;
  responseWeek: number | null;
}

/** A questionnaire's score range and rules (outcomeRange and scoring of its definition). */
export interface CubeRules {
  min: number;
  max: number;
  response?: ChangeRule;
  remission?: ChangeRule;
}

const count = (
  dim: CubeDim,
  instrument: string,
  sub: string,
  bucket: string,
  flags = { evaluable: 0, responded: 0, remitted: 0 },
): CubeCount => ({ dim, instrument, sub, bucket, n: 1, ...flags });

/**
 * Counts are kept per start month, per year and for all time, so a date range reads few rows; for all sites and
 * programs also per start day, so the part months at the ends of a date range are counts too.
 */
export type CubeSpan = 'day' | 'month' | 'year' | 'all';

/**
 * The filter cells a course is counted in: its site and program, each also as "all", each for its start month,
 * its year and all time; and all sites and programs for its start day.
 */
export function cubeCells(c: CubeCourse): { site: string; program: string; span: CubeSpan; month: string }[] {
  // (month holds the span's period: YYYY-MM-DD, YYYY-MM, YYYY or '*'.)
  const month = c.startDate.slice(0, 7);
  const site = c.siteId ?? '';
  const places = [
    { site: ALL, program: ALL },
    { site, program: ALL },
    { site: ALL, program: c.program },
    { site, program: c.program },
  ];
  return [
    ...places.flatMap((p) => [
      { ...p, span: 'month' as const, month },
      { ...p, span: 'year' as const, month: month.slice(0, 4) },
      { ...p, span: 'all' as const, month: ALL },
    ]),
    { site: ALL, program: ALL, span: 'day' as const, month: c.startDate },
  ];
}

/**
 * The counts to add up for whole months from `from` to `to` (YYYY-MM, inclusive, either open): all time when
 * both are open, else the whole years inside the range and the months outside them.
 */
export function cubeSpans(months: {
  from?: string;
  to?: string;
}): { span: CubeSpan; from: string; to: string }[] {
  if (!months.from && !months.to) return [{ span: 'all', from: ALL, to: ALL }];
  const lo = months.from ?? '0000-01';
  const hi = months.to ?? '9999-12';
  if (lo > hi) return [];
  const year = (m: string) => Number(m.slice(0, 4));
  const pad = (y: number) => String(y).padStart(4, '0');
  const firstYear = lo.endsWith('-01') ? year(lo) : year(lo) + 1;
  const lastYear = hi.endsWith('-12') ? year(hi) : year(hi) - 1;
  if (firstYear > lastYear) return [{ span: 'month', from: lo, to: hi }];
  const out: { span: CubeSpan; from: string; to: string }[] = [
    { span: 'year', from: pad(firstYear), to: pad(lastYear) },
  ];
  if (lo < `${pad(firstYear)}-01`) out.push({ span: 'month', from: lo, to: `${pad(firstYear - 1)}-12` });
  if (hi > `${pad(lastYear)}-12`) out.push({ span: 'month', from: `${pad(lastYear + 1)}-01`, to: hi });
  return out;
}

/** What a course counts for on its own, with the experience questionnaires it was rated on. */
export function courseCounts(c: CubeCourse, experience: readonly string[]): CubeCount[] {
  const out = [
    count('course', '', '', ''),
    count('clinician', '', '', c.clinicianId),
    count('program', '', '', c.program),
  ];
  if (c.siteId) out.push(count('site', '', '', JSON.stringify([c.siteId, c.siteName ?? ''])));
  if (c.status === 'completed' || c.status === 'stopped')
    out.push(count('stop', '', '', `${c.stoppedEarly ? 1 : 0}|${c.stopReason ?? ''}`));
  for (const e of experience) out.push(count('exp_course', '', e, ''));
  return out;
}

/** Whether the course is evaluable, responded and remitted at its latest score (the rates). */
export function measureFlags(m: CubeMeasure, rules: CubeRules | undefined) {
  const inRange = (x: number) => rules !== undefined && x >= rules.min && x <= rules.max;
  const evaluable = !m.latestIsBaseline && inRange(m.baseline) && inRange(m.latest);
  const holds = (rule: ChangeRule | undefined) =>
    evaluable && rule !== undefined && ruleHolds(rule, m.baseline, m.latest);
  return {
    evaluable: evaluable ? 1 : 0,
    responded: holds(rules?.response) ? 1 : 0,
    remitted: holds(rules?.remission) ? 1 : 0,
  };
}

/**
 * What a course counts for on one questionnaire it has a baseline for: the rates overall and by route,
 * indication, dose step and experience step (per experience questionnaire it was rated on, with its mean), and
 * its time to response when evaluable (the week of the first response, else of the latest score, censored).
 */
export function measureCounts(
  c: CubeCourse,
  m: CubeMeasure,
  rules: CubeRules | undefined,
  experience: readonly { instrumentId: string; mean: number }[],
): CubeCount[] {
  const flags = measureFlags(m, rules);
  const i = m.instrumentId;
  const out = [
    count('measure', i, '', '', flags),
    count('route', i, '', c.routeGroup, flags),
    count('indication', i, '', c.indicationGroup, flags),
  ];
  if (c.dosePerKg !== null)
    out.push(count('dose', i, '', String(stepOf(c.dosePerKg, DOSE_STEPS_PER_UNIT)), flags));
  for (const e of experience)
    out.push(count('exp', i, e.instrumentId, String(stepOf(e.mean, EXPERIENCE_STEPS_PER_UNIT)), flags));
  if (flags.evaluable) {
    const event = m.responseWeek !== null;
    out.push(count('km', i, '', `${c.routeGroup}|${event ? m.responseWeek : m.followWeek}|${event ? 1 : 0}`));
  }
  return out;
}

/** A week's change from baseline (course_outcome_weeks), counted when the table shows that week. */
export function weekCount(instrumentId: string, week: number, change: number): CubeCount | null {
  return week <= WEEKS_SHOWN ? count('week', instrumentId, '', `${week}|${change}`) : null;
}

/** Counts with the same dimension, questionnaires and bucket added up (zero counts dropped). */
export function sumCounts(counts: Iterable<CubeCount>): CubeCount[] {
  const out = new Map<string, CubeCount>();
  for (const c of counts) {
    const k = `${c.dim}\u0001${c.instrument}\u0001${c.sub}\u0001${c.bucket}`;
    const cur = out.get(k);
    if (!cur) out.set(k, { ...c });
    else {
      cur.n += c.n;
      cur.evaluable += c.evaluable;
      cur.responded += c.responded;
      cur.remitted += c.remitted;
    }
  }
  return [...out.values()].filter((c) => c.n !== 0);
}

const lastDay = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const shiftMonth = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * A course start date range (YYYY-MM-DD, inclusive, either end open) as the whole months the monthly counts
 * answer (null: none) and the part months at its ends, which are read from the course summaries.
 */
export function splitDateRange(
  from: string | undefined,
  to: string | undefined,
): { months: { from?: string; to?: string } | null; parts: { from: string; to: string }[] } {
  const fromMonth = from?.slice(0, 7);
  const toMonth = to?.slice(0, 7);
  const fromWhole = !from || from.endsWith('-01');
  const toWhole = !to || to === lastDay(toMonth as string);
  if (from && to && fromMonth === toMonth)
    return fromWhole && toWhole
      ? { months: { from: fromMonth, to: toMonth }, parts: [] }
      : { months: null, parts: [{ from, to }] };
  const parts: { from: string; to: string }[] = [];
  if (from && !fromWhole) parts.push({ from, to: lastDay(fromMonth as string) });
  if (to && !toWhole) parts.push({ from: `${toMonth}-01`, to });
  const mFrom = from ? (fromWhole ? fromMonth : shiftMonth(fromMonth as string, 1)) : undefined;
  const mTo = to ? (toWhole ? toMonth : shiftMonth(toMonth as string, -1)) : undefined;
  const months = mFrom && mTo && mFrom > mTo ? null : { from: mFrom, to: mTo };
  return { months, parts };
}
