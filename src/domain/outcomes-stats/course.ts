// One course of treatment reduced to what the clinic outcomes dashboard compares (issue #21): its route group,
// indication group, start, route-normalised dose, doses planned and given, whether and why it stopped early,
// and for each questionnaire the course's baseline and latest scores, the weeks to the first response and
// remission, and the change from baseline in each week. Pure: the server reads the course's rows and stores
// what this returns (maintained summaries, kept current on every write that changes them).
//
// Definitions (written out again, in words, in DASHBOARD_METHOD and the PDF report):
// - Start: the course's first dose (in clinic: the first administration; at home: the dose taken), else the day
//   the course was created.
// - Baseline: the patient's last score on the questionnaire at or before the start (within BASELINE_WINDOW_DAYS
//   before it), else their first score in the course's first week.
// - Latest: the last score after the baseline and before the patient's next course started.
// - Week: whole weeks since the start (week 0 = the first seven days).
// - Route-normalised dose: bioavailable mg per kg (F × mg / kg, DOMAIN §2; F from the exposure module's route
//   table), the mean over the course's doses given.

import { ruleHolds } from '../instruments/scoring';
import type { ChangeRule } from '../instruments/types';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
export const BASELINE_WINDOW_DAYS = 90;
/** Weeks beyond this are not followed week by week (follow-up visits are months apart). */
export const MAX_WEEK = 52;

/** The five routes the issue compares, and the rest. */
export const ROUTE_GROUPS = [
  'iv',
  'im',
  'sublingual_clinic',
  'sublingual_home',
  'esketamine',
  'other',
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];
export const ROUTE_GROUP_LABELS: Record<RouteGroup, string> = {
  iv: 'Intravenous',
  im: 'Intramuscular',
  sublingual_clinic: 'Sublingual in clinic',
  sublingual_home: 'Sublingual at home',
  esketamine: 'Esketamine nasal spray',
  other: 'Other routes',
};

export function routeGroup(route: string, setting: string): RouteGroup {
  if (route === 'iv' || route === 'im' || route === 'esketamine') return route;
  if (route === 'intranasal') return 'esketamine';
  if (route === 'sublingual') return setting === 'at_home' ? 'sublingual_home' : 'sublingual_clinic';
  return 'other';
}

/**
 * Indication groups by ICD-10-CM block (WHO ICD-10 chapter V; CDC/NCHS ICD-10-CM 2025 tabular list). A course
 * is grouped by the patient's first psychiatric (F) diagnosis code; without one, by the words of its first
 * stated indication (the course form takes free text).
 */
export const INDICATION_GROUPS = [
  'depression',
  'bipolar_depression',
  'anxiety',
  'ptsd',
  'ocd',
  'substance_use',
  'other',
] as const;
export type IndicationGroup = (typeof INDICATION_GROUPS)[number];
export const INDICATION_LABELS: Record<IndicationGroup, string> = {
  depression: 'Depression (F32–F33)',
  bipolar_depression: 'Bipolar disorder (F31)',
  anxiety: 'Anxiety disorders (F40–F41)',
  ptsd: 'Stress-related disorders, PTSD (F43)',
  ocd: 'Obsessive-compulsive disorder (F42)',
  substance_use: 'Substance use disorders (F10–F19)',
  other: 'Other or not stated',
};

export function indicationGroup(codes: readonly string[], indications: readonly string[]): IndicationGroup {
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    const m = /^F(\d\d)/.exec(code);
    if (!m) continue;
    const n = Number(m[1]);
    if (n === 32 || n === 33) return 'depression';
    if (n === 31) return 'bipolar_depression';
    if (n === 40 || n === 41) return 'anxiety';
    if (n === 43) return 'ptsd';
    if (n === 42) return 'ocd';
    if (n >= 10 && n <= 19) return 'substance_use';
    return 'other';
  }
  const text = (indications[0] ?? '').toLowerCase();
  if (/bipolar/.test(text)) return 'bipolar_depression';
  if (/depress/.test(text)) return 'depression';
  if (/ptsd|post-?traumatic|stress disorder/.test(text)) return 'ptsd';
  if (/obsessive|\bocd\b/.test(text)) return 'ocd';
  if (/anxiety|panic|phobi/.test(text)) return 'anxiety';
  if (/alcohol|opioid|substance|use disorder|addiction/.test(text)) return 'substance_use';
  return 'other';
}

/** Why a course ended before its planned doses (the prescriber's choice when stopping it). */
export const STOP_REASONS = [
  'adverse_effects',
  'no_benefit',
  'patient_choice',
  'cost_or_access',
  'lost_to_follow_up',
  'clinical_reason',
  'other',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export const STOP_REASON_LABELS: Record<StopReason | 'not_recorded', string> = {
  adverse_effects: 'Side effects or adverse events',
  no_benefit: 'Not helping',
  patient_choice: 'Patient’s choice',
  cost_or_access: 'Cost or access',
  lost_to_follow_up: 'Lost to follow-up',
  clinical_reason: 'Another clinical reason',
  other: 'Other',
  not_recorded: 'No reason recorded',
};

export interface CourseFacts {
  route: string;
  setting: string;
  status: string; // planned | active | completed | stopped
  stopReason: string | null;
  plannedDoses: number;
  createdAt: string;
  /** The start of the patient's next course (its first dose, else creation), or null for their latest. */
  nextStartAt: string | null;
}

export interface GivenDose {
  at: string;
  /** Nominal mg/kg and the route's bioavailability F, as the signed order stored them. */
  mgPerKg: number;
  bioavailability: number;
}

export interface ScorePoint {
  at: string;
  total: number;
}

export interface CourseSummary {
  routeGroup: RouteGroup;
  startedAt: string;
  dosePerKg: number | null;
  dosesGiven: number;
  stoppedEarly: boolean;
  stopReason: string | null;
}

export function summariseCourse(course: CourseFacts, doses: readonly GivenDose[]): CourseSummary {
  const sorted = [...doses].sort((a, b) => a.at.localeCompare(b.at));
  const startedAt = sorted[0]?.at ?? course.createdAt;
  const normalised = sorted.map((d) => d.mgPerKg * d.bioavailability);
  const dosePerKg = normalised.length
    ? Math.round((normalised.reduce((s, x) => s + x, 0) / normalised.length) * 1000) / 1000
    : null;
  const stoppedEarly =
    course.status === 'stopped' || (course.status === 'completed' && sorted.length < course.plannedDoses);
  return {
    routeGroup: routeGroup(course.route, course.setting),
    startedAt,
    dosePerKg,
    dosesGiven: sorted.length,
    stoppedEarly,
    stopReason: stoppedEarly ? (course.stopReason ?? 'not_recorded') : null,
  };
}

export interface MeasureSummary {
  baseline: number;
  latest: number;
  latestIsBaseline: boolean;
  /** Week of the latest score (the time a course without a response is followed to). */
  followWeek: number;
  responseWeek: number | null;
  remissionWeek: number | null;
  /** week → the change from baseline (latest − baseline) of the last score in that week after the baseline. */
  weeks: Map<number, number>;
}

export const weekOf = (startedAt: string, at: string): number =>
  Math.max(0, Math.floor((Date.parse(at) - Date.parse(startedAt)) / WEEK));

/** One questionnaire over one course; null when the course has no baseline for it. */
export function summariseMeasure(
  startedAt: string,
  nextStartAt: string | null,
  points: readonly ScorePoint[],
  rules: { response?: ChangeRule; remission?: ChangeRule },
): MeasureSummary | null {
  const start = Date.parse(startedAt);
  const end = nextStartAt ? Date.parse(nextStartAt) : Number.POSITIVE_INFINITY;
  const sorted = [...points].sort((a, b) => a.at.localeCompare(b.at));
  const before = sorted.filter((p) => {
    const t = Date.parse(p.at);
    return t <= start && t >= start - BASELINE_WINDOW_DAYS * DAY;
  });
  const baselinePoint =
    before[before.length - 1] ??
    sorted.find((p) => {
      const t = Date.parse(p.at);
      return t > start && t < start + WEEK && t < end;
    });
  if (!baselinePoint) return null;
  const after = sorted.filter((p) => p.at > baselinePoint.at && Date.parse(p.at) < end);
  const latestPoint = after[after.length - 1] ?? baselinePoint;
  const baseline = baselinePoint.total;
  let responseWeek: number | null = null;
  let remissionWeek: number | null = null;
  const weeks = new Map<number, number>();
  for (const p of after) {
    const w = weekOf(startedAt, p.at);
    if (responseWeek === null && rules.response && ruleHolds(rules.response, baseline, p.total))
      responseWeek = w;
    if (remissionWeek === null && rules.remission && ruleHolds(rules.remission, baseline, p.total))
      remissionWeek = w;
    if (w <= MAX_WEEK) weeks.set(w, p.total - baseline);
  }
  return {
    baseline,
    latest: latestPoint.total,
    latestIsBaseline: latestPoint === baselinePoint,
    followWeek: latestPoint === baselinePoint ? 0 : weekOf(startedAt, latestPoint.at),
    responseWeek,
    remissionWeek,
    weeks,
  };
}
