import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * S6: concurrent writers cannot spend the same micrograms twice. 32 administrations arrive at once against a
 * vial that holds 10 doses; on PostgreSQL they run on several pooled connections (the test database pool has
 * 12), on SQLite through the one connection. Exactly 10 succeed and 22 are refused with 409.
 */
let t: TestApp;
let admin: Agent;
let nurses: Agent[];
let safe: string;
let product: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  nurses = await Promise.all([1, 2, 3, 4].map(() => t.loginAs('nurse')));
  safe = (
    await admin.post('/api/ledger/locations', { name: 'Main safe', deaRegistration: 'AB1234563' })
  ).json().id;
  product = (
    await admin.post('/api/ledger/products', {
      name: 'Ketamine 50 mg/mL, 10 mL',
      ndc: '0409-2051-05',
      form: 'solution',
      strengthUgPerMl: 50_000,
      containerVolumeMl: 10,
    })
  ).json().id;
});
afterAll(async () => {
  await t.close();
});

const DOSE = 50_000; // 50 mg: the 500 mg vial holds exactly 10

async function race(containerId: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      (nurses[i % nurses.length] as Agent).post('/api/ledger/administrations', {
        containerId,
        locationId: safe,
        quantityUg: DOSE,
        patientId: `patient-${i}`,
        sessionId: `session-${i}`,
      }),
    ),
  );
}

describe('concurrent administrations (S6)', () => {
  it('32 simultaneous doses against a 10-dose vial: exactly 10 × 201 and 22 × 409', async () => {
    const received = await (nurses[0] as Agent).post('/api/ledger/receive', {
      productId: product,
      lotNumber: 'RACE',
      expiresOn: '2027-06-30',
      locationId: safe,
      containerCount: 1,
      supplier: 'Acme',
      invoiceNumber: 'INV-R',
      receivedOn: '2026-11-25',
    });
    const vial = received.json().containers[0].id as string;
    const results = await race(vial, 32);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(22);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'conflict', ledgerError: 'negative_balance' });
    }
    // The books: balance zero, exactly ten administer events, each dose's balance a distinct step down.
    const detail = (await admin.get(`/api/ledger/containers/${vial}`)).json();
    expect(detail.container.balanceUg).toBe(0);
    const doses = detail.events.filter((e: { type: string }) => e.type === 'administer');
    expect(doses).toHaveLength(10);
    expect(
      doses.map((e: { balanceAfterUg: number }) => e.balanceAfterUg).sort((a: number, b: number) => b - a),
    ).toEqual(Array.from({ length: 10 }, (_, i) => 500_000 - (i + 1) * DOSE));
    // Each accepted dose left exactly one audit entry; the chain and the balances verify.
    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'ledger.administer')
      .execute();
    expect(audits).toHaveLength(10);
    expect((await admin.get('/api/ledger/verify')).json()).toMatchObject({ ok: true, projection: [] });
  });

  it('two vials raced at once keep separate books', async () => {
    const r = await (nurses[1] as Agent).post('/api/ledger/receive', {
      productId: product,
      lotNumber: 'RACE2',
      expiresOn: '2027-06-30',
      locationId: safe,
      containerCount: 2,
      supplier: 'Acme',
      invoiceNumber: 'INV-R2',
      receivedOn: '2026-11-25',
    });
    const [a, b] = r.json().containers.map((c: { id: string }) => c.id) as [string, string];
    const [ra, rb] = await Promise.all([race(a, 16), race(b, 16)]);
    expect(ra.filter((x) => x.statusCode === 201)).toHaveLength(10);
    expect(rb.filter((x) => x.statusCode === 201)).toHaveLength(10);
    expect([...ra, ...rb].filter((x) => x.statusCode === 409)).toHaveLength(12);
    expect((await admin.get('/api/ledger/verify')).json().ok).toBe(true);
  });
});
