import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildTestApp,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  type TestApp,
  totpAt,
} from '../support/app';

/**
 * The initial and biennial inventory (21 CFR 1304.11): a guided count of every container, exact or
 * estimated, signed by the person who took it; the reminder before two years have passed.
 */
let t: TestApp;
let admin: Agent;
let nurse: Agent;
let vials: string[];
let card: string;

async function signature() {
  t.clock.advance(31_000);
  return { password: TEST_PASSWORD, code: await totpAt(TEST_TOTP_SECRET, t.clock) };
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  nurse = await t.loginAs('nurse');
  const safeA = (
    await admin.post('/api/ledger/locations', { name: 'Main safe', deaRegistration: 'AB1234563' })
  ).json().id;
  const safeB = (
    await admin.post('/api/ledger/locations', { name: 'Room safe', deaRegistration: 'AB1234563' })
  ).json().id;
  const vialProduct = (
    await admin.post('/api/ledger/products', {
      name: 'Ketamine 100 mg/mL, 5 mL',
      ndc: '0409-2053-10',
      form: 'solution',
      strengthUgPerMl: 100_000,
      containerVolumeMl: 5,
    })
  ).json().id;
  const bigCard = (
    await admin.post('/api/ledger/products', {
      name: 'Ketamine RDT 25 mg, bottle of 1200',
      ndc: '55555-123-01',
      form: 'rdt',
      unitStrengthUg: 25_000,
      unitsPerContainer: 1200,
    })
  ).json().id;
  const rec = async (productId: string, locationId: string, n: number) =>
    (
      await nurse.post('/api/ledger/receive', {
        productId,
        lotNumber: 'INV1',
        expiresOn: '2028-01-31',
        locationId,
        containerCount: n,
        supplier: 'Acme',
        invoiceNumber: 'I-1',
        receivedOn: '2026-11-25',
      })
    )
      .json()
      .containers.map((c: { id: string }) => c.id) as string[];
  vials = [...(await rec(vialProduct, safeA, 2)), ...(await rec(vialProduct, safeB, 1))];
  [card] = (await rec(bigCard, safeA, 1)) as [string];
  // Open one vial and the big bottle.
  await nurse.post('/api/ledger/administrations', {
    containerId: vials[0],
    locationId: safeA,
    quantityUg: 100_000,
    patientId: 'p1',
    sessionId: 's1',
  });
  await nurse.post('/api/ledger/dispensations', {
    containerId: card,
    locationId: safeA,
    quantityUg: 250_000,
    patientId: 'p2',
    orderId: 'o1',
  });
});
afterAll(async () => {
  await t.close();
});

describe('biennial inventory', () => {
  it('with none on record, the initial inventory is due', async () => {
    const w = (await admin.get('/api/ledger/worklist')).json();
    expect(w.inventory).toMatchObject({ lastOn: null, dueOn: '2026-11-25', status: 'due_soon' });
    expect(w.inventory.source).toMatch(/1304\.11/);
  });

  it('the sheet lists every container in stock with how it must be counted', async () => {
    const sheet = (await nurse.get('/api/ledger/inventory/sheet')).json();
    expect(sheet.registrations).toEqual(['AB1234563']);
    const method = Object.fromEntries(
      sheet.lines.map((l: { container: { id: string }; method: string }) => [l.container.id, l.method]),
    );
    // Opened vial: may be estimated; unopened: exact; opened bottle of more than 1,000 units: exact.
    expect(method).toEqual({
      [vials[0] as string]: 'estimate_allowed',
      [vials[1] as string]: 'exact',
      [vials[2] as string]: 'exact',
      [card]: 'exact',
    });
  });

  it('refuses an incomplete sheet, an estimate where an exact count is required, and a wrong signature', async () => {
    const lines = [
      { containerId: vials[0], observedUg: 400_000, estimated: true },
      { containerId: vials[1], observedUg: 500_000 },
      { containerId: vials[2], observedUg: 500_000 },
      { containerId: card, observedUg: 29_750_000 },
    ];
    const missing = await nurse.post('/api/ledger/inventories', {
      kind: 'initial',
      asOf: 'opening',
      lines: lines.slice(1),
      signature: await signature(),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('lines');
    const estimated = await nurse.post('/api/ledger/inventories', {
      kind: 'initial',
      asOf: 'opening',
      lines: lines.map((l) => ({ ...l, estimated: true })),
      signature: await signature(),
    });
    expect(estimated.json().errors[0].field).toBe('lines.1.estimated');
    const badSig = await nurse.post('/api/ledger/inventories', {
      kind: 'initial',
      asOf: 'opening',
      lines,
      signature: { password: 'not my password at all', code: '123456' },
    });
    expect(badSig.statusCode).toBe(422);
    expect(badSig.json().errors[0].field).toBe('signature');
    expect((await t.ctx.db.selectFrom('ledger_inventories').selectAll().execute()).length).toBe(0);

    const ok = await nurse.post('/api/ledger/inventories', {
      kind: 'initial',
      asOf: 'opening',
      lines,
      signature: await signature(),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().inventory).toMatchObject({
      kind: 'initial',
      lineCount: 4,
      totalUg: 31_150_000,
      signedBy: nurse.userId,
      registrations: ['AB1234563'],
    });
    expect(ok.json().discrepancies).toEqual([]);
  });

  it('the signed record prints as CSV and PDF', async () => {
    const [inv] = (await admin.get('/api/ledger/inventories')).json().inventories;
    const json = (await admin.get(`/api/ledger/reports/inventories/${inv.id}`)).json();
    expect(json.rows).toHaveLength(4);
    expect(json.subtitle).toContain(inv.contentHash);
    expect(json.rows.map((r: { reason: string }) => r.reason).sort()).toEqual([
      'estimated',
      'exact count',
      'exact count',
      'exact count',
    ]);
    const csv = await admin.get(`/api/ledger/reports/inventories/${inv.id}?format=csv`);
    expect(csv.body).toContain('Counted mg,Book mg,Difference mg');
    const pdf = await admin.get(`/api/ledger/reports/inventories/${inv.id}?format=pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reminds before two years have passed, and is overdue after', async () => {
    let w = (await admin.get('/api/ledger/worklist')).json();
    expect(w.inventory).toMatchObject({ lastOn: '2026-11-25', dueOn: '2028-11-25', status: 'ok' });
    t.clock.set('2028-10-10T18:00:00.000Z');
    admin = await t.loginAs('admin');
    w = (await admin.get('/api/ledger/worklist')).json();
    expect(w.inventory).toMatchObject({ status: 'due_soon', daysRemaining: 46 });
    t.clock.set('2028-11-27T18:00:00.000Z');
    admin = await t.loginAs('admin');
    w = (await admin.get('/api/ledger/worklist')).json();
    expect(w.inventory.status).toBe('overdue');
  });
});
