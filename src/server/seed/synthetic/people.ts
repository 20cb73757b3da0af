import type { Rng } from './random';

/**
 * Who the synthetic clinic's patients are and what happens to them: a pure function of the seeded random
 * stream, computed before anything is written. Every name, date and number is invented; the mix follows
 * DOMAIN.md (routes, course lengths) and the usual outcome spread of ketamine treatment for depression:
 * roughly half respond, a third respond partly, the rest do not.
 */
const FIRST_F = [
  'Ava',
  'Maya',
  'Nora',
  'Iris',
  'Lena',
  'Clara',
  'Ruth',
  'Hazel',
  'June',
  'Elena',
  'Priya',
  'Aisha',
  'Mei',
  'Sofia',
  'Grace',
  'Ivy',
  'Leah',
  'Noor',
  'Rosa',
  'Tessa',
  'Vera',
  'Willa',
  'Zoe',
  'Dana',
  'Erin',
  'Faye',
  'Gwen',
  'Hana',
  'Kira',
  'Lucia',
];
const FIRST_M = [
  'Ben',
  'Caleb',
  'Dev',
  'Eli',
  'Felix',
  'Gabe',
  'Hugo',
  'Ian',
  'Jonah',
  'Kofi',
  'Liam',
  'Marco',
  'Nate',
  'Omar',
  'Paul',
  'Quinn',
  'Raj',
  'Sam',
  'Theo',
  'Umar',
  'Victor',
  'Wes',
  'Yusuf',
  'Zane',
  'Arlo',
  'Bram',
  'Cyrus',
  'Dario',
  'Emil',
  'Finn',
];
const FIRST_X = [
  'Alex',
  'Blake',
  'Casey',
  'Drew',
  'Emery',
  'Jordan',
  'Kai',
  'Morgan',
  'Riley',
  'Rowan',
  'Sage',
  'Skyler',
];
const LAST = [
  'Abbott',
  'Bauer',
  'Castillo',
  'Dalton',
  'Ellison',
  'Fischer',
  'Garza',
  'Hale',
  'Ibarra',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quintero',
  'Ramsey',
  'Sato',
  'Thorne',
  'Ueda',
  'Vasquez',
  'Whitfield',
  'Xu',
  'Yilmaz',
  'Zeller',
  'Adeyemi',
  'Brennan',
  'Choi',
  'Dubois',
  'Esposito',
  'Farrow',
  'Gallagher',
  'Haddad',
  'Iverson',
  'Jovanovic',
  'Kaur',
  'Larsen',
  'Mendez',
  'Novak',
  'Oyelaran',
  'Park',
  'Rahman',
  'Silva',
  'Tanaka',
  'Underwood',
  'Varga',
  'Walsh',
  'Yamamoto',
  'Zhou',
];
const CITIES: Record<string, string[]> = {
  CA: ['Oakland', 'Berkeley', 'San Jose', 'Sacramento', 'Santa Cruz', 'Fresno'],
  OR: ['Portland', 'Eugene', 'Salem', 'Bend'],
  WA: ['Seattle', 'Tacoma', 'Spokane', 'Olympia'],
};
const ZIP: Record<string, number> = { CA: 94_000, OR: 97_000, WA: 98_000 };

export type Program = 'im_kap' | 'iv_series' | 'esketamine' | 'at_home_sl';
export type Stage = 'intake' | 'declined' | 'in_course' | 'completed' | 'maintenance' | 'stopped';
export type Trajectory = 'responder' | 'partial' | 'non_responder';

export const DIAGNOSES = {
  mdd_recurrent: {
    code: 'F33.2',
    display: 'Major depressive disorder, recurrent, severe without psychotic features',
  },
  mdd_moderate: { code: 'F33.1', display: 'Major depressive disorder, recurrent, moderate' },
  mdd_single: {
    code: 'F32.2',
    display: 'Major depressive disorder, single episode, severe without psychotic features',
  },
  gad: { code: 'F41.1', display: 'Generalized anxiety disorder' },
  ptsd: { code: 'F43.10', display: 'Post-traumatic stress disorder, unspecified' },
  ocd: { code: 'F42.2', display: 'Mixed obsessional thoughts and acts' },
} as const;
export type DiagnosisKey = keyof typeof DIAGNOSES;

const MEDS = [
  { name: 'Sertraline', dose: '100 mg daily' },
  { name: 'Escitalopram', dose: '10 mg daily' },
  { name: 'Bupropion XL', dose: '300 mg daily' },
  { name: 'Venlafaxine XR', dose: '150 mg daily' },
  { name: 'Mirtazapine', dose: '15 mg at night' },
  { name: 'Lisinopril', dose: '10 mg daily' },
  { name: 'Levothyroxine', dose: '50 mcg daily' },
  { name: 'Trazodone', dose: '50 mg at night' },
  { name: 'Prazosin', dose: '2 mg at night' },
] as const;

const DAY = 86_400_000;

export interface SessionPlan {
  /** Start of the session (UTC ms). */
  at: number;
  /** Dose: mg/kg for IM/IV, mg for esketamine and sublingual. */
  dose: number;
  /** Target score of the primary measure after this session (drives the trajectory). */
  score: number;
  /** Baseline vitals and how much they rise after the dose. */
  sbp: number;
  dbp: number;
  hr: number;
  rise: number;
  /** A pre-dose blood pressure over the hold threshold, re-checked after rest. */
  hold: boolean;
  /** A session still in progress at the end of the simulation (no discharge yet). */
  inProgress: boolean;
}

export interface PatientPlan {
  index: number;
  sex: 'female' | 'male' | 'intersex';
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  state: 'CA' | 'OR' | 'WA';
  city: string;
  postalCode: string;
  phone: string;
  email: string;
  weightKg: number;
  heightCm: number;
  diagnosis: DiagnosisKey;
  meds: { name: string; dose: string }[];
  program: Program;
  stage: Stage;
  trajectory: Trajectory;
  /** Instruments given on the course schedule: PHQ-9 always, GAD-7 for anxiety, PCL-5 for PTSD. */
  instruments: string[];
  baselineScore: number;
  /** Absolute contraindication that ends the intake (declined patients). */
  contraindication: 'active_psychosis_or_mania' | 'ketamine_hypersensitivity' | 'avm' | null;
  relativeFindings: ('hypertension' | 'substance_use_disorder' | 'past_psychosis')[];
  /** A positive PHQ-9 item 9 at intake (raises a safety task, resolved before dosing or left open for intake). */
  intakeSafetyFlag: boolean;
  intakeAt: number;
  courseAt: number | null;
  sessions: SessionPlan[];
  /** Maintenance: a second, shorter course after the first. */
  maintenance: { courseAt: number; sessions: SessionPlan[] } | null;
  followUps: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Local 09:00–15:00 in the clinic's zone (America/Los_Angeles ≈ UTC−8): 17:00–23:00 UTC, in 15-minute slots. */
function slot(rng: Rng, dayMs: number): number {
  const day = Math.floor(dayMs / DAY) * DAY;
  return day + 17 * 3_600_000 + rng.int(0, 24) * 15 * 60_000;
}

export function planPatient(rng: Rng, index: number, now: number): PatientPlan {
  const sex = rng.weighted([
    ['female', 58],
    ['male', 40],
    ['intersex', 2],
  ] as const);
  const firstName =
    sex === 'female' ? rng.pick(FIRST_F) : sex === 'male' ? rng.pick(FIRST_M) : rng.pick(FIRST_X);
  const lastName = rng.pick(LAST);
  const age = rng.int(21, 74);
  const dob = new Date(now - age * 365.25 * DAY - rng.int(0, 364) * DAY).toISOString().slice(0, 10);
  const state = rng.weighted([
    ['CA', 60],
    ['OR', 25],
    ['WA', 15],
  ] as const);
  const diagnosis = rng.weighted<DiagnosisKey>([
    ['mdd_recurrent', 38],
    ['mdd_moderate', 17],
    ['mdd_single', 10],
    ['gad', 13],
    ['ptsd', 17],
    ['ocd', 5],
  ]);
  const program = rng.weighted<Program>([
    ['im_kap', 35],
    ['iv_series', 25],
    ['esketamine', 17],
    ['at_home_sl', 23],
  ]);
  const stage = rng.weighted<Stage>([
    ['intake', 10],
    ['declined', 4],
    ['in_course', 24],
    ['completed', 36],
    ['maintenance', 18],
    ['stopped', 8],
  ]);
  const trajectory =
    stage === 'stopped'
      ? rng.weighted<Trajectory>([
          ['non_responder', 70],
          ['partial', 30],
        ])
      : rng.weighted<Trajectory>([
          ['responder', 48],
          ['partial', 30],
          ['non_responder', 22],
        ]);
  const weightKg = Math.round(clamp(rng.normal(sex === 'male' ? 84 : 70, 13), 45, 150));
  const heightCm = Math.round(clamp(rng.normal(sex === 'male' ? 177 : 164, 7), 145, 205));
  const meds: { name: string; dose: string }[] = [];
  for (const m of MEDS) if (rng.chance(0.14)) meds.push({ ...m });
  const instruments = [
    'phq9',
    ...(diagnosis === 'gad' || rng.chance(0.25) ? ['gad7'] : []),
    ...(diagnosis === 'ptsd' ? ['pcl5'] : []),
  ];
  const relativeFindings: PatientPlan['relativeFindings'] = [];
  if (rng.chance(0.12)) relativeFindings.push('hypertension');
  if (rng.chance(0.04)) relativeFindings.push('substance_use_disorder');
  if (rng.chance(0.02)) relativeFindings.push('past_psychosis');

  const dayAgo = (a: number, b: number) => now - rng.int(a, b) * DAY;
  const intakeAt = slot(
    rng,
    stage === 'intake'
      ? dayAgo(1, 28)
      : stage === 'in_course'
        ? dayAgo(22, 70)
        : stage === 'declined'
          ? dayAgo(3, 700)
          : dayAgo(100, 720),
  );
  const baselineScore = Math.round(clamp(rng.normal(18.5, 3.2), 11, 27));

  const plan: PatientPlan = {
    index,
    sex,
    firstName,
    lastName,
    dateOfBirth: dob,
    state,
    city: rng.pick(CITIES[state] as string[]),
    postalCode: String((ZIP[state] as number) + rng.int(0, 999)).padStart(5, '0'),
    phone: `(555) 01${rng.int(0, 9)}-${String(rng.int(0, 9999)).padStart(4, '0')}`,
    email: `${firstName}.${lastName}.${index}@example.test`.toLowerCase(),
    weightKg,
    heightCm,
    diagnosis,
    meds,
    program,
    stage,
    trajectory,
    instruments,
    baselineScore,
    contraindication:
      stage === 'declined'
        ? rng.pick(['active_psychosis_or_mania', 'ketamine_hypersensitivity', 'avm'] as const)
        : null,
    relativeFindings,
    intakeSafetyFlag: stage === 'intake' ? rng.chance(0.06) : false,
    intakeAt,
    courseAt: null,
    sessions: [],
    maintenance: null,
    followUps: stage === 'completed' || stage === 'maintenance',
  };
  if (stage === 'intake' || stage === 'declined') return plan;

  const courseAt = intakeAt + rng.int(5, 12) * DAY;
  plan.courseAt = courseAt;
  const planned = program === 'esketamine' ? 8 : 6;
  const count =
    stage === 'stopped' ? rng.int(1, 3) : stage === 'in_course' ? planned : rng.int(planned - 2, planned);
  const gap = () => (program === 'iv_series' || program === 'esketamine' ? rng.pick([3, 4]) : 7);
  let t = courseAt + rng.int(3, 8) * DAY;
  const target =
    baselineScore *
    (trajectory === 'responder'
      ? rng.normal(0.3, 0.08)
      : trajectory === 'partial'
        ? rng.normal(0.62, 0.07)
        : rng.normal(0.92, 0.06));
  for (let i = 0; i < count; i++) {
    const start = slot(rng, t);
    if (start > now - 30 * 60_000) {
      // The course reached today: maybe one session under way now, the rest in the future (not simulated).
      // About one in six of the courses with a session due within three days has it under way right now.
      if (stage === 'in_course' && start - now < 3 * DAY && rng.chance(0.16))
        plan.sessions.push(
          session(rng, now - rng.int(30, 80) * 60_000, program, i, count, baselineScore, target, true),
        );
      break;
    }
    plan.sessions.push(session(rng, start, program, i, count, baselineScore, target, false));
    t += gap() * DAY;
  }
  if (stage === 'maintenance') {
    const last = plan.sessions.at(-1)?.at ?? courseAt;
    const mAt = last + rng.int(21, 50) * DAY;
    if (mAt < now - 14 * DAY) {
      const sessions: SessionPlan[] = [];
      let m = mAt + rng.int(2, 6) * DAY;
      const score = target;
      for (let i = 0; i < 3 && m < now - DAY; i++) {
        sessions.push(session(rng, slot(rng, m), program, i, 3, score, score * 0.95, false));
        m += rng.int(28, 45) * DAY;
      }
      if (sessions.length) plan.maintenance = { courseAt: mAt, sessions };
    }
  }
  return plan;
}

function session(
  rng: Rng,
  at: number,
  program: Program,
  i: number,
  count: number,
  baseline: number,
  target: number,
  inProgress: boolean,
): SessionPlan {
  const progress = (i + 1) / count;
  const score = Math.round(
    clamp(baseline + (target - baseline) * Math.min(1, progress * 1.25) + rng.normal(0, 1.6), 0, 27),
  );
  const dose =
    program === 'im_kap'
      ? Math.round((0.5 + Math.min(0.4, i * 0.1)) * 100) / 100
      : program === 'iv_series'
        ? rng.pick([0.5, 0.5, 0.6, 0.75])
        : program === 'esketamine'
          ? i === 0
            ? 56
            : rng.pick([56, 84])
          : rng.pick([100, 200, 200, 300]);
  const hold = rng.chance(0.03);
  return {
    at,
    dose,
    score,
    // A held session's re-check must land within 20 mmHg of the held reading (see care.ts).
    sbp: Math.round(clamp(rng.normal(122, 9), hold ? 131 : 100, 139)),
    dbp: Math.round(clamp(rng.normal(78, 6), 60, 89)),
    hr: Math.round(clamp(rng.normal(72, 8), 55, 98)),
    rise: rng.int(6, 22),
    hold,
    inProgress,
  };
}
