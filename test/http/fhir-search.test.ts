import { randomUUID } from 'node:crypto';
import type { Bundle, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { DEMO_PATIENTS } from '../../src/server/seed/demo-patients';
import { auditCount, buildWorld, fhirGet, searchAll, type World } from './fhir-fixtures';

/** Search parameters, paging and errors against the demo clinic's known data. */
let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const search = async (url: string) => {
  const res = await fhirGet(w.prescriber, url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  // The body leaves as bytes assembled from its pieces (fhir/kept.ts): its length is that of its UTF-8 text.
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  const b = res.json() as Bundle;
  expect(b).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
  return b;
};
const ids = (b: Bundle, mode = 'match') =>
  (b.entry ?? [])
    .filter((e) => e.search?.mode === mode)
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
const count = async (table: 'patients' | 'patient_diagnoses', where?: [string, string]) => {
  let q = w.t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as never, '=', where[1] as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const robin = DEMO_PATIENT_IDS[0] as string;

describe('search parameters', () => {
  it('Patient: name, family, birthdate with prefixes, gender, identifier and _id', async () => {
    expect(ids(await search('/fhir/R4/Patient?name=robin'))).toContain(`Patient/${robin}`);
    expect(ids(await search('/fhir/R4/Patient?family:exact=Example')).length).toBe(1);
    expect(ids(await search('/fhir/R4/Patient?birthdate=1986-03-14'))).toEqual([`Patient/${robin}`]);
    const born90s = (
      await w.t.ctx.db
        .selectFrom('patients')
        .select('id')
        .where('date_of_birth', '>=', '1990-01-01')
        .execute()
    ).length;
    expect((await search('/fhir/R4/Patient?birthdate=ge1990-01-01')).total).toBe(born90s);
    expect((await search('/fhir/R4/Patient?birthdate=lt1990')).total).toBe(
      (await count('patients')) - born90s,
    );
    expect((await search('/fhir/R4/Patient?gender=female')).total).toBe(2); // the two patients made through the API
    const byChart = await search(
      '/fhir/R4/Patient?identifier=urn:liminal:identifier:chart-number|LIM-DEMO01',
    );
    expect(ids(byChart)).toEqual([`Patient/${robin}`]);
    expect((await search(`/fhir/R4/Patient?_id=${robin},${DEMO_PATIENT_IDS[1]}`)).total).toBe(2);
    expect((await search('/fhir/R4/Patient')).total).toBe(await count('patients'));
  });

  it('Condition: code with and without a system, patient/subject', async () => {
    const f332 = await count('patient_diagnoses', ['code', 'F33.2']);
    expect(f332).toBe(DEMO_PATIENTS.filter((p) => p.diagnoses?.some((d) => d.code === 'F33.2')).length + 2);
    expect((await search('/fhir/R4/Condition?code=http://hl7.org/fhir/sid/icd-10-cm|F33.2')).total).toBe(
      f332,
    );
    expect((await search('/fhir/R4/Condition?code=F33.2')).total).toBe(f332);
    expect((await search('/fhir/R4/Condition?code=http://snomed.info/sct|F33.2')).total).toBe(0);
    expect((await search(`/fhir/R4/Condition?patient=${robin}`)).total).toBe(1);
    expect((await search(`/fhir/R4/Condition?subject=Patient/${robin}&code=F33.2,F41.1`)).total).toBe(1);
  });

  it('Observation: category, code, status and date ranges with ge/le', async () => {
    const p = w.dosed.patientId;
    const vitals = await search(`/fhir/R4/Observation?patient=${p}&category=vital-signs&_count=100`);
    expect(vitals.total).toBe(4 + 3 + 3 + 4); // pre-dose (BP, HR, SpO2, RR), wrong + correction (3 each), later (4)
    const window = await search(
      `/fhir/R4/Observation?patient=${p}&date=ge2026-11-25T15:10:00Z&date=le2026-11-25T15:20:00Z`,
    );
    expect(window.total).toBe(6);
    expect(
      (await search(`/fhir/R4/Observation?patient=${p}&date=gt2026-11-25T16:00:00Z&category=vital-signs`))
        .total,
    ).toBe(4);
    expect((await search(`/fhir/R4/Observation?patient=${p}&status=entered-in-error`)).total).toBe(3);
    expect((await search(`/fhir/R4/Observation?patient=${p}&code=http://loinc.org|85354-9`)).total).toBe(4);
    const phq9Scores = (
      await w.t.ctx.db.selectFrom('measure_scores').select('id').where('instrument_id', '=', 'phq9').execute()
    ).length;
    expect(phq9Scores).toBeGreaterThan(3); // the demo clinic's history
    expect((await search('/fhir/R4/Observation?code=http://loinc.org|44261-6&_count=0')).total).toBe(
      phq9Scores,
    );
    expect((await search('/fhir/R4/Observation?date=1999')).total).toBe(0);
  });

  it('Encounter, MedicationAdministration, Medication, CarePlan, Consent and Provenance filters', async () => {
    const running = await search(
      '/fhir/R4/Encounter?status=in-progress&type=urn:liminal:encounter-type|dosing',
    );
    expect(ids(running)).toContain(`Encounter/${w.infusing.sessionId}`);
    expect((await search(`/fhir/R4/Encounter?patient=${w.dosed.patientId}&type=consultation`)).total).toBe(1);
    expect(
      (await search(`/fhir/R4/MedicationAdministration?context=Encounter/${w.dosed.sessionId}`)).total,
    ).toBe(1);
    expect((await search(`/fhir/R4/Medication?lot-number=${w.dosed.lot.lotNumber}`)).total).toBeGreaterThan(
      0,
    );
    expect((await search(`/fhir/R4/CarePlan?patient=${w.dosed.patientId}&status=active`)).total).toBe(1);
    expect(
      (await search(`/fhir/R4/Consent?patient=${w.dosed.patientId}&status=active&date=2026`)).total,
    ).toBe(1);
    expect(ids(await search(`/fhir/R4/Provenance?target=Encounter/${w.dosed.sessionId}`))).toEqual([
      `Provenance/session.${w.dosed.sessionId}`,
    ]);
    expect((await search('/fhir/R4/Questionnaire?url=urn:liminal:questionnaire:phq9')).total).toBe(1);
  });

  it('a patient that does not exist simply has no results', async () => {
    expect((await search(`/fhir/R4/Observation?patient=${randomUUID()}`)).total).toBe(0);
  });
});

describe('sorting, paging and _include', () => {
  it('_sort=date and -date order by the clinical time', async () => {
    const times = (b: Bundle) =>
      (b.entry ?? []).map((e) => (e.resource as Observation).effectiveDateTime as string);
    const asc = times(
      await search(`/fhir/R4/Observation?patient=${w.dosed.patientId}&_sort=date&_count=100`),
    );
    expect(asc).toEqual([...asc].sort());
    const desc = times(
      await search(`/fhir/R4/Observation?patient=${w.dosed.patientId}&_sort=-date&_count=100`),
    );
    expect(desc).toEqual([...asc].sort().reverse());
  });

  it('_count pages with next/previous links that cover every match exactly once', async () => {
    const everything = await search('/fhir/R4/Observation?_count=1000');
    const first = await search('/fhir/R4/Observation?_count=7&_sort=-date');
    expect(first.entry).toHaveLength(7);
    expect(first.link?.map((l) => l.relation)).toEqual(['self', 'first', 'next', 'last']);
    const paged = await searchAll(
      (u) => fhirGet(w.prescriber, u),
      '/fhir/R4/Observation?_count=7&_sort=-date',
    );
    const keys = paged.map((r) => r.id);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(everything.total);
    const second = await search('/fhir/R4/Observation?_count=7&_sort=-date&_offset=7');
    expect(second.link?.find((l) => l.relation === 'previous')?.url).toMatch(/_count=7&_sort=-date$/);
    expect((await search('/fhir/R4/Observation?_count=0')).entry).toBeUndefined();
  });

  it('_include follows references: patient, encounter, medication', async () => {
    const b = await search(
      `/fhir/R4/Observation?patient=${w.dosed.patientId}&category=vital-signs&_include=Observation:patient&_include=Observation:encounter`,
    );
    expect(ids(b, 'include').sort()).toEqual(
      [`Encounter/${w.dosed.sessionId}`, `Patient/${w.dosed.patientId}`].sort(),
    );
    const doses = await search(
      `/fhir/R4/MedicationAdministration?patient=${w.dosed.patientId}&_include=MedicationAdministration:medication&_include=MedicationAdministration:performer`,
    );
    expect(ids(doses, 'include').filter((x) => x.startsWith('Medication/'))).toHaveLength(1);
    expect(ids(doses, 'include').filter((x) => x.startsWith('Practitioner/'))).toHaveLength(1);
    expect(
      ids(
        await search(
          `/fhir/R4/PractitionerRole?practitioner=${w.prescriber.userId}&_include=PractitionerRole:organization`,
        ),
        'include',
      ),
    ).toEqual(['Organization/clinic']);
  });
});

describe('errors are OperationOutcome', () => {
  const outcome = async (url: string, status: number, agent = w.prescriber) => {
    const res = await fhirGet(agent, url);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const o = res.json() as OperationOutcome;
    expect(o.resourceType).toBe('OperationOutcome');
    expect(res.body).not.toMatch(/at .*\.ts:\d+|SELECT |sqlite|stack/i);
    return o;
  };

  it('unknown or unsupported parameters are reported, never ignored', async () => {
    const o = await outcome('/fhir/R4/Observation?patient=x&colour=blue&_summary=true', 400);
    expect(o.issue.map((i) => i.expression?.[0]).sort()).toEqual(['_summary', 'colour']);
    expect(o.issue[0]?.code).toBe('not-supported');
    await outcome('/fhir/R4/Observation?date=yesterday', 400);
    await outcome('/fhir/R4/Observation?code:text=blood', 400);
    await outcome('/fhir/R4/Observation?_include=Observation:colour', 400);
    await outcome('/fhir/R4/Observation?_include=Patient:organization', 400);
    await outcome('/fhir/R4/Patient?_sort=date', 400);
    await outcome('/fhir/R4/Patient?_count=many', 400);
    await outcome('/fhir/R4/Patient?_format=xml', 400);
    await outcome('/fhir/R4/Patient?general-practitioner=not a reference', 400);
  });

  it('not found, unknown interactions, no session and no permission', async () => {
    await outcome(`/fhir/R4/Patient/${randomUUID()}`, 404);
    await outcome('/fhir/R4/Patient/not_an_id!', 404);
    await outcome('/fhir/R4/Immunization', 404);
    const anon = await w.t.anon.get('/fhir/R4/Patient');
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/Bearer/);
    expect(anon.json().resourceType).toBe('OperationOutcome');
    const forbidden = await outcome('/fhir/R4/Observation', 403, w.desk);
    expect(forbidden.issue[0]?.code).toBe('forbidden');
    expect((await fhirGet(w.desk, `/fhir/R4/Patient/${robin}`)).statusCode).toBe(200); // demographics are theirs to read
    await outcome('/fhir/R4/Patient', 403, w.admin);
    const portal = await w.t.loginAs('patient', { patientId: robin });
    await outcome(`/fhir/R4/Patient/${robin}`, 403, portal); // a browser portal session exports from the portal instead
  });
});

describe('audit (S3): one entry per request', () => {
  const lastEntries = async (n: number) =>
    w.t.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(n).execute();

  it('a read is one patient-scoped entry; a search across patients one fhir.search entry', async () => {
    let before = await auditCount(w.t);
    const read = (await fhirGet(w.nurse, `/fhir/R4/Patient/${robin}`)).json() as Patient;
    expect(read.id).toBe(robin);
    expect(await auditCount(w.t)).toBe(before + 1);
    expect((await lastEntries(1))[0]).toMatchObject({
      action: 'fhir.read',
      patient_id: robin,
      object_type: 'Patient',
      outcome: 'allowed',
      actor_id: w.nurse.userId,
    });

    before = await auditCount(w.t);
    await fhirGet(w.nurse, '/fhir/R4/Observation?category=vital-signs');
    expect(await auditCount(w.t)).toBe(before + 1);
    const [search] = await lastEntries(1);
    expect(search).toMatchObject({ action: 'fhir.search', patient_id: null, object_type: 'Observation' });
    expect(JSON.parse(search?.detail ?? '{}').patients).toBeGreaterThan(1);

    before = await auditCount(w.t);
    await fhirGet(w.nurse, `/fhir/R4/Observation?patient=${robin}`);
    expect(await auditCount(w.t)).toBe(before + 1);
    expect((await lastEntries(1))[0]).toMatchObject({ action: 'fhir.search', patient_id: robin });

    before = await auditCount(w.t);
    expect((await fhirGet(w.nurse, `/fhir/R4/Condition/${randomUUID()}`)).statusCode).toBe(404);
    expect(await auditCount(w.t)).toBe(before + 1);
    expect((await lastEntries(1))[0]).toMatchObject({ action: 'fhir.read', outcome: 'denied' });

    before = await auditCount(w.t);
    await fhirGet(w.nurse, '/fhir/R4/Practitioner');
    expect(await auditCount(w.t)).toBe(before); // staff directory: not patient data
  });
});
