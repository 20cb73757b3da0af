// Measure schedules (DOMAIN.md §4: "PHQ-9 (+ GAD-7/PCL-5 as indicated) at intake, before every dosing
// session, weekly during the course, then at 1, 3 and 6 months"). Pure date logic on clinic-local calendar
// dates ('YYYY-MM-DD'): the server turns a staff request into planned measures here and stores them.
//
// Each planned measure has two dates:
//   dueOn      the first day it is shown to the patient and counted as due on the worklist;
//   overdueOn  the first day it counts as overdue if not yet completed.
// The windows below are clinic-policy defaults chosen for this product, not published rules.

export type IsoDate = string;

export const SCHEDULE_KINDS = [
  'once',
  'intake',
  'before_dosing',
  'weekly',
  'follow_up_1m',
  'follow_up_3m',
  'follow_up_6m',
] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Clinic-policy defaults (not from a published source); documented so the UI can show them. */
export const SCHEDULE_POLICY = {
  /** Days after dueOn before a measure counts as overdue, per kind (before_dosing: see below). */
  overdueAfterDays: { once: 3, intake: 3, weekly: 3, follow_up: 14 },
  /** A pre-dose measure opens this many days before the session and is overdue on the session day. */
  beforeDosingOpensDaysBefore: 2,
  /** Bounds that keep one request from generating an unbounded number of assignments. */
  maxCourseDays: 366,
  maxSessions: 60,
  /** Due dates must fall within this many days of today (either side). */
  maxDaysFromToday: 3 * 366,
  source:
    'Clinic-policy defaults: the usual measurement-based care schedule (intake, before every dosing ' +
    'session, weekly during the course, 1, 3 and 6 months after it)',
} as const;

export type ScheduleRequest =
  | { kind: 'once'; dueOn: IsoDate; overdueOn?: IsoDate }
  | { kind: 'intake'; dueOn: IsoDate }
  | { kind: 'before_dosing'; sessionDates: IsoDate[] }
  | { kind: 'weekly'; courseStart: IsoDate; courseEnd: IsoDate }
  | { kind: 'follow_up'; courseEnd: IsoDate; months?: (1 | 3 | 6)[] }
  /** The whole typical schedule at once: intake, pre-dose, weekly and the three follow-ups. */
  | {
      kind: 'course';
      courseStart: IsoDate;
      courseEnd: IsoDate;
      sessionDates?: IsoDate[];
      intakeOn?: IsoDate;
    };

export interface PlannedMeasure {
  kind: ScheduleKind;
  dueOn: IsoDate;
  overdueOn: IsoDate;
  /** For pre-dose measures: the session date it precedes. */
  sessionDate?: IsoDate;
}

export interface ScheduleIssue {
  /** Path relative to the schedule object, e.g. 'courseEnd' or 'sessionDates[2]'. */
  path: string;
  message: string;
}

export type PlanResult = { ok: true; planned: PlannedMeasure[] } | { ok: false; errors: ScheduleIssue[] };

// ── Calendar arithmetic (proleptic Gregorian, no time zones) ────────────────────────────────────────

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const toDay = (d: IsoDate): number =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
const fromDay = (n: number): IsoDate => new Date(n * 86_400_000).toISOString().slice(0, 10);

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromDay(toDay(d) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDay(to) - toDay(from);
}

/** Calendar months later; the day is clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: IsoDate, months: number): IsoDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(d.slice(8, 10)), daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ── Planning ────────────────────────────────────────────────────────────────────────────────────────

const FOLLOW_UP: Record<1 | 3 | 6, ScheduleKind> = {
  1: 'follow_up_1m',
  3: 'follow_up_3m',
  6: 'follow_up_6m',
};
/** When two planned measures of one request fall due on the same day, the earlier kind here wins. */
const PRIORITY: ScheduleKind[] = [
  'intake',
  'once',
  'before_dosing',
  'weekly',
  'follow_up_1m',
  'follow_up_3m',
  'follow_up_6m',
];

/**
 * Turns a schedule request into planned measures, sorted by due date. Invalid dates, a course that ends
 * before it starts or is longer than a year, and dates far from today are reported with their path.
 */
export function planSchedule(req: ScheduleRequest, today: IsoDate): PlanResult {
  const errors: ScheduleIssue[] = [];
  const date = (path: string, value: unknown): value is IsoDate => {
    if (!isIsoDate(value)) {
      errors.push({ path, message: 'expected a calendar date YYYY-MM-DD' });
      return false;
    }
    if (Math.abs(daysBetween(today, value)) > SCHEDULE_POLICY.maxDaysFromToday) {
      errors.push({ path, message: 'must be within 3 years of today' });
      return false;
    }
    return true;
  };
  const course = (start: IsoDate, end: IsoDate): boolean => {
    if (!date('courseStart', start) || !date('courseEnd', end)) return false;
    const length = daysBetween(start, end);
    if (length < 0) errors.push({ path: 'courseEnd', message: 'the course must end on or after its start' });
    else if (length > SCHEDULE_POLICY.maxCourseDays)
      errors.push({ path: 'courseEnd', message: 'a course can be at most one year long' });
    return errors.length === 0;
  };
  const planned: PlannedMeasure[] = [];
  const window = (kind: ScheduleKind, dueOn: IsoDate, after: number) =>
    planned.push({ kind, dueOn, overdueOn: addDays(dueOn, after) });
  const sessions = (dates: readonly unknown[]) => {
    if (dates.length > SCHEDULE_POLICY.maxSessions) {
      errors.push({ path: 'sessionDates', message: `at most ${SCHEDULE_POLICY.maxSessions} sessions` });
      return;
    }
    const valid = dates.filter((d, i) => date(`sessionDates[${i}]`, d)) as IsoDate[];
    for (const s of [...new Set(valid)]) {
      planned.push({
        kind: 'before_dosing',
        dueOn: addDays(s, -SCHEDULE_POLICY.beforeDosingOpensDaysBefore),
        overdueOn: s,
        sessionDate: s,
      });
    }
  };
  const weekly = (start: IsoDate, end: IsoDate) => {
    // Week 1 falls 7 days after the start; the start itself is covered by the intake (baseline) measure.
    for (let d = addDays(start, 7); daysBetween(d, end) >= 0; d = addDays(d, 7))
      window('weekly', d, SCHEDULE_POLICY.overdueAfterDays.weekly);
  };
  const followUps = (end: IsoDate, months: readonly (1 | 3 | 6)[]) => {
    for (const m of [...new Set(months)].sort((a, b) => a - b))
      window(FOLLOW_UP[m], addMonths(end, m), SCHEDULE_POLICY.overdueAfterDays.follow_up);
  };

  switch (req.kind) {
    case 'once':
      if (date('dueOn', req.dueOn)) {
        if (req.overdueOn === undefined) window('once', req.dueOn, SCHEDULE_POLICY.overdueAfterDays.once);
        else if (date('overdueOn', req.overdueOn)) {
          if (daysBetween(req.dueOn, req.overdueOn) < 0)
            errors.push({ path: 'overdueOn', message: 'must be on or after dueOn' });
          else planned.push({ kind: 'once', dueOn: req.dueOn, overdueOn: req.overdueOn });
        }
      }
      break;
    case 'intake':
      if (date('dueOn', req.dueOn)) window('intake', req.dueOn, SCHEDULE_POLICY.overdueAfterDays.intake);
      break;
    case 'before_dosing':
      if (req.sessionDates.length === 0)
        errors.push({ path: 'sessionDates', message: 'give at least one dosing-session date' });
      sessions(req.sessionDates);
      break;
    case 'weekly':
      if (course(req.courseStart, req.courseEnd)) {
        weekly(req.courseStart, req.courseEnd);
        if (planned.length === 0)
          errors.push({
            path: 'courseEnd',
            message: 'the course is shorter than a week: no weekly measure falls within it',
          });
      }
      break;
    case 'follow_up':
      if (date('courseEnd', req.courseEnd)) followUps(req.courseEnd, req.months ?? [1, 3, 6]);
      break;
    case 'course':
      if (course(req.courseStart, req.courseEnd)) {
        const intakeOn = req.intakeOn ?? (daysBetween(today, req.courseStart) > 0 ? today : req.courseStart);
        if (date('intakeOn', intakeOn)) window('intake', intakeOn, SCHEDULE_POLICY.overdueAfterDays.intake);
        sessions(req.sessionDates ?? []);
        weekly(req.courseStart, req.courseEnd);
        followUps(req.courseEnd, [1, 3, 6]);
      }
      break;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, planned: dedupe(planned) };
}

/** One measure per due day within a request (the same questionnaire twice in a day helps nobody). */
function dedupe(planned: PlannedMeasure[]): PlannedMeasure[] {
  const byDay = new Map<IsoDate, PlannedMeasure>();
  for (const p of planned) {
    const existing = byDay.get(p.dueOn);
    if (!existing || PRIORITY.indexOf(p.kind) < PRIORITY.indexOf(existing.kind)) byDay.set(p.dueOn, p);
  }
  return [...byDay.values()].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

export type Timing = 'upcoming' | 'due' | 'overdue';

/** Where an open measure stands today; null once completed or cancelled. */
export function timingOf(
  m: { dueOn: IsoDate; overdueOn: IsoDate; status: string },
  today: IsoDate,
): Timing | null {
  if (m.status === 'completed' || m.status === 'cancelled') return null;
  if (daysBetween(today, m.dueOn) > 0) return 'upcoming';
  return daysBetween(m.overdueOn, today) >= 0 ? 'overdue' : 'due';
}
