import type { StopReason } from '../../../domain/outcomes-stats';
import { HISTORY_KEYS } from '../../../domain/screening';
import type { ConsentService } from '../../features/consent/service';
import type { CoursesService } from '../../features/courses/service';
import type { ExperienceService } from '../../features/experience/service';
import type { LedgerService } from '../../features/ledger/service';
import type { SafetyService } from '../../features/measures/safety';
import type { MeasuresService } from '../../features/measures/service';
import type { PatientsService } from '../../features/patients/service';
import type { SessionsService } from '../../features/sessions/service';
import type { AuthContext } from '../../platform/auth-context';
import { answersFor, maxTotalOf } from './answers';
import { doseStep, experienceAnswers, experiencePlan } from './experience';
import { DIAGNOSES, type PatientPlan, type SessionPlan } from './people';
import type { Rng } from './random';
import { localDate, type Site, type SyntheticStock } from './stock';

/**
 * One patient's care, written as a coroutine for the simulation in index.ts: it `yield`s the instant of its
 * next action and the scheduler resumes it when the clinic's clock reaches that instant, so every patient's
 * history is interleaved in true time order (the audit log and the ledger read like a real clinic's).
 * Side tasks (a measure answered at home, the note after a session) are spawned as their own coroutines.
 * Every write goes through the same service methods the API routes call.
 */
export type Task = AsyncGenerator<number, void, void>;

/** Stop reasons of the synthetic clinic's stopped courses, in a plausible mix (not from any source). */
const STOP_MIX: StopReason[] = [
  'no_benefit',
  'adverse_effects',
  'patient_choice',
  'no_benefit',
  'cost_or_access',
  'lost_to_follow_up',
];
type Sub<T> = AsyncGenerator<number, T, void>;

export interface Team {
  prescriber: AuthContext;
  nurse: AuthContext;
  nurse2: AuthContext;
  therapist: AuthContext;
  frontDesk: AuthContext;
}

export interface Services {
  patients: PatientsService;
  consent: ConsentService;
  courses: CoursesService;
  sessions: SessionsService;
  measures: MeasuresService;
  safety: SafetyService;
  ledger: LedgerService;
  experience: ExperienceService;
}

export interface CareEnv {
  /** The end of the simulation: nothing is recorded after it. */
  end: number;
  svc: Services;
  stock: SyntheticStock;
  consentDocumentId: string;
  team(p: PatientPlan): Team;
  spawn(task: Task): void;
  /** Counts of what was done, for the closing summary. */
  tally: Record<string, number>;
}

type Assignment = { id: string; instrument: { id: string }; dueOn: string; sessionDate: string | null };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TEMPLATE = {
  im_kap: 'im_kap',
  iv_series: 'iv_series',
  esketamine: 'esketamine',
  at_home_sl: 'at_home_sl',
} as const;
const ROUTE = {
  im_kap: ['im', 'in_clinic'],
  iv_series: ['iv', 'in_clinic'],
  esketamine: ['esketamine', 'in_clinic'],
  at_home_sl: ['sublingual', 'at_home'],
} as const;
const NO_HISTORY = HISTORY_KEYS;

/** Scale a PHQ-9-like score (0–27) to another instrument's range. */
const scaled = (instrumentId: string, phq: number) => Math.round((phq / 27) * maxTotalOf(instrumentId));
const iso = (ms: number) => new Date(ms).toISOString();
const bump = (env: CareEnv, key: string, n = 1) => {
  env.tally[key] = (env.tally[key] ?? 0) + n;
};

export async function* patientCare(p: PatientPlan, env: CareEnv, rng: Rng): Task {
  const { svc } = env;
  const team = env.team(p);
  const [route, setting] = ROUTE[p.program];
  yield p.intakeAt;
  const demographics = {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sexAtBirth: p.sex,
    email: p.email,
    phone: p.phone,
    addressLine1: `${rng.int(10, 9999)} ${rng.pick(['Oak', 'Cedar', 'Maple', 'Harbor', 'Mill', 'Park', 'Lake'])} ${rng.pick(['St', 'Ave', 'Rd', 'Way'])}`,
    city: p.city,
    state: p.state,
    postalCode: p.postalCode,
    emergencyContactName: `${rng.pick(['Alex', 'Jamie', 'Chris', 'Pat', 'Robin'])} ${p.lastName}`,
    emergencyContactPhone: `(555) 019-${String(rng.int(0, 9999)).padStart(4, '0')}`,
    emergencyContactRelation: rng.pick(['Partner', 'Parent', 'Sibling', 'Friend']),
  };
  const { id } = await svc.patients.create(team.frontDesk, { ...demographics, status: 'intake' });
  bump(env, 'patients');
  await svc.patients.setCareTeam(team.frontDesk, id, {
    members: [
      { userId: team.prescriber.userId, role: 'prescriber' },
      { userId: team.nurse.userId, role: 'nurse' },
      { userId: team.therapist.userId, role: 'therapist' },
    ],
  });

  yield p.intakeAt + 30 * MIN;
  const history: Record<string, boolean> = Object.fromEntries(NO_HISTORY.map((k) => [k, false]));
  for (const f of p.relativeFindings) history[f] = true;
  if (p.contraindication) history[p.contraindication] = true;
  await svc.patients.updateClinical(team.nurse, id, {
    weightKg: p.weightKg,
    heightCm: p.heightCm,
    pregnancyStatus: p.sex === 'male' ? 'not_applicable' : 'not_pregnant',
    breastfeeding: false,
    history,
    plannedRoute: route,
    plannedSetting: setting,
    diagnoses: [DIAGNOSES[p.diagnosis]],
    medications: p.meds,
    allergies: rng.chance(0.08)
      ? [
          {
            substance: rng.pick(['Penicillin', 'Sulfa drugs', 'Latex']),
            reaction: rng.pick(['Rash', 'Hives']),
          },
        ]
      : [],
  });
  const intake = (
    await svc.measures.assign(team.nurse, id, {
      instrumentIds: p.instruments,
      schedule: { kind: 'intake', dueOn: localDate(p.intakeAt) },
    })
  ).assignments as Assignment[];
  yield p.intakeAt + 50 * MIN;
  for (const a of intake)
    await answer(
      env,
      rng,
      team.nurse,
      id,
      a,
      p.baselineScore,
      p.intakeSafetyFlag && a.instrument.id === 'phq9',
    );
  if (p.stage === 'intake') {
    if (rng.chance(0.5))
      await svc.consent.signInClinic(team.nurse, id, {
        documentId: env.consentDocumentId,
        signedName: `${p.firstName} ${p.lastName}`,
        witnessUserId: team.nurse2.userId,
      });
    return;
  }
  await svc.consent.signInClinic(team.nurse, id, {
    documentId: env.consentDocumentId,
    signedName: `${p.firstName} ${p.lastName}`,
    witnessUserId: team.nurse2.userId,
  });

  yield p.intakeAt + rng.int(1, 3) * DAY;
  const { evaluation } = await svc.patients.screening(team.prescriber, id);
  if (p.stage === 'declined') {
    await svc.patients.decide(team.prescriber, id, {
      decision: 'not_cleared',
      overrides: [],
      note: 'Absolute contraindication; referred back to the primary clinician with alternatives (synthetic data).',
    });
    await svc.patients.updateDemographics(team.frontDesk, id, { ...demographics, status: 'discharged' });
    return;
  }
  const overrides = evaluation.reasons
    .filter((r) => r.level !== 'absolute')
    .map((r) => ({
      ruleId: r.ruleId,
      reason: 'Reviewed with the patient; accepted with the monitoring plan (synthetic data).',
    }));
  await svc.patients.decide(team.prescriber, id, { decision: 'cleared', overrides, note: null });
  await svc.patients.updateDemographics(team.frontDesk, id, { ...demographics, status: 'active' });

  const first = yield* course(env, rng, p, team, id, p.courseAt as number, p.sessions, 'initial');
  if (!first.completed) return;
  yield first.endedAt + rng.int(2, 6) * DAY;
  await svc.courses.setStatus(team.prescriber, id, first.courseId, {
    status: p.stage === 'stopped' ? 'stopped' : 'completed',
    // The reason a stopped course gives the outcomes dashboard: spread by patient, drawing nothing from the
    // simulation's random stream (so the rest of the clinic is unchanged).
    ...(p.stage === 'stopped' ? { stopReason: STOP_MIX[p.index % STOP_MIX.length] } : {}),
  });
  await svc.patients.updateDemographics(team.frontDesk, id, {
    ...demographics,
    status: p.stage === 'stopped' ? 'discharged' : 'maintenance',
  });
  if (p.followUps) {
    const followUps = (
      await svc.measures.assign(team.nurse, id, {
        instrumentIds: p.instruments,
        schedule: { kind: 'follow_up', courseEnd: localDate(first.endedAt) },
      })
    ).assignments as Assignment[];
    const last = p.sessions.at(-1)?.score ?? p.baselineScore;
    for (const a of followUps) {
      const drift = p.trajectory === 'responder' ? rng.normal(1.5, 2.5) : rng.normal(0.5, 2);
      spawnAnswer(env, rng, team.nurse, id, a, Math.max(0, last + drift), 0.72);
    }
  }
  if (p.maintenance) {
    yield* course(env, rng, p, team, id, p.maintenance.courseAt, p.maintenance.sessions, 'maintenance');
  } else if (p.stage === 'completed' && first.endedAt + 200 * DAY < env.end) {
    yield first.endedAt + 200 * DAY;
    await svc.patients.updateDemographics(team.frontDesk, id, { ...demographics, status: 'discharged' });
  }
}

/** A course: preparation, its measure schedule, the dosing sessions and what follows each. */
async function* course(
  env: CareEnv,
  rng: Rng,
  p: PatientPlan,
  team: Team,
  pid: string,
  at: number,
  sessions: SessionPlan[],
  kind: 'initial' | 'maintenance',
): Sub<{ courseId: string; completed: boolean; endedAt: number }> {
  const { svc } = env;
  yield at;
  const esk = p.program === 'esketamine';
  const { id: courseId } = await svc.courses.create(team.prescriber, pid, {
    templateKey: TEMPLATE[p.program],
    indications: [DIAGNOSES[p.diagnosis].display],
    ...(esk ? { remsEnrolled: true, remsPatientId: `REMS-${String(100_000 + p.index)}` } : {}),
    ...(kind === 'maintenance' ? { plannedDosing: Math.max(1, sessions.length) } : {}),
  } as Parameters<CoursesService['create']>[2]);
  bump(env, 'courses');
  yield at + HOUR;
  const prep = await svc.courses.createNote(team.therapist, pid, courseId, {
    kind: 'preparation',
    sessionDate: localDate(at),
  });
  const saved = await svc.courses.saveNote(
    team.therapist,
    pid,
    prep.id,
    {
      intentions: rng.pick([
        'To meet old grief with more kindness.',
        'To loosen the grip of the inner critic.',
        'To feel safe in my body again.',
        'To understand what keeps me stuck.',
      ]),
      goals: rng.pick([
        'Sleep through the night.',
        'Return to work part-time.',
        'Reconnect with family.',
        'Fewer panic episodes.',
      ]),
      themes: '',
      insights: '',
      commitments: '',
      homework: 'Write three intentions on a card.',
      narrative: 'Reviewed what a session may feel like; agreed a signal for "pause" (synthetic data).',
    },
    prep.version,
  );
  await svc.courses.signNote(team.therapist, pid, saved.id);

  // The course's measure schedule: before each planned dosing day (PHQ-9) and weekly (all instruments).
  const planned = sessions.map((s) => localDate(s.at));
  const courseEnd = sessions.length ? (sessions.at(-1) as SessionPlan).at + 2 * DAY : at + 28 * DAY;
  let before = planned.length
    ? ((
        await svc.measures.assign(team.nurse, pid, {
          instrumentIds: ['phq9'],
          schedule: { kind: 'before_dosing', sessionDates: planned },
        })
      ).assignments as Assignment[])
    : [];
  if (kind === 'initial' && courseEnd - at >= 8 * DAY) {
    const weekly = (
      await svc.measures.assign(team.nurse, pid, {
        instrumentIds: p.instruments,
        schedule: { kind: 'weekly', courseStart: localDate(at), courseEnd: localDate(courseEnd) },
      })
    ).assignments as Assignment[];
    for (const a of weekly)
      spawnAnswer(
        env,
        rng,
        team.nurse,
        pid,
        a,
        scoreAt(p, sessions, Date.parse(`${a.dueOn}T20:00:00Z`)),
        0.86,
      );
  }

  let endedAt = at;
  for (const s of sessions) {
    if (p.program === 'at_home_sl') {
      // Take-home troches are dispensed at the clinic the day before, against the course's order.
      yield s.at - DAY;
      const { containerId, locationId } = await env.stock.draw(
        team.nurse,
        p.state as Site,
        'troche',
        s.dose * 1000,
      );
      await svc.ledger.dispense(team.nurse, {
        containerId,
        locationId,
        quantityUg: s.dose * 1000,
        patientId: pid,
        orderId: courseId,
      });
    }
    // The questionnaires due before dosing that are open by the dosing day (with sessions a day apart, the
    // next session's window opens too): the patient answers them in the waiting room.
    const today = localDate(s.at);
    const due = before.filter((a) => a.dueOn <= today);
    before = before.filter((a) => a.dueOn > today);
    const sid = yield* dosingSession(env, rng, p, team, pid, courseId, s, due);
    if (!sid) return { courseId, completed: false, endedAt };
    endedAt = s.at + 3 * HOUR;
    env.spawn(afterSession(env, rng, p, team, pid, courseId, sid, s));
  }
  const completed = p.stage !== 'in_course' && kind === 'initial' && sessions.length > 0;
  return { courseId, completed, endedAt };
}

/** One dosing session, pre-dose checks to discharge. Returns the session id, or null when it is still under way at the end. */
async function* dosingSession(
  env: CareEnv,
  rng: Rng,
  p: PatientPlan,
  team: Team,
  pid: string,
  courseId: string,
  s: SessionPlan,
  before: Assignment[],
): Sub<string | null> {
  const { sessions } = env.svc;
  yield s.at - 40 * MIN;
  const previous = scoreAt(p, p.sessions, s.at - HOUR);
  for (const a of before) await answer(env, rng, team.nurse, pid, a, previous, false);
  yield s.at;
  const { id: sid } = await sessions.start(team.nurse, pid, courseId, []);
  bump(env, 'sessions');
  await sessions.checklist(team.nurse, pid, sid, {
    fasting: true,
    escortName: p.program === 'at_home_sl' ? 'Sitter at home' : 'Escort on file',
    rideArranged: true,
    medicationsSinceLastVisit: 'No changes',
    pregnancyStatus: p.sex === 'male' ? 'not_applicable' : 'not_pregnant',
    weightKg: p.weightKg,
  });
  let n = 0;
  const vitals = async (sbp: number, dbp: number, hr: number) => {
    await sessions.addEntry(team.nurse, pid, sid, {
      idempotencyKey: `syn-${sid}-${n++}`,
      entry: {
        kind: 'vitals',
        vitals: {
          sbp: Math.round(sbp),
          dbp: Math.round(Math.min(dbp, sbp - 25)),
          hr: Math.round(hr),
          spo2: rng.int(96, 99),
          rr: rng.int(12, 17),
        },
      },
    });
    bump(env, 'vitals');
  };
  let t = s.at;
  if (s.hold) {
    // Arrived a little hypertensive: a pre-dose hold, re-checked after rest. (The discharge check compares
    // with the first pre-dose reading, so the held reading stays within 20 mmHg of the re-check.)
    await vitals(Math.max(141, s.sbp + 8) + rng.int(0, 2), s.dbp + 4, s.hr + 6);
    t += 15 * MIN;
    yield t;
  }
  await vitals(s.sbp, s.dbp, s.hr);
  t += 5 * MIN;
  yield t;
  const order = await sessions.order(team.prescriber, pid, sid, {
    ...(p.program === 'im_kap' || p.program === 'iv_series' ? { mgPerKg: s.dose } : { mg: s.dose }),
    ...(p.program === 'iv_series' ? { infusionMinutes: 40 } : {}),
    acknowledgeWarnings: true,
  });
  t += 5 * MIN;
  yield t;
  const firstDose = t;
  const key = (k: string) => `syn-adm-${sid}-${k}`;
  if (p.program === 'esketamine') {
    for (let d = 1; d <= Math.round(order.mg / 28); d++) {
      const draw = await env.stock.draw(team.nurse, p.state as Site, 'device', 28_000);
      await sessions.administer(team.nurse, pid, sid, {
        idempotencyKey: key(String(d)),
        mg: 28,
        phase: 'device',
        deviceNumber: d,
        containerId: draw.containerId,
      });
      t += 5 * MIN;
      yield t;
    }
  } else if (p.program === 'at_home_sl') {
    await sessions.administer(team.nurse, pid, sid, {
      idempotencyKey: key('sl'),
      mg: order.mg,
      phase: 'bolus',
      product: 'Ketamine 100 mg troche (dispensed)',
      // Taken at home from the troches dispensed the day before (that DISPENSE is the ledger's record).
      suppliedElsewhere: { source: 'Take-home troches dispensed by the clinic the day before' },
    });
  } else {
    const draw = await env.stock.draw(team.nurse, p.state as Site, 'vial', Math.round(order.mg * 1000));
    await sessions.administer(team.nurse, pid, sid, {
      idempotencyKey: key('dose'),
      mg: order.mg,
      phase: p.program === 'iv_series' ? 'infusion_start' : 'bolus',
      site: p.program === 'iv_series' ? 'left antecubital' : rng.pick(['left deltoid', 'right deltoid']),
      containerId: draw.containerId,
    });
  }
  bump(env, 'administrations');
  const cadence = p.program === 'at_home_sl' ? 30 : 15;
  const monitor =
    p.program === 'esketamine' ? 125 : p.program === 'iv_series' ? 90 : p.program === 'at_home_sl' ? 120 : 75;
  for (let m = cadence; m <= monitor; m += cadence) {
    const at = firstDose + m * MIN;
    if (s.inProgress && at > env.end) return null;
    yield at;
    const f = m <= 25 ? 1 : Math.max(0, 1 - (m - 25) / 50);
    await vitals(
      s.sbp + s.rise * f + rng.normal(0, 2),
      s.dbp + s.rise * 0.5 * f + rng.normal(0, 1.5),
      s.hr + s.rise * 0.4 * f + rng.normal(0, 2),
    );
    if (p.program === 'iv_series' && m === 45) {
      await sessions.administer(team.nurse, pid, sid, {
        idempotencyKey: key('stop'),
        mg: order.mg,
        phase: 'infusion_stop',
      });
    }
    if (m === 30) {
      await sessions.addEntry(team.nurse, pid, sid, {
        idempotencyKey: `syn-dis-${sid}`,
        entry: {
          kind: 'dissociation',
          level: rng.weighted([
            ['mild', 40],
            ['moderate', 45],
            ['severe', 8],
            ['none', 7],
          ] as const),
        },
      });
      if (rng.chance(0.12))
        await sessions.addEntry(team.nurse, pid, sid, {
          idempotencyKey: `syn-se-${sid}`,
          entry: {
            kind: 'side_effect',
            effect: rng.pick(['nausea', 'dizziness', 'headache', 'anxiety'] as const),
            severity: 'mild',
          },
        });
    }
  }
  if (s.inProgress) return null;
  await sessions.addEntry(team.nurse, pid, sid, {
    idempotencyKey: `syn-sed-${sid}`,
    entry: { kind: 'sedation', moaas: 5 },
  });
  await sessions.addEntry(team.nurse, pid, sid, {
    idempotencyKey: `syn-obs-${sid}`,
    entry: {
      kind: 'observation',
      text: rng.pick([
        'Calm throughout.',
        'Tearful mid-session; settled with support.',
        'Brief nausea resolved without treatment.',
        'Quiet, eyes closed most of the session.',
      ]),
    },
  });
  t = firstDose + (monitor + 5) * MIN;
  yield t;
  // Before discharge the nurse asks the patient's end-of-session ratings (model: ./experience.ts).
  const rated = experienceAnswers(
    rng.fork(`experience:${s.at}`),
    experiencePlan(p.index % 2 === 0 ? 1 : -1, p.baselineScore, p.sessions.at(-1)?.score ?? p.baselineScore),
    doseStep(p.program, s.dose),
  );
  if (rated) {
    for (const instrumentId of ['lxr', 'lds'] as const)
      await env.svc.experience.rateDosing(team.nurse, pid, sid, {
        instrumentId,
        answers: rated[instrumentId],
      });
    bump(env, 'experience ratings');
  }
  await sessions.discharge(team.nurse, pid, sid, {
    oriented: true,
    walksSafely: true,
    sedationResolved: true,
    dissociationResolved: true,
    escortName: p.program === 'at_home_sl' ? 'Sitter at home' : 'Escort on file',
    acknowledgedNoDriving: true,
    readyToLeaveAt: iso(t),
    ...(p.program === 'esketamine' ? { readyWithoutMinimumMinutes: rng.int(60, 110) } : {}),
  });
  return sid;
}

/** After a session: the therapist's narrative, the prescriber's signature, the REMS record, the integration note. */
async function* afterSession(
  env: CareEnv,
  rng: Rng,
  p: PatientPlan,
  team: Team,
  pid: string,
  courseId: string,
  sid: string,
  s: SessionPlan,
): Task {
  const { svc } = env;
  const done = s.at + 3 * HOUR;
  const narrativeAt = done + rng.int(10, 90) * MIN;
  if (narrativeAt > env.end) return;
  yield narrativeAt;
  await svc.sessions.narrative(
    team.therapist,
    pid,
    sid,
    rng.pick([
      'Described a widening sense of space; returned twice to the image of the family kitchen.',
      'Met a younger self with curiosity rather than shame.',
      'Long stretches of quiet; spoke afterwards about letting go of control.',
      'Felt held by the music; grief came and passed.',
    ]),
  );
  const signAt = rng.chance(0.85) ? narrativeAt + rng.int(1, 5) * HOUR : narrativeAt + rng.int(1, 3) * DAY;
  if (signAt <= env.end) {
    yield signAt;
    await svc.sessions.sign(team.prescriber, pid, sid);
    if (p.program === 'esketamine') {
      const remsAt = signAt + rng.int(1, 6) * DAY;
      if (remsAt <= env.end)
        env.spawn(once(remsAt, () => svc.sessions.markRemsSubmitted(team.prescriber, pid, sid)));
    }
  }
  const noteAt = s.at + rng.int(1, 3) * DAY;
  if (noteAt > env.end) return;
  yield Math.max(noteAt, signAt <= env.end ? signAt : narrativeAt);
  const n = await svc.courses.createNote(team.therapist, pid, courseId, {
    kind: 'integration',
    sessionDate: localDate(noteAt),
    dosingSessionId: sid,
  });
  const saved = await svc.courses.saveNote(
    team.therapist,
    pid,
    n.id,
    {
      intentions: '',
      goals: '',
      themes: rng.pick([
        'Self-compassion.',
        'Grief and loss.',
        'Boundaries at work.',
        'Trust in relationships.',
      ]),
      insights: rng.pick([
        'Noticed the critic voice as separate from themself.',
        'Saw the pattern of over-functioning.',
        'Felt anger without being swept away.',
      ]),
      commitments: rng.pick(['Daily ten-minute walk.', 'Call a friend weekly.', 'Journal each morning.']),
      homework: 'Journal the main image.',
      narrative: '',
    },
    n.version,
  );
  // A few notes stay as drafts for a while, as in any clinic (they show on the therapist's worklist).
  if (rng.chance(0.95) || noteAt < env.end - 7 * DAY)
    await svc.courses.signNote(team.therapist, pid, saved.id);
}

async function* once(at: number, fn: () => Promise<unknown>): Task {
  yield at;
  await fn();
}

function spawnAnswer(
  env: CareEnv,
  rng: Rng,
  nurse: AuthContext,
  pid: string,
  a: Assignment,
  phq: number,
  p: number,
): void {
  const at = Date.parse(`${a.dueOn}T18:00:00Z`) + rng.int(0, 2) * DAY + rng.int(0, 20) * 15 * MIN;
  if (at > env.end || !rng.chance(p)) return;
  const r = rng.fork(a.id);
  env.spawn(once(at, () => answer(env, r, nurse, pid, a, phq, false)));
}

/** A paper or kiosk form entered by staff, scored at once by the measures service. */
async function answer(
  env: CareEnv,
  rng: Rng,
  nurse: AuthContext,
  pid: string,
  a: Assignment,
  phq: number,
  flag: boolean,
): Promise<void> {
  const id = a.instrument.id;
  const total = Math.max(
    0,
    Math.round((id === 'phq9' ? phq : scaled(id, phq)) + rng.normal(0, id === 'pcl5' ? 3 : 1)),
  );
  await env.svc.measures.staffEntry(nurse, pid, a.id, { answers: answersFor(rng, id, total, flag) });
  bump(env, 'measures');
}

/** The primary score the patient would give at an instant: the last session's target, else baseline. */
function scoreAt(p: PatientPlan, sessions: SessionPlan[], at: number): number {
  let score = p.baselineScore;
  for (const s of sessions) if (s.at <= at) score = s.score;
  return score;
}
