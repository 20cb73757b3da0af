import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';
import { courseRow, sessionRow } from '../support/rows';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('worklist', () => {
  it('puts urgent enquiries first for front desk and shows ledger problems to ledger roles only', async () => {
    const desk = await t.loginAs('front_desk');
    await t.anon.post('/api/public/enquiries', {
      firstName: 'Wren',
      lastName: 'Calm',
      email: 'w@example.test',
      phone: '5550100000',
      state: 'CA',
      dateOfBirth: '1990-01-01',
      concerns: ['anxiety'],
      consentToContact: true,
    });
    await t.anon.post('/api/public/enquiries', {
      firstName: 'Ira',
      lastName: 'Urgent',
      email: 'i@example.test',
      phone: '5550100001',
      state: 'CA',
      dateOfBirth: '1990-01-01',
      concerns: ['suicidal_thoughts'],
      consentToContact: true,
    });
    const items = (await desk.get('/api/worklist')).json().items;
    expect(items[0]).toMatchObject({ kind: 'enquiry_new', severity: 'urgent' });
    expect(items.map((i: { kind: string }) => i.kind)).not.toContain('ledger_low_stock');

    const admin = await t.loginAs('admin');
    const nurse = await t.loginAs('nurse');
    const loc = (
      await admin.post('/api/ledger/locations', { name: 'Safe', deaRegistration: 'AB1234563' })
    ).json().id;
    const product = (
      await admin.post('/api/ledger/products', {
        name: 'Ketamine 50 mg/mL 10 mL',
        ndc: '0409-2051-05',
        form: 'solution',
        strengthUgPerMl: 50_000,
        containerVolumeMl: 10,
        lowStockUg: 1_000_000,
      })
    ).json().id;
    await nurse.post('/api/ledger/receive', {
      productId: product,
      lotNumber: 'SOON',
      expiresOn: '2026-12-15',
      locationId: loc,
      containerCount: 1,
      supplier: 'Acme',
      invoiceNumber: 'I-1',
      receivedOn: '2026-11-24',
    });
    const kinds = (await nurse.get('/api/worklist')).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain('ledger_expiring_lot');
    expect(kinds).toContain('ledger_low_stock');
    // The lot's title names its expiry date in words, never as a raw date (issue 14, part 3).
    const lot = (await nurse.get('/api/worklist'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'ledger_expiring_lot');
    expect(lot.title).toContain('lot SOON expires Tue, Dec 15, 2026');
    expect(lot.title).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect((await (await t.loginAs('patient')).get('/api/worklist')).statusCode).toBe(403);
  });

  it('words its dates and sessions for people: no raw dates, instants or codes (issue 14, part 3)', async () => {
    const desk = await t.loginAs('front_desk');
    const therapist = await t.loginAs('therapist');
    const nurse = await t.loginAs('nurse');
    const p = (
      await desk.post('/api/patients', {
        firstName: 'Dana',
        lastName: 'Drafts',
        dateOfBirth: '1980-02-02',
        state: 'CA',
        email: 'dana.drafts@example.test',
      })
    ).json();
    const now = t.clock.now().toISOString();
    const course = courseRow(p.id, therapist.userId, now);
    await t.ctx.db.insertInto('courses').values(course).execute();
    await t.ctx.db
      .insertInto('therapy_notes')
      .values({
        id: randomUUID(),
        course_id: course.id,
        patient_id: p.id,
        kind: 'preparation',
        dosing_session_id: null,
        session_date: '2026-11-24',
        content: '{}',
        status: 'draft',
        author_id: therapist.userId,
        content_hash: null,
        signed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.ctx.db
      .insertInto('dosing_sessions')
      .values(
        sessionRow({ id: course.id as string, patient_id: p.id }, nurse.userId, now, {
          status: 'monitoring',
        }),
      )
      .execute();

    const draft = (await therapist.get('/api/worklist'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'note_unsigned');
    expect(draft.detail).toBe('Session of Tue, Nov 24, 2026.');
    const session = (await nurse.get('/api/worklist'))
      .json()
      .items.find(
        (i: { kind: string; patientId: string }) => i.kind === 'session_in_progress' && i.patientId === p.id,
      );
    expect(session.detail).toBe('IM injection · monitoring');
    for (const a of [therapist, nurse]) {
      const details = (await a.get('/api/worklist'))
        .json()
        .items.map((i: { detail: string }) => i.detail)
        .join(' | ');
      expect(details).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(details).not.toMatch(/_/);
    }
  });

  it('answers a malformed URL with problem+json', async () => {
    const r = await t.anon.get('/api/admin/users/%2/x');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });
});
