import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/server/features/ledger/chain';
import { buildTestApp, type TestApp } from '../support/app';
import {
  DEVICE,
  key,
  licensedStaff,
  orderedSession,
  SINGLE_DOSE_VIAL,
  type Staff,
  stockUp,
  VIAL,
} from '../support/dosing';

/**
 * Doses given in the session console are drawn from the controlled-substance ledger in the same transaction
 * (issue #14): a dose of a controlled route without a container is refused unless the entry says the product
 * was supplied elsewhere and by whom; a container must fit the route; the draw shows at once in the balance
 * and the running log.
 */
let t: TestApp;
let s: Staff;

beforeAll(async () => {
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  s = await licensedStaff(t, 'CA-1');
});
afterAll(async () => {
  await t.close();
});

const count = async (table: 'ledger_events' | 'session_entries') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const balanceOf = async (id: string) =>
  (await s.nurse.get(`/api/ledger/containers/${id}`)).json().container.balanceUg as number;

describe('a dose of a controlled substance comes from the ledger', () => {
  it('is refused without a container (the field named, nothing saved), and without a source when supplied elsewhere', async () => {
    const { base } = await orderedSession(s, 'im_kap', { mg: 60 });
    const [events, entries] = [await count('ledger_events'), await count('session_entries')];
    const refused = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      site: 'Left deltoid',
      lot: 'TYPED-LOT',
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().errors).toEqual([
      { field: 'containerId', message: expect.stringMatching(/Choose the container the dose is drawn from/) },
    ]);
    expect(refused.json().detail).toMatch(/controlled substances/);
    expect([await count('ledger_events'), await count('session_entries')]).toEqual([events, entries]);
    const state = (await s.nurse.get(base)).json();
    expect(state.session.firstDoseAt).toBeNull();
    expect(state.session.status).toBe('dosing');

    const noSource = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      suppliedElsewhere: { source: '  ' },
    });
    expect(noSource.statusCode).toBe(422);
    expect(noSource.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'suppliedElsewhere.source',
    ]);
    expect(await count('session_entries')).toBe(entries);
  });

  it('draws from the chosen multi-dose vial in the same transaction: balance, running log and session entry agree', async () => {
    const vials = await stockUp(s, VIAL, { count: 2, lot: 'KT-77A' });
    const { base, sid, patientId } = await orderedSession(s, 'iv_series', {
      mgPerKg: 0.5,
      infusionMinutes: 40,
    });
    const vial = vials.containers[0] as string;
    const start = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 35,
      phase: 'infusion_start',
      site: 'Left antecubital',
      containerId: vial,
    });
    expect(start.statusCode, start.body).toBe(201);
    expect(start.json().wasteRequired).toBeNull(); // a multi-dose vial keeps its rest
    expect(await balanceOf(vial)).toBe(465_000);

    const log = (await s.nurse.get(`/api/ledger/reports/running-log?productId=${vials.productId}`)).json();
    const dose = log.rows.filter((r: { type: string }) => r.type === 'administer');
    expect(dose).toHaveLength(1);
    expect(dose[0]).toMatchObject({
      container: vials.labels[0],
      lotNumber: 'KT-77A',
      quantityUg: 35_000,
      deltaUg: -35_000,
      balanceUg: 965_000,
    });
    const event = await t.ctx.db
      .selectFrom('ledger_events')
      .select(['patient_id', 'session_id', 'quantity_ug'])
      .where('container_id', '=', vial)
      .where('type', '=', 'administer')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ patient_id: patientId, session_id: sid, quantity_ug: 35_000 });

    // The entry carries the lot and product as the ledger knows them, and reads by its route.
    const entry = (await s.nurse.get(base))
      .json()
      .entries.find((e: { kind: string }) => e.kind === 'administration');
    expect(entry.data).toMatchObject({
      containerId: vial,
      containerLabel: vials.labels[0],
      lot: 'KT-77A',
      product: VIAL.name,
      form: 'solution',
      suppliedElsewhere: null,
    });

    // Stopping the infusion draws nothing more.
    t.clock.advanceMinutes(40);
    const stop = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 35,
      phase: 'infusion_stop',
    });
    expect(stop.statusCode, stop.body).toBe(201);
    expect(await balanceOf(vial)).toBe(465_000);
    expect((await verifyLedger(t.ctx.db)).ok).toBe(true);
  });

  it('refuses a container that does not fit the route, and a container together with "supplied elsewhere"', async () => {
    const devices = await stockUp(s, DEVICE, { count: 2, lot: 'ESK-1' });
    const vials = await stockUp(s, VIAL, { count: 1, lot: 'KT-88B' });
    const im = await orderedSession(s, 'im_kap', { mg: 60 });
    const wrong = await s.nurse.post(`${im.base}/administrations`, {
      idempotencyKey: key(),
      mg: 28,
      phase: 'bolus',
      containerId: devices.containers[0],
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toEqual({
      field: 'containerId',
      message: `${DEVICE.name} does not fit this session: it needs ketamine solution (a vial).`,
    });
    const both = await s.nurse.post(`${im.base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      containerId: vials.containers[0],
      suppliedElsewhere: { source: 'Pharmacy' },
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0].field).toBe('suppliedElsewhere');
    expect(await balanceOf(devices.containers[0] as string)).toBe(28_000);
    expect(await balanceOf(vials.containers[0] as string)).toBe(500_000);

    const esk = await orderedSession(s, 'esketamine', { mg: 56 });
    const vialForDevice = await s.nurse.post(`${esk.base}/administrations`, {
      idempotencyKey: key(),
      mg: 28,
      phase: 'device',
      deviceNumber: 1,
      containerId: vials.containers[0],
    });
    expect(vialForDevice.statusCode).toBe(422);
    expect(vialForDevice.json().errors[0].message).toMatch(/needs esketamine nasal spray devices/);
  });

  it('a prescriber (who records no stock movements) may not draw; the session is unchanged', async () => {
    const vials = await stockUp(s, VIAL, { count: 1, lot: 'KT-99C' });
    const { base } = await orderedSession(s, 'im_kap', { mg: 60 });
    const r = await s.prescriber.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      containerId: vials.containers[0],
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().errors[0].field).toBe('containerId');
    expect(await balanceOf(vials.containers[0] as string)).toBe(500_000);
  });

  it('records a product supplied elsewhere, said explicitly and by whom, with no ledger movement', async () => {
    const { base } = await orderedSession(s, 'esketamine', { mg: 56 });
    const events = await count('ledger_events');
    const source = 'Oakview Specialty Pharmacy kit, Rx 5521';
    const r = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 28,
      phase: 'device',
      deviceNumber: 1,
      lot: 'RX-KIT-7',
      suppliedElsewhere: { source },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await count('ledger_events')).toBe(events);
    const entry = (await s.nurse.get(base))
      .json()
      .entries.find((e: { kind: string }) => e.kind === 'administration');
    expect(entry.data).toMatchObject({ suppliedElsewhere: { source }, lot: 'RX-KIT-7', containerId: null });
    // The printable session record says so too.
    const pdf = await s.nurse.get(`${base}/record.pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  it('a single-use vial: the dose and the witnessed waste of its rest are both in the ledger', async () => {
    const vials = await stockUp(s, SINGLE_DOSE_VIAL, { count: 1, lot: 'SD-1' });
    const { base } = await orderedSession(s, 'im_kap', { mg: 60 });
    const vial = vials.containers[0] as string;
    const r = await s.nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      containerId: vial,
    });
    expect(r.json().wasteRequired).toEqual({ containerId: vial, quantityUg: 40_000 });
    const witness = await t.createUser({ role: 'nurse' });
    const waste = await s.nurse.post('/api/ledger/waste', {
      containerId: vial,
      locationId: vials.safe,
      quantityUg: 40_000,
      witnesses: [{ email: witness.email, password: witness.password }],
    });
    expect(waste.statusCode, waste.body).toBe(201);
    expect(await balanceOf(vial)).toBe(0);
    const types = (await s.nurse.get(`/api/ledger/reports/running-log?productId=${vials.productId}`))
      .json()
      .rows.map((x: { type: string }) => x.type);
    expect(types).toEqual(['receive', 'administer', 'waste']);
  });
});
