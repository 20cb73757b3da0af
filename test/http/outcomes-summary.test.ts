import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomeCounts } from '../../src/domain/measures';
import * as m0015 from '../../src/server/db/migrations/0015_patient_outcomes';
import { outcomeCounts } from '../../src/server/features/outcomes/repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';
import { answers, at, catalogueRules, ok, summaryRows, wholeClinicCounts } from './outcomes-support';

/**
 * The per-patient outcome summary (patient_outcomes, migration 0015) behind GET /api/outcomes: every write
 * that changes a patient's trend points (staff entry of a paper form, portal and kiosk submissions, an
 * amendment of the latest sheet or of the baseline) updates the patient's row in the same transaction, and
 * nothing else does (drafts, cancellations). The rows must say what each chart's own trend says; the
 * migration's backfill must rebuild the same rows, and the report the same counts as the original
 * whole-clinic query (outcomes-support.ts) on a populated clinic.
 */
let t: TestApp;
let nurse: Agent;
let prescriber: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  [nurse, prescriber] = await Promise.all([t.loginAs('nurse'), t.loginAs('prescriber')]);
});
afterAll(async () => {
  await t.close();
});

type Instrument = 'phq9' | 'gad7';

let n = 0;
async function newPatient(): Promise<string> {
  return (
    await ok(
      prescriber.post('/api/patients', {
        firstName: 'Sum',
        lastName: `Mary${++n}`,
        dateOfBirth: '1979-03-02',
        state: 'OR',
      }),
    )
  ).id;
}
/** An assignment due today, or on `dueOn` (open assignments of one instrument, kind and day are not repeated). */
async function assign(
  patientId: string,
  instrument: Instrument,
  kind: 'intake' | 'once' = 'once',
  dueOn?: string,
): Promise<string> {
  const r = await ok(
    nurse.post(`/api/patients/${patientId}/measures/assign`, {
      instrumentIds: [instrument],
      schedule: { kind, dueOn },
    }),
  );
  expect(r.assignments).toHaveLength(1);
  return r.assignments[0].id;
}
/** A paper form entered by staff, dated when it was filled in. */
async function paper(
  patientId: string,
  instrument: Instrument,
  total: number,
  daysAgo: number,
  kind: 'intake' | 'once' = 'once',
) {
  const assignmentId = await assign(patientId, instrument, kind);
  const r = await ok(
    nurse.post(`/api/patients/${patientId}/measures/${assignmentId}/responses`, {
      answers: answers(instrument, total),
      completedAt: at(daysAgo),
    }),
  );
  return { assignmentId, responseId: r.responseId as string };
}
async function amend(
  patientId: string,
  sheet: { assignmentId: string; responseId: string },
  instrument: Instrument,
  total: number,
) {
  const r = await ok(
    nurse.post(
      `/api/patients/${patientId}/measures/${sheet.assignmentId}/responses/${sheet.responseId}/amend`,
      {
        answers: answers(instrument, total),
        reason: 'Corrected from the paper form',
      },
    ),
  );
  return { assignmentId: sheet.assignmentId, responseId: r.responseId as string };
}
const row = (patientId: string, instrumentId: string) =>
  t.ctx.db
    .selectFrom('patient_outcomes')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();

async function report(): Promise<Map<string, OutcomeCounts>> {
  const body = await ok(prescriber.get('/api/outcomes'));
  return new Map(
    (body.instruments as (OutcomeCounts & { instrumentId: string })[]).map((i) => [
      i.instrumentId,
      { patients: i.patients, evaluable: i.evaluable, responders: i.responders, remitters: i.remitters },
    ]),
  );
}

/** What the patient's chart says per instrument (the domain's trend): the row the summary must hold. */
async function fromChart(patientId: string) {
  const m = await ok(nurse.get(`/api/patients/${patientId}/measures`));
  type Trend = {
    instrumentId: string;
    baseline: { responseId: string; at: string; total: number } | null;
    points: { responseId: string; at: string; total: number }[];
  };
  const trends = (m.trends as Trend[]).sort((a, b) => (a.instrumentId < b.instrumentId ? -1 : 1));
  return trends.flatMap((trend) => {
    const last = trend.points[trend.points.length - 1];
    if (!trend.baseline || !last) return [];
    return [
      {
        patient_id: patientId,
        instrument_id: trend.instrumentId,
        baseline_response_id: trend.baseline.responseId,
        baseline_at: trend.baseline.at,
        baseline_total: trend.baseline.total,
        latest_response_id: last.responseId,
        latest_at: last.at,
        latest_total: last.total,
        latest_is_baseline: last.responseId === trend.baseline.responseId ? 1 : 0,
      },
    ];
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

describe('patient outcome summary', () => {
  it('follows every write that changes a trend, and only those', async () => {
    const before = (await report()).get('phq9') ?? { patients: 0, evaluable: 0, responders: 0, remitters: 0 };
    const delta = async () => {
      const now = (await report()).get('phq9');
      return (
        now && {
          patients: now.patients - before.patients,
          evaluable: now.evaluable - before.evaluable,
          responders: now.responders - before.responders,
          remitters: now.remitters - before.remitters,
        }
      );
    };
    const p = await newPatient();
    const intakeAssignment = await assign(p, 'phq9', 'intake');
    expect(await row(p, 'phq9')).toBeUndefined();

    // Completing a measure (staff entry of the intake sheet): one point, baseline and latest alike.
    const r1 = await ok(
      nurse.post(`/api/patients/${p}/measures/${intakeAssignment}/responses`, {
        answers: answers('phq9', 20),
        completedAt: at(60),
      }),
    );
    const intake = { assignmentId: intakeAssignment, responseId: r1.responseId as string };
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_response_id: intake.responseId,
      baseline_at: at(60),
      baseline_total: 20,
      latest_response_id: intake.responseId,
      latest_at: at(60),
      latest_total: 20,
      latest_is_baseline: 1,
      updated_at: t.clock.now().toISOString(),
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 0, responders: 0, remitters: 0 });

    // The portal: a draft changes nothing; the submitted questionnaire is the new latest point (20 → 8: response).
    const portalAssignment = await assign(p, 'phq9');
    const patient = await t.loginAs('patient', { patientId: p });
    const unchanged = await row(p, 'phq9');
    t.clock.advanceMinutes(1);
    await ok(
      patient.inject({
        method: 'PUT',
        url: `/api/portal/measures/${portalAssignment}/draft`,
        payload: { answers: { 'phq9-1': 1 } },
      }),
    );
    expect(await row(p, 'phq9')).toEqual(unchanged);
    const portal = await ok(
      patient.post(`/api/portal/measures/${portalAssignment}/submit`, { answers: answers('phq9', 8) }),
    );
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_response_id: intake.responseId,
      latest_response_id: portal.responseId,
      latest_at: t.clock.now().toISOString(),
      latest_total: 8,
      latest_is_baseline: 0,
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 1, remitters: 0 });

    // The kiosk (3: response and remission).
    t.clock.advanceMinutes(1);
    const kioskAssignment = await assign(p, 'phq9');
    const handed = await ok(nurse.post(`/api/patients/${p}/measures/${kioskAssignment}/kiosk`));
    registerSecret(handed.token);
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/kiosk/submit',
      headers: { 'x-kiosk-token': handed.token },
      payload: { answers: answers('phq9', 3) },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const kiosk = { assignmentId: kioskAssignment, responseId: submitted.json().responseId as string };
    const kioskAt = t.clock.now().toISOString();
    expect(await row(p, 'phq9')).toMatchObject({
      latest_response_id: kiosk.responseId,
      latest_at: kioskAt,
      latest_total: 3,
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 1, remitters: 1 });

    // Amending the latest sheet (3 → 12): the amendment stands at the sheet's time; 20 → 12 is neither.
    t.clock.advanceMinutes(1);
    const fixedLatest = await amend(p, kiosk, 'phq9', 12);
    expect(await row(p, 'phq9')).toMatchObject({
      latest_response_id: fixedLatest.responseId,
      latest_at: kioskAt,
      latest_total: 12,
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 0, remitters: 0 });

    // Amending the baseline (20 → 23: 23 → 12 is not a 50 % drop), then that amendment (→ 24: it is, a response).
    const fixedBase = await amend(p, intake, 'phq9', 23);
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_response_id: fixedBase.responseId,
      baseline_at: at(60),
      baseline_total: 23,
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 0, remitters: 0 });
    const fixedAgain = await amend(p, fixedBase, 'phq9', 24);
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_response_id: fixedAgain.responseId,
      baseline_at: at(60),
      baseline_total: 24,
    });
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 1, remitters: 0 });

    // Historical paper forms: one from before intake does not displace the intake baseline, one from between
    // does not become the latest; a first GAD-7 sheet opens that instrument's row.
    await paper(p, 'phq9', 9, 90);
    await paper(p, 'phq9', 2, 30);
    await paper(p, 'gad7', 12, 40);
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_response_id: fixedAgain.responseId,
      latest_response_id: fixedLatest.responseId,
    });
    expect(await row(p, 'gad7')).toMatchObject({
      baseline_total: 12,
      latest_total: 12,
      baseline_at: at(40),
      latest_is_baseline: 1,
    });

    // A cancelled assignment changes nothing.
    const stamp = (await row(p, 'phq9'))?.updated_at;
    const cancelled = await assign(p, 'phq9');
    t.clock.advanceMinutes(1);
    await ok(nurse.post(`/api/patients/${p}/measures/${cancelled}/cancel`, { reason: 'Not needed' }));
    expect((await row(p, 'phq9'))?.updated_at).toBe(stamp);

    // All along, the rows say what the chart's trends say.
    expect(await summaryRows(t.ctx.db).then((rows) => rows.filter((r) => r.patient_id === p))).toEqual(
      await fromChart(p),
    );
    expect(await delta()).toEqual({ patients: 1, evaluable: 1, responders: 1, remitters: 0 });
  });

  it('applies the instrument rules when read, not when written', async () => {
    const p = await newPatient();
    await paper(p, 'phq9', 18, 20, 'intake');
    await paper(p, 'phq9', 12, 2);
    const rules = await catalogueRules(t.ctx.db);
    const counts = await outcomeCounts(t.ctx.db, rules);
    // The same rows judged by other rules (say an imported version of the instrument): every evaluable
    // PHQ-9 patient meets "at or below 27", none meets "a drop of 30 points".
    const changed = rules.map((r) =>
      r.instrumentId === 'phq9'
        ? {
            ...r,
            response: { kind: 'absoluteDrop' as const, value: 30 },
            remission: { kind: 'atOrBelow' as const, value: 27 },
          }
        : r,
    );
    const phq9 = (await outcomeCounts(t.ctx.db, changed)).get('phq9');
    expect(phq9).toEqual({ ...counts.get('phq9'), responders: 0, remitters: counts.get('phq9')?.evaluable });
  });

  it('keeps every score of sheets entered at the same time for one patient', async () => {
    // On PostgreSQL the six entries run in parallel transactions; each must recompute the summary after the
    // others' scores are committed (dialect.ts, lockDerived), or the last upsert would drop the others' points.
    const p = await newPatient();
    const sheets: string[] = [];
    for (let i = 0; i < 6; i++)
      sheets.push(await assign(p, 'phq9', i === 0 ? 'intake' : 'once', `2026-12-0${i + 1}`));
    await Promise.all(
      sheets.map((assignmentId, i) =>
        ok(
          nurse.post(`/api/patients/${p}/measures/${assignmentId}/responses`, {
            answers: answers('phq9', 20 - i * 3),
            completedAt: at(50 - i * 7),
          }),
        ),
      ),
    );
    expect((await summaryRows(t.ctx.db)).filter((r) => r.patient_id === p)).toEqual(await fromChart(p));
    expect(await row(p, 'phq9')).toMatchObject({
      baseline_total: 20,
      baseline_at: at(50),
      latest_total: 5,
      latest_at: at(15),
    });
  });

  it('on a populated clinic, matches every chart, the backfill rebuilds the same rows, the report the original query', async () => {
    const random = rng(20261125);
    const patients: string[] = [];
    for (let i = 0; i < 24; i++) {
      const p = await newPatient();
      patients.push(p);
      for (const instrument of ['phq9', 'gad7'] as const) {
        if (instrument === 'gad7' && random.next() < 0.5) continue;
        const sheets: { assignmentId: string; responseId: string }[] = [];
        const count = random.int(1, 4);
        for (let s = 0; s < count; s++) {
          const max = instrument === 'phq9' ? 24 : 21;
          // A few days only, so some sheets share their date: the id breaks the tie, as in the chart.
          const sheet = await paper(
            p,
            instrument,
            random.int(0, max),
            random.pick([80, 60, 60, 30, 10, 10, 1]),
            random.next() < 0.3 ? 'intake' : 'once',
          );
          sheets.push(sheet);
        }
        // Amend some sheets, now and then the same one twice (each time its latest version).
        for (let k = random.int(0, 2); k > 0; k--) {
          const s = random.int(0, sheets.length - 1);
          sheets[s] = await amend(
            p,
            sheets[s] as { assignmentId: string; responseId: string },
            instrument,
            random.int(0, instrument === 'phq9' ? 24 : 21),
          );
        }
        // A draft left unfinished: no point.
        if (random.next() < 0.3) {
          const a = await assign(p, instrument);
          const patient = await t.loginAs('patient', { patientId: p });
          await ok(
            patient.inject({
              method: 'PUT',
              url: `/api/portal/measures/${a}/draft`,
              payload: { answers: { [`${instrument}-1`]: 2 } },
            }),
          );
        }
      }
    }

    // The population exercises what the summary must get right: amendments, amended amendments, a baseline
    // taken from an intake sheet later than an earlier sheet, sheets sharing their date.
    const shape = await sql<{ amendments: number; chained: number; late_intake: number; ties: number }>`
      select (select count(*) from measure_responses where amended_from is not null) as amendments,
             (select count(*) from measure_responses r join measure_responses o on o.id = r.amended_from
               where o.amended_from is not null) as chained,
             (select count(*) from patient_outcomes o where exists (select 1 from measure_responses r
               join measure_scores s on s.response_id = r.id
               where r.patient_id = o.patient_id and r.instrument_id = o.instrument_id and s.scored_at < o.baseline_at)) as late_intake,
             (select count(*) from (select patient_id, instrument_id, completed_at from measure_responses
               where status = 'completed' and amended_from is null group by patient_id, instrument_id, completed_at
               having count(*) > 1) d) as ties`.execute(t.ctx.db);
    for (const [what, count] of Object.entries(shape.rows[0] ?? {}))
      expect(Number(count), what).toBeGreaterThan(0);
    const maintained = await summaryRows(t.ctx.db);
    for (const p of patients)
      expect(maintained.filter((r) => r.patient_id === p)).toEqual(await fromChart(p));

    const rules = await catalogueRules(t.ctx.db);
    const oracle = await wholeClinicCounts(t.ctx.db, rules);
    expect(await outcomeCounts(t.ctx.db, rules)).toEqual(oracle);
    expect(await report()).toEqual(oracle);

    // The migration's backfill, from the same responses, rebuilds exactly the rows kept on write.
    await sql`drop table patient_outcomes`.execute(t.ctx.db);
    await m0015.up(t.ctx.db);
    expect(await summaryRows(t.ctx.db)).toEqual(maintained);
    expect(await outcomeCounts(t.ctx.db, rules)).toEqual(oracle);
  });
});
