import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';

/**
 * The worklist's clinical sections read their tables with index-friendly queries (issue #8): sessions under
 * way as ranges around the closed statuses, open measures one status at a time and merged. These tests pin
 * what they return, with rows written straight into the tables.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Item = { kind: string; id: string; at: string | null; title: string; patientId: string | null };

async function newPatient(agent: Awaited<ReturnType<TestApp['loginAs']>>, last: string): Promise<string> {
  const r = await agent.post('/api/patients', { firstName: 'Work', lastName: last, dateOfBirth: '1980-02-03', state: 'CA' });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

describe('worklist sources', () => {
  it('lists every session not yet discharged or signed, and discharged ones as records to sign', async () => {
    const prescriber = await t.loginAs('prescriber');
    const patientId = await newPatient(prescriber, 'Sessions');
    const now = t.clock.now().toISOString();
    const courseId = randomUUID();
    await t.ctx.db
      .insertInto('courses')
      .values({
        id: courseId, patient_id: patientId, template_key: 'im', route: 'im', setting: 'clinic', indications: '[]',
        planned_preparation: 1, planned_dosing: 6, planned_integration: 1, status: 'active', rems_enrolled: 0,
        rems_patient_id: null, created_by: prescriber.userId, created_at: now, updated_at: now,
      })
      .execute();
    // 'aaa_new_state' sorts before every other status: a state added later still counts as under way.
    const statuses = ['pre_dose', 'dosing', 'monitoring', 'discharged', 'signed', 'aaa_new_state', 'zzz_new_state'];
    const ids = new Map<string, string>();
    for (const [i, status] of statuses.entries()) {
      const id = randomUUID();
      ids.set(status, id);
      await t.ctx.db
        .insertInto('dosing_sessions')
        .values({
          id, course_id: courseId, patient_id: patientId, number: i + 1, route: 'im', setting: 'clinic', status,
          readiness: '{}', checklist: null, weight_kg: null, hold: null, hold_override: null, dose_order: null,
          first_dose_at: null, discharge: null, discharged_at: status === 'discharged' || status === 'signed' ? now : null,
          narrative: null, rems: null, rems_submitted_at: null, signed_by: null, signed_at: null,
          started_by: prescriber.userId, started_at: now, version: 1, updated_at: now,
        })
        .execute();
    }
    const items: Item[] = (await prescriber.get('/api/worklist')).json().items;
    const underWay = items.filter((i) => i.kind === 'session_in_progress').map((i) => i.id).sort();
    expect(underWay).toEqual(
      ['pre_dose', 'dosing', 'monitoring', 'aaa_new_state', 'zzz_new_state'].map((s) => `session:${ids.get(s)}`).sort(),
    );
    expect(items.filter((i) => i.kind === 'session_unsigned').map((i) => i.id)).toEqual([`unsigned:${ids.get('discharged')}`]);
  });

  it('shows the 100 open measures due longest ago, across both open statuses, and nothing closed or not yet due', async () => {
    const prescriber = await t.loginAs('prescriber');
    const patientId = await newPatient(prescriber, 'Measures');
    const now = t.clock.now().toISOString();
    const today = now.slice(0, 10);
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const rows: { status: string; due: string }[] = [];
    // 70 due and 60 in progress, interleaved in time; closed and future ones that must never show.
    for (let i = 0; i < 130; i++) rows.push({ status: i % 13 < 7 ? 'due' : 'in_progress', due: day(200 - i) });
    rows.push({ status: 'completed', due: day(400) }, { status: 'cancelled', due: day(401) }, { status: 'due', due: day(-3) });
    const expected = new Set<string>();
    for (const r of rows) {
      const id = randomUUID();
      await t.ctx.db
        .insertInto('measure_assignments')
        .values({
          id, patient_id: patientId, instrument_id: 'phq9', schedule_kind: 'once', schedule_id: randomUUID(), session_date: null,
          due_on: r.due, overdue_on: r.due, status: r.status, assigned_by: prescriber.userId, assigned_at: now,
          completed_at: null, cancelled_at: null, cancelled_by: null, cancel_reason: null, updated_at: now,
        })
        .execute();
      if ((r.status === 'due' || r.status === 'in_progress') && r.due <= today && r.due <= day(200 - 99)) expected.add(`measure:${id}`);
    }
    const items: Item[] = (await prescriber.get('/api/worklist')).json().items;
    const measures = items.filter((i) => i.kind === 'measure_due' && i.patientId === patientId);
    expect(measures).toHaveLength(100);
    expect(new Set(measures.map((m) => m.id))).toEqual(expected);
    const dates = measures.map((m) => m.at as string);
    expect(dates).toEqual([...dates].sort());
  });
});
