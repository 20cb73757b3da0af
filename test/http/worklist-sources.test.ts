import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';
import { courseRow, enquiryRow, sessionRow } from '../support/rows';

/**
 * The worklist's clinical sections read their tables with index-friendly queries (issue #8): sessions under
 * way as ranges around the closed statuses, open measures one status at a time and merged; each section a page
 * at a time with its total. These tests pin what they return, with rows written straight into the tables.
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
  const r = await agent.post('/api/patients', {
    firstName: 'Work',
    lastName: last,
    dateOfBirth: '1980-02-03',
    state: 'CA',
  });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

describe('worklist sources', () => {
  it('lists every session not yet discharged or signed, and discharged ones as records to sign', async () => {
    const prescriber = await t.loginAs('prescriber');
    const patientId = await newPatient(prescriber, 'Sessions');
    const now = t.clock.now().toISOString();
    const course = courseRow(patientId, prescriber.userId, now);
    await t.ctx.db.insertInto('courses').values(course).execute();
    // 'aaa_new_state' sorts before every other status: a state added later still counts as under way.
    const statuses = [
      'pre_dose',
      'dosing',
      'monitoring',
      'discharged',
      'signed',
      'aaa_new_state',
      'zzz_new_state',
    ];
    const ids = new Map<string, string>();
    for (const [i, status] of statuses.entries()) {
      const id = randomUUID();
      ids.set(status, id);
      await t.ctx.db
        .insertInto('dosing_sessions')
        .values(
          sessionRow(course, prescriber.userId, now, {
            id,
            number: i + 1,
            status,
            discharged_at: status === 'discharged' || status === 'signed' ? now : null,
          }),
        )
        .execute();
    }
    const items: Item[] = (await prescriber.get('/api/worklist')).json().items;
    const underWay = items
      .filter((i) => i.kind === 'session_in_progress')
      .map((i) => i.id)
      .sort();
    expect(underWay).toEqual(
      ['pre_dose', 'dosing', 'monitoring', 'aaa_new_state', 'zzz_new_state']
        .map((s) => `session:${ids.get(s)}`)
        .sort(),
    );
    expect(items.filter((i) => i.kind === 'session_unsigned').map((i) => i.id)).toEqual([
      `unsigned:${ids.get('discharged')}`,
    ]);
  });

  it('pages the open measures due longest ago, across both open statuses, and never shows closed or future ones', async () => {
    const prescriber = await t.loginAs('prescriber');
    const patientId = await newPatient(prescriber, 'Measures');
    const now = t.clock.now().toISOString();
    const today = now.slice(0, 10);
    const day = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const rows: { status: string; due: string }[] = [];
    // 70 due and 60 in progress, interleaved in time; closed and future ones that must never show.
    for (let i = 0; i < 130; i++)
      rows.push({ status: i % 13 < 7 ? 'due' : 'in_progress', due: day(200 - i) });
    rows.push(
      { status: 'completed', due: day(400) },
      { status: 'cancelled', due: day(401) },
      { status: 'due', due: day(-3) },
    );
    const expected: { id: string; due: string }[] = [];
    for (const r of rows) {
      const id = randomUUID();
      await t.ctx.db
        .insertInto('measure_assignments')
        .values({
          id,
          patient_id: patientId,
          instrument_id: 'phq9',
          schedule_kind: 'once',
          schedule_id: randomUUID(),
          session_date: null,
          due_on: r.due,
          overdue_on: r.due,
          status: r.status,
          assigned_by: prescriber.userId,
          assigned_at: now,
          completed_at: null,
          cancelled_at: null,
          cancelled_by: null,
          cancel_reason: null,
          updated_at: now,
        })
        .execute();
      if ((r.status === 'due' || r.status === 'in_progress') && r.due <= today)
        expected.push({ id: `measure:${id}`, due: r.due });
    }
    expected.sort((x, y) => x.due.localeCompare(y.due));
    // Today: the 50 due longest ago, and the section's total.
    const first = (await prescriber.get('/api/worklist')).json();
    const measures = (first.items as Item[]).filter(
      (i) => i.kind === 'measure_due' && i.patientId === patientId,
    );
    expect(measures.map((m) => m.id).sort()).toEqual(
      expected
        .slice(0, 50)
        .map((e) => e.id)
        .sort(),
    );
    expect(first.sections.find((x: { key: string }) => x.key === 'measures')).toEqual({
      key: 'measures',
      title: 'questionnaires due',
      shown: 50,
      offset: 0,
      total: 130,
      atLeast: false,
    });
    // More on demand, a page at a time: every open one exactly once, in due order, then nothing.
    const pages: Item[] = [...measures];
    for (const offset of [50, 100, 150]) {
      const r = await prescriber.get(`/api/worklist?section=measures&offset=${offset}&limit=50`);
      expect(r.statusCode).toBe(200);
      expect(r.json().sections).toEqual([expect.objectContaining({ key: 'measures', offset, total: 130 })]);
      expect(r.json().items.every((i: Item) => i.kind === 'measure_due')).toBe(true);
      pages.push(...r.json().items);
    }
    expect(pages.map((m) => m.id)).toEqual(expected.map((e) => e.id));
    const dates = pages.map((m) => m.at as string);
    expect(dates).toEqual([...dates].sort());
  });

  it('refuses bad paging with the field named, and a section the user may not act on', async () => {
    const prescriber = await t.loginAs('prescriber');
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=10001', 'offset'],
      ['section=everything', 'section'],
    ] as const) {
      const r = await prescriber.get(`/api/worklist?${query}`);
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(r.json().errors)).toContain(field);
    }
    const desk = await t.loginAs('front_desk');
    expect((await desk.get('/api/worklist?section=measures')).statusCode).toBe(403);
    expect((await desk.get('/api/worklist')).json().sections.map((x: { key: string }) => x.key)).toEqual([
      'enquiries',
    ]);
  });

  it('counts a long section up to 1,000 and keeps urgent enquiries on the first page', async () => {
    const now = t.clock.now();
    const at = (i: number) => new Date(now.getTime() - (2000 - i) * 60_000).toISOString();
    const rows = Array.from({ length: 1060 }, (_, i) =>
      enquiryRow(`Enquirer ${i}`, at(i), { first_name: 'Many', urgent: i === 1059 ? 1 : 0 }),
    );
    for (let i = 0; i < rows.length; i += 200)
      await t.ctx.db
        .insertInto('enquiries')
        .values(rows.slice(i, i + 200))
        .execute();
    const desk = await t.loginAs('front_desk');
    const r = (await desk.get('/api/worklist')).json();
    expect(r.sections).toEqual([
      { key: 'enquiries', title: 'new enquiries', shown: 50, offset: 0, total: 1000, atLeast: true },
    ]);
    expect(r.items).toHaveLength(50);
    // The newest enquiry is the urgent one: first on the page although it came last.
    expect(r.items[0]).toMatchObject({ severity: 'urgent', patientName: 'Many Enquirer 1059' });
    expect(r.items.slice(1).map((i: { patientName: string }) => i.patientName)).toEqual(
      Array.from({ length: 49 }, (_, i) => `Many Enquirer ${i}`),
    );
    // The last page is short and says where it ends.
    const last = (await desk.get('/api/worklist?section=enquiries&offset=1040&limit=50')).json();
    expect(last.items).toHaveLength(20);
    await t.ctx.db.deleteFrom('enquiries').where('first_name', '=', 'Many').execute();
  });
});
