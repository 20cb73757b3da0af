import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtHomeSessionDetail } from '../../src/contracts/athome';
import { atHomeRecordSections } from '../../src/server/features/athome/record';
import type { PdfSection } from '../../src/server/features/sessions/pdf';
import { recordSummary } from '../../src/server/fhir/export/pdf';
import { type RunSession, runWholeSession } from './athome-record-support';
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
import { parseNdjson, poll } from './fhir-export-support';
import { validationErrors } from './fhir-validate';

/**
 * The signed at-home session record (issue #16): the PDF every chart reader may print, made from the care
 * team's view; the prescriber's signature after close (refused before it, with open escalations, twice, or by
 * anyone else); and the patient's own export, which carries their at-home sessions.
 */
let w: World;
let p: HomePatient;
let run: RunSession;
beforeAll(async () => {
  w = await atHomeWorld();
  p = await homePatient(w);
  run = await runWholeSession(w, p, { sign: false });
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const url = (id: string, patient = p) => `${sessionsUrl(patient)}/${id}`;
const sectionText = (sections: PdfSection[], heading: string) => {
  const s = sections.find((x) => x.heading === heading);
  expect(s, heading).toBeTruthy();
  return JSON.stringify(s);
};
const audits = (action: string, id: string) =>
  w.t.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'actor_id'])
    .where('action', '=', action)
    .where('object_id', '=', id)
    .orderBy('seq')
    .execute();

describe('the at-home session record (PDF)', () => {
  it('prints for chart readers, audited; not for the front desk or the patient', async () => {
    for (const a of [w.s.nurse, w.s.therapist, w.s.prescriber]) {
      const res = await a.get(`${url(run.id)}/record.pdf`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain('at-home-session-record.pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await w.s.desk.get(`${url(run.id)}/record.pdf`)).statusCode).toBe(403);
    expect((await p.phone.get(`${url(run.id)}/record.pdf`)).statusCode).toBe(403);
    expect(await audits('athome.record_pdf', run.id)).toHaveLength(3);
    // Another patient's path does not open this session.
    const q = await homePatient(w);
    expect((await w.s.nurse.get(`${url(run.id, q)}/record.pdf`)).statusCode).toBe(404);
  });

  it('holds the order, check-in, readings, go, dose, checks, check-outs, escalations and their outcomes', async () => {
    const d = (await step(w.s.nurse, 'GET', url(run.id), undefined)) as AtHomeSessionDetail;
    const sections = atHomeRecordSections(d, { clinicName: 'Clinic', timeZone: 'America/Los_Angeles' });
    expect(sections.map((s) => s.heading)).toEqual([
      'Session',
      'Prescriber’s order',
      'Check-in',
      'Home readings',
      'Go / hold',
      'Dose',
      'Check-ins and visual checks',
      'Check-out (patient)',
      'Check-out (sitter)',
      'Escalations and outcomes',
      'Timeline',
      'Signature',
    ]);
    expect(sectionText(sections, 'Prescriber’s order')).toContain('2 troche(s), 200 mg sublingual');
    expect(sectionText(sections, 'Check-in')).toContain('To be gentler with myself');
    expect(sectionText(sections, 'Home readings')).toMatch(/152\/88.*re-check/);
    expect(sectionText(sections, 'Go / hold')).toContain(`by ${d.go?.by?.name}`);
    expect(sectionText(sections, 'Check-out (patient)')).toContain('Felt calm afterwards');
    expect(sectionText(sections, 'Check-out (sitter)')).toContain('nausea');
    const esc = sectionText(sections, 'Escalations and outcomes');
    expect(esc).toContain('A bit queasy');
    expect(esc).toContain('Called: mild nausea, settling; sitter present.');
    const timeline = sectionText(sections, 'Timeline');
    for (const words of ['Dose taken', 'Visual check by the sitter', 'Escalation resolved', 'Closed'])
      expect(timeline).toContain(words);
    expect(sectionText(sections, 'Signature')).toContain('Not signed');
    // Local clinic time, not UTC instants.
    expect(sectionText(sections, 'Dose')).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

describe('signing the record', () => {
  it('only a prescriber signs, only after close, only once; a later note prints as added after signing', async () => {
    expect((await w.s.nurse.post(`${url(run.id)}/sign`, {})).statusCode).toBe(403);
    const live = await bookSession(w, p, { inMinutes: 0 });
    const early = await w.s.prescriber.post(`${url(live)}/sign`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('Close the session before signing its record.');

    const signed = await step(w.s.prescriber, 'POST', `${url(run.id)}/sign`, {});
    expect(signed.recordSigned).toMatchObject({ by: { id: w.s.prescriber.userId } });
    expect(signed.events.filter((e: { kind: string }) => e.kind === 'record_signed')).toEqual([
      expect.objectContaining({
        actorKind: 'staff',
        actor: expect.objectContaining({ id: w.s.prescriber.userId }),
      }),
    ]);
    const again = await w.s.prescriber.post(`${url(run.id)}/sign`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('This record is already signed.');
    expect(await audits('athome.record_sign', run.id)).toEqual([
      expect.objectContaining({ outcome: 'allowed', actor_id: w.s.prescriber.userId }),
      expect.objectContaining({ outcome: 'failed' }),
    ]);

    w.t.clock.advanceMinutes(10);
    await step(w.s.nurse, 'POST', `${url(run.id)}/notes`, { text: 'Patient called next day: well.' });
    const d = (await step(w.s.nurse, 'GET', url(run.id), undefined)) as AtHomeSessionDetail;
    const sections = atHomeRecordSections(d, { clinicName: 'Clinic', timeZone: 'America/Los_Angeles' });
    expect(sectionText(sections, 'Signature')).toContain(`by ${d.recordSigned?.by.name}`);
    expect(sectionText(sections, 'Added after signing')).toContain('Patient called next day: well.');
    const pdf = await w.s.nurse.get(`${url(run.id)}/record.pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  it('is refused while an escalation of the session is open', async () => {
    const q = await homePatient(w);
    const id = await bookSession(w, q, { inMinutes: 0 });
    await checkIn(w, q, id);
    const help = await step(q.phone, 'POST', `${portalUrl(id)}/help`, { note: 'Feeling unsure' });
    await step(w.s.nurse, 'POST', `${url(id, q)}/close`, { reason: 'Not taken: patient unsure today' });
    const refused = await w.s.prescriber.post(`${url(id, q)}/sign`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      detail: 'Resolve the session’s open escalations before signing its record.',
      openEscalations: [help.taskId],
    });
    await step(w.s.nurse, 'POST', `/api/patients/${q.patientId}/at-home-tasks/${help.taskId}/resolve`, {
      outcome: 'Called back: rebooked for next week.',
    });
    expect((await step(w.s.prescriber, 'POST', `${url(id, q)}/sign`, {})).recordSigned).toBeTruthy();
  });
});

describe("the patient's own export", () => {
  it('carries their at-home sessions: the FHIR files and the readable summary', async () => {
    const kick = await p.phone.post('/api/portal/export');
    expect(kick.statusCode, kick.body).toBe(202);
    const statusUrl = String(kick.headers['content-location']);
    const { res } = await poll(async () => {
      const r = await p.phone.get(statusUrl);
      return r.json().status === 'completed' || r.statusCode !== 200
        ? r
        : ({ ...r, statusCode: 202, headers: { ...r.headers, 'x-progress': 'working' } } as typeof r);
    });
    expect(res.statusCode, res.body).toBe(200);
    const files = res.json().files as { name: string; type: string | null; url: string }[];
    const resources: Resource[] = [];
    for (const f of files.filter((x) => x.type)) {
      const got = await p.phone.get(f.url);
      expect(got.statusCode).toBe(200);
      resources.push(...(parseNdjson(got.body, f.type as string) as unknown as Resource[]));
    }
    expect(files.map((f) => f.name)).toContain('summary.pdf');
    const ids = resources.map((r) => `${r.resourceType}/${r.id}`);
    for (const id of [
      `Encounter/${run.id}`,
      `MedicationAdministration/${run.id}`,
      `Medication/med.${run.id}`,
      `Observation/${run.id}.1-bp`,
      `Observation/${run.id}.2-hr`,
      `QuestionnaireResponse/athome-checkin.${run.id}`,
      `QuestionnaireResponse/athome-checkout.${run.id}`,
      `Provenance/athome.${run.id}`,
      'Questionnaire/at-home-check-in',
    ])
      expect(ids, id).toContain(id);
    expect(resources.flatMap((r) => validationErrors(r))).toEqual([]);
    // The summary is made from the same resources: its at-home table has the session with its dose.
    const summary = recordSummary(resources, {
      clinicName: 'Clinic',
      exportedAt: '2027-01-12T18:30:00Z',
      counts: {},
    });
    const home = summary.sections.find((s) => s.heading === 'At-home sessions');
    // Session 1 ran to its end; session 2 (booked by the signing test) has not started.
    expect(home?.table?.rows).toEqual([
      [
        expect.any(String),
        'At-home dosing session 1 (Sublingual route)',
        'completed',
        expect.stringContaining('2 troches (200 mg), sublingual'),
        'check-in complete; 2 check(s), 1 not OK; checked out; sitter checked out',
      ],
      [
        expect.any(String),
        'At-home dosing session 2 (Sublingual route)',
        'booked',
        'not taken',
        'no check-in',
      ],
    ]);
  });
});
