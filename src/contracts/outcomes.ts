import { z } from 'zod';

/** Clinic outcomes (issue #8): response and remission per instrument across the clinic. */
const ruleSummary = z
  .object({
    kind: z.enum(['percentDrop', 'absoluteDrop', 'below', 'atOrBelow']),
    value: z.number(),
    text: z.string(),
    source: z.string(),
  })
  .nullable();

export const instrumentOutcome = z.object({
  instrumentId: z.string(),
  name: z.string(),
  patients: z.number().int(),
  evaluable: z.number().int(),
  responders: z.number().int(),
  remitters: z.number().int(),
  responseRate: z.number().nullable(),
  remissionRate: z.number().nullable(),
  responseRule: ruleSummary,
  remissionRule: ruleSummary,
});

export const clinicOutcomes = z.object({
  generatedAt: z.string(),
  method: z.string(),
  instruments: z.array(instrumentOutcome),
});

/**
 * The clinic outcomes dashboard (issue #21): response and remission per questionnaire broken down by route,
 * indication, dose band and experience band; time to response; change by week; courses stopped early. Every
 * figure is counted over courses (one row per course) from the maintained course summaries.
 */
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
const id = z.string().trim().min(1).max(80);

export const dashboardFilters = z
  .object({
    /** The outcome questionnaire (default: the one with the most courses). */
    instrument: id.optional(),
    /** The in-session experience questionnaire for the experience bands (default: the one most rated). */
    experience: id.optional(),
    /** Course start, inclusive, as local dates of the course's first dose (UTC). */
    from: day.optional(),
    to: day.optional(),
    site: id.optional(),
    clinician: id.optional(),
    program: id.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'the end of the date range must be on or after its start',
  });
export type DashboardFilters = z.infer<typeof dashboardFilters>;

export const DASHBOARD_DIMENSIONS = ['all', 'route', 'indication', 'dose', 'experience'] as const;

/** The patients behind one figure: the dashboard's filters plus the figure's group. */
export const dashboardCellQuery = dashboardFilters.and(
  z.object({
    dimension: z.enum([...DASHBOARD_DIMENSIONS, 'week', 'stopped']),
    /** The group within the dimension (a route, an indication, a band number, a week, a stop reason). */
    key: z.string().trim().max(80).default(''),
  }),
);
export type DashboardCellQuery = z.infer<typeof dashboardCellQuery>;

const rateCell = z.object({
  count: z.number().int(),
  n: z.number().int(),
  /** null: fewer than `minN` evaluable courses ("too few"). */
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

const groupRow = z.object({
  key: z.string(),
  label: z.string(),
  /** Courses with a baseline on the questionnaire. */
  courses: z.number().int(),
  /** Of them, with a later score (the rates' denominator). */
  evaluable: z.number().int(),
  response: rateCell.nullable(),
  remission: rateCell.nullable(),
});

const named = z.object({ id: z.string(), name: z.string() });

export const clinicDashboard = z.object({
  generatedAt: z.string(),
  minN: z.number().int(),
  filters: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    site: z.string().nullable(),
    clinician: z.string().nullable(),
    program: z.string().nullable(),
  }),
  options: z.object({ sites: z.array(named), clinicians: z.array(named), programs: z.array(named) }),
  instruments: z.array(named.extend({ courses: z.number().int() })),
  instrument: named.extend({ responseRule: ruleSummary, remissionRule: ruleSummary }).nullable(),
  experienceInstruments: z.array(named.extend({ courses: z.number().int() })),
  experienceInstrument: named.nullable(),
  /** Courses matching the filters (with or without scores). */
  courses: z.number().int(),
  breakdowns: z.array(
    z.object({
      dimension: z.enum(DASHBOARD_DIMENSIONS),
      title: z.string(),
      /** What the bands are cut from (dose and experience), in words. */
      note: z.string().nullable(),
      rows: z.array(groupRow),
    }),
  ),
  timeToResponse: z.object({
    /** The weeks the numbers at risk are given for. */
    weeks: z.array(z.number().int()),
    curves: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        courses: z.number().int(),
        /** The step function: share responded (1 − S) just after each week with an event or censoring. */
        steps: z.array(z.object({ week: z.number().int(), responded: z.number() })),
        atRisk: z.array(z.number().int()),
        /** Fewer than minN courses: no curve drawn. */
        tooFew: z.boolean(),
      }),
    ),
  }),
  weekly: z.array(z.object({ week: z.number().int(), n: z.number().int(), median: z.number().nullable() })),
  dropout: z.object({
    courses: z.number().int(),
    stoppedEarly: rateCell,
    reasons: z.array(z.object({ key: z.string(), label: z.string(), n: z.number().int() })),
  }),
  method: z.array(z.object({ term: z.string(), text: z.string() })),
  notATrial: z.string(),
});
export type ClinicDashboard = z.infer<typeof clinicDashboard>;

export const dashboardPatients = z.object({
  title: z.string(),
  patients: z.array(
    z.object({
      patientId: z.string(),
      name: z.string(),
      chartNumber: z.string(),
      courseStart: z.string(),
      route: z.string(),
      baseline: z.number().nullable(),
      latest: z.number().nullable(),
      responded: z.boolean().nullable(),
    }),
  ),
  /** Courses in the figure whose records the viewer may not open (confidential): counted, not listed. */
  hidden: z.number().int(),
  /** More than the list shows. */
  truncated: z.boolean(),
});
