import { randomUUID } from 'node:crypto';
import { getInstrument, ruleHolds } from '../../src/domain/instruments';
import { outcomeRange } from '../../src/domain/measures';
import {
  BASELINE_WINDOW_DAYS,
  kaplanMeier,
  MIN_N,
  rateCell,
  routeGroup,
} from '../../src/domain/outcomes-stats';
import type { Executor } from '../../src/server/db/dialect';
import { courseRow, patientRow, sessionRow } from '../support/rows';

/**
 * A random clinic for the outcomes dashboard tests (issue #21), written straight into the record's tables
 * (patients, diagnoses, courses, dosing sessions with signed orders, visits at a site, questionnaire answers
 * and scores, in-session experience ratings), and a brute-force oracle over the plan it was written from:
 * every figure counted course by course, in the plainest way, from the definitions (domain/outcomes-stats
 * course.ts and method.ts), without the summaries or their SQL.
 */

const DAY = 86_400_000;
export const EXPERIENCE_ID = 'test-experience'; // a stand-in experience questionnaire (helper "exp" ships the real ones)

export interface PlanScore {
  instrument: string;
  at: string;
  total: number;
}
export interface PlanCourse {
  id: string;
  patientId: string;
  route: string;
  setting: string;
  program: string;
  createdAt: string;
  status: string;
  stopReason: string | null;
  planned: number;
  clinician: string;
  siteId: string | null;
  doses: { at: string; mgPerKg: number; bioavailability: number }[];
  experience: number[];
  indication: string;
}
export interface Plan {
  courses: PlanCourse[];
  scores: Map<string, PlanScore[]>; // by patient
  patients: string[];
  sites: { id: string; name: string }[];
  clinicians: string[];
}

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const ROUTES: [string, string, string, number][] = [
  ['iv', 'in_clinic', 'iv_series', 1],
  ['im', 'in_clinic', 'im', 0.93],
  ['sublingual', 'in_clinic', 'im', 0.3],
  ['sublingual', 'at_home', 'im', 0.3],
  ['esketamine', 'in_clinic', 'im', 0.48],
];
const CODES: [string, string][] = [
  ['F33.1', 'Major depressive disorder, recurrent, moderate'],
  ['F32.2', 'Major depressive disorder, single episode, severe'],
  ['F43.10', 'Post-traumatic stress disorder'],
  ['F41.1', 'Generalized anxiety disorder'],
];

export async function writeRandomClinic(
  db: Executor,
  now: string,
  clinicians: string[],
  seed: number,
  patients: number,
): Promise<Plan> {
  const r = rng(seed);
  const t0 = Date.parse(now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const sites = [
    { id: randomUUID(), name: 'North site' },
    { id: randomUUID(), name: 'South site' },
  ];
  for (const s of sites)
    await db
      .insertInto('clinic_locations')
      .values({
        id: s.id,
        name: s.name,
        address_line1: '1 Main St',
        address_line2: null,
        city: 'Portland',
        state: 'OR',
        postal_code: '97201',
        phone: null,
        timezone: 'America/Los_Angeles',
        esketamine_certified: 1,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  const type = await db.selectFrom('appointment_types').select('id').executeTakeFirstOrThrow();
  const plan: Plan = { courses: [], scores: new Map(), patients: [], sites, clinicians };
  for (let p = 0; p < patients; p++) {
    const patientId = randomUUID();
    plan.patients.push(patientId);
    await db
      .insertInto('patients')
      .values(
        patientRow(now, {
          id: patientId,
          chart_number: `DSH-${String(p).padStart(4, '0')}`,
          first_name: 'Dash',
          last_name: `Board${String(p).padStart(3, '0')}`,
          state: 'OR',
          weight_kg: 70,
          search_text: `dash board${p}`,
        }),
      )
      .execute();
    const code = r.chance(0.15) ? null : r.pick(CODES);
    if (code)
      await db
        .insertInto('patient_diagnoses')
        .values({ id: randomUUID(), patient_id: patientId, code: code[0], display: code[1], created_at: now })
        .execute();
    const scores: PlanScore[] = [];
    const courses = r.chance(0.25) ? 2 : 1;
    let cursor = t0 - r.int(120, 420) * DAY;
    for (let k = 0; k < courses; k++) {
      const [route, setting, program, F] = r.pick(ROUTES);
      const createdAt = cursor;
      const planned = r.int(3, 6);
      const given = r.chance(0.1) ? 0 : r.int(1, planned);
      const firstDose = createdAt + r.int(1, 10) * DAY;
      const doses = Array.from({ length: given }, (_, i) => ({
        at: iso(firstDose + i * r.int(2, 5) * DAY),
        // a few repeated doses (ties in the quartiles)
        mgPerKg: r.chance(0.3) ? 0.5 : Math.round((0.2 + r.next() * 3.8) * 100) / 100,
        bioavailability: F,
      }));
      const status = k < courses - 1 ? 'completed' : r.pick(['active', 'completed', 'completed', 'stopped']);
      const stopReason =
        status === 'stopped' && r.chance(0.8)
          ? r.pick(['adverse_effects', 'no_benefit', 'patient_choice'])
          : null;
      const course: PlanCourse = {
        id: randomUUID(),
        patientId,
        route,
        setting,
        program,
        createdAt: iso(createdAt),
        status,
        stopReason,
        planned,
        clinician: r.pick(clinicians),
        siteId: r.chance(0.8) ? r.pick(sites).id : null,
        doses,
        experience: [],
        indication: code ? code[1] : r.pick(['Treatment-resistant depression', 'PTSD', 'Chronic pain']),
      };
      plan.courses.push(course);
      await db
        .insertInto('courses')
        .values(
          courseRow(patientId, course.clinician, course.createdAt, {
            id: course.id,
            route,
            setting,
            template_key: program,
            indications: JSON.stringify([course.indication]),
            planned_dosing: planned,
            status,
            stop_reason: stopReason,
          }),
        )
        .execute();
      if (course.siteId)
        await db
          .insertInto('appointments')
          .values({
            id: randomUUID(),
            patient_id: patientId,
            enquiry_id: null,
            type_id: type.id,
            course_id: course.id,
            starts_at: iso(createdAt + DAY),
            ends_at: iso(createdAt + DAY + 3_600_000),
            timezone: 'America/Los_Angeles',
            location_id: course.siteId,
            room_id: null,
            modality: 'in_person',
            video_url: null,
            patient_location_state: 'OR',
            status: 'completed',
            cancel_reason: null,
            cancelled_by: null,
            cancelled_by_kind: null,
            late_cancel: 0,
            status_changed_at: null,
            escort_name: null,
            escort_phone: null,
            confirmed_at: null,
            source: 'staff',
            booked_by: course.clinician,
            sequence: 0,
            version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
      for (const [i, d] of doses.entries()) {
        const sid = randomUUID();
        await db
          .insertInto('dosing_sessions')
          .values(
            sessionRow({ id: course.id, patient_id: patientId }, course.clinician, d.at, {
              id: sid,
              number: i + 1,
              route,
              setting,
              status: 'signed',
              weight_kg: 70,
              first_dose_at: d.at,
              dose_order: JSON.stringify({
                route,
                mg: d.mgPerKg * 70,
                mgPerKg: d.mgPerKg,
                bioavailability: F,
              }),
            }),
          )
          .execute();
        if (r.chance(0.7)) {
          const total = r.int(0, 40);
          course.experience.push(total);
          const responseId = await writeScore(
            db,
            patientId,
            EXPERIENCE_ID,
            d.at,
            total,
            clinicians[0] as string,
          );
          await db
            .insertInto('session_experience')
            .values({
              id: randomUUID(),
              patient_id: patientId,
              course_id: course.id,
              dosing_session_id: sid,
              at_home_session_id: null,
              route,
              setting,
              instrument_id: EXPERIENCE_ID,
              response_id: responseId,
              total,
              subscales: '{}',
              rated_at: d.at,
            })
            .execute();
        }
      }
      // PHQ-9: maybe a baseline before the first dose (or only in the first week), then follow-ups.
      const start = doses.length ? Date.parse(doses[0]?.at as string) : createdAt;
      let score = r.int(8, 27);
      const responder = r.chance(0.5);
      const first = r.chance(0.8)
        ? start - r.int(0, 20) * DAY
        : r.chance(0.5)
          ? start + r.int(1, 6) * DAY
          : null;
      if (first !== null) {
        scores.push({ instrument: 'phq9', at: iso(first), total: score });
        const follow = r.int(0, 8);
        let at = Math.max(first, start) + DAY;
        for (let f = 0; f < follow; f++) {
          at += r.int(3, 12) * DAY;
          score = Math.max(0, Math.min(27, score + (responder ? -r.int(0, 5) : r.int(-2, 2))));
          if (at < t0) scores.push({ instrument: 'phq9', at: iso(at), total: score });
        }
      }
      if (r.chance(0.4)) {
        scores.push({ instrument: 'gad7', at: iso(start - DAY), total: r.int(5, 21) });
        if (r.chance(0.7))
          scores.push({ instrument: 'gad7', at: iso(start + r.int(10, 60) * DAY), total: r.int(0, 21) });
      }
      cursor = start + r.int(70, 150) * DAY;
      if (cursor > t0 - 20 * DAY) break;
    }
    for (const s of scores.filter((x) => x.at < now))
      await writeScore(db, patientId, s.instrument, s.at, s.total, clinicians[0] as string);
    plan.scores.set(
      patientId,
      scores.filter((x) => x.at < now),
    );
  }
  return plan;
}

/** A completed, scored answer sheet entered by staff at `at`. */
export async function writeScore(
  db: Executor,
  patientId: string,
  instrumentId: string,
  at: string,
  total: number,
  by: string,
  amendedFrom: string | null = null,
): Promise<string> {
  const assignmentId = randomUUID();
  const responseId = randomUUID();
  await db
    .insertInto('measure_assignments')
    .values({
      id: assignmentId,
      patient_id: patientId,
      instrument_id: instrumentId,
      schedule_kind: 'once',
      schedule_id: randomUUID(),
      session_date: null,
      due_on: at.slice(0, 10),
      overdue_on: at.slice(0, 10),
      status: 'completed',
      assigned_by: by,
      assigned_at: at,
      completed_at: at,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('measure_responses')
    .values({
      id: responseId,
      assignment_id: assignmentId,
      patient_id: patientId,
      instrument_id: instrumentId,
      instrument_version: '1',
      answers: '{}',
      status: 'completed',
      mode: 'staff_entry',
      entered_by: by,
      started_at: at,
      updated_at: at,
      completed_at: at,
      amended_from: amendedFrom,
      amend_reason: amendedFrom ? 'Corrected' : null,
    })
    .execute();
  await db
    .insertInto('measure_scores')
    .values({
      id: randomUUID(),
      response_id: responseId,
      patient_id: patientId,
      instrument_id: instrumentId,
      total,
      band_label: null,
      band_severity: null,
      subscales: '{}',
      cutoffs: '[]',
      flags: '[]',
      scoring_version: '1',
      scored_at: at,
    })
    .execute();
  return responseId;
}

// ── The oracle ───────────────────────────────────────────────────────────────────────────────────────────

export interface OracleFilters {
  from?: string;
  to?: string;
  site?: string;
  clinician?: string;
  program?: string;
}

interface OracleCourse {
  course: PlanCourse;
  start: string;
  routeGroup: string;
  indication: string;
  dose: number | null;
  experience: number | null;
  baseline: number | null;
  latest: number | null;
  evaluable: boolean;
  responded: boolean;
  remitted: boolean;
  km: { time: number; event: boolean } | null;
  weeks: Map<number, number>;
}

function indicationOf(course: PlanCourse, code: string | null): string {
  const c = code ?? '';
  if (c.startsWith('F33') || c.startsWith('F32')) return 'depression';
  if (c.startsWith('F43')) return 'ptsd';
  if (c.startsWith('F41')) return 'anxiety';
  if (/depress/i.test(course.indication)) return 'depression';
  if (/ptsd/i.test(course.indication)) return 'ptsd';
  return 'other';
}

/** Each course as the definitions say, counted one by one. */
export function oracleCourses(
  plan: Plan,
  instrumentId: string,
  codes: Map<string, string | null>,
): OracleCourse[] {
  const def = getInstrument(instrumentId);
  if (!def) throw new Error('unknown instrument');
  const range = outcomeRange(def);
  const starts = new Map(plan.courses.map((c) => [c.id, c.doses[0]?.at ?? c.createdAt]));
  return plan.courses.map((course) => {
    const start = starts.get(course.id) as string;
    const mine = plan.courses
      .filter((c) => c.patientId === course.patientId)
      .map((c) => starts.get(c.id) as string)
      .sort();
    const next = mine.find((s) => s > start) ?? null;
    const pts = (plan.scores.get(course.patientId) ?? [])
      .filter((s) => s.instrument === instrumentId)
      .sort((a, b) => a.at.localeCompare(b.at));
    const sMs = Date.parse(start);
    let base: PlanScore | undefined;
    for (const p of pts)
      if (Date.parse(p.at) <= sMs && Date.parse(p.at) >= sMs - BASELINE_WINDOW_DAYS * DAY) base = p;
    if (!base)
      base = pts.find(
        (p) => Date.parse(p.at) > sMs && Date.parse(p.at) < sMs + 7 * DAY && (!next || p.at < next),
      );
    const after = base ? pts.filter((p) => p.at > (base as PlanScore).at && (!next || p.at < next)) : [];
    const latest = after[after.length - 1];
    const inRange = (x: number) => x >= range.min && x <= range.max;
    const evaluable = Boolean(base && latest && inRange(base.total) && inRange(latest.total));
    const week = (at: string) => Math.max(0, Math.floor((Date.parse(at) - sMs) / (7 * DAY)));
    const resp = def.scoring.response;
    const rem = def.scoring.remission;
    const firstResponse =
      base && resp ? after.find((p) => ruleHolds(resp, (base as PlanScore).total, p.total)) : undefined;
    const weeks = new Map<number, number>();
    for (const p of after) if (week(p.at) <= 52) weeks.set(week(p.at), p.total - (base as PlanScore).total);
    const doses = course.doses.map((d) => d.mgPerKg * d.bioavailability);
    return {
      course,
      start,
      routeGroup: routeGroup(course.route, course.setting),
      indication: indicationOf(course, codes.get(course.patientId) ?? null),
      dose: doses.length ? Math.round((doses.reduce((s, x) => s + x, 0) / doses.length) * 1000) / 1000 : null,
      experience: course.experience.length
        ? Math.round((course.experience.reduce((s, x) => s + x, 0) / course.experience.length) * 1000) / 1000
        : null,
      baseline: base?.total ?? null,
      latest: latest?.total ?? null,
      evaluable,
      responded: Boolean(
        evaluable && resp && latest && ruleHolds(resp, (base as PlanScore).total, latest.total),
      ),
      remitted: Boolean(
        evaluable && rem && latest && ruleHolds(rem, (base as PlanScore).total, latest.total),
      ),
      km: evaluable
        ? firstResponse
          ? { time: week(firstResponse.at), event: true }
          : { time: week((latest as PlanScore).at), event: false }
        : null,
      weeks,
    };
  });
}

export function applyFilters(courses: OracleCourse[], f: OracleFilters): OracleCourse[] {
  return courses.filter(
    (c) =>
      (!f.from || c.start.slice(0, 10) >= f.from) &&
      (!f.to || c.start.slice(0, 10) <= f.to) &&
      (!f.site || c.course.siteId === f.site) &&
      (!f.clinician || c.course.clinician === f.clinician) &&
      (!f.program || c.course.program === f.program),
  );
}

/** Quartile cut points by sorting: the value of rank ⌈i·n/4⌉, duplicates and the maximum dropped. */
export function oracleBands(values: number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return [];
  const max = s[s.length - 1] as number;
  const cuts: number[] = [];
  for (let i = 1; i < 4; i++) {
    const c = s[Math.ceil((i * s.length) / 4) - 1] as number;
    if (c < max && !cuts.includes(c)) cuts.push(c);
  }
  return [...cuts, max];
}
const bandIndex = (edges: number[], v: number | null) =>
  v === null ? 'none' : String(edges.findIndex((e) => v <= e));

export function oracleBreakdown(
  courses: OracleCourse[],
  dimension: string,
): Map<string, ReturnType<typeof cellOf>> {
  const withBase = courses.filter((c) => c.baseline !== null);
  // Bands are cut from the values counted in steps (0.01 mg/kg, 0.1 point), each value in the step at or above it.
  const step = (per: number) => (v: number) => Math.ceil(Math.round(v * 1000) / (1000 / per)) / per;
  const doseEdges = oracleBands(withBase.flatMap((c) => (c.dose === null ? [] : [step(100)(c.dose)])));
  const expEdges = oracleBands(
    withBase.flatMap((c) => (c.experience === null ? [] : [step(10)(c.experience)])),
  );
  const keyOf = (c: OracleCourse): string => {
    switch (dimension) {
      case 'route':
        return c.routeGroup;
      case 'indication':
        return c.indication;
      case 'dose':
        return bandIndex(doseEdges, c.dose);
      case 'experience':
        return bandIndex(expEdges, c.experience);
      default:
        return 'all';
    }
  };
  const out = new Map<string, OracleCourse[]>();
  for (const c of withBase) out.set(keyOf(c), [...(out.get(keyOf(c)) ?? []), c]);
  return new Map([...out.entries()].map(([k, list]) => [k, cellOf(list)]));
}

function cellOf(list: OracleCourse[]) {
  const evaluable = list.filter((c) => c.evaluable);
  return {
    courses: list.length,
    evaluable: evaluable.length,
    response: rateCell(evaluable.filter((c) => c.responded).length, evaluable.length),
    remission: rateCell(evaluable.filter((c) => c.remitted).length, evaluable.length),
  };
}

export function oracleKm(courses: OracleCourse[], route: string) {
  return kaplanMeier(
    courses
      .filter((c) => c.routeGroup === route && c.km)
      .map((c) => c.km as { time: number; event: boolean }),
  );
}

export function oracleWeekly(courses: OracleCourse[]) {
  const byWeek = new Map<number, number[]>();
  for (const c of courses)
    for (const [w, ch] of c.weeks) if (w <= 26) byWeek.set(w, [...(byWeek.get(w) ?? []), ch]);
  return [...byWeek.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([week, xs]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m =
        s.length % 2
          ? (s[(s.length - 1) / 2] as number)
          : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
      return { week, n: s.length, median: s.length >= MIN_N ? m : null };
    });
}

export function oracleDropout(courses: OracleCourse[]) {
  const ended = courses.filter((c) => c.course.status === 'completed' || c.course.status === 'stopped');
  const early = ended.filter(
    (c) => c.course.status === 'stopped' || c.course.doses.length < c.course.planned,
  );
  const reasons = new Map<string, number>();
  for (const c of early) {
    const k = c.course.status === 'stopped' ? (c.course.stopReason ?? 'not_recorded') : 'not_recorded';
    reasons.set(k, (reasons.get(k) ?? 0) + 1);
  }
  return { ended: ended.length, early: early.length, reasons };
}
