import type {
  Bundle,
  CapabilityStatement,
  Encounter,
  Medication,
  MedicationAdministration,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPE_NAMES } from '../../src/server/fhir/registry';
import { buildWorld, fhirGet, searchAll, validationErrors, type World } from './fhir-fixtures';

/** Every resource the demo clinic and a real course of care produce is valid FHIR R4 (and US Core where claimed). */
let w: World;
const all = new Map<string, Resource[]>();

beforeAll(async () => {
  w = await buildWorld();
  for (const type of TYPE_NAMES)
    all.set(type, await searchAll((u) => fhirGet(w.prescriber, u), `/fhir/R4/${type}?_count=200`));
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

describe('resources conform to FHIR R4', () => {
  it.each(TYPE_NAMES.map((t) => [t]))('every %s validates with no errors', (type) => {
    const resources = all.get(type) ?? [];
    expect(resources.length, `${type} has data`).toBeGreaterThan(0);
    const errors = resources.flatMap((r) => validationErrors(r).map((e) => `${type}/${r.id}: ${e}`));
    expect(errors).toEqual([]);
  });

  it('the CapabilityStatement and the bundles validate too', async () => {
    const res = await w.t.anon.get('/fhir/R4/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = res.json() as CapabilityStatement;
    expect(validationErrors(cs)).toEqual([]);
    expect(cs.rest?.[0]?.resource?.map((r) => r.type).sort()).toEqual([...TYPE_NAMES].sort());
    const obs = cs.rest?.[0]?.resource?.find((r) => r.type === 'Observation');
    expect(obs?.searchParam?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['_id', 'patient', 'subject', 'code', 'date', 'status', 'category']),
    );
    expect(obs?.searchInclude).toEqual(
      expect.arrayContaining(['Observation:patient', 'Observation:encounter']),
    );
    const bundle = (await fhirGet(w.prescriber, '/fhir/R4/Observation?_count=5')).json() as Bundle;
    expect(validationErrors(bundle)).toEqual([]);
  });

  it('reading each resource by id gives the search result back', async () => {
    for (const [type, resources] of all) {
      for (const r of resources.slice(0, 3)) {
        const res = await fhirGet(w.prescriber, `/fhir/R4/${type}/${r.id}`);
        expect(res.statusCode, `${type}/${r.id}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
        expect(res.json()).toEqual(r);
      }
    }
  });
});

describe('clinical content', () => {
  it('a Patient read names the care team as its practitioners, the same as a search does', async () => {
    const read = (await fhirGet(w.prescriber, `/fhir/R4/Patient/${w.dosed.patientId}`)).json();
    expect(read.generalPractitioner.map((r: { reference: string }) => r.reference).sort()).toEqual(
      [w.prescriber, w.nurse, w.therapist].map((a) => `Practitioner/${a.userId}`).sort(),
    );
    const found = (all.get('Patient') ?? []).find((p) => p.id === w.dosed.patientId);
    expect(read).toEqual(found);
  });

  const observationsOf = (patientId: string) =>
    (all.get('Observation') as Observation[]).filter((o) => o.subject?.reference === `Patient/${patientId}`);

  it('vital signs are US Core vital-sign Observations with LOINC codes, one per vital', () => {
    const obs = observationsOf(w.dosed.patientId).filter(
      (o) => o.category?.[0]?.coding?.[0]?.code === 'vital-signs',
    );
    const codes = (o: Observation) => o.code.coding?.map((c) => c.code);
    const bp = obs.filter((o) => codes(o)?.includes('85354-9'));
    expect(bp.length).toBe(4);
    expect(bp[0]?.component?.map((c) => c.code.coding?.[0]?.code)).toEqual(['8480-6', '8462-4']);
    expect(bp.map((o) => o.component?.[0]?.valueQuantity?.value).sort()).toEqual([126, 128, 150, 210]);
    expect(bp[0]?.component?.[1]?.valueQuantity).toMatchObject({
      system: 'http://unitsofmeasure.org',
      code: 'mm[Hg]',
      unit: 'mmHg',
    });
    expect(
      obs.filter((o) => codes(o)?.includes('8867-4')).every((o) => o.valueQuantity?.code === '/min'),
    ).toBe(true);
    expect(
      obs
        .filter((o) => codes(o)?.includes('59408-5'))
        .every((o) => codes(o)?.includes('2708-6') && o.valueQuantity?.unit === '%'),
    ).toBe(true);
    expect(obs.filter((o) => codes(o)?.includes('9279-1')).map((o) => o.valueQuantity?.value)).toEqual(
      expect.arrayContaining([14, 12]),
    );
    expect(bp.every((o) => o.encounter?.reference === `Encounter/${w.dosed.sessionId}`)).toBe(true);
  });

  it('a corrected reading is kept, marked entered-in-error, and its correction says so', () => {
    const obs = observationsOf(w.dosed.patientId);
    const wrong = obs.find((o) => o.id === `${w.dosed.correctedEntryId}-bp`);
    expect(wrong?.status).toBe('entered-in-error');
    expect(wrong?.component?.[0]?.valueQuantity?.value).toBe(210);
    const fix = obs.find(
      (o) =>
        o.note?.[0]?.text?.includes(`Observation/${w.dosed.correctedEntryId}-bp`) && o.status === 'final',
    );
    expect(fix?.component?.[0]?.valueQuantity?.value).toBe(150);
  });

  it('PHQ-9 and GAD-7 scores are survey Observations with their LOINC totals, derived from their responses', () => {
    const surveys = observationsOf(w.dosed.patientId).filter(
      (o) => o.category?.[0]?.coding?.[0]?.code === 'survey',
    );
    expect(surveys.map((o) => o.code.coding?.[0]?.code).sort()).toEqual(['44261-6', '70274-6']);
    expect(surveys.find((o) => o.code.coding?.[0]?.code === '44261-6')?.valueInteger).toBe(9);
    const responses = (all.get('QuestionnaireResponse') ?? []).map((r) => `QuestionnaireResponse/${r.id}`);
    expect(surveys.every((o) => responses.includes(o.derivedFrom?.[0]?.reference ?? ''))).toBe(true);
  });

  it('doses carry route, quantity and lot; an IV infusion spans its start and stop', () => {
    const doses = all.get('MedicationAdministration') as MedicationAdministration[];
    const im = doses.find((d) => d.subject.reference === `Patient/${w.dosed.patientId}`);
    expect(im?.dosage).toMatchObject({
      route: { coding: [{ system: 'http://snomed.info/sct', code: '78421000' }] },
      dose: { value: 60, unit: 'mg', code: 'mg' },
      site: { text: 'left deltoid' },
    });
    expect(im?.context?.reference).toBe(`Encounter/${w.dosed.sessionId}`);
    const med = (all.get('Medication') as Medication[]).find(
      (m) => `Medication/${m.id}` === im?.medicationReference?.reference,
    );
    expect(med?.batch).toEqual({ lotNumber: w.dosed.lot.lotNumber, expirationDate: w.dosed.lot.expiresOn });
    expect(med?.code?.coding?.map((c) => c.system)).toEqual([
      'http://www.nlm.nih.gov/research/umls/rxnorm',
      'http://hl7.org/fhir/sid/ndc',
    ]);
    const iv = doses.filter((d) => d.subject.reference === `Patient/${w.infusing.patientId}`);
    expect(iv).toHaveLength(1);
    expect(iv[0]?.effectivePeriod?.start).toBeTruthy();
    expect(iv[0]?.effectivePeriod?.end).toBeTruthy();
    expect(iv[0]?.dosage?.route?.coding?.[0]?.code).toBe('47625008');
  });

  it('encounters cover consultation, preparation, dosing and integration; a running session is in progress', () => {
    const mine = (all.get('Encounter') as Encounter[]).filter(
      (e) => e.subject?.reference === `Patient/${w.dosed.patientId}`,
    );
    expect(mine.map((e) => e.type?.[0]?.coding?.[0]?.code).sort()).toEqual([
      'consultation',
      'dosing',
      'integration',
      'preparation',
    ]);
    const dosing = mine.find((e) => e.id === w.dosed.sessionId);
    expect(dosing).toMatchObject({ status: 'finished', class: { code: 'AMB' } });
    expect(dosing?.period?.end).toBeTruthy();
    const running = (all.get('Encounter') as Encounter[]).find((e) => e.id === w.infusing.sessionId);
    expect(running?.status).toBe('in-progress');
  });

  it('signatures are Provenance: consents, signed notes and signed sessions', () => {
    const targets = (all.get('Provenance') ?? []).map(
      (p) => (p as { target: { reference: string }[] }).target[0]?.reference,
    );
    expect(targets).toContain(`Encounter/${w.dosed.sessionId}`);
    expect(targets.filter((x) => x?.startsWith('Consent/')).length).toBe((all.get('Consent') ?? []).length);
  });

  it('$everything returns the compartment and the practitioners and clinic it refers to, all valid', async () => {
    const res = await fhirGet(w.prescriber, `/fhir/R4/Patient/${w.dosed.patientId}/$everything?_count=500`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Bundle;
    const types = new Set<string | undefined>(b.entry?.map((e) => e.resource?.resourceType));
    for (const t of [
      'Patient',
      'Condition',
      'AllergyIntolerance',
      'MedicationStatement',
      'Consent',
      'QuestionnaireResponse',
      'Observation',
      'Encounter',
      'MedicationAdministration',
      'Medication',
      'CarePlan',
      'Provenance',
      'Practitioner',
      'Organization',
      'Location',
      'Questionnaire',
    ]) {
      expect(types.has(t), t).toBe(true);
    }
    expect(
      b.entry?.every((e) => e.resource?.resourceType !== 'Patient' || e.resource.id === w.dosed.patientId),
    ).toBe(true);
    expect(b.entry?.flatMap((e) => validationErrors(e.resource as Resource))).toEqual([]);
  });
});
