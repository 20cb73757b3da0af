import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check837p, npiCheckDigit, parseX12 } from '../../src/domain/billing-docs';
import * as billing from '../../src/server/features/billing/repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { pdfText } from '../support/pdf-text';
import { patientWithPortal } from '../support/portal';
import { courseRow, sessionRow } from '../support/rows';
import { startSmtpCapture } from '../support/smtp';
import { bearerGet, createClient, validationErrors, type World } from './fhir-fixtures';

/**
 * Billing documents (issue #22): the practice's billing identity (NPI and EIN checked, field named), insurance,
 * superbills (staff and the patient's own in the portal, with the fields insurers expect, read back from the PDF),
 * the emailed link (no PHI), the 837P export (structure, increasing control numbers, batches), the charges CSV,
 * FHIR ChargeItem and Claim, and who may do what.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let admin: Agent;
let prescriber: Agent;
let biller: Agent;
let nurse: Agent;
let therapist: Agent;
let desk: Agent;
let pat: { id: string; agent: Agent };
let other: { id: string; agent: Agent };
const ids = { im: '', esk: '', esk2: '', otherVisit: '' };
const NOW = '2026-11-25T15:00:00.000Z';
const NPI_PRACTICE = `100000000${npiCheckDigit('100000000')}`; // 1000000004
const NPI_CLINICIAN = '1234567893'; // CMS's worked example

const line = (over: Partial<billing.ChargeLineRow>): billing.ChargeLineRow => ({
  id: randomUUID(),
  patient_id: pat.id,
  appointment_id: null,
  dosing_session_id: ids.im,
  at_home_session_id: null,
  service_date: '2026-11-20',
  seq: 1,
  code: '99214',
  modifiers: '["25"]',
  description: 'Office visit, established patient',
  units: 1,
  unit_price_cents: 25000,
  amount_cents: 25000,
  diagnosis_codes: '["F33.1","F41.1"]',
  diagnosis_pointers: '[1]',
  ndc: null,
  ndc_unit: null,
  ndc_quantity: null,
  place_of_service: '11',
  rendering_clinician_id: prescriber.userId,
  origin: 'rules',
  rule_key: null,
  state: 'final',
  reverses_id: null,
  reason: null,
  fee_schedule_id: null,
  finalised_by: prescriber.userId,
  finalised_at: NOW,
  created_by: null,
  created_at: NOW,
  updated_by: null,
  updated_at: NOW,
  version: 1,
  ...over,
});

async function session(patientId: string, route: string) {
  const db = t.db.handle.db;
  const course = courseRow(patientId, prescriber.userId, NOW, { route, template_key: route });
  await db.insertInto('courses').values(course).execute();
  const s = sessionRow({ id: course.id as string, patient_id: patientId }, prescriber.userId, NOW, {
    route,
    status: 'signed',
  });
  await db.insertInto('dosing_sessions').values(s).execute();
  return s.id as string;
}

const practice = {
  name: 'Liminal Test Clinic',
  addressLine1: '100 Main St',
  addressLine2: '',
  city: 'Portland',
  state: 'OR',
  postalCode: '97201',
  phone: '(503) 555-0100',
  taxId: '12-3456789',
  npi: NPI_PRACTICE,
  taxonomy: '261QM0801X',
  submitterId: 'LIMTEST',
  receiverName: 'Test Clearinghouse',
  receiverId: 'CH01',
  contactName: 'Billing Office',
  usage: 'T',
  superbillDetail: {},
};

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await buildTestApp({ SMTP_URL: smtp.url, SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  [admin, prescriber, biller, nurse, therapist, desk] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('prescriber'),
    t.loginAs('biller'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('front_desk'),
  ]);
  pat = await patientWithPortal(t, desk, { firstName: 'Jane', lastName: 'Doe' }, smtp.messages);
  other = await patientWithPortal(t, desk, { firstName: 'Omar', lastName: 'Other' }, smtp.messages);
  const db = t.db.handle.db;
  await db
    .updateTable('patients')
    .set({
      address_line1: '12 Elm St',
      city: 'Portland',
      postal_code: '97202',
      state: 'OR',
      sex_at_birth: 'female',
    })
    .where('id', '=', pat.id)
    .execute();
  ids.im = await session(pat.id, 'im');
  ids.esk = await session(pat.id, 'esketamine');
  ids.esk2 = await session(pat.id, 'esketamine');
  ids.otherVisit = await session(other.id, 'im');
  const reversed = line({
    seq: 4,
    code: '96372',
    description: 'Injection',
    amount_cents: 4000,
    unit_price_cents: 4000,
  });
  for (const l of [
    line({}),
    line({
      seq: 2,
      code: '96372',
      modifiers: '[]',
      description: 'Injection',
      amount_cents: 4000,
      unit_price_cents: 4000,
      diagnosis_pointers: '[1,2]',
    }),
    line({
      seq: 3,
      code: 'J3490',
      modifiers: '[]',
      description: 'Ketamine, unlisted drug',
      amount_cents: 6000,
      unit_price_cents: 6000,
    }),
    reversed,
    line({
      seq: 5,
      code: '96372',
      description: 'Injection',
      amount_cents: -4000,
      unit_price_cents: 4000,
      reverses_id: reversed.id,
      origin: 'reversal',
    }),
    line({
      seq: 6,
      code: '90838',
      modifiers: '[]',
      description: 'Psychotherapy add-on',
      state: 'proposed',
      finalised_by: null,
      finalised_at: null,
    }),
    line({
      dosing_session_id: ids.esk,
      service_date: '2026-11-22',
      code: 'G2083',
      modifiers: '[]',
      description: 'Esketamine over 56 mg, 2 h observation',
      amount_cents: 90000,
      unit_price_cents: 90000,
      diagnosis_codes: '["F33.2"]',
    }),
    line({
      dosing_session_id: ids.esk,
      service_date: '2026-11-22',
      seq: 2,
      code: 'J0013',
      modifiers: '[]',
      description: 'Esketamine, 1 mg',
      units: 84,
      amount_cents: 50400,
      unit_price_cents: 600,
      diagnosis_codes: '["F33.2"]',
      ndc: '50458002802',
      ndc_unit: 'ME',
      ndc_quantity: 84,
    }),
    line({
      patient_id: other.id,
      dosing_session_id: ids.otherVisit,
      description: 'Office visit, "complex", follow-up',
    }),
  ])
    await billing.insertChargeLine(db, l);
  await billing.insertPayment(db, {
    id: randomUUID(),
    patient_id: pat.id,
    amount_cents: 10000,
    reverses_id: null,
    method: 'card',
    received_on: '2026-11-20',
    reference: null,
    note: null,
    recorded_by: biller.userId,
    recorded_at: NOW,
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const put = (a: Agent, url: string, body: unknown) =>
  a.inject({ method: 'PUT', url, payload: body as object });
const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field);

describe('the practice’s billing identity', () => {
  it('refuses a wrong NPI check digit, a malformed EIN and a bad taxonomy, naming each field', async () => {
    const bad = await put(admin, '/api/billing/practice?version=0', {
      ...practice,
      npi: '1000000005',
      taxId: '07-1234567',
      taxonomy: '261QM0801',
      submitterId: 'S',
    });
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad).sort()).toEqual(['npi', 'submitterId', 'taxId', 'taxonomy']);
    const clin = await put(admin, `/api/billing/clinicians/${prescriber.userId}`, { npi: '1234567890' });
    expect(clin.statusCode).toBe(422);
    expect(fieldsOf(clin)).toEqual(['npi']);
  });

  it('saves the identity and a clinician’s NPI; only the admin may', async () => {
    const before = (await admin.get('/api/billing/practice')).json();
    expect(before.missingForClaims.length).toBeGreaterThan(0);
    const ok = await put(admin, `/api/billing/practice?version=${before.version}`, practice);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ taxId: '123456789', npi: NPI_PRACTICE, missingForClaims: [] });
    const stale = await put(admin, `/api/billing/practice?version=${before.version}`, practice);
    expect(stale.statusCode).toBe(409);
    const c = await put(admin, `/api/billing/clinicians/${prescriber.userId}`, {
      npi: NPI_CLINICIAN,
      taxonomy: '2084P0800X',
      credentials: 'MD',
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().clinicians.find((x: { userId: string }) => x.userId === prescriber.userId)).toMatchObject(
      {
        npi: NPI_CLINICIAN,
      },
    );
    for (const a of [prescriber, biller, nurse, therapist, desk, pat.agent])
      expect((await a.get('/api/billing/practice')).statusCode).toBe(403);
  });
});

describe('insurance', () => {
  it('names the missing insured when the patient is not the subscriber; the biller saves it', async () => {
    const bad = await put(biller, `/api/patients/${pat.id}/coverage`, {
      payerName: 'Acme Health',
      memberId: 'W123456',
      filingIndicator: 'CI',
      relationship: '19',
    });
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad).sort()).toEqual(['insuredDateOfBirth', 'insuredFirstName', 'insuredLastName']);
    const ok = await put(biller, `/api/patients/${pat.id}/coverage`, {
      payerName: 'Acme Health',
      payerId: '60054',
      memberId: 'W123456',
      groupNumber: 'G-77',
      filingIndicator: 'CI',
      relationship: '18',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await prescriber.get(`/api/patients/${pat.id}/coverage`)).json().coverage.memberId).toBe(
      'W123456',
    );
    for (const a of [nurse, therapist, desk, admin])
      expect((await a.get(`/api/patients/${pat.id}/coverage`)).statusCode).toBe(403);
  });
});

describe('superbills', () => {
  it('carries the fields insurers expect: practice, clinician NPI, patient, insurer, codes, pointers, paid, signature', async () => {
    const res = await biller.get(`/api/patients/${pat.id}/superbill.pdf?visitId=${ids.im}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    for (const s of [
      'Superbill',
      'Liminal Test Clinic',
      '100 Main St, Portland OR 97201',
      '12-3456789',
      NPI_PRACTICE,
      `NPI ${NPI_CLINICIAN}`,
      'Jane Doe',
      '02/03/1990',
      'Acme Health',
      'W123456',
      '11/20/2026',
      '99214',
      '25',
      '96372',
      'A.  F33.1',
      'B.  F41.1',
      'A, B',
      '$250.00',
      '$40.00',
      'Amount paid',
      '$100.00',
      'Signature of rendering clinician',
    ])
      expect(text, s).toContain(s);
    // Few codes on an out-of-network superbill: the drug line is left off by default; the reversed line is gone,
    // and the proposed one was never final.
    expect(text).not.toContain('J3490');
    expect(text).not.toContain('90838');
    expect(text.match(/96372/g)).toHaveLength(1);
    expect(text).toContain('$350.00'); // total of the visit's final charges, items included
    expect(text).toContain('$250.00\n'.trim());
  });

  it('lists every line when the clinic chooses "all" (per visit type: dosing sessions have no type, so by date range)', async () => {
    const res = await prescriber.get(`/api/patients/${pat.id}/superbill.pdf?from=2026-11-01&to=2026-11-30`);
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('G2083');
    expect(text).toContain('11/22/2026');
    expect(text).toContain('C.  F33.2');
  });

  it('refuses a range with no final charges and a bad range, naming the field', async () => {
    const none = await biller.get(`/api/patients/${pat.id}/superbill.pdf?from=2025-01-01&to=2025-01-31`);
    expect(none.statusCode).toBe(404);
    const bad = await biller.get(`/api/patients/${pat.id}/superbill.pdf?from=2026-11-30&to=2026-11-01`);
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad)).toEqual(['to']);
  });

  it('the patient lists and downloads only their own superbills in the portal', async () => {
    const list = await pat.agent.get('/api/portal/superbills');
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .visits.map((v: { visitId: string }) => v.visitId)
        .sort(),
    ).toEqual([ids.im, ids.esk].sort());
    const own = await pat.agent.get(`/api/portal/superbill.pdf?visitId=${ids.esk}`);
    expect(own.statusCode).toBe(200);
    expect(pdfText(own.rawPayload)).toContain('G2083');
    const theirs = await other.agent.get(`/api/portal/superbill.pdf?visitId=${ids.esk}`);
    expect(theirs.statusCode).toBe(404);
    expect((await pat.agent.get(`/api/patients/${pat.id}/superbill.pdf?visitId=${ids.im}`)).statusCode).toBe(
      403,
    );
    for (const a of [nurse, therapist, desk, admin])
      expect((await a.get(`/api/patients/${pat.id}/superbill.pdf?visitId=${ids.im}`)).statusCode).toBe(403);
  });

  it('emails the patient a link whose body names no visit, code, amount or patient', async () => {
    smtp.messages.length = 0;
    const res = await biller.post(`/api/patients/${pat.id}/superbill/email`, { visitId: ids.im });
    expect(res.statusCode, res.body).toBe(200);
    await t.ctx.mailer.flush();
    const mail = smtp.messages.find((m) => m.to.includes(pat.agent.email));
    expect(mail).toBeDefined();
    expect(mail?.text).toContain('/portal/billing');
    for (const phi of ['Jane', 'Doe', '99214', 'F33', '$', 'superbill', 'ketamine', 'esketamine'])
      expect(`${mail?.subject} ${mail?.text}`.toLowerCase()).not.toContain(phi.toLowerCase());
    expect((await nurse.post(`/api/patients/${pat.id}/superbill/email`, {})).statusCode).toBe(403);
  });
});

describe('the 837P claim file', () => {
  it('previews the esketamine visits only, and exports a structurally valid file with the next control number', async () => {
    const pre = await biller.get('/api/billing/claims/preview?from=2026-11-01&to=2026-11-30');
    expect(pre.statusCode, pre.body).toBe(200);
    expect(pre.json().visits.map((v: { visitId: string }) => v.visitId)).toEqual([ids.esk]);
    expect(pre.json().visits[0]).toMatchObject({
      patientName: 'Jane Doe',
      codes: ['G2083', 'J0013'],
      problems: [],
    });
    const res = await biller.post('/api/billing/claims', { from: '2026-11-01', to: '2026-11-30' });
    expect(res.statusCode, res.body).toBe(201);
    expect(check837p(res.body)).toEqual([]);
    const segs = parseX12(res.body);
    expect(segs[0]?.elements[13]).toBe('000000001');
    expect(segs.find((s) => s.tag === 'CLM')?.elements[2]).toBe('1404');
    expect(segs.find((s) => s.tag === 'NM1' && s.elements[1] === '82')?.elements[9]).toBe(NPI_CLINICIAN);
    expect(segs.find((s) => s.tag === 'NM1' && s.elements[1] === 'IL')?.elements[9]).toBe('W123456');
    expect(segs.filter((s) => s.tag === 'SV1').map((s) => s.elements[1])).toEqual(['HC:G2083', 'HC:J0013']);
    // the drug line names its NDC and the quantity given (loop 2410); the visit line has none
    expect(segs.filter((s) => s.tag === 'LIN').map((s) => s.elements.slice(1))).toEqual([
      ['', 'N4', '50458002802'],
    ]);
    expect(segs.filter((s) => s.tag === 'CTP').map((s) => s.elements.slice(4))).toEqual([['84', 'ME']]);
    // The visit is now sent: the same dates have nothing left; a new esketamine visit goes in batch 2.
    const again = await biller.post('/api/billing/claims', { from: '2026-11-01', to: '2026-11-30' });
    expect(again.statusCode).toBe(422);
    expect(fieldsOf(again)).toEqual(['from']);
    await billing.insertChargeLine(
      t.db.handle.db,
      line({
        dosing_session_id: ids.esk2,
        service_date: '2026-11-24',
        code: 'G2082',
        modifiers: '[]',
        amount_cents: 70000,
        diagnosis_codes: '["F33.2"]',
      }),
    );
    const second = await admin.post('/api/billing/claims', { from: '2026-11-01', to: '2026-11-30' });
    expect(second.statusCode, second.body).toBe(201);
    expect(parseX12(second.body)[0]?.elements[13]).toBe('000000002');
    const batches = (await biller.get('/api/billing/claims')).json().batches;
    expect(batches.map((b: { controlNumber: number }) => b.controlNumber)).toEqual([2, 1]);
    const file = await biller.get(`/api/billing/claims/${batches[1].id}/file`);
    expect(file.body).toBe(res.body);
  });

  it('is refused to everyone but the biller and the admin', async () => {
    for (const a of [prescriber, nurse, therapist, desk, pat.agent]) {
      expect((await a.get('/api/billing/claims/preview?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
      expect((await a.post('/api/billing/claims', { from: '2026-11-01', to: '2026-11-30' })).statusCode).toBe(
        403,
      );
      expect((await a.get('/api/billing/charges.csv?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
    }
  });
});

describe('the charges CSV', () => {
  it('has one row per final line (reversals included), quoting commas and quotes', async () => {
    const res = await admin.get('/api/billing/charges.csv?from=2026-11-01&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = res.body.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'Date of service,Patient,Visit type,Clinician,Code,Modifiers,Description,Units,Amount (USD),Diagnoses,Status,Finalised on',
    );
    expect(rows).toHaveLength(1 + 9); // 5 of the IM visit (incl. reversal), 2 + 1 esketamine, 1 of the other patient
    expect(rows.some((r) => r.includes('"Doe, Jane"'))).toBe(true);
    expect(rows.some((r) => r.includes('"Office visit, ""complex"", follow-up"'))).toBe(true);
    expect(rows.some((r) => r.includes(',-40.00,') && r.includes(',reversal,'))).toBe(true);
    const bad = await admin.get('/api/billing/charges.csv?from=2026-11-30&to=2026-11-01');
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad)).toEqual(['to']);
  });
});

describe('FHIR ChargeItem and Claim', () => {
  const world = () => ({ t, admin }) as unknown as World;
  it('a client with the billing scopes reads valid ChargeItems and the Claim of the exported visit', async () => {
    const { token } = await createClient(world(), {
      name: 'billing',
      scopes: ['system/ChargeItem.read', 'system/Claim.read'],
    });
    const items = await bearerGet(t, token, `/fhir/R4/ChargeItem?patient=${pat.id}`);
    expect(items.statusCode, items.body).toBe(200);
    const list = (items.json().entry ?? []).map((e: { resource: Resource }) => e.resource);
    expect(list.length).toBe(8); // reversals are not shown
    for (const r of list) expect(validationErrors(r)).toEqual([]);
    const status = (code: string) =>
      list
        .filter((r: { code: { coding: { code: string }[] } }) => r.code.coding[0]?.code === code)
        .map((r: { status: string }) => r.status)
        .sort();
    expect(status('96372')).toEqual(['billable', 'entered-in-error']);
    expect(status('90838')).toEqual(['planned']);
    expect(status('G2083')).toEqual(['billed']);
    const claims = await bearerGet(t, token, `/fhir/R4/Claim?patient=${pat.id}`);
    expect(claims.statusCode, claims.body).toBe(200);
    const cl = (claims.json().entry ?? []).map((e: { resource: Resource }) => e.resource);
    expect(cl.map((c: { id: string }) => c.id).sort()).toEqual([ids.esk, ids.esk2].sort());
    for (const c of cl) expect(validationErrors(c)).toEqual([]);
    const one = cl.find((c: { id: string }) => c.id === ids.esk);
    expect(one).toMatchObject({
      total: { value: 1404, currency: 'USD' },
      type: { coding: [{ code: 'professional' }] },
    });
  });

  it('is refused to a client without the billing scope', async () => {
    const { token } = await createClient(world(), { name: 'nobill', scopes: ['system/Patient.read'] });
    expect((await bearerGet(t, token, `/fhir/R4/ChargeItem?patient=${pat.id}`)).statusCode).toBe(403);
  });
});
