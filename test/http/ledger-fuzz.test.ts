import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * S13 for the ledger's write paths: the shared fuzz test signs in as an admin, who may not record movements,
 * so here a nurse (who may) sends schema-shaped nonsense to every ledger route, with real ids mixed in so
 * that requests get past validation into the services. Every answer is a 4xx problem or a success; no 5xx.
 */
let t: TestApp;
let nurse: Agent;
let admin: Agent;
const ids: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ BODY_LIMIT_BYTES: '65536' });
  nurse = await t.loginAs('nurse');
  admin = await t.loginAs('admin');
  const safe = (
    await admin.post('/api/ledger/locations', { name: 'Main safe', deaRegistration: 'AB1234563' })
  ).json().id;
  const product = (
    await admin.post('/api/ledger/products', {
      name: 'Ketamine 50 mg/mL',
      ndc: '0409-2051-05',
      form: 'solution',
      strengthUgPerMl: 50_000,
      containerVolumeMl: 10,
    })
  ).json().id;
  const r = await nurse.post('/api/ledger/receive', {
    productId: product,
    lotNumber: 'F1',
    expiresOn: '2027-01-01',
    locationId: safe,
    containerCount: 2,
    supplier: 'A',
    invoiceNumber: 'I',
    receivedOn: '2026-11-25',
  });
  ids.push(safe, product, ...r.json().containers.map((c: { id: string }) => c.id), r.json().events[0].id);
});
afterAll(async () => {
  await t.close();
});

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '<script>',
    '\u0000',
    '2026-02-30',
    '9999-99-99',
    'NaN',
    '1e309',
    '__proto__',
  ),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.nat(4).map((i) => ids[i] ?? 'x'),
  fc.array(fc.record({ email: fc.string(), password: fc.string(), code: fc.string() }), { maxLength: 3 }),
  fc.array(
    fc.record({
      containerId: fc.constantFrom('x', '00000000-0000-4000-8000-000000000000'),
      observedUg: fc.integer(),
    }),
    { maxLength: 3 },
  ),
);
/** Text of any generated value (fast-check builds some objects without a prototype). */
const str = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'x'));
const KEYS = [
  'containerId',
  'locationId',
  'fromLocationId',
  'toLocationId',
  'productId',
  'quantityUg',
  'deltaUg',
  'patientId',
  'sessionId',
  'orderId',
  'witnesses',
  'reason',
  'discrepancyId',
  'correctsEventId',
  'expiresOn',
  'receivedOn',
  'discoveredOn',
  'lines',
  'kind',
  'asOf',
  'signature',
  'expiredOverride',
  'wasteRest',
  'recipient',
  'containerCount',
  'lotNumber',
  'supplier',
  'invoiceNumber',
  'name',
  'ndc',
  'form',
  'deaRegistration',
  'strengthUgPerMl',
  'containerVolumeMl',
  '__proto__',
];

describe('ledger routes under bad input (S13)', () => {
  it('answer 4xx problem+json or success, never 5xx, for nurse and admin', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/ledger/'));
    expect(routes.length).toBeGreaterThan(20);
    const fiveHundreds: string[] = [];
    for (const route of routes) {
      for (const agent of [nurse, admin]) {
        await fc.assert(
          fc.asyncProperty(
            fc.dictionary(fc.constantFrom(...KEYS), nasty, { maxKeys: 8 }),
            nasty,
            async (body, param) => {
              const filled = route.url.replace(
                /:[A-Za-z]+/g,
                encodeURIComponent(str(param).slice(0, 60)) || 'x',
              );
              const query =
                route.method === 'GET'
                  ? `?${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, str(v)])).toString()}`
                  : '';
              const r = await agent.inject({
                method: route.method as 'POST',
                url: `${filled}${query}`,
                ...(route.method === 'GET'
                  ? {}
                  : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
              });
              if (r.statusCode >= 500)
                fiveHundreds.push(`${route.method} ${route.url}: ${r.body.slice(0, 300)}`);
              if (r.statusCode >= 400) {
                expect(
                  String(r.headers['content-type']),
                  `${route.method} ${filled} ${r.statusCode}`,
                ).toMatch(/problem\+json/);
                expect(r.body).not.toMatch(/at .*\.ts:\d+|SELECT |INSERT |sqlite|postgres|stack/i);
              }
            },
          ),
          { numRuns: 15, seed: 6 },
        );
      }
    }
    expect(fiveHundreds).toEqual([]);
    // Whatever got through kept the books straight.
    expect((await admin.get('/api/ledger/verify')).json()).toMatchObject({ ok: true, projection: [] });
  }, 120_000);
});
