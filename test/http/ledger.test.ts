import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp, totpAt } from '../support/app';
import { tableCounts } from '../support/db';

/**
 * The controlled-substance ledger over HTTP (issue #6, S4, S6): movements, witnesses, invariants, counts,
 * discrepancies, theft/loss deadlines, corrections, reports and verification.
 */
let t: TestApp;
let admin: Agent;
let nurse: Agent;
const W_SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
const P_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
let witness: { id: string; email: string; password: string };
let witness2: { id: string; email: string; password: string };
let prescriber: { id: string; email: string; password: string };
let therapist: { id: string; email: string; password: string };
let safeA: string;
let safeB: string;
let safeOther: string;
let multi: string; // 500 mg / 10 mL multi-dose vial
let single: string; // 100 mg / 2 mL single-dose vial
let troche: string;

// Tables a refused request may touch: its audit entry, session activity, throttling counters.
const BOOKKEEPING = [
  'audit_log',
  'chain_heads',
  'sessions',
  'rate_limits',
  'login_throttle',
  'kysely_migration',
  'kysely_migration_lock',
];

/** A fresh TOTP step for each confirmation: codes are single-use (S10). */
async function creds(u: { email: string; password: string }, secret?: string) {
  t.clock.advance(31_000);
  return { email: u.email, password: u.password, ...(secret ? { code: await totpAt(secret, t.clock) } : {}) };
}
const w1 = () => creds(witness, W_SECRET);
const w2 = () => creds(witness2);

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  nurse = await t.loginAs('nurse');
  witness = await t.createUser({ role: 'nurse', mfaSecret: W_SECRET });
  witness2 = await t.createUser({ role: 'prescriber' });
  prescriber = await t.createUser({ role: 'prescriber', mfaSecret: P_SECRET });
  therapist = await t.createUser({ role: 'therapist' });
  const loc = async (name: string, deaRegistration: string) =>
    (await admin.post('/api/ledger/locations', { name, deaRegistration })).json().id as string;
  safeA = await loc('Main safe', 'AB1234563');
  safeB = await loc('Room 2 safe', 'AB1234563');
  safeOther = await loc('Satellite clinic safe', 'FX7654321');
  const prod = async (body: object) => {
    const r = await admin.post('/api/ledger/products', body);
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  };
  multi = await prod({
    name: 'Ketamine HCl 50 mg/mL, 10 mL',
    ndc: '0409-2051-05',
    form: 'solution',
    strengthUgPerMl: 50_000,
    containerVolumeMl: 10,
    lowStockUg: 2_000_000,
  });
  single = await prod({
    name: 'Ketamine HCl 50 mg/mL, 2 mL',
    ndc: '0409-2051-02',
    form: 'solution',
    strengthUgPerMl: 50_000,
    containerVolumeMl: 2,
    singleUse: true,
  });
  troche = await prod({
    name: 'Ketamine troche 100 mg',
    ndc: '12345-678-90',
    form: 'troche',
    unitStrengthUg: 100_000,
    unitsPerContainer: 10,
  });
});
afterAll(async () => {
  await t.close();
});

async function receive(productId: string, over: Record<string, unknown> = {}) {
  const r = await nurse.post('/api/ledger/receive', {
    productId,
    lotNumber: 'L100',
    expiresOn: '2027-06-30',
    locationId: safeA,
    containerCount: 1,
    supplier: 'Acme Pharma',
    invoiceNumber: 'INV-1',
    receivedOn: '2026-11-24',
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as {
    events: Array<Record<string, unknown>>;
    containers: Array<{ id: string; balanceUg: number; balanceMl: number | null }>;
  };
}
const balance = async (id: string) =>
  (await nurse.get(`/api/ledger/containers/${id}`)).json().container.balanceUg as number;

describe('reference data', () => {
  it('admins set up safes and products; others may not; a liquid needs its strength', async () => {
    expect(
      (await nurse.post('/api/ledger/locations', { name: 'X', deaRegistration: 'AB1234563' })).statusCode,
    ).toBe(403);
    const bad = await admin.post('/api/ledger/products', {
      name: 'No strength',
      ndc: '1111-222-33',
      form: 'solution',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['containerVolumeMl', 'strengthUgPerMl']);
    const dup = await admin.post('/api/ledger/locations', {
      name: 'Main safe',
      deaRegistration: 'AB1234563',
    });
    expect(dup.statusCode).toBe(409);
    const products = (await nurse.get('/api/ledger/products')).json().products;
    expect(products.find((p: { id: string }) => p.id === multi)).toMatchObject({
      containerUg: 500_000,
      containerVolumeMl: 10,
    });
  });
});

describe('receiving', () => {
  it('creates a lot of containers with mg and mL, refuses a future date and a conflicting expiry', async () => {
    const r = await receive(multi, { containerCount: 2 });
    expect(r.containers).toHaveLength(2);
    expect(r.containers[0]).toMatchObject({ balanceUg: 500_000, balanceMl: 10 });
    expect(r.events[0]).toMatchObject({
      type: 'receive',
      deltaUg: 500_000,
      detail: { supplier: 'Acme Pharma', invoiceNumber: 'INV-1', receivedOn: '2026-11-24' },
    });
    const future = await nurse.post('/api/ledger/receive', {
      productId: multi,
      lotNumber: 'L9',
      expiresOn: '2027-06-30',
      locationId: safeA,
      containerCount: 1,
      supplier: 'A',
      invoiceNumber: 'I',
      receivedOn: '2026-12-24',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0].field).toBe('receivedOn');
    const clash = await nurse.post('/api/ledger/receive', {
      productId: multi,
      lotNumber: 'L100',
      expiresOn: '2028-01-01',
      locationId: safeA,
      containerCount: 1,
      supplier: 'A',
      invoiceNumber: 'I',
      receivedOn: '2026-11-24',
    });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().errors[0].field).toBe('expiresOn');
  });
});

describe('administration and waste', () => {
  it('a dose draws from the chosen container, audited with the patient; wrong safe and overdraw are 409', async () => {
    const vial = (await receive(multi)).containers[0]?.id as string;
    const dose = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 50_000,
      patientId: 'patient-1',
      sessionId: 'session-1',
    });
    expect(dose.statusCode, dose.body).toBe(201);
    expect(dose.json()).toMatchObject({
      wasteRequired: null,
      containers: [{ balanceUg: 450_000, balanceMl: 9 }],
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_id', '=', dose.json().events[0].id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'ledger.administer',
      patient_id: 'patient-1',
      actor_id: nurse.userId,
    });

    const elsewhere = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeB,
      quantityUg: 1000,
      patientId: 'patient-1',
      sessionId: 'session-1',
    });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.headers['content-type']).toMatch(/problem\+json/);
    expect(elsewhere.json()).toMatchObject({
      code: 'conflict',
      ledgerError: 'wrong_location',
      errors: [{ field: 'locationId' }],
    });
    const overdraw = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 450_001,
      patientId: 'patient-1',
      sessionId: 'session-1',
    });
    expect(overdraw.statusCode).toBe(409);
    expect(overdraw.json()).toMatchObject({
      ledgerError: 'negative_balance',
      errors: [{ field: 'quantityUg' }],
    });
    expect(await balance(vial)).toBe(450_000);
  });

  it('a single-use vial prompts for the waste of the rest, recorded with a witness', async () => {
    const vial = (await receive(single, { lotNumber: 'S1' })).containers[0]?.id as string;
    const dose = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 60_000,
      patientId: 'patient-2',
      sessionId: 'session-2',
    });
    expect(dose.json().wasteRequired).toEqual({ containerId: vial, quantityUg: 40_000 });
    const waste = await nurse.post('/api/ledger/waste', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 40_000,
      witnesses: [await w1()],
    });
    expect(waste.statusCode, waste.body).toBe(201);
    expect(waste.json().events[0]).toMatchObject({
      type: 'waste',
      witnessIds: [witness.id],
      balanceAfterUg: 0,
    });
  });

  it('dose and waste of the rest in one step, on the same screen', async () => {
    const vial = (await receive(single, { lotNumber: 'S1' })).containers[0]?.id as string;
    const r = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 75_000,
      patientId: 'patient-2',
      sessionId: 'session-3',
      wasteRest: { witnesses: [await w1()] },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().events.map((e: { type: string; quantityUg: number }) => [e.type, e.quantityUg])).toEqual([
      ['administer', 75_000],
      ['waste', 25_000],
    ]);
    expect(r.json().wasteRequired).toBeNull();
    expect(await balance(vial)).toBe(0);
  });
});

describe('witness confirmation (a failed check changes nothing)', () => {
  let vial: string;
  beforeAll(async () => {
    vial = (await receive(multi)).containers[0]?.id as string;
  });
  const attempt = async (witnesses: unknown[]) => {
    const before = await tableCounts(t.db.handle, BOOKKEEPING);
    const users = await t.ctx.db.selectFrom('users').select(['id', 'mfa_last_step']).orderBy('id').execute();
    const r = await nurse.post('/api/ledger/waste', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 1000,
      witnesses,
    });
    expect(await tableCounts(t.db.handle, BOOKKEEPING)).toEqual(before);
    expect(
      await t.ctx.db.selectFrom('users').select(['id', 'mfa_last_step']).orderBy('id').execute(),
    ).toEqual(users);
    expect(await balance(vial)).toBe(500_000);
    return r;
  };
  const fieldOf = (r: { json(): { errors: Array<{ field: string }> } }) => r.json().errors[0]?.field;

  it('wrong password, unknown account, missing or wrong code → 422 naming the witness field', async () => {
    const wrong = await attempt([{ ...(await w1()), password: 'not the password at all' }]);
    expect(wrong.statusCode).toBe(422);
    expect(fieldOf(wrong)).toBe('witnesses.0');
    expect(fieldOf(await attempt([{ email: 'nobody@test.liminal.test', password: 'whatever it is' }]))).toBe(
      'witnesses.0',
    );
    expect(fieldOf(await attempt([{ email: witness.email, password: witness.password }]))).toBe(
      'witnesses.0.code',
    );
    expect(fieldOf(await attempt([{ ...(await w1()), code: '000000' }]))).toBe('witnesses.0.code');
  });

  it('the actor, someone without ledger.witness, or the same person twice cannot witness', async () => {
    const me = await attempt([{ email: nurse.email, password: 'correct horse battery staple' }]);
    expect(me.statusCode).toBe(422);
    expect(fieldOf(me)).toBe('witnesses.0.email');
    expect(fieldOf(await attempt([await creds(therapist)]))).toBe('witnesses.0');
    const twice = await nurse.post('/api/ledger/destructions', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 1000,
      witnesses: [await w2(), await w2()],
    });
    expect(twice.statusCode).toBe(422);
    expect(fieldOf(twice)).toBe('witnesses.1.email');
  });

  it('a code used once cannot be replayed, and the failed write leaves no trace', async () => {
    const c = await w1();
    expect(
      (
        await nurse.post('/api/ledger/waste', {
          containerId: vial,
          locationId: safeA,
          quantityUg: 1000,
          witnesses: [c],
        })
      ).statusCode,
    ).toBe(201);
    const before = await tableCounts(t.db.handle, BOOKKEEPING);
    const replay = await nurse.post('/api/ledger/waste', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 1000,
      witnesses: [c],
    });
    expect(replay.statusCode).toBe(422);
    expect(fieldOf(replay)).toBe('witnesses.0.code');
    expect(await tableCounts(t.db.handle, BOOKKEEPING)).toEqual(before);
    expect(await balance(vial)).toBe(499_000);
  });

  it('destruction needs two witnesses', async () => {
    const one = await nurse.post('/api/ledger/destructions', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 1000,
      witnesses: [await w1()],
    });
    expect(one.statusCode).toBe(422);
    expect(fieldOf(one)).toBe('witnesses');
    const two = await nurse.post('/api/ledger/destructions', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 1000,
      form41Reference: 'F41-7',
      witnesses: [await w1(), await w2()],
    });
    expect(two.statusCode, two.body).toBe(201);
    expect(two.json().events[0].witnessIds.sort()).toEqual([witness.id, witness2.id].sort());
  });
});

describe('expired lots', () => {
  it('refuses a dose from an expired lot unless a prescriber approves on the same screen', async () => {
    const vial = (await receive(multi, { lotNumber: 'OLD', expiresOn: '2026-11-01' })).containers[0]
      ?.id as string;
    const body = {
      containerId: vial,
      locationId: safeA,
      quantityUg: 10_000,
      patientId: 'patient-3',
      sessionId: 'session-9',
    };
    const refused = await nurse.post('/api/ledger/administrations', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      ledgerError: 'expired_lot',
      errors: [{ field: 'expiredOverride' }],
    });
    const notPrescriber = await nurse.post('/api/ledger/administrations', {
      ...body,
      expiredOverride: { reason: 'shortage', prescriber: await w1() },
    });
    expect(notPrescriber.statusCode).toBe(422);
    expect(notPrescriber.json().errors[0].field).toBe('expiredOverride.prescriber');
    const ok = await nurse.post('/api/ledger/administrations', {
      ...body,
      expiredOverride: {
        reason: 'national shortage; potency confirmed',
        prescriber: await creds(prescriber, P_SECRET),
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().events[0]).toMatchObject({
      overrideBy: prescriber.id,
      detail: { expiredOverrideReason: 'national shortage; potency confirmed' },
    });
  });
});

describe('transfers and dispensing', () => {
  it('moves a container between safes of one registration, refuses another registration, sends stock out', async () => {
    const vial = (await receive(multi)).containers[0]?.id as string;
    const moved = await nurse.post('/api/ledger/transfers', {
      containerId: vial,
      fromLocationId: safeA,
      toLocationId: safeB,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    expect(moved.json().containers[0]).toMatchObject({ locationId: safeB, balanceUg: 500_000 });
    expect(
      (
        await nurse.post('/api/ledger/administrations', {
          containerId: vial,
          locationId: safeA,
          quantityUg: 1,
          patientId: 'p',
          sessionId: 's',
        })
      ).statusCode,
    ).toBe(409);
    const otherReg = await nurse.post('/api/ledger/transfers', {
      containerId: vial,
      fromLocationId: safeB,
      toLocationId: safeOther,
    });
    expect(otherReg.statusCode).toBe(422);
    expect(otherReg.json().errors[0].field).toBe('toLocationId');
    const out = await nurse.post('/api/ledger/transfers', {
      containerId: vial,
      fromLocationId: safeB,
      recipient: 'Return Logistics (reverse distributor)',
      recipientRegistration: 'RR1234567',
    });
    expect(out.statusCode, out.body).toBe(201);
    expect(out.json().events[0]).toMatchObject({
      type: 'transfer_out',
      quantityUg: 500_000,
      balanceAfterUg: 0,
    });
  });

  it('dispenses take-home troches against an order', async () => {
    const card = (await receive(troche, { lotNumber: 'T1' })).containers[0]?.id as string;
    const r = await nurse.post('/api/ledger/dispensations', {
      containerId: card,
      locationId: safeA,
      quantityUg: 300_000,
      patientId: 'patient-4',
      orderId: 'order-77',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().events[0]).toMatchObject({
      type: 'dispense',
      patientId: 'patient-4',
      orderId: 'order-77',
      balanceAfterUg: 700_000,
    });
  });
});

describe('counts, discrepancies and theft/loss', () => {
  let c1: string;
  let c2: string;
  beforeAll(async () => {
    const r = await receive(multi, { lotNumber: 'CNT', locationId: safeB, containerCount: 2 });
    [c1, c2] = r.containers.map((c) => c.id) as [string, string];
    // Everything else in Room 2 went out above; count only these two.
  });

  it('a count must cover the whole safe; differences open discrepancies on the worklist', async () => {
    const partial = await nurse.post('/api/ledger/counts', {
      locationId: safeB,
      lines: [{ containerId: c1, observedUg: 500_000 }],
    });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().errors[0].field).toBe('lines');
    const estimatedUnopened = await nurse.post('/api/ledger/counts', {
      locationId: safeB,
      lines: [
        { containerId: c1, observedUg: 500_000, estimated: true },
        { containerId: c2, observedUg: 500_000 },
      ],
    });
    expect(estimatedUnopened.json().errors[0].field).toBe('lines.0.estimated');
    const [elsewhere] = (await nurse.get(`/api/ledger/containers?locationId=${safeA}&inStock=true`)).json()
      .containers;
    const foreign = await nurse.post('/api/ledger/counts', {
      locationId: safeB,
      lines: [
        { containerId: c1, observedUg: 500_000 },
        { containerId: c2, observedUg: 500_000 },
        { containerId: elsewhere.id, observedUg: 1 },
      ],
    });
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().ledgerError).toBe('wrong_location');
    const r = await nurse.post('/api/ledger/counts', {
      locationId: safeB,
      lines: [
        { containerId: c1, observedUg: 499_000 },
        { containerId: c2, observedUg: 480_000 },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().discrepancies.map((d: { differenceUg: number }) => d.differenceUg)).toEqual([
      -1000, -20_000,
    ]);
    const work = (await admin.get('/api/ledger/worklist')).json();
    expect(work.openDiscrepancies.map((d: { containerId: string }) => d.containerId)).toEqual([c1, c2]);
  });

  it('an adjust with reason and witness resolves a discrepancy, once, for exactly the difference', async () => {
    const [d1] = (await admin.get('/api/ledger/worklist')).json().openDiscrepancies;
    const base = {
      containerId: c1,
      locationId: safeB,
      reason: 'spill while drawing up, seen by both',
      discrepancyId: d1.countEventId,
    };
    const wrong = await nurse.post('/api/ledger/adjustments', {
      ...base,
      deltaUg: -2000,
      witnesses: [await w1()],
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('deltaUg');
    const noWitness = await nurse.post('/api/ledger/adjustments', { ...base, deltaUg: -1000, witnesses: [] });
    expect(noWitness.statusCode).toBe(422);
    const ok = await nurse.post('/api/ledger/adjustments', {
      ...base,
      deltaUg: -1000,
      witnesses: [await w1()],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().events[0]).toMatchObject({
      type: 'adjust',
      resolvesEventId: d1.countEventId,
      reason: base.reason,
      balanceAfterUg: 499_000,
    });
    const again = await nurse.post('/api/ledger/adjustments', {
      ...base,
      deltaUg: -1000,
      witnesses: [await w1()],
    });
    expect(again.statusCode).toBe(409);
  });

  it('a theft/loss report starts the DEA deadlines on the worklist until both filings are recorded', async () => {
    const [d2] = (await admin.get('/api/ledger/worklist')).json().openDiscrepancies;
    expect(d2.containerId).toBe(c2);
    const r = await nurse.post('/api/ledger/theft-loss', {
      containerId: c2,
      locationId: safeB,
      quantityUg: 20_000,
      kind: 'loss',
      discoveredOn: '2026-11-25',
      discrepancyId: d2.countEventId,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().events[0].id as string;
    let work = (await admin.get('/api/ledger/worklist')).json();
    expect(work.openDiscrepancies).toEqual([]);
    // 25 Nov 2026 is a Wednesday: notice due the next business day, Form 106 within 45 days.
    expect(work.theftLoss).toEqual([
      expect.objectContaining({
        eventId: id,
        deaNotice: expect.objectContaining({ dueOn: '2026-11-26', status: 'due_soon', done: false }),
        form106: expect.objectContaining({ dueOn: '2027-01-09', done: false }),
      }),
    ]);
    expect(
      (
        await nurse.post(`/api/ledger/theft-loss/${id}/filings`, {
          kind: 'dea_notice',
          filedOn: '2026-11-25',
          reference: 'email to field office',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await nurse.post(`/api/ledger/theft-loss/${id}/filings`, {
          kind: 'dea_notice',
          filedOn: '2026-11-25',
        })
      ).statusCode,
    ).toBe(409);
    work = (await admin.get('/api/ledger/worklist')).json();
    expect(work.theftLoss[0].deaNotice.done).toBe(true);
    expect(
      (
        await nurse.post(`/api/ledger/theft-loss/${id}/filings`, {
          kind: 'form_106',
          filedOn: '2026-11-25',
          reference: 'TL-2026-01',
        })
      ).statusCode,
    ).toBe(201);
    expect((await admin.get('/api/ledger/worklist')).json().theftLoss).toEqual([]);
  });

  it('expiring lots and low stock show on the worklist', async () => {
    const work = (await admin.get('/api/ledger/worklist?expiringWithinDays=30')).json();
    expect(
      work.expiringLots.map((l: { lotNumber: string; expired: boolean }) => [l.lotNumber, l.expired]),
    ).toContainEqual(['OLD', true]);
    expect(work.lowStock).toEqual([]);
    const far = (await admin.get('/api/ledger/worklist?expiringWithinDays=365')).json();
    expect(far.expiringLots.map((l: { lotNumber: string }) => l.lotNumber)).toContain('L100');
  });
});

describe('corrections', () => {
  it('a correction is a new event naming the one it corrects; the original stays as it was', async () => {
    const vial = (await receive(multi)).containers[0]?.id as string;
    const dose = (
      await nurse.post('/api/ledger/administrations', {
        containerId: vial,
        locationId: safeA,
        quantityUg: 50_000,
        patientId: 'patient-5',
        sessionId: 'session-5',
      })
    ).json().events[0];
    const fix = await nurse.post('/api/ledger/adjustments', {
      containerId: vial,
      locationId: safeA,
      deltaUg: 10_000,
      reason: 'dose recorded as 50 mg; 40 mg was given',
      correctsEventId: dose.id,
      witnesses: [await w1()],
    });
    expect(fix.statusCode, fix.body).toBe(201);
    expect(fix.json().events[0]).toMatchObject({ correctsEventId: dose.id, balanceAfterUg: 460_000 });
    const history = (await nurse.get(`/api/ledger/containers/${vial}`)).json().events;
    expect(history.find((e: { id: string }) => e.id === dose.id)).toMatchObject({ quantityUg: 50_000 });
    const otherContainer = await nurse.post('/api/ledger/adjustments', {
      containerId: vial,
      locationId: safeA,
      deltaUg: 1,
      reason: 'x',
      correctsEventId: '00000000-0000-4000-8000-000000000000',
      witnesses: [await w1()],
    });
    expect(otherContainer.statusCode).toBe(422);
    expect(otherContainer.json().errors[0].field).toBe('correctsEventId');
  });
});

describe('reports name people and dates in words (issue 14, part 3)', () => {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

  it('the running log, its CSV and its PDF give the patient by name and chart number, and dates in the clinic’s words', async () => {
    const desk = await t.loginAs('front_desk');
    const made = await desk.post('/api/patients', {
      firstName: 'Rowan',
      lastName: 'Ledgerly',
      dateOfBirth: '1984-02-03',
      state: 'CA',
      email: 'rowan.ledgerly@example.test',
    });
    expect(made.statusCode).toBe(201);
    const { id: patientId, chartNumber } = made.json() as { id: string; chartNumber: string };
    const product = await admin.post('/api/ledger/products', {
      name: 'Ketamine HCl 10 mg/mL, 20 mL',
      ndc: '0409-2053-20',
      form: 'solution',
      strengthUgPerMl: 10_000,
      containerVolumeMl: 20,
    });
    const productId = product.json().id as string;
    const vial = (await receive(productId)).containers[0]?.id as string;
    const dose = await nurse.post('/api/ledger/administrations', {
      containerId: vial,
      locationId: safeA,
      quantityUg: 35_000,
      patientId,
      sessionId: 'session-words',
    });
    expect(dose.statusCode, dose.body).toBe(201);

    const log = (await nurse.get(`/api/ledger/reports/running-log?productId=${productId}`)).json();
    const row = log.rows.find((r: { type: string }) => r.type === 'administer');
    expect(row.patient).toBe(`Rowan Ledgerly (chart ${chartNumber})`);
    expect(log.subtitle).not.toMatch(INSTANT);
    expect(log.subtitle).toMatch(/generated \w+day, \w+ \d+, \d{4} at \d+:\d\d [AP]M P[SD]T/);

    const csv = (await nurse.get(`/api/ledger/reports/running-log?productId=${productId}&format=csv`)).body;
    expect(csv).toContain(`Rowan Ledgerly (chart ${chartNumber})`);
    expect(csv).toContain(',Administered,');
    expect(csv).not.toMatch(UUID);
    expect(csv).not.toMatch(INSTANT);

    const patientLog = (await nurse.get(`/api/ledger/reports/patients/${patientId}`)).json();
    expect(patientLog.title).toBe(`Administration and dispensing log: Rowan Ledgerly (chart ${chartNumber})`);
    const ranged = (
      await nurse.get(`/api/ledger/reports/running-log?productId=${productId}&from=2026-11-01&to=2026-12-31`)
    ).json();
    expect(ranged.subtitle).toMatch(/^Nov 1, 2026 to Dec 31, 2026 · generated /);

    // The PDF's table fits its page (it did not: 780 pt of columns on 720 pt).
    const { pdfTableWidth, PDF_CONTENT_WIDTH } = await import('../../src/server/features/ledger/render');
    for (const kind of ['running_log', 'patient_log', 'inventory', 'discrepancies'] as const) {
      expect(pdfTableWidth(kind), kind).toBeLessThanOrEqual(PDF_CONTENT_WIDTH);
    }
    const pdf = await nurse.get(`/api/ledger/reports/running-log?productId=${productId}&format=pdf`);
    expect(pdf.statusCode).toBe(200);

    // The patient log's chooser finds the patient by name or chart number.
    const found = (await nurse.get('/api/ledger/reports/patients?q=rowan%20ledger')).json();
    expect(found.patients).toEqual([{ id: patientId, label: `Rowan Ledgerly (chart ${chartNumber})` }]);
    expect(
      (await nurse.get(`/api/ledger/reports/patients?q=${chartNumber.toLowerCase()}`)).json().patients,
    ).toHaveLength(1);
    expect((await nurse.get('/api/ledger/reports/patients?q=')).statusCode).toBe(422);

    // A confidential record: its care team sees the name; a nurse outside it sees the chart number only.
    const carer = await t.loginAs('prescriber');
    await desk.inject({
      method: 'PUT',
      url: `/api/patients/${patientId}/care-team`,
      payload: { members: [{ userId: carer.userId, role: 'prescriber' }] },
    });
    expect(
      (
        await carer.inject({
          method: 'PUT',
          url: `/api/patients/${patientId}/confidential`,
          payload: { confidential: true },
        })
      ).statusCode,
    ).toBe(200);
    const masked = (await nurse.get(`/api/ledger/reports/running-log?productId=${productId}`)).json();
    expect(masked.rows.find((r: { type: string }) => r.type === 'administer').patient).toBe(
      `Confidential patient (chart ${chartNumber})`,
    );
    expect(JSON.stringify(masked)).not.toContain('Ledgerly');
    expect((await nurse.get('/api/ledger/reports/patients?q=ledgerly')).json().patients).toEqual([]);
    expect((await nurse.get(`/api/ledger/reports/patients?q=${chartNumber}`)).json().patients).toEqual([
      { id: patientId, label: `Confidential patient (chart ${chartNumber})` },
    ]);
    const seen = (await carer.get(`/api/ledger/reports/running-log?productId=${productId}`)).json();
    expect(seen.rows.find((r: { type: string }) => r.type === 'administer').patient).toContain(
      'Rowan Ledgerly',
    );
  });
});

describe('reports and verification', () => {
  it('running log per product: running balance equals the stock on hand, as JSON, CSV and PDF', async () => {
    const log = (await admin.get(`/api/ledger/reports/running-log?productId=${multi}`)).json();
    const stock = (await admin.get(`/api/ledger/containers?productId=${multi}`)).json().containers;
    const onHand = stock.reduce((s: number, c: { balanceUg: number }) => s + c.balanceUg, 0);
    expect(log.rows.at(-1).balanceUg).toBe(onHand);
    expect(log.rows.find((r: { type: string }) => r.type === 'waste').witnesses.length).toBe(1);
    const ranged = (
      await admin.get(`/api/ledger/reports/running-log?productId=${multi}&from=2026-12-01`)
    ).json();
    expect(ranged).toMatchObject({ openingBalanceUg: onHand, rows: [] });
    const csv = await admin.get(`/api/ledger/reports/running-log?productId=${multi}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines[2]).toBe('Opening balance mg,0');
    expect(lines[3]).toBe(
      'Date,Event,Product,Lot,Container,Location,Quantity mg,Change mg,Balance mg,Patient,By,Witnesses,Reason',
    );
    expect(lines.filter((l) => /^\d{4}-\d{2}-\d{2},/.test(l))).toHaveLength(log.rows.length);
    const pdf = await admin.get(`/api/ledger/reports/running-log?productId=${multi}&format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("a patient's log lists only their doses and dispensing, and the read is audited with the patient", async () => {
    const log = (await nurse.get('/api/ledger/reports/patients/patient-2')).json();
    expect(log.rows.map((r: { type: string; patientId: string }) => [r.type, r.patientId])).toEqual([
      ['administer', 'patient-2'],
      ['administer', 'patient-2'],
    ]);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ledger.report')
      .where('patient_id', '=', 'patient-2')
      .executeTakeFirst();
    expect(entry?.actor_id).toBe(nurse.userId);
    const pdf = await nurse.get('/api/ledger/reports/discrepancies?format=pdf&from=2026-11-01&to=2026-11-30');
    expect(pdf.statusCode).toBe(200);
    const d = (await nurse.get('/api/ledger/reports/discrepancies')).json();
    expect(d.rows.map((r: { reason: string }) => r.reason.split(' ')[0])).toEqual(['resolved', 'resolved']);
  });

  it('the chain verifies and every balance equals the sum of its events', async () => {
    const v = (await admin.get('/api/ledger/verify')).json();
    expect(v).toMatchObject({ ok: true, projection: [] });
    const n = await t.ctx.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(v.checked).toBe(Number(n.n));
  });
});
