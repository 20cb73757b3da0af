import { randomUUID } from 'node:crypto';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/server/db/dialect';
import { entryTallyOf, patientEntryTally, sessionEntryRecords } from '../../src/server/features/sessions';
import { typeDef } from '../../src/server/fhir/registry';
import { matches, parseSearch } from '../../src/server/fhir/search/params';
import { observationFacts } from '../../src/server/fhir/sources/facts';
import { patientForAccessCheck } from '../../src/server/platform/repository/patients';
import { createTestDatabase } from '../support/db';
import { buildWorld, fhirGet, type World } from './fhir-fixtures';

/**
 * Observation searches hand their `code` and `date` filters to the loaders, which read and render less with
 * them (issue #8). The loaders may only ever narrow to a superset of the matches: every search here must give
 * exactly what filtering the patient's whole record in memory gives (the behaviour before the pushdown).
 */
let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const observation = typeDef('Observation');
const found = async (query: string) => {
  const res = await fhirGet(w.prescriber, `/fhir/R4/Observation?${query}&_count=1000`);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json() as Bundle;
  return (b.entry ?? []).map((e) => e.resource as Observation);
};
/**
 * The same search answered the old way: the patient's whole record loaded, every filter applied in memory. Two
 * patients (the second has nothing) so that the load is read afresh, never a kept record of one patient.
 */
const oracle = async (query: string) => {
  if (!observation) throw new Error('no Observation type');
  const parsed = parseSearch(observation, new URLSearchParams(query));
  const all = await observation.load(w.t.ctx.db, { patientIds: [w.dosed.patientId, randomUUID()] });
  return all.filter((l) => matches(l, parsed.filters)).map((l) => l.resource as Observation);
};
const same = async (filters: string) => {
  const query = `patient=${w.dosed.patientId}${filters ? `&${filters}` : ''}`;
  const got = await found(query);
  const want = await oracle(query);
  const key = (o: Observation) => `${o.id}|${o.status}`;
  expect(got.map(key).sort(), filters).toEqual(want.map(key).sort());
  return got;
};

describe('Observation search with code and date handed to the loaders', () => {
  it('gives what filtering in memory gives, for codes, dates with every prefix, and both together', async () => {
    const all = await same('');
    expect(all.length).toBeGreaterThan(14); // vital signs and scores of the dosed patient
    const at = all.map((o) => o.effectiveDateTime as string).sort();
    const mid = at[Math.floor(at.length / 2)] as string;
    const day = mid.slice(0, 10);
    const cases = [
      'code=8867-4',
      'code=http://loinc.org|8867-4',
      'code=|8867-4',
      'code=http://loinc.org|',
      'code=http://loinc.org|8867-4,http://loinc.org|44261-6',
      'code=44261-6',
      'code=unknown-code',
      'code=8867-4&code=http://loinc.org|',
      `date=${day}`,
      `date=eq${mid}`,
      `date=ne${day}`,
      `date=ne${mid}`,
      `date=gt${mid}`,
      `date=ge${mid}`,
      `date=lt${mid}`,
      `date=le${mid}`,
      `date=sa${mid}`,
      `date=eb${mid}`,
      `date=ge${day}&date=le${day}`,
      `date=lt${at[0]},gt${at[at.length - 1]}`,
      `date=${day.slice(0, 7)}`,
      `date=${day.slice(0, 4)}`,
      'date=1999',
      'date=9999-12-31',
      `code=8867-4&date=ge${mid}`,
      `code=44261-6&date=lt${mid}`,
      `code=8867-4&status=entered-in-error`,
    ];
    for (const c of cases) await same(c);
    expect((await same('code=8867-4')).every((o) => o.code?.coding?.[0]?.code === '8867-4')).toBe(true);
  });

  it('answers a search of the whole record from what it loaded last only while the record is the same', async () => {
    const before = await same('code=8867-4');
    expect(await same('code=8867-4')).toEqual(before); // the kept record, as rendered the first time
    // A reading saved since (session entries are append-only: a new row), timed before the others: still found.
    const entry = await w.t.ctx.db
      .selectFrom('session_entries')
      .selectAll()
      .where('patient_id', '=', w.dosed.patientId)
      .where('kind', '=', 'vitals')
      .where('corrects_id', 'is', null)
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await w.t.ctx.db
      .insertInto('session_entries')
      .values({
        ...entry,
        id,
        at: new Date(Date.parse(entry.at) - 60_000).toISOString(),
        data: JSON.stringify({ kind: 'vitals', vitals: { hr: 133 } }),
        idempotency_key: `k-${randomUUID()}`,
      })
      .execute();
    const after = await same('code=8867-4');
    expect(after.length).toBe(before.length + 1);
    expect(after.find((o) => o.id === `${id}-hr`)?.valueQuantity?.value).toBe(133);
    // Every kind, then heart rates again: each kept apart, each as filtering in memory gives.
    expect((await same('')).length).toBeGreaterThan(after.length);
    expect(await same('code=8867-4')).toEqual(after);
  });

  it('tallies a record from the index as from its rows, and keeps what it loaded per database', async () => {
    const db = w.t.ctx.db;
    const p = w.dosed.patientId;
    const rows = await sessionEntryRecords(db, { patientIds: [p], kinds: ['vitals'] });
    expect(rows.length).toBeGreaterThan(3);
    // The same text both ways on this engine: otherwise nothing would ever be kept (care.ts keeps on equality).
    expect(await patientEntryTally(db, p, 'vitals')).toEqual({
      count: rows.length,
      tally: entryTallyOf(rows),
    });
    expect(await patientEntryTally(db, randomUUID(), 'vitals')).toEqual({
      count: 0,
      tally: entryTallyOf([]),
    });
    // A transaction is the same database; another database is not.
    await db.transaction().execute(async (trx) => expect(databaseOf(trx)).toBe(databaseOf(db)));
    const other = await createTestDatabase();
    try {
      expect(databaseOf(other.handle.db)).not.toBe(databaseOf(db));
    } finally {
      await other.close();
    }
  });

  it("reads the loaders' facts with the access check, as each loader would read them itself", async () => {
    const db = w.t.ctx.db;
    const p = w.dosed.patientId;
    const row = await observationFacts.read(db, p);
    const { facts, ...access } = row ?? { facts: {} };
    expect(access).toEqual(await patientForAccessCheck(db, p));
    const homes = await db.selectFrom('at_home_sessions').select('id').where('patient_id', '=', p).execute();
    const imported = await db.selectFrom('measure_instruments').select('instrument_id').execute();
    expect(facts).toEqual({
      vitals: await patientEntryTally(db, p, 'vitals'),
      atHomeSessions: homes.length,
      importedInstruments: imported.length,
    });
    expect(facts.vitals?.count).toBeGreaterThan(3);
    expect(await observationFacts.read(db, randomUUID())).toBeUndefined();
  });

  it('keeps a reading entered-in-error when its correction was recorded outside the searched dates', async () => {
    const hr = await same('code=8867-4');
    const reading = hr.find((o) => o.status === 'final') as Observation;
    const entryId = (reading.id as string).replace(/-hr$/, '');
    const entry = await w.t.ctx.db
      .selectFrom('session_entries')
      .selectAll()
      .where('id', '=', entryId)
      .executeTakeFirstOrThrow();
    // A correction timed two days later (session entries are append-only: a correction is a new row).
    const later = new Date(Date.parse(entry.at) + 2 * 86_400_000).toISOString();
    await w.t.ctx.db
      .insertInto('session_entries')
      .values({
        ...entry,
        id: randomUUID(),
        at: later,
        corrects_id: entry.id,
        idempotency_key: `k-${randomUUID()}`,
      })
      .execute();
    const window = `date=ge${entry.at.slice(0, 10)}&date=le${entry.at}&code=8867-4`;
    const got = await same(window);
    expect(got.find((o) => o.id === reading.id)?.status).toBe('entered-in-error');
  });
});
