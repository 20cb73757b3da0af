import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/server/db/dialect';
import { rebuildCourseOutcomes, refreshCourseOutcomes } from '../../src/server/features/outcomes';
import { rebuildCourseOutcomeCube } from '../../src/server/features/outcomes/cube-repository';
import { buildTestApp, type TestApp } from '../support/app';
import { type Plan, writeRandomClinic, writeScore } from './dashboard-support';

/**
 * The dashboard's counts (migration 0029) are kept by adding differences on every course summary write: after
 * a run of random writes to the record (scores added and corrected, courses stopped and completed, diagnoses
 * changed, experience ratings changed), each followed by the recomputation the writing repositories run, the
 * counts must equal a recount from scratch of the summaries, row for row.
 */
let t: TestApp;
let plan: Plan;
let now: string;

const DAY = 86_400_000;

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

const cube = async (db: Executor) =>
  (await db.selectFrom('course_outcome_cube').selectAll().execute())
    .map((r) => ({
      ...r,
      n: Number(r.n),
      evaluable: Number(r.evaluable),
      responded: Number(r.responded),
      remitted: Number(r.remitted),
    }))
    .sort((a, b) => {
      const ka = [a.site, a.program, a.span, a.month, a.dim, a.instrument, a.sub, a.bucket].join('|');
      const kb = [b.site, b.program, b.span, b.month, b.dim, b.instrument, b.sub, b.bucket].join('|');
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createUser({ role: 'prescriber' });
  const b = await t.createUser({ role: 'prescriber' });
  now = t.clock.now().toISOString();
  plan = await writeRandomClinic(t.ctx.db, now, [a.id, b.id], 29, 40);
  await rebuildCourseOutcomes(t.ctx.db, now);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('dashboard counts', () => {
  it('equal a recount from the summaries after random writes', async () => {
    const { db } = t.ctx;
    const start = await cube(db);
    expect(start.length).toBeGreaterThan(100);
    const r = rng(2029);
    const kinds = ['score', 'score', 'amend', 'stop', 'complete', 'diagnosis', 'experience'] as const;
    const done = new Map<string, number>();
    for (let k = 0; k < 80; k++) {
      const course = r.pick(plan.courses);
      const patientId = course.patientId;
      const kind = r.pick(kinds);
      done.set(kind, (done.get(kind) ?? 0) + 1);
      switch (kind) {
        case 'score': {
          const instrument = r.pick(['phq9', 'gad7']);
          const at = new Date(Date.parse(course.doses[0]?.at ?? course.createdAt) + r.int(-20, 120) * DAY);
          await writeScore(
            db,
            patientId,
            instrument,
            at.toISOString(),
            r.int(0, instrument === 'phq9' ? 27 : 21),
            plan.clinicians[0] as string,
          );
          break;
        }
        case 'amend': {
          // A correction of an earlier sheet: the new total stands at the time of the sheet it corrects.
          const scores = await db
            .selectFrom('measure_responses')
            .select(['id', 'instrument_id', 'amended_from'])
            .where('patient_id', '=', patientId)
            .where('instrument_id', 'in', ['phq9', 'gad7'])
            .execute();
          const corrected = new Set(scores.map((x) => x.amended_from));
          const open = scores.filter((x) => !corrected.has(x.id));
          if (open.length) {
            const s = r.pick(open);
            await writeScore(
              db,
              patientId,
              s.instrument_id,
              now,
              r.int(0, 21),
              plan.clinicians[0] as string,
              s.id,
            );
          }
          break;
        }
        case 'stop':
          await db
            .updateTable('courses')
            .set({ status: 'stopped', stop_reason: r.pick(['adverse_effects', 'no_benefit', null]) })
            .where('id', '=', course.id)
            .execute();
          break;
        case 'complete':
          await db.updateTable('courses').set({ status: 'completed' }).where('id', '=', course.id).execute();
          break;
        case 'diagnosis':
          await db.deleteFrom('patient_diagnoses').where('patient_id', '=', patientId).execute();
          await db
            .insertInto('patient_diagnoses')
            .values({
              id: randomUUID(),
              patient_id: patientId,
              code: r.pick(['F33.1', 'F43.10', 'F41.1', 'F31.81', 'F10.20']),
              display: 'Changed in the test',
              created_at: now,
            })
            .execute();
          break;
        case 'experience':
          await db
            .updateTable('session_experience')
            .set({ total: r.int(0, 40) })
            .where('course_id', '=', course.id)
            .execute();
          break;
      }
      await db.transaction().execute((trx) => refreshCourseOutcomes(trx, patientId, now));
    }
    expect([...done.keys()].sort()).toEqual([...new Set(kinds)].sort());
    const maintained = await cube(db);
    expect(maintained).not.toEqual(start);
    expect(maintained.every((row) => row.n > 0)).toBe(true);
    await rebuildCourseOutcomeCube(db);
    expect(maintained).toEqual(await cube(db));
  });
});
