import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * The audit log in words (issue 14, part 3): each entry's action as a sentence, the patient by name and chart
 * number, what it is about and its details as labelled fields, never JSON or ids; searched by a patient's name
 * or chart number. A confidential record the reader may not open is named by its chart number only, and a
 * name search does not find it.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
let prescriber: Agent;
let nurse: Agent;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

interface Entry {
  action: string;
  actionLabel: string;
  patient: string | null;
  object: string | null;
  details: { label: string; value: string }[];
  references: { label: string; value: string }[];
}

async function newPatient(first: string, last: string) {
  const res = await desk.post('/api/patients', {
    firstName: first,
    lastName: last,
    dateOfBirth: '1981-05-06',
    state: 'CA',
    email: `${last.toLowerCase()}@example.test`,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; chartNumber: string };
}

const entries = async (query: string): Promise<Entry[]> => {
  const res = await admin.get(`/api/admin/audit?limit=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries;
};

/** What the audit log shows of an entry: everything but the raw fields kept for tools. */
const shown = (e: Entry) =>
  [e.actionLabel, e.patient ?? '', e.object ?? '', ...e.details.flatMap((d) => [d.label, d.value])].join(
    ' | ',
  );

beforeAll(async () => {
  t = await buildTestApp();
  [admin, desk, prescriber, nurse] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('the audit log in words', () => {
  it('labels the action, names the patient, and lists the details as fields', async () => {
    const p = await newPatient('Marlowe', 'Auditson');
    await prescriber.get(`/api/patients/${p.id}`);
    await prescriber.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/clinical`,
      payload: { weightKg: 70 },
    });
    await prescriber.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'not_cleared' });

    const list = await entries('patient=auditson');
    expect(list.map((e) => e.action)).toEqual([
      'screening.decide',
      'patient.update_clinical',
      'patient.read',
      'patient.create',
    ]);
    expect(list.map((e) => e.actionLabel)).toEqual([
      'Recorded a screening decision',
      'Changed a patient’s intake (history, medicines, plan)',
      'Opened a patient’s chart',
      'Created a patient record',
    ]);
    for (const e of list) expect(e.patient).toBe(`Marlowe Auditson (chart ${p.chartNumber})`);
    expect(list[0]?.details).toEqual([{ label: 'Decision', value: 'Not cleared' }]);
    expect(list[3]?.object).toBe('Patient record');
    for (const e of list) {
      expect(shown(e)).not.toMatch(UUID);
      expect(shown(e)).not.toMatch(/[{}]|_/);
    }
    // By chart number too, whatever its case.
    expect((await entries(`patient=${p.chartNumber.toLowerCase()}`)).length).toBe(list.length);
  });

  it('words the details of a controlled-substance movement and a refused request', async () => {
    const loc = (
      await admin.post('/api/ledger/locations', { name: 'Audit safe', deaRegistration: 'AB1234563' })
    ).json().id as string;
    const prod = (
      await admin.post('/api/ledger/products', {
        name: 'Ketamine audit vial',
        ndc: '0409-2051-07',
        form: 'solution',
        strengthUgPerMl: 50_000,
        containerVolumeMl: 10,
      })
    ).json().id as string;
    const got = await nurse.post('/api/ledger/receive', {
      productId: prod,
      lotNumber: 'AUD1',
      expiresOn: '2030-06-30',
      locationId: loc,
      containerCount: 2,
      supplier: 'Acme',
      invoiceNumber: 'INV-9',
      receivedOn: '2026-11-24',
    });
    expect(got.statusCode, got.body).toBe(201);
    const receive = (await entries('action=ledger.receive'))[0] as Entry;
    expect(receive.actionLabel).toBe('Received controlled-substance stock');
    expect(receive.object).toBe('Lot');
    expect(receive.details).toEqual([
      { label: 'Containers', value: '2' },
      { label: 'Quantity per container', value: '500 mg' },
    ]);

    // A nurse is refused the audit log itself: the refusal reads as words, with the permission it needed.
    expect((await nurse.get('/api/admin/audit')).statusCode).toBe(403);
    const refused = (await entries('outcome=denied')).find((e) => e.action.startsWith('http.'));
    expect(refused?.actionLabel).toBe('Refused: open /api/admin/audit');
    expect(refused?.details).toEqual(
      expect.arrayContaining([{ label: 'Permission needed', value: 'Browse and verify the audit log' }]),
    );
  });

  it('shows times in the clinic’s words and staff by name, keeping other records as references', async () => {
    const p = await newPatient('Quincy', 'Refson');
    const member = await t.createUser({ role: 'therapist' });
    const team = await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/care-team`,
      payload: { members: [{ userId: prescriber.userId, role: 'prescriber' }] },
    });
    expect(team.statusCode).toBe(200);
    const licence = await admin.post(`/api/admin/users/${member.id}/licences`, {
      state: 'CA',
      licenceType: 'LMFT',
      number: 'LMFT123456',
      expiresOn: '2028-01-01',
    });
    expect(licence.statusCode, licence.body).toBe(201);
    const added = (await entries('action=user.licence_add'))[0] as Entry;
    expect(added.actionLabel).toBe('Added a clinician’s licence');
    expect(added.object).toBe('Staff account');
    expect(shown(added)).not.toMatch(UUID);
    expect(shown(added)).not.toMatch(INSTANT);
  });

  it('names a confidential record by chart number only, and a name search does not find it', async () => {
    const p = await newPatient('Sable', 'Hiddenfield');
    await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/care-team`,
      payload: { members: [{ userId: prescriber.userId, role: 'prescriber' }] },
    });
    expect(
      (
        await prescriber.inject({
          method: 'PUT',
          url: `/api/patients/${p.id}/confidential`,
          payload: { confidential: true },
        })
      ).statusCode,
    ).toBe(200);
    await prescriber.get(`/api/patients/${p.id}`);

    expect(await entries('patient=hiddenfield')).toEqual([]);
    const byChart = await entries(`patient=${p.chartNumber}`);
    expect(byChart.length).toBeGreaterThan(2);
    for (const e of byChart) expect(e.patient).toBe(`Confidential patient (chart ${p.chartNumber})`);
    const res = await admin.get(`/api/admin/audit?limit=200&patient=${p.chartNumber}`);
    expect(res.body).not.toContain('Hiddenfield');
  });

  it('shows no id, raw instant or JSON in any entry written so far', async () => {
    const all = await entries('');
    expect(all.length).toBeGreaterThan(15);
    for (const e of all) {
      expect(shown(e), e.action).not.toMatch(UUID);
      expect(shown(e), e.action).not.toMatch(INSTANT);
      expect(shown(e), e.action).not.toMatch(/[{}[\]]/);
      expect(e.actionLabel, e.action).not.toBe(e.action);
    }
  });

  it('keeps the raw entry for tools, and refuses a bad filter naming the field', async () => {
    const raw = (await admin.get('/api/admin/audit?limit=1')).json().entries[0];
    expect(raw).toHaveProperty('id');
    expect(raw).toHaveProperty('detail');
    const bad = await admin.get(`/api/admin/audit?patient=${'x'.repeat(101)}`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toMatch(/patient/);
  });
});
