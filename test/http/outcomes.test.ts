import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { answers, at, ok } from './outcomes-support';

/**
 * GET /api/outcomes (issue #8): response and remission per instrument, counted in SQL. The oracle is each
 * patient's own trend, judged by the domain code the chart uses (GET /api/patients/:id/measures): the clinic
 * figures must be exactly the sum of what the charts say at each patient's latest score.
 */
let t: TestApp;
let nurse: Agent;
let prescriber: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  nurse = await t.loginAs('nurse');
  prescriber = await t.loginAs('prescriber');
});
afterAll(async () => {
  await t.close();
});

/** One answered sheet: assign (intake or once), then enter the paper form with its date. */
async function answer(
  patientId: string,
  instrument: 'phq9' | 'gad7',
  total: number,
  daysAgo: number,
  kind: 'intake' | 'once' = 'once',
) {
  const a = await ok(
    nurse.post(`/api/patients/${patientId}/measures/assign`, {
      instrumentIds: [instrument],
      schedule: { kind },
    }),
  );
  const assignmentId = a.assignments[0].id as string;
  const r = await ok(
    nurse.post(`/api/patients/${patientId}/measures/${assignmentId}/responses`, {
      answers: answers(instrument, total),
      completedAt: at(daysAgo),
    }),
  );
  return { assignmentId, responseId: r.responseId as string };
}

async function patient(n: number): Promise<string> {
  return (
    await ok(
      prescriber.post('/api/patients', {
        firstName: 'Out',
        lastName: `Come${n}`,
        dateOfBirth: '1980-01-01',
        state: 'WA',
      }),
    )
  ).id;
}

interface Expected {
  patients: number;
  evaluable: number;
  responders: number;
  remitters: number;
}

describe('clinic outcomes', () => {
  it('counts what the patients’ own trends say at their latest score, per instrument', async () => {
    const ids: string[] = [];
    // PHQ-9 20 → 8: response (60 % drop), no remission.
    ids.push(await patient(1));
    await answer(ids[0] as string, 'phq9', 20, 60, 'intake');
    await answer(ids[0] as string, 'phq9', 8, 10);
    // PHQ-9 18 → 4: response and remission; GAD-7 15 → 9: neither (40 % drop, not below 5).
    ids.push(await patient(2));
    await answer(ids[1] as string, 'phq9', 18, 50, 'intake');
    await answer(ids[1] as string, 'phq9', 12, 30);
    await answer(ids[1] as string, 'phq9', 4, 5);
    await answer(ids[1] as string, 'gad7', 15, 50);
    await answer(ids[1] as string, 'gad7', 9, 5);
    // Responded, then relapsed: the latest score counts (16 → 6 → 15: neither).
    ids.push(await patient(3));
    await answer(ids[2] as string, 'phq9', 16, 40);
    await answer(ids[2] as string, 'phq9', 6, 20);
    await answer(ids[2] as string, 'phq9', 15, 2);
    // Only a baseline: counted as a patient, not evaluable.
    ids.push(await patient(4));
    await answer(ids[3] as string, 'phq9', 22, 3, 'intake');
    // The baseline is the intake sheet even when an earlier sheet exists (10 days before intake: 6).
    ids.push(await patient(5));
    await answer(ids[4] as string, 'phq9', 6, 70);
    await answer(ids[4] as string, 'phq9', 14, 60, 'intake');
    await answer(ids[4] as string, 'phq9', 7, 1);
    // An amendment stands in for the sheet it corrects, at that sheet's time: the latest sheet 3 → amended to 13.
    ids.push(await patient(6));
    await answer(ids[5] as string, 'phq9', 20, 45, 'intake');
    const last = await answer(ids[5] as string, 'phq9', 3, 15);
    await ok(
      nurse.post(`/api/patients/${ids[5]}/measures/${last.assignmentId}/responses/${last.responseId}/amend`, {
        answers: answers('phq9', 13),
        reason: 'Item 4 was misread from the paper form',
      }),
    );
    // The baseline amended (20 → 10): 10 → 4 is a response and a remission.
    ids.push(await patient(7));
    const base = await answer(ids[6] as string, 'phq9', 20, 45, 'intake');
    await answer(ids[6] as string, 'phq9', 4, 12);
    await ok(
      nurse.post(`/api/patients/${ids[6]}/measures/${base.assignmentId}/responses/${base.responseId}/amend`, {
        answers: answers('phq9', 10),
        reason: 'Scored the wrong sheet',
      }),
    );
    // Zero baseline: a percentage drop is impossible (not a response), remission holds.
    ids.push(await patient(8));
    await answer(ids[7] as string, 'phq9', 0, 30, 'intake');
    await answer(ids[7] as string, 'phq9', 2, 3);

    // The oracle: each chart's trends (domain code), at the latest point.
    const expected = new Map<string, Expected>();
    for (const id of ids) {
      const m = await ok(nurse.get(`/api/patients/${id}/measures`));
      for (const trend of m.trends as {
        instrumentId: string;
        points: {
          isBaseline: boolean;
          change: number | null;
          response: boolean | null;
          remission: boolean | null;
        }[];
      }[]) {
        const e = expected.get(trend.instrumentId) ?? {
          patients: 0,
          evaluable: 0,
          responders: 0,
          remitters: 0,
        };
        const latest = trend.points[trend.points.length - 1];
        e.patients++;
        if (latest && !latest.isBaseline && latest.change !== null) {
          e.evaluable++;
          if (latest.response) e.responders++;
          if (latest.remission) e.remitters++;
        }
        expected.set(trend.instrumentId, e);
      }
    }
    // What the trends say, spelled out: PHQ-9 8 patients, 7 evaluable, 4 responses (#1, #2, #5 14 → 7, #7), 3 remissions (#2, #7, #8).
    expect(expected.get('phq9')).toEqual({ patients: 8, evaluable: 7, responders: 4, remitters: 3 });
    expect(expected.get('gad7')).toEqual({ patients: 1, evaluable: 1, responders: 0, remitters: 0 });

    const res = await prescriber.get('/api/outcomes');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const got = new Map(
      (body.instruments as (Expected & { instrumentId: string })[]).map((i) => [
        i.instrumentId,
        { patients: i.patients, evaluable: i.evaluable, responders: i.responders, remitters: i.remitters },
      ]),
    );
    expect(got).toEqual(expected);
    const phq9 = body.instruments.find((i: { instrumentId: string }) => i.instrumentId === 'phq9');
    expect(phq9).toMatchObject({ responseRate: 0.5714, remissionRate: 0.4286 });
    expect(phq9.responseRule).toMatchObject({ kind: 'percentDrop', value: 50 });
    expect(phq9.responseRule.source).toMatch(/Kroenke/);
    expect(phq9.remissionRule).toMatchObject({ kind: 'below', value: 5 });
    expect(body.method).toMatch(/baseline/);

    // Audited: one entry for the view, naming no patient.
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'outcomes.read')
      .where('actor_id', '=', prescriber.userId)
      .execute();
    expect(entry).toHaveLength(1);
    expect(entry[0]?.patient_id).toBeNull();
  });

  it('is for prescribers and admins only (the menu entry follows the same permission); others are refused', async () => {
    for (const role of ['prescriber', 'admin'] as const) {
      const agent = await t.loginAs(role);
      const res = await agent.get('/api/outcomes');
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      const me = (await agent.get('/api/auth/me')).json();
      expect(me.permissions).toContain('outcomes.read');
    }
    for (const role of ['nurse', 'therapist', 'front_desk', 'patient'] as const) {
      const agent = await t.loginAs(role);
      const res = await agent.get('/api/outcomes');
      expect(res.statusCode, role).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      // Refused before any counting: no outcomes.read entry for them, only the denial.
      const read = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_id', '=', agent.userId)
        .where('action', '=', 'outcomes.read')
        .execute();
      expect(read).toEqual([]);
      if (role !== 'patient')
        expect((await agent.get('/api/auth/me')).json().permissions).not.toContain('outcomes.read');
    }
    expect((await t.anon.get('/api/outcomes')).statusCode).toBe(401);
  });
});
