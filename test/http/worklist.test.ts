import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';

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
    await t.anon.post('/api/public/enquiries', { firstName: 'Wren', lastName: 'Calm', email: 'w@example.test', phone: '5550100000', state: 'CA', dateOfBirth: '1990-01-01', concerns: ['anxiety'], consentToContact: true });
    await t.anon.post('/api/public/enquiries', { firstName: 'Ira', lastName: 'Urgent', email: 'i@example.test', phone: '5550100001', state: 'CA', dateOfBirth: '1990-01-01', concerns: ['suicidal_thoughts'], consentToContact: true });
    const items = (await desk.get('/api/worklist')).json().items;
    expect(items[0]).toMatchObject({ kind: 'enquiry_new', severity: 'urgent' });
    expect(items.map((i: { kind: string }) => i.kind)).not.toContain('ledger_low_stock');

    const admin = await t.loginAs('admin');
    const nurse = await t.loginAs('nurse');
    const loc = (await admin.post('/api/ledger/locations', { name: 'Safe', deaRegistration: 'AB1234563' })).json().id;
    const product = (await admin.post('/api/ledger/products', { name: 'Ketamine 50 mg/mL 10 mL', ndc: '0409-2051-05', form: 'solution', strengthUgPerMl: 50_000, containerVolumeMl: 10, lowStockUg: 1_000_000 })).json().id;
    await nurse.post('/api/ledger/receive', { productId: product, lotNumber: 'SOON', expiresOn: '2026-12-15', locationId: loc, containerCount: 1, supplier: 'Acme', invoiceNumber: 'I-1', receivedOn: '2026-11-24' });
    const kinds = (await nurse.get('/api/worklist')).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain('ledger_expiring_lot');
    expect(kinds).toContain('ledger_low_stock');
    expect((await (await t.loginAs('patient')).get('/api/worklist')).statusCode).toBe(403);
  });

  it('answers a malformed URL with problem+json', async () => {
    const r = await t.anon.get('/api/admin/users/%2/x');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });
});
