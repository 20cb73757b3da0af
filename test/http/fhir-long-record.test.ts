import { randomUUID } from 'node:crypto';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDef } from '../../src/server/fhir/registry';
import { matches, parseSearch, sortLoaded } from '../../src/server/fhir/search/params';
import { buildWorld, fhirGet, type World } from './fhir-fixtures';

/**
 * A search of a long record (over 200 vital-sign entries) in the default order reads the record in
 * outline, renders only the entries of its page and counts the rest (issue #23, fhir/sources/care.ts). Every
 * answer here must be exactly what loading the whole record and filtering, sorting and paging it in memory
 * gives: the same total, the same Observations in the same order, with the same status.
 */
let w: World;
let patientId: string;
const LOINC = { hr: '8867-4', bp: '85354-9', spo2: '59408-5', rr: '9279-1' };

beforeAll(async () => {
  w = await buildWorld();
  patientId = w.dosed.patientId;
  const db = w.t.ctx.db;
  const template = await db
    .selectFrom('session_entries')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('kind', '=', 'vitals')
    .where('corrects_id', 'is', null)
    .executeTakeFirstOrThrow();
  // 1,150 readings: every third without a heart rate, every fifth a heart rate alone, some corrected later.
  const rows = Array.from({ length: 1_150 }, (_, i) => {
    const vitals =
      i % 5 === 0
        ? { hr: 60 + (i % 40) }
        : i % 3 === 0
          ? { sbp: 120 + (i % 20), dbp: 75, spo2: 97 }
          : { sbp: 118, dbp: 72, hr: 70 + (i % 30), spo2: 98, rr: 14 };
    return {
      ...template,
      id: randomUUID(),
      at: new Date(Date.parse(template.at) + i * 60_000).toISOString(),
      recorded_at: new Date(Date.parse(template.recorded_at) + i * 60_000).toISOString(),
      data: JSON.stringify({ kind: 'vitals', vitals }),
      idempotency_key: `k-${randomUUID()}`,
    };
  });
  const corrections = rows
    .filter((_, i) => i % 97 === 1)
    .map((r, i) => ({
      ...r,
      id: randomUUID(),
      corrects_id: r.id,
      data: JSON.stringify({ kind: 'vitals', vitals: { sbp: 121, dbp: 79, hr: 88 + i } }),
      idempotency_key: `k-${randomUUID()}`,
    }));
  const all = [...rows, ...corrections];
  for (let i = 0; i < all.length; i += 80)
    await db
      .insertInto('session_entries')
      .values(all.slice(i, i + 80))
      .execute();
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const observation = typeDef('Observation');
const key = (o: Observation) => `${o.id}|${o.status}|${o.valueQuantity?.value ?? ''}`;

/** The search through the API. */
const got = async (query: string) => {
  const res = await fhirGet(w.prescriber, `/fhir/R4/Observation?patient=${patientId}&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json() as Bundle;
  return { total: b.total, page: (b.entry ?? []).map((e) => key(e.resource as Observation)) };
};
/** The same answered from the whole record loaded afresh (two patients: never paged, never a kept record). */
const want = async (query: string) => {
  if (!observation) throw new Error('no Observation type');
  const parsed = parseSearch(observation, new URLSearchParams(`patient=${patientId}&${query}`));
  const all = await observation.load(w.t.ctx.db, { patientIds: [patientId, randomUUID()] });
  const hits = sortLoaded(
    all.filter((l) => matches(l, parsed.filters)),
    observation,
    parsed.sort,
  );
  return {
    total: hits.length,
    page: hits.slice(parsed.offset, parsed.offset + parsed.count).map((l) => key(l.resource as Observation)),
  };
};

describe('a search of a long record', () => {
  it('pages by id as loading the whole record would: totals, order, corrections, kinds an entry lacks', async () => {
    const queries = [
      '',
      `code=${LOINC.hr}`,
      `code=${LOINC.bp}`,
      `code=${LOINC.hr},${LOINC.rr}`,
      `code=http://loinc.org|${LOINC.spo2}`,
      `code=${LOINC.hr}&_count=7&_offset=13`,
      `code=${LOINC.hr}&_count=50&_offset=1000`,
      `code=${LOINC.hr}&_count=0`,
      '_count=1000',
      '_count=3&_offset=4500',
      `code=${LOINC.hr}&code=http://loinc.org|`,
      'code=unknown-code',
      `subject=Patient/${patientId}&code=${LOINC.rr}`,
      // Not paged (a filter or an order the outline cannot apply): the whole record, as before.
      `code=${LOINC.hr}&_sort=-date&_count=20`,
      `code=${LOINC.hr}&status=entered-in-error`,
      `category=vital-signs&_count=5`,
      `code=${LOINC.hr}&date=ge2000-01-01&_count=9`,
    ];
    for (const q of queries) {
      const [a, b] = [await got(q), await want(q)];
      expect(a, q).toEqual(b);
    }
    const entries = await w.t.ctx.db
      .selectFrom('session_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('patient_id', '=', patientId)
      .where('kind', '=', 'vitals')
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBeGreaterThan(200); // the record really is long
    const hr = await got(`code=${LOINC.hr}&_count=1000`);
    expect(hr.total).toBeGreaterThan(800);
    expect(hr.page.some((k) => k.includes('|entered-in-error|'))).toBe(true);
  });

  it('finds a reading saved after the first search, and a correction of one on the first page', async () => {
    const before = await got(`code=${LOINC.hr}&_count=10`);
    const first = before.page[0]?.split('|')[0]?.replace(/-hr$/, '') as string;
    const entry = await w.t.ctx.db
      .selectFrom('session_entries')
      .selectAll()
      .where('id', '=', first)
      .executeTakeFirstOrThrow();
    await w.t.ctx.db
      .insertInto('session_entries')
      .values([
        // An id that sorts first, so it lands on page one.
        {
          ...entry,
          id: `00000000-0000-4000-8000-${randomUUID().slice(-12)}`,
          idempotency_key: `k-${randomUUID()}`,
        },
        { ...entry, id: randomUUID(), corrects_id: entry.id, idempotency_key: `k-${randomUUID()}` },
      ])
      .execute();
    const after = await got(`code=${LOINC.hr}&_count=10`);
    expect(after.total).toBe((before.total ?? 0) + 2);
    expect(after.page[0]).toMatch(/^00000000-0000-4000-8000-/);
    expect(after.page).toContain(`${first}-hr|entered-in-error|${before.page[0]?.split('|')[2]}`);
    expect(after).toEqual(await want(`code=${LOINC.hr}&_count=10`));
  });

  it('answers nothing for a patient filter the record does not meet', async () => {
    const other = randomUUID();
    const res = await fhirGet(
      w.prescriber,
      `/fhir/R4/Observation?patient=${patientId}&subject=Patient/${other}&code=${LOINC.hr}`,
    );
    expect(res.statusCode).toBe(200);
    expect((res.json() as Bundle).total).toBe(0);
  });
});
