// A course's schedule, proposed from its template (DOMAIN §1–§2). Staff review and edit the proposal before
// anything is booked; this module only does the calendar arithmetic, in the clinic's local dates, so a
// 09:00 visit stays at 09:00 across a daylight-saving change.
//
// Cadences (defaults, clinic-editable through the parameters):
//  - esketamine (Spravato label): weeks 1–4 twice weekly, weeks 5–8 weekly (12 sessions); later maintenance
//    (every 1–2 weeks) is planned separately once the response is known.
//  - IV racemic: 6 infusions, twice weekly over 3 weeks (DOMAIN §1: 4–6 infusions over 2–3 weeks).
//  - IM and sublingual in clinic: weekly, 6 sessions (DOMAIN §1: usually 3–6 dosing sessions).
//  - one preparation visit the week before the first dose; an integration visit 1–3 days after each dose;
//    follow-ups 1, 3 and 6 months after the last dose (DOMAIN §1 steps 3, 5, 6).

import { DEFAULT_MINUTES, type DosingRoute, dosingTypeCode, TYPE_CODES } from './catalogue';
import {
  addDays,
  addMinutes,
  addMonths,
  type IsoDate,
  isIsoDate,
  isLocalTime,
  resolveLocal,
  weekday,
} from './time';

export type ProposedKind = 'preparation' | 'dosing' | 'integration' | 'follow_up';

export interface Cadence {
  /** Day offsets within each 7-day block, e.g. [0, 3] for twice weekly. */
  perWeek: number[];
  /** How many sessions this phase holds (the last phase repeats for any sessions left). */
  sessions: number;
  label: string;
}

export interface CourseTemplate {
  route: DosingRoute;
  dosingCount: number;
  phases: Cadence[];
}

export const COURSE_TEMPLATES: Record<DosingRoute, CourseTemplate> = {
  esketamine: {
    route: 'esketamine',
    dosingCount: 12,
    phases: [
      { perWeek: [0, 3], sessions: 8, label: 'Induction (twice weekly, weeks 1–4)' },
      { perWeek: [0], sessions: 4, label: 'Optimisation (weekly, weeks 5–8)' },
    ],
  },
  iv: {
    route: 'iv',
    dosingCount: 6,
    phases: [{ perWeek: [0, 3], sessions: 6, label: 'Infusion series (twice weekly)' }],
  },
  im: {
    route: 'im',
    dosingCount: 6,
    phases: [{ perWeek: [0], sessions: 6, label: 'Dosing sessions (weekly)' }],
  },
  sublingual: {
    route: 'sublingual',
    dosingCount: 6,
    phases: [{ perWeek: [0], sessions: 6, label: 'Dosing sessions (weekly)' }],
  },
};

export interface ProposalInput {
  route: DosingRoute;
  /** Local date of the first dosing visit. */
  start: IsoDate;
  /** Local time of dosing visits, 'HH:MM'. */
  time: string;
  tz: string;
  dosingCount?: number;
  /** Preparation visits before the first dose (default 1, a week apart, the last one 7 days before). */
  preparationCount?: number;
  preparationDaysBefore?: number;
  /** Integration visit window after each dose, in days (default 1–3); null for none. */
  integrationWindow?: { minDays: number; maxDays: number } | null;
  /** Local time for therapy visits (default: the dosing time). */
  therapyTime?: string;
  followUpMonths?: number[];
  /** Move visits that land on a Saturday or Sunday to a weekday (default true). */
  skipWeekends?: boolean;
  minutes?: Partial<Record<ProposedKind, number>>;
}

export interface ProposedVisit {
  kind: ProposedKind;
  typeCode: string;
  /** 1-based number within its kind (dosing 3 of 12). */
  sequence: number;
  label: string;
  date: IsoDate;
  /** The local time the visit will be at ('HH:MM'): the one asked for, unless that time does not exist that day. */
  time: string;
  /** The time asked for when it does not exist that day (the clocks go forward over it). */
  shiftedFrom?: string;
  startsAt: string;
  endsAt: string;
  /** For integration visits: the dosing visit (sequence) it follows, and the window it may move within. */
  afterDosing?: number;
  earliest?: IsoDate;
  latest?: IsoDate;
}

const isWeekend = (d: IsoDate) => weekday(d) === 0 || weekday(d) === 6;
const nextWeekday = (d: IsoDate) => (weekday(d) === 6 ? addDays(d, 2) : weekday(d) === 0 ? addDays(d, 1) : d);
const prevWeekday = (d: IsoDate) =>
  weekday(d) === 6 ? addDays(d, -1) : weekday(d) === 0 ? addDays(d, -2) : d;

/** The local dates of every dosing visit. */
export function dosingDates(
  template: CourseTemplate,
  start: IsoDate,
  count: number,
  skipWeekends: boolean,
): { date: IsoDate; phase: string }[] {
  const first = skipWeekends ? nextWeekday(start) : start;
  const out: { date: IsoDate; phase: string }[] = [];
  let blockStart = first;
  let phaseIndex = 0;
  let inPhase = 0;
  while (out.length < count) {
    const phase = template.phases[Math.min(phaseIndex, template.phases.length - 1)] as Cadence;
    for (const offset of phase.perWeek) {
      if (out.length >= count || (phaseIndex < template.phases.length - 1 && inPhase >= phase.sessions))
        break;
      let date = addDays(blockStart, offset);
      if (skipWeekends) date = nextWeekday(date);
      const prev = out[out.length - 1]?.date;
      if (prev && date <= prev) date = addDays(prev, 1);
      if (skipWeekends) date = nextWeekday(date);
      out.push({ date, phase: phase.label });
      inPhase++;
    }
    blockStart = addDays(blockStart, 7);
    if (phaseIndex < template.phases.length - 1 && inPhase >= phase.sessions) {
      phaseIndex++;
      inPhase = 0;
    }
  }
  return out;
}

/** Proposes a whole course: preparation, dosing, integration after each dose, and follow-ups. */
export function proposeSchedule(input: ProposalInput): ProposedVisit[] {
  if (!isIsoDate(input.start)) throw new RangeError('start must be a date (YYYY-MM-DD)');
  if (!isLocalTime(input.time)) throw new RangeError('time must be HH:MM');
  const template = COURSE_TEMPLATES[input.route];
  const count = input.dosingCount ?? template.dosingCount;
  if (!Number.isInteger(count) || count < 1 || count > 52) throw new RangeError('dosingCount must be 1–52');
  const skip = input.skipWeekends ?? true;
  const therapyTime = input.therapyTime ?? input.time;
  if (!isLocalTime(therapyTime)) throw new RangeError('therapyTime must be HH:MM');
  const minutes = {
    preparation: input.minutes?.preparation ?? DEFAULT_MINUTES.preparation,
    dosing: input.minutes?.dosing ?? DEFAULT_MINUTES.dosing[input.route],
    integration: input.minutes?.integration ?? DEFAULT_MINUTES.integration,
    follow_up: input.minutes?.follow_up ?? DEFAULT_MINUTES.follow_up,
  };
  const visit = (
    kind: ProposedKind,
    typeCode: string,
    sequence: number,
    label: string,
    date: IsoDate,
    time: string,
    extra: Partial<ProposedVisit> = {},
  ): ProposedVisit => {
    // On the night the clocks go forward a time in the gap is kept an hour later: the visit says so.
    const kept = resolveLocal(date, time, input.tz);
    const shifted = kept.shiftedFrom ? { shiftedFrom: kept.shiftedFrom } : {};
    return {
      kind,
      typeCode,
      sequence,
      label,
      date,
      time: kept.time,
      startsAt: kept.startsAt,
      endsAt: addMinutes(kept.startsAt, minutes[kind]),
      ...shifted,
      ...extra,
    };
  };

  const doses = dosingDates(template, input.start, count, skip);
  const dosingSet = new Set(doses.map((d) => d.date));
  const out: ProposedVisit[] = [];

  const prepCount = input.preparationCount ?? 1;
  const prepBefore = input.preparationDaysBefore ?? 7;
  const firstDose = (doses[0] as { date: IsoDate }).date;
  for (let i = prepCount; i >= 1; i--) {
    let date = addDays(firstDose, -prepBefore - 7 * (i - 1));
    if (skip) date = prevWeekday(date);
    out.push(
      visit(
        'preparation',
        TYPE_CODES.preparation,
        prepCount - i + 1,
        `Preparation ${prepCount - i + 1}`,
        date,
        therapyTime,
      ),
    );
  }

  const window = input.integrationWindow === undefined ? { minDays: 1, maxDays: 3 } : input.integrationWindow;
  doses.forEach((d, i) => {
    out.push(
      visit(
        'dosing',
        dosingTypeCode(input.route),
        i + 1,
        `Dosing ${i + 1} of ${count} — ${d.phase}`,
        d.date,
        input.time,
      ),
    );
    if (!window) return;
    const earliest = addDays(d.date, window.minDays);
    const latest = addDays(d.date, window.maxDays);
    const candidates: IsoDate[] = [];
    for (let k = window.minDays; k <= window.maxDays; k++) candidates.push(addDays(d.date, k));
    // First choice: a weekday that is not a dosing day; then any non-dosing day; else the earliest.
    const date =
      candidates.find((c) => !dosingSet.has(c) && !(skip && isWeekend(c))) ??
      candidates.find((c) => !dosingSet.has(c)) ??
      earliest;
    out.push(
      visit(
        'integration',
        TYPE_CODES.integration,
        i + 1,
        `Integration after dosing ${i + 1}`,
        date,
        therapyTime,
        { afterDosing: i + 1, earliest, latest },
      ),
    );
  });

  const lastDose = (doses[doses.length - 1] as { date: IsoDate }).date;
  (input.followUpMonths ?? [1, 3, 6]).forEach((months, i) => {
    let date = addMonths(lastDose, months);
    if (skip) date = nextWeekday(date);
    out.push(
      visit(
        'follow_up',
        TYPE_CODES.follow_up,
        i + 1,
        `Follow-up at ${months} month${months === 1 ? '' : 's'}`,
        date,
        therapyTime,
      ),
    );
  });

  return out.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.kind.localeCompare(b.kind));
}
