import type { Observation, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key, orderedSession, stockUp, VIAL } from '../support/dosing';
import {
  atHomeWorld,
  bookSession,
  checkIn,
  type HomePatient,
  homePatient,
  portalUrl,
  sessionsUrl,
  step,
  type World,
} from './athome-support';
import { validationErrors } from './fhir-validate';

/**
 * In-session experience ratings over HTTP (issue #21): rated on a dosing session (the console) and on an at-home
 * session (the patient at check-out), each a measure response with its FHIR QuestionnaireResponse and
 * Observation, and one session_experience row per session and instrument that a correction replaces. Refused:
 * an item out of range (named), a session not yet dosed, someone else's session, roles without clinical access.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

const EXP = {
  'lxr-intensity': 6,
  'lxr-insight': 7,
  'lxr-release': 5,
  'lxr-connection': 8,
  'lxr-difficulty': 2,
};
const DIS = { 'lds-body': 5, 'lds-time': 6, 'lds-unreal': 4, 'lds-self': 3 };

const rows = (col: 'dosing_session_id' | 'at_home_session_id', id: string) =>
  w.t.ctx.db
    .selectFrom('session_experience')
    .selectAll()
    .where(col, '=', id)
    .orderBy('instrument_id')
    .execute();

/** An IM session with its order signed and the dose given; `dose: false` stops before the dose. */
async function clinicSession(dose = true) {
  const o = await orderedSession(w.s, 'im_kap', { mgPerKg: 0.75 });
  if (dose) {
    const vials = await stockUp(w.s, VIAL, { count: 1, lot: 'LOT-X1' });
    const adm = await w.s.nurse.post(`${o.base}/administrations`, {
      idempotencyKey: key(),
      mg: o.order.mg,
      site: 'left deltoid',
      phase: 'bolus',
      containerId: vials.containers[0],
    });
    expect(adm.statusCode, adm.body).toBe(201);
  }
  return { ...o, url: `${o.base}/experience` };
}

/** An at-home session checked in, given the go and (by default) with the dose taken. */
async function homeSession(p: HomePatient, dose = true) {
  const id = await bookSession(w, p, { inMinutes: 0 });
  await checkIn(w, p, id);
  const go = await w.s.nurse.post(`${sessionsUrl(p)}/${id}/go`, {});
  expect(go.statusCode, go.body).toBe(200);
  if (dose) await step(p.phone, 'POST', `${portalUrl(id)}/dose-taken`, {});
  return id;
}

describe('in clinic, on the dosing console', () => {
  it('records both ratings as measure responses with FHIR resources and one summary row each', async () => {
    const c = await clinicSession();
    const before = await w.s.nurse.get(c.url);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ canRate: true, ratings: [] });
    expect(before.json().instruments.map((i: { id: string }) => i.id)).toEqual(['lxr', 'lds']);

    const rated = await w.s.nurse.post(c.url, { instrumentId: 'lxr', answers: EXP });
    expect(rated.statusCode, rated.body).toBe(201);
    const r = rated.json().ratings[0];
    expect(r).toMatchObject({
      instrumentId: 'lxr',
      total: 28,
      band: 'Moderate experience',
      enteredBy: expect.any(String),
      byPatient: false,
      corrected: false,
      range: { min: 0, max: 50 },
    });
    expect(r.subscales).toEqual([
      { id: 'intensity', name: 'Intensity', value: 6 },
      { id: 'insight', name: 'Insight and connection', value: 20 },
      { id: 'difficulty', name: 'Difficulty', value: 2 },
    ]);
    expect((await w.s.prescriber.post(c.url, { instrumentId: 'lds', answers: DIS })).statusCode).toBe(201);

    const summary = await rows('dosing_session_id', c.sid);
    expect(summary).toHaveLength(2);
    expect(summary.map((x) => [x.instrument_id, Number(x.total), x.route, x.setting, x.course_id])).toEqual([
      ['lds', 18, 'im', 'in_clinic', c.courseId],
      ['lxr', 28, 'im', 'in_clinic', c.courseId],
    ]);
    expect(JSON.parse(summary[1]?.subscales ?? '{}')).toEqual({ intensity: 6, insight: 20, difficulty: 2 });

    // The FHIR renderings are the measures' own.
    const fhir = await w.s.nurse.get(`/api/patients/${c.patientId}/measures/responses/${r.responseId}/fhir`);
    expect(fhir.statusCode, fhir.body).toBe(200);
    const { questionnaireResponse: qr, observation: obs } = fhir.json();
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'urn:liminal:questionnaire:lxr|1.0.0',
    });
    expect(qr.item[0]).toMatchObject({ linkId: 'lxr-intensity', answer: [{ valueInteger: 6 }] });
    expect(obs).toMatchObject({
      resourceType: 'Observation',
      valueInteger: 28,
      derivedFrom: [{ reference: `QuestionnaireResponse/${r.responseId}` }],
    });
    expect(obs.component).toHaveLength(3);

    // And through the FHIR API, valid R4.
    const bundle = async <T extends Resource>(type: string) =>
      (
        (await w.s.prescriber.get(`/fhir/R4/${type}?patient=${c.patientId}&_count=200`)).json() as {
          entry?: { resource: T }[];
        }
      ).entry?.map((e) => e.resource) ?? [];
    const qrs = (await bundle<QuestionnaireResponse>('QuestionnaireResponse')).filter((q) =>
      q.questionnaire?.startsWith('urn:liminal:questionnaire:l'),
    );
    expect(qrs.map((q) => q.questionnaire).sort()).toEqual([
      'urn:liminal:questionnaire:lds|1.0.0',
      'urn:liminal:questionnaire:lxr|1.0.0',
    ]);
    const observations = (await bundle<Observation>('Observation')).filter((o) =>
      qrs.some((q) => o.derivedFrom?.[0]?.reference === `QuestionnaireResponse/${q.id}`),
    );
    expect(observations.map((o) => o.valueInteger).sort()).toEqual([18, 28]);
    for (const res of [...qrs, ...observations]) {
      expect(validationErrors(res)).toEqual([]);
      expect(res.encounter).toEqual({ reference: `Encounter/${c.sid}` });
    }

    // The printed session record carries the ratings.
    const pdf = await w.s.prescriber.get(`${c.base}/record.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The rating is never shown as a due measure.
    const chart = (await w.s.nurse.get(`/api/patients/${c.patientId}/measures`)).json();
    expect(chart.assignments.filter((a: { status: string }) => a.status !== 'completed')).toEqual([]);
  });

  it('a correction needs a reason, amends the response and replaces the summary row', async () => {
    const c = await clinicSession();
    const first = (await w.s.nurse.post(c.url, { instrumentId: 'lxr', answers: EXP })).json().ratings[0];
    const noReason = await w.s.nurse.post(c.url, {
      instrumentId: 'lxr',
      answers: { ...EXP, 'lxr-insight': 9 },
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');

    const fixed = await w.s.nurse.post(c.url, {
      instrumentId: 'lxr',
      answers: { ...EXP, 'lxr-insight': 9 },
      reason: 'Patient meant 9 for insight',
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const now = fixed.json().ratings;
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ total: 30, corrected: true });
    expect(now[0].responseId).not.toBe(first.responseId);
    const summary = await rows('dosing_session_id', c.sid);
    expect(summary.map((x) => [Number(x.total), x.response_id])).toEqual([[30, now[0].responseId]]);
    const amended = await w.t.ctx.db
      .selectFrom('measure_responses')
      .select(['amended_from', 'amend_reason'])
      .where('id', '=', now[0].responseId)
      .executeTakeFirstOrThrow();
    expect(amended).toEqual({ amended_from: first.responseId, amend_reason: 'Patient meant 9 for insight' });
    const qr = (
      await w.s.nurse.get(`/api/patients/${c.patientId}/measures/responses/${now[0].responseId}/fhir`)
    ).json().questionnaireResponse;
    expect(qr.status).toBe('amended');
    // Both versions name the session's Encounter in the FHIR API.
    const found = (
      await w.s.prescriber.get(`/fhir/R4/QuestionnaireResponse?patient=${c.patientId}&_count=200`)
    ).json().entry as { resource: { id: string; encounter?: { reference: string } } }[];
    for (const id of [first.responseId, now[0].responseId])
      expect(found.find((e) => e.resource.id === id)?.resource.encounter).toEqual({
        reference: `Encounter/${c.sid}`,
      });
  });

  it('refuses bad input, naming the field, and a session not yet dosed', async () => {
    const c = await clinicSession(false);
    const early = await w.s.nurse.post(c.url, { instrumentId: 'lxr', answers: EXP });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/after the dose/);
    expect((await w.s.nurse.get(c.url)).json().canRate).toBe(false);

    const d = await clinicSession();
    const high = await w.s.nurse.post(d.url, { instrumentId: 'lxr', answers: { ...EXP, 'lxr-release': 11 } });
    expect(high.statusCode).toBe(422);
    expect(high.json().errors.map((e: { field: string }) => e.field)).toEqual(['answers.lxr-release']);
    const missing = await w.s.nurse.post(d.url, {
      instrumentId: 'lds',
      answers: { ...DIS, 'lds-time': null },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('answers.lds-time');
    const other = await w.s.nurse.post(d.url, { instrumentId: 'phq9', answers: {} });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].field).toBe('instrumentId');
    expect(await rows('dosing_session_id', d.sid)).toEqual([]);

    // A session of another patient answers like a missing one.
    const e = await clinicSession();
    const wrong = await w.s.nurse.post(`/api/patients/${d.patientId}/sessions/${e.sid}/experience`, {
      instrumentId: 'lxr',
      answers: EXP,
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('lets the clinical roles rate and read, and no one else', async () => {
    const c = await clinicSession();
    expect((await w.s.therapist.post(c.url, { instrumentId: 'lds', answers: DIS })).statusCode).toBe(201);
    for (const a of [w.s.prescriber, w.s.nurse, w.s.therapist])
      expect((await a.get(c.url)).statusCode).toBe(200);
    for (const a of [w.s.desk, w.s.admin]) {
      expect((await a.get(c.url)).statusCode).toBe(403);
      expect((await a.post(c.url, { instrumentId: 'lxr', answers: EXP })).statusCode).toBe(403);
    }
    const patient = await w.t.loginAs('patient', { patientId: c.patientId });
    expect((await patient.get(c.url)).statusCode).toBe(403);
    expect((await patient.post(c.url, { instrumentId: 'lxr', answers: EXP })).statusCode).toBe(403);

    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('patient_id', '=', c.patientId)
      .where('action', 'like', 'experience.%')
      .execute();
    expect(audit.filter((a) => a.action === 'experience.rate' && a.outcome === 'allowed')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'experience.read' && a.outcome === 'allowed')).toHaveLength(3);
  });
});

describe('at home, at check-out', () => {
  it('the patient rates their own session after the dose; the care team sees it on the record', async () => {
    const p = await homePatient(w);
    const early = await homeSession(p, false);
    const notYet = await p.phone.post(`${portalUrl(early)}/experience`, {
      instrumentId: 'lxr',
      answers: EXP,
    });
    expect(notYet.statusCode).toBe(409);
    expect(
      (await w.s.nurse.post(`${sessionsUrl(p)}/${early}/close`, { reason: 'Not taken today' })).statusCode,
    ).toBe(200);

    const id = await homeSession(p);
    const url = `${portalUrl(id)}/experience`;
    expect((await p.phone.get(url)).json()).toMatchObject({ canRate: true, ratings: [] });
    const rated = await p.phone.post(url, { instrumentId: 'lxr', answers: EXP });
    expect(rated.statusCode, rated.body).toBe(201);
    expect(rated.json().ratings[0]).toMatchObject({ total: 28, byPatient: true });
    expect((await p.phone.post(url, { instrumentId: 'lds', answers: DIS })).statusCode).toBe(201);
    const summary = await rows('at_home_session_id', id);
    expect(
      summary.map((x) => [x.instrument_id, Number(x.total), x.route, x.setting, x.dosing_session_id]),
    ).toEqual([
      ['lds', 18, 'sublingual', 'at_home', null],
      ['lxr', 28, 'sublingual', 'at_home', null],
    ]);
    const mode = await w.t.ctx.db
      .selectFrom('measure_responses')
      .select('mode')
      .where('id', '=', summary[0]?.response_id as string)
      .executeTakeFirstOrThrow();
    expect(mode.mode).toBe('portal');

    // The care team's view of the at-home record; a correction by a clinician replaces the row.
    const staffUrl = `${sessionsUrl(p)}/${id}/experience`;
    const seen = await w.s.therapist.get(staffUrl);
    expect(seen.statusCode).toBe(200);
    expect(
      seen
        .json()
        .ratings.map((r: { instrumentId: string }) => r.instrumentId)
        .sort(),
    ).toEqual(['lds', 'lxr']);
    const fixed = await w.s.nurse.post(staffUrl, {
      instrumentId: 'lds',
      answers: { ...DIS, 'lds-body': 9 },
      reason: 'Patient phoned to correct',
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect((await rows('at_home_session_id', id)).map((x) => Number(x.total))).toEqual([22, 28]);

    const pdf = await w.s.prescriber.get(`${sessionsUrl(p)}/${id}/record.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The patient's portal answers bad input by item.
    const bad = await p.phone.post(url, {
      instrumentId: 'lxr',
      answers: { ...EXP, 'lxr-intensity': -1 },
      reason: 'x',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('answers.lxr-intensity');
  });

  it("another patient's session answers like a missing one; staff outside clinical roles are refused", async () => {
    const p = await homePatient(w);
    const q = await homePatient(w);
    const id = await homeSession(p);
    const intruder = await q.phone.post(`${portalUrl(id)}/experience`, { instrumentId: 'lxr', answers: EXP });
    expect(intruder.statusCode).toBe(404);
    expect((await q.phone.get(`${portalUrl(id)}/experience`)).statusCode).toBe(404);
    // The patient cannot use the staff route for their own session either.
    expect((await p.phone.get(`${sessionsUrl(p)}/${id}/experience`)).statusCode).toBe(403);
    for (const a of [w.s.desk, w.s.admin])
      expect((await a.get(`${sessionsUrl(p)}/${id}/experience`)).statusCode).toBe(403);
    expect(await rows('at_home_session_id', id)).toEqual([]);
  });
});

describe('scheduled measures', () => {
  it('refuses to assign a session rating on a schedule', async () => {
    const p = await homePatient(w, 0);
    const r = await w.s.nurse.post(`/api/patients/${p.patientId}/measures/assign`, {
      instrumentIds: ['phq9', 'lxr'],
      schedule: { kind: 'once' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors[0].field).toBe('instrumentIds.1');
  });
});
