import type {
  Bundle,
  Encounter,
  Medication,
  MedicationAdministration,
  Observation,
  Provenance,
  Questionnaire,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../support/app';
import { registerSecret } from '../support/secrets';
import { type RunSession, runWholeSession } from './athome-record-support';
import {
  atHomeWorld,
  bookSession,
  type HomePatient,
  homePatient,
  portalUrl,
  step,
  type World,
} from './athome-support';
import { expectedCounts, parseNdjson, poll } from './fhir-export-support';
import { validationErrors } from './fhir-validate';

/**
 * At-home sessions in the FHIR API (issue #16): the session an Encounter of class HH, the dose a
 * MedicationAdministration (sublingual, mg, the troche product with its lot), home readings US Core vital-sign
 * Observations (blood-pressure panel 85354-9 with 8480-6/8462-4, heart rate 8867-4), the check-in, checks and
 * check-outs QuestionnaireResponses of Liminal's at-home Questionnaires, the signed record a Provenance. All
 * valid, searchable by patient, and confined to the patient for a patient's own token.
 */
let w: World;
let done: HomePatient;
let run: RunSession;
let other: HomePatient;
let otherSession: string;
beforeAll(async () => {
  w = await atHomeWorld();
  done = await homePatient(w);
  run = await runWholeSession(w, done);
  other = await homePatient(w);
  otherSession = await bookSession(w, other, { inMinutes: 30 });
  await step(other.phone, 'PUT', `${portalUrl(otherSession)}/check-in/mood`, { mood: 4, intention: 'Rest' });
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const get = (a: Agent, url: string) =>
  a.inject({ method: 'GET', url, headers: { accept: 'application/fhir+json' } });
async function search<T extends Resource>(a: Agent, url: string): Promise<T[]> {
  const res = await get(a, url);
  expect(res.statusCode, res.body).toBe(200);
  return ((res.json() as Bundle).entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => e.resource as T);
}
const of = (p: HomePatient) => `patient=${p.patientId}`;

describe('the at-home record in FHIR R4', () => {
  it('is valid: every resource of both patients, and the at-home Questionnaires', async () => {
    const all: Resource[] = [];
    for (const type of [
      'Encounter',
      'MedicationAdministration',
      'Medication',
      'Observation',
      'QuestionnaireResponse',
      'Provenance',
    ])
      for (const p of [done, other])
        all.push(...(await search(w.s.prescriber, `/fhir/R4/${type}?${of(p)}&_count=200`)));
    const forms = await search<Questionnaire>(w.s.prescriber, '/fhir/R4/Questionnaire?_count=200');
    const home = forms.filter((q) => q.url?.startsWith('urn:liminal:questionnaire:at-home-'));
    expect(home.map((q) => q.id).sort()).toEqual([
      'at-home-check',
      'at-home-check-in',
      'at-home-check-out',
      'at-home-sitter-check-out',
    ]);
    all.push(...home);
    expect(all.length).toBeGreaterThan(15);
    expect(all.flatMap((r) => validationErrors(r).map((e) => `${r.resourceType}/${r.id}: ${e}`))).toEqual([]);
  });

  it('the session is an Encounter of class HH; a booked one is planned', async () => {
    const [e] = await search<Encounter>(w.s.prescriber, `/fhir/R4/Encounter?${of(done)}&class=HH`);
    expect(e).toMatchObject({
      id: run.id,
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'HH',
        display: 'home health',
      },
      subject: { reference: `Patient/${done.patientId}` },
    });
    expect(e?.type?.[0]?.text).toBe('At-home dosing session 1 (Sublingual route)');
    expect(e?.participant?.[0]).toMatchObject({
      type: [{ coding: [{ code: 'ATND' }] }],
      individual: { reference: `Practitioner/${w.s.prescriber.userId}` },
    });
    expect(e?.period?.end).toBeTruthy();
    const booked = await search<Encounter>(w.s.prescriber, `/fhir/R4/Encounter?${of(other)}&class=HH`);
    expect(booked.map((x) => [x.id, x.status])).toEqual([[otherSession, 'in-progress']]);
  });

  it('the dose is a MedicationAdministration: sublingual, in mg, the troche product with its lot', async () => {
    const [ma] = await search<MedicationAdministration>(
      w.s.prescriber,
      `/fhir/R4/MedicationAdministration?${of(done)}&_include=MedicationAdministration:medication`,
    );
    expect(ma).toMatchObject({
      status: 'completed',
      context: { reference: `Encounter/${run.id}` },
      performer: [{ actor: { reference: `Patient/${done.patientId}` } }],
      dosage: {
        route: { coding: [{ system: 'http://snomed.info/sct', code: '37839007' }] },
        dose: { value: 200, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      },
    });
    const res = await get(w.s.prescriber, `/fhir/R4/${ma?.medicationReference?.reference}`);
    expect(res.statusCode, res.body).toBe(200);
    const med = res.json() as Medication;
    expect(med.code?.text).toBe('Ketamine 100 mg troche');
    expect(med.code?.coding?.[0]).toMatchObject({ code: '6130' });
    expect(med.batch?.lotNumber).toBe('TR-1');
    expect(med.form?.text).toBe('Troche');
    // The booked session has no dose yet.
    expect(await search(w.s.prescriber, `/fhir/R4/MedicationAdministration?${of(other)}`)).toEqual([]);
  });

  it('home readings are vital-sign Observations with the LOINC codes of the vital-signs table', async () => {
    const obs = await search<Observation>(
      w.s.prescriber,
      `/fhir/R4/Observation?${of(done)}&category=vital-signs`,
    );
    const bp = obs.filter((o) => o.code.coding?.[0]?.code === '85354-9');
    expect(
      bp.map((o) => o.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])),
    ).toEqual([
      [
        ['8480-6', 152],
        ['8462-4', 88],
      ],
      [
        ['8480-6', 128],
        ['8462-4', 80],
      ],
    ]);
    const hr = await search<Observation>(
      w.s.prescriber,
      `/fhir/R4/Observation?${of(done)}&code=http://loinc.org|8867-4`,
    );
    expect(hr.map((o) => o.valueQuantity?.value)).toEqual([80, 72]);
    expect(hr[0]).toMatchObject({
      status: 'final',
      encounter: { reference: `Encounter/${run.id}` },
      performer: [{ reference: `Patient/${done.patientId}` }],
      derivedFrom: [{ reference: `QuestionnaireResponse/athome-checkin.${run.id}` }],
      valueQuantity: { unit: 'beats/minute', code: '/min' },
    });
    // A code no home reading has finds none of them.
    expect(await search(w.s.prescriber, `/fhir/R4/Observation?${of(done)}&code=9279-1`)).toEqual([]);
    const one = await get(w.s.prescriber, `/fhir/R4/Observation/${hr[1]?.id}`);
    expect(one.json()).toEqual(hr[1]);
  });

  it('check-in, checks and check-outs are QuestionnaireResponses of the at-home forms', async () => {
    const qr = await search<QuestionnaireResponse>(
      w.s.prescriber,
      `/fhir/R4/QuestionnaireResponse?${of(done)}`,
    );
    const by = (q: string) => qr.filter((r) => r.questionnaire === `urn:liminal:questionnaire:${q}|1`);
    const [checkIn] = by('at-home-check-in');
    expect(checkIn).toMatchObject({
      id: `athome-checkin.${run.id}`,
      status: 'completed',
      encounter: { reference: `Encounter/${run.id}` },
    });
    expect(checkIn?.item?.map((i) => i.linkId)).toEqual([
      'mood',
      'intention',
      'safety',
      'readings',
      'readings',
      'sitter',
    ]);
    expect(checkIn?.item?.[0]?.answer).toEqual([{ valueInteger: 6 }]);
    const checks = by('at-home-check');
    expect(checks).toHaveLength(2);
    const notOk = checks.find((c) =>
      c.item?.some((i) => i.linkId === 'ok' && i.answer?.[0]?.valueBoolean === false),
    );
    expect(notOk?.item?.find((i) => i.linkId === 'note')?.answer).toEqual([{ valueString: 'A bit queasy' }]);
    expect(notOk?.author).toEqual({ reference: `Patient/${done.patientId}` });
    const visual = checks.find((c) => c.id === `athome-check.${run.sitterCheckEventId}`);
    expect(visual?.author).toEqual({ type: 'RelatedPerson', display: 'Sam Sitter (sitter)' });
    expect(by('at-home-check-out')[0]?.item?.find((i) => i.linkId === 'remaining-troches')?.answer).toEqual([
      { valueInteger: 10 },
    ]);
    expect(by('at-home-sitter-check-out')[0]?.item?.find((i) => i.linkId === 'side-effects')?.answer).toEqual(
      [{ valueCoding: { system: 'urn:liminal:answers:side-effects', code: 'nausea', display: 'Nausea' } }],
    );
    // Read by id gives the same; a check-in half done is in progress.
    expect((await get(w.s.prescriber, `/fhir/R4/QuestionnaireResponse/${visual?.id}`)).json()).toEqual(
      visual,
    );
    const half = await search<QuestionnaireResponse>(
      w.s.prescriber,
      `/fhir/R4/QuestionnaireResponse?${of(other)}`,
    );
    expect(half.map((r) => [r.id, r.status])).toEqual([[`athome-checkin.${otherSession}`, 'in-progress']]);
  });

  it('the signed record is a Provenance on the Encounter; the course counts the session as done', async () => {
    const [p] = await search<Provenance>(w.s.prescriber, `/fhir/R4/Provenance?${of(done)}`);
    expect(p).toMatchObject({
      id: `athome.${run.id}`,
      target: [{ reference: `Encounter/${run.id}` }],
      agent: [{ who: { reference: `Practitioner/${w.s.prescriber.userId}` } }],
    });
    const plans = await search<{ activity?: { outcomeReference?: { reference?: string }[] }[] } & Resource>(
      w.s.prescriber,
      `/fhir/R4/CarePlan?${of(done)}`,
    );
    const dosing = plans[0]?.activity?.find((a) =>
      a.outcomeReference?.some((r) => r.reference === `Encounter/${run.id}`),
    );
    expect(dosing).toBeTruthy();
  });

  it('$everything carries the at-home resources and the Questionnaires they answer', async () => {
    const res = await get(w.s.prescriber, `/fhir/R4/Patient/${done.patientId}/$everything?_count=500`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = ((res.json() as Bundle).entry ?? []).map(
      (e) => `${e.resource?.resourceType}/${e.resource?.id}`,
    );
    for (const id of [
      `Encounter/${run.id}`,
      `MedicationAdministration/${run.id}`,
      `Medication/med.${run.id}`,
      `QuestionnaireResponse/athome-checkin.${run.id}`,
      'Questionnaire/at-home-check-in',
      'Questionnaire/at-home-sitter-check-out',
      `Provenance/athome.${run.id}`,
    ])
      expect(ids, id).toContain(id);
  });
});

describe('scope', () => {
  it("a patient's own token reads their at-home record and nothing of another patient's", async () => {
    const issued = await other.phone.post('/api/portal/fhir-token');
    expect(issued.statusCode, issued.body).toBe(201);
    const token = issued.json().access_token as string;
    registerSecret(token);
    const bearer = (url: string) =>
      w.t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
      });
    const mine = await bearer('/fhir/R4/Encounter?class=HH');
    expect(((mine.json() as Bundle).entry ?? []).map((e) => e.resource?.id)).toEqual([otherSession]);
    for (const url of [
      `/fhir/R4/Encounter/${run.id}`,
      `/fhir/R4/MedicationAdministration/${run.id}`,
      `/fhir/R4/Medication/med.${run.id}`,
      `/fhir/R4/Observation/${run.id}.1-bp`,
      `/fhir/R4/QuestionnaireResponse/athome-checkin.${run.id}`,
      `/fhir/R4/QuestionnaireResponse/athome-check.${run.sitterCheckEventId}`,
      `/fhir/R4/Provenance/athome.${run.id}`,
    ]) {
      expect((await bearer(url)).statusCode, url).toBe(404);
      // Staff read the same ids.
      expect((await get(w.s.prescriber, url)).statusCode, url).toBe(200);
    }
    for (const type of ['Encounter', 'Observation', 'QuestionnaireResponse', 'MedicationAdministration']) {
      const res = await bearer(`/fhir/R4/${type}?patient=${done.patientId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Bundle).total, type).toBe(0);
    }
    // A front-desk account has no clinical read at all.
    expect((await get(w.s.desk, `/fhir/R4/Encounter/${run.id}`)).statusCode).toBe(403);
  });
});

describe('bulk export', () => {
  it('system-level $export carries every at-home resource, with the counts the tables give', async () => {
    const made = await w.s.admin.post('/api/admin/api-clients', {
      name: 'Registry',
      scopes: ['system/*.read'],
    });
    expect(made.statusCode, made.body).toBe(201);
    const { client, clientSecret } = made.json();
    registerSecret(clientSecret);
    const tok = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = tok.json().access_token as string;
    registerSecret(token);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/fhir+json' };
    const kick = await w.t.app.inject({
      method: 'GET',
      url: '/fhir/R4/$export',
      headers: { ...headers, prefer: 'respond-async' },
    });
    expect(kick.statusCode, kick.body).toBe(202);
    const path = (u: string) => `${new URL(u).pathname}${new URL(u).search}`;
    const { res } = await poll(() =>
      w.t.app.inject({ method: 'GET', url: path(String(kick.headers['content-location'])), headers }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const counts: Record<string, number> = {};
    const ids: string[] = [];
    for (const o of res.json().output as { type: string; url: string }[]) {
      const file = await w.t.app.inject({ method: 'GET', url: path(o.url), headers });
      const resources = parseNdjson(file.body, o.type);
      counts[o.type] = resources.length;
      ids.push(...resources.map((r) => `${r.resourceType}/${r.id}`));
    }
    expect(counts).toEqual(await expectedCounts(w.t.ctx.db));
    for (const id of [
      `Encounter/${run.id}`,
      `Encounter/${otherSession}`,
      `MedicationAdministration/${run.id}`,
      `Medication/med.${run.id}`,
      `Observation/${run.id}.2-bp`,
      `QuestionnaireResponse/athome-check.${run.sitterCheckEventId}`,
      `QuestionnaireResponse/athome-checkin.${otherSession}`,
      `Provenance/athome.${run.id}`,
      'Questionnaire/at-home-check-out',
    ])
      expect(ids, id).toContain(id);
  });
});
