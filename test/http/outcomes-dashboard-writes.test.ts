import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildCourseOutcomeCube } from '../../src/server/features/outcomes/cube-repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { readyPatient, type Staff, signedInStaff } from '../support/dosing';
import { answers, at, ok } from './outcomes-support';

/**
 * The dashboard's course summary (migration 0026) follows the writes that change it, through the API: a
 * course created, questionnaire answers entered, the course stopped with a reason (and that reason refused
 * when it is not one of the list, naming the field).
 */
let t: TestApp;
let s: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  s = await signedInStaff(t);
});
afterAll(async () => {
  await t.close();
});

async function paper(nurse: Agent, patientId: string, total: number, daysAgo: number) {
  const a = await ok(
    nurse.post(`/api/patients/${patientId}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'once' },
    }),
  );
  await ok(
    nurse.post(`/api/patients/${patientId}/measures/${a.assignments[0].id}/responses`, {
      answers: answers('phq9', total),
      completedAt: at(daysAgo),
    }),
  );
}

describe('outcomes dashboard summaries follow the writes', () => {
  it('course created, scores entered, course stopped with a reason', async () => {
    const { patientId, courseId } = await readyPatient(s, 'iv_series');
    const row = () =>
      t.ctx.db.selectFrom('course_outcomes').selectAll().where('course_id', '=', courseId).executeTakeFirst();
    expect(await row()).toMatchObject({
      route_group: 'iv',
      indication_group: 'depression',
      stopped_early: 0,
    });

    await paper(s.nurse, patientId, 20, 0);
    const measure = () =>
      t.ctx.db
        .selectFrom('course_outcome_measures')
        .selectAll()
        .where('course_id', '=', courseId)
        .where('instrument_id', '=', 'phq9')
        .executeTakeFirst();
    expect(await measure()).toMatchObject({ baseline_total: 20, latest_is_baseline: 1 });

    const bad = await s.prescriber.post(`/api/patients/${patientId}/courses/${courseId}/status`, {
      status: 'stopped',
      stopReason: 'bored',
    });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().errors)).toContain('stopReason');
    await ok(
      s.prescriber.post(`/api/patients/${patientId}/courses/${courseId}/status`, {
        status: 'stopped',
        stopReason: 'adverse_effects',
      }),
    );
    expect(await row()).toMatchObject({
      status: 'stopped',
      stopped_early: 1,
      stop_reason: 'adverse_effects',
    });
    const d = await ok(s.prescriber.get('/api/outcomes/dashboard'));
    expect(d.dropout.reasons).toEqual([
      { key: 'adverse_effects', label: 'Side effects or adverse events', n: 1 },
    ]);
    expect(d.dropout.stoppedEarly).toMatchObject({ count: 1, n: 1, rate: null });
    // The dashboard's counts followed the same writes: a recount from the summaries finds nothing to change.
    const counts = () =>
      t.ctx.db
        .selectFrom('course_outcome_cube')
        .selectAll()
        .orderBy(['site', 'program', 'span', 'month', 'dim', 'instrument', 'sub', 'bucket'])
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, n: Number(r.n), evaluable: Number(r.evaluable) })));
    const maintained = await counts();
    expect(maintained.filter((r) => r.dim === 'stop')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ site: '*', program: '*', span: 'all', bucket: '1|adverse_effects', n: 1 }),
      ]),
    );
    await rebuildCourseOutcomeCube(t.ctx.db);
    expect(await counts()).toEqual(maintained);
  });
});
