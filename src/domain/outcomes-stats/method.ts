// How the dashboard states a rate (issue #21): a share with its 95 % Wilson interval, or "too few" below
// MIN_N courses, and the method written out for the screen and the quality-meeting report.

import { wilsonInterval } from './wilson';

/**
 * Below this many evaluable courses a cell shows "too few" instead of a rate. Ten is a convention, not a
 * statistical threshold: with n = 9 the 95 % interval around 50 % still spans about 21–79 % (Wilson), too wide
 * to compare routes; several health-statistics publishers suppress cells below 10 or 11 (e.g. CMS cell-size
 * suppression policy, 2020: counts 1–10 are not shown).
 */
export const MIN_N = 10;

/** Dose and experience bands: quartiles of the filtered data (counted in steps: cube.ts). */
export const BANDS = 4;

export interface RateCell {
  count: number;
  n: number;
  /** null below MIN_N ("too few"). */
  rate: number | null;
  low: number | null;
  high: number | null;
}

export function rateCell(count: number, n: number): RateCell {
  if (n < MIN_N) return { count, n, rate: null, low: null, high: null };
  const { low, high } = wilsonInterval(count, n);
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return { count, n, rate: r4(count / n), low: r4(low), high: r4(high) };
}

export const DASHBOARD_METHOD: { term: string; text: string }[] = [
  {
    term: 'Course',
    text: 'Each course of treatment counts once. A patient with two courses counts in each, with the scores that belong to it.',
  },
  {
    term: 'Start',
    text: 'The day of the course’s first dose (in clinic, the first administration; at home, the dose taken); the day the course was created while no dose has been given.',
  },
  {
    term: 'Baseline',
    text: `The patient’s last score on the questionnaire on or before the start (at most 90 days before it), else their first score in the course’s first week. Courses without one are left out for that questionnaire.`,
  },
  {
    term: 'Latest',
    text: 'The last score after the baseline, before the patient’s next course started. Courses with a baseline but no later score are counted as courses but not in the rates (not evaluable).',
  },
  {
    term: 'Response and remission',
    text: 'Each questionnaire’s own rules (shown with their sources), applied to the baseline and latest scores. Rates are shares of evaluable courses.',
  },
  {
    term: 'Dose band',
    text: 'The course’s mean route-normalised dose: bioavailable milligrams per kilogram (dose × the route’s bioavailability ÷ weight), over the doses given. Doses are counted in steps of 0.01 mg/kg (each in the step at or above it, so 0.523 counts as 0.53), and the bands are the quartiles of those steps over the courses shown: each band ends at a step someone’s dose fell in (exactly their dose when it is a whole hundredth); tied doses stay together, so bands can be unequal.',
  },
  {
    term: 'Experience band',
    text: 'The course’s mean in-session experience score on the chosen questionnaire, counted in steps of 0.1 point and banded by the quartiles of those steps in the same way.',
  },
  {
    term: 'Interval',
    text: 'A 95 % Wilson score interval around each rate (Wilson 1927; Newcombe 1998): the range of true rates these counts are compatible with. Wide intervals mean few courses.',
  },
  {
    term: 'Too few',
    text: `Groups with fewer than ${MIN_N} evaluable courses show no rate: a rate from so few moves a lot with each patient.`,
  },
  {
    term: 'Time to response',
    text: 'Kaplan–Meier estimate (Kaplan & Meier 1958) of the share of courses responded by each week since the start, counting a course as followed until its latest score (censored there when it had not responded). Numbers at risk: courses still followed and not yet responded at that week.',
  },
  {
    term: 'Change by week',
    text: 'For each week since the start, the median change from baseline of the last score that week, over the courses scored that week.',
  },
  {
    term: 'Stopped early',
    text: 'Courses stopped by the prescriber, or completed with fewer doses than planned, with the reason recorded when the course was stopped.',
  },
];

export const NOT_A_TRIAL =
  'These are the clinic’s own records, not a clinical trial: there is no comparison group, patients were not assigned to routes or doses at random, and patients who stop answering questionnaires are not followed. Differences between groups may come from who was offered what, not from the treatment. Use them to ask questions of the clinic’s practice, not to draw conclusions about effectiveness.';
