import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/server/platform/permissions';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { billingPatient, billingVisit } from './billing-support';

/**
 * Billing over HTTP (issue #22), on the engine chosen by LIMINAL_TEST_ENGINE: proposal per visit type and route,
 * review with bad input (the field named), finalising and the lock, reversal, payments and the balance, the fee
 * schedule, the worklist, and who may do what. test/http/authorization.test.ts walks every route for every role.
 */
let t: TestApp;
const a = {} as Record<Role, Agent>;
beforeAll(async () => {
  t = await buildTestApp();
  for (const role of ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk', 'biller'] as const)
    a[role] = await t.loginAs(role);
});
afterAll(() => t.close());

const put = (ag: Agent, url: string, payload: unknown) =>
  ag.inject({ method: 'PUT', url, payload: payload as object });
const del = (ag: Agent, url: string) => ag.inject({ method: 'DELETE', url });
const fields = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field);
const codes = (visit: { lines: { code: string; units: number; modifiers: string[] }[] }) =>
  visit.lines.map((l) => `${l.code}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''}×${l.units}`);

describe('proposal per visit type and route', () => {
  it('a completed IM visit: E/M-25, injection and ketamine with the mg, pointing at the chart’s diagnoses', async () => {
    const pid = await billingPatient(t, a.front_desk, ['F33.2', 'F41.1']);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      session: { route: 'im', doses: [{ mg: 35 }] },
    });
    const res = await a.biller.post(`/api/billing/visits/${v.id}/propose`);
    expect(res.statusCode, res.body).toBe(200);
    const visit = res.json().visit;
    expect(codes(visit)).toEqual(['99213-25×1', '96372×1', 'J3490×1']);
    expect(visit.lines[2]).toMatchObject({
      ndcQuantity: 35,
      ndcUnit: 'ME',
      placeOfService: '11',
      state: 'proposed',
    });
    expect(visit.lines[0].diagnosisCodes).toEqual(['F33.2', 'F41.1']);
    expect(visit.lines[0].diagnosisPointers).toEqual([1, 2]);
    expect(visit.lines[0].renderingClinicianId).toBe(a.prescriber.userId);
    expect(visit.lines[0].why).toMatch(/modifier 25/);
    // Proposing again replaces the rules' lines rather than adding to them.
    const again = await a.biller.post(`/api/billing/visits/${v.id}/propose`);
    expect(again.json().visit.lines).toHaveLength(3);
  });

  it('esketamine 84 mg (three devices) is G2083 with J0013 × 84 and no E/M; 56 mg is G2082', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const big = await billingVisit(t, pid, a.prescriber.userId, {
      type: 'dosing_esketamine',
      session: {
        route: 'esketamine',
        doses: [0, 5, 10].map((m) => ({ mg: 28, phase: 'device', minute: m })),
      },
    });
    const r1 = await a.prescriber.post(`/api/billing/visits/${big.id}/propose`);
    expect(codes(r1.json().visit)).toEqual(['G2083×1', 'J0013×84']);
    const small = await billingVisit(t, pid, a.prescriber.userId, {
      type: 'dosing_esketamine',
      startsAt: '2026-12-03T17:00:00.000Z',
      session: {
        route: 'esketamine',
        doses: [0, 5].map((m) => ({ mg: 28, phase: 'device', minute: m, suppliedElsewhere: true })),
      },
    });
    const r2 = await a.prescriber.post(`/api/billing/visits/${small.id}/propose`);
    expect(codes(r2.json().visit)).toEqual(['G2082×1']);
    expect(r2.json().notes.join(' ')).toMatch(/pharmacy/);
  });

  it('IV by infusion minutes: 61 min is the first hour alone, 91 min adds 96366', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const iv = (minutes: number, day: string) =>
      billingVisit(t, pid, a.prescriber.userId, {
        type: 'dosing_iv',
        startsAt: `2026-12-${day}T17:00:00.000Z`,
        session: {
          route: 'iv',
          doses: [
            { mg: 35, phase: 'infusion_start', minute: 0 },
            { mg: 0, phase: 'infusion_stop', minute: minutes },
          ],
        },
      });
    const v61 = await iv(61, '01');
    const v91 = await iv(91, '02');
    expect(codes((await a.biller.post(`/api/billing/visits/${v61.id}/propose`)).json().visit)).toEqual([
      '99213-25×1',
      '96365×1',
      'J3490×1',
    ]);
    expect(codes((await a.biller.post(`/api/billing/visits/${v91.id}/propose`)).json().visit)).toEqual([
      '99213-25×1',
      '96365×1',
      '96366×1',
      'J3490×1',
    ]);
  });

  it('a dosing session not booked through the calendar is its own visit, dated in the clinic’s zone', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      type: 'dosing_im',
      status: 'cancelled',
      startsAt: '2026-12-02T06:00:00.000Z',
      session: { route: 'im', doses: [{ mg: 30 }] },
    });
    const res = await a.biller.post(`/api/billing/visits/${v.sessionId}/propose`);
    expect(res.statusCode, res.body).toBe(200);
    // 06:10 UTC on 2 December is the evening of 1 December in Los Angeles.
    expect(res.json().visit).toMatchObject({
      id: v.sessionId,
      serviceDate: '2026-12-01',
      label: 'Dosing session 1',
    });
    expect(codes(res.json().visit)).toEqual(['99213-25×1', '96372×1', 'J3490×1']);
    const tab = (await a.biller.get(`/api/patients/${pid}/billing`)).json();
    expect(tab.visits.map((x: { id: string }) => x.id)).toEqual([v.sessionId]);
  });

  it('a visit that is not completed is refused (field named); a missing one is 404', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, { status: 'checked_in' });
    const res = await a.biller.post(`/api/billing/visits/${v.id}/propose`);
    expect(res.statusCode).toBe(409);
    expect(fields(res)).toEqual(['visitId']);
    const add = await a.biller.post(`/api/billing/visits/${v.id}/lines`, {
      code: '99213',
      units: 1,
      diagnosisPointers: [1],
    });
    expect(add.statusCode).toBe(409);
    expect((await a.biller.post(`/api/billing/visits/${randomUUID()}/propose`)).statusCode).toBe(404);
  });

  it('completing a visit on the calendar proposes its lines at once', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      type: 'integration',
      status: 'checked_in',
      minutes: 50,
      modality: 'video',
      staff: [{ userId: a.therapist.userId, role: 'therapist' }],
    });
    const done = await a.front_desk.post(`/api/appointments/${v.id}/status`, { status: 'completed' });
    expect(done.statusCode, done.body).toBe(200);
    const billing = (await a.biller.get(`/api/patients/${pid}/billing`)).json();
    const visit = billing.visits.find((x: { id: string }) => x.id === v.id);
    expect(codes(visit)).toEqual(['90834×1']);
    expect(visit.lines[0]).toMatchObject({ placeOfService: '10', renderingClinicianId: a.therapist.userId });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('object_id', '=', v.id)
      .where('action', '=', 'billing.propose')
      .execute();
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ automatic: true, codes: ['90834'] });
  });
});

describe('review, finalise, lock and reverse', () => {
  let pid: string;
  let visitId: string;
  let lines: { id: string; code: string; version: number; amountCents: number }[];
  beforeAll(async () => {
    pid = await billingPatient(t, a.front_desk);
    visitId = (
      await billingVisit(t, pid, a.prescriber.userId, { session: { route: 'im', doses: [{ mg: 50 }] } })
    ).id;
    lines = (await a.biller.post(`/api/billing/visits/${visitId}/propose`)).json().visit.lines;
  });

  it('bad input on a proposed line names the field', async () => {
    const line = lines[1] as (typeof lines)[number];
    const edit = (over: Record<string, unknown>) =>
      put(a.biller, `/api/billing/lines/${line.id}`, {
        code: '96372',
        units: 1,
        diagnosisPointers: [1],
        version: line.version,
        ...over,
      });
    expect(fields(await edit({ code: '99999' }))).toEqual(['code']);
    expect(fields(await edit({ unitPriceCents: -100 }))).toEqual(['unitPriceCents']);
    expect(fields(await edit({ units: 0 }))).toEqual(['units']);
    expect(fields(await edit({ units: 9 }))).toEqual(['units']);
    expect(fields(await edit({ diagnosisPointers: [2] }))).toEqual(['diagnosisPointers']);
    expect(fields(await edit({ modifiers: ['X'] }))).toEqual(['modifiers']);
    const ok = await edit({ units: 2, unitPriceCents: 4500 });
    expect(ok.statusCode, ok.body).toBe(200);
    const changed = ok.json().lines.find((l: { id: string }) => l.id === line.id);
    expect(changed).toMatchObject({ units: 2, unitPriceCents: 4500, amountCents: 9000, version: 2 });
    // A stale version is a conflict, not a silent overwrite.
    expect((await edit({ units: 1 })).statusCode).toBe(409);
  });

  it('a line added by hand is proposed; removing a proposed line works', async () => {
    const add = await a.biller.post(`/api/billing/visits/${visitId}/lines`, {
      code: '90833',
      units: 1,
      diagnosisPointers: [1],
      reason: 'Therapist present for 30 minutes',
    });
    expect(add.statusCode, add.body).toBe(200);
    const added = add.json().lines.find((l: { code: string }) => l.code === '90833');
    expect(added).toMatchObject({ origin: 'manual', state: 'proposed', unitPriceCents: 8000 });
    const gone = await del(a.biller, `/api/billing/lines/${added.id}`);
    expect(gone.json().lines.map((l: { code: string }) => l.code)).not.toContain('90833');
  });

  it('a prescriber finalises; final lines are locked; a reversal corrects one and is itself final', async () => {
    const fin = await a.prescriber.post(`/api/billing/visits/${visitId}/finalise`, {});
    expect(fin.statusCode, fin.body).toBe(200);
    const visit = fin.json().visit;
    expect(visit.state).toBe('final');
    expect(visit.lines.every((l: { finalisedByName: string | null }) => l.finalisedByName !== null)).toBe(
      true,
    );
    const injection = visit.lines.find((l: { code: string }) => l.code === '96372');
    expect(
      (
        await put(a.biller, `/api/billing/lines/${injection.id}`, {
          code: '96372',
          units: 1,
          diagnosisPointers: [1],
          version: injection.version,
        })
      ).statusCode,
    ).toBe(409);
    expect((await del(a.biller, `/api/billing/lines/${injection.id}`)).statusCode).toBe(409);
    expect((await a.biller.post(`/api/billing/visits/${visitId}/propose`)).statusCode).toBe(409);
    expect((await a.biller.post(`/api/billing/visits/${visitId}/finalise`, {})).statusCode).toBe(409);

    const rev = await a.biller.post(`/api/billing/lines/${injection.id}/reverse`, {
      reason: 'Billed twice the units',
    });
    expect(rev.statusCode, rev.body).toBe(200);
    const reversal = rev
      .json()
      .lines.find((l: { reversesId: string | null }) => l.reversesId === injection.id);
    expect(reversal).toMatchObject({ origin: 'reversal', state: 'final', amountCents: -9000, code: '96372' });
    expect(rev.json().lines.find((l: { id: string }) => l.id === injection.id).reversedById).toBe(
      reversal.id,
    );
    expect(
      (await a.biller.post(`/api/billing/lines/${injection.id}/reverse`, { reason: 'again' })).statusCode,
    ).toBe(409);
    expect(
      (await a.biller.post(`/api/billing/lines/${reversal.id}/reverse`, { reason: 'x' })).statusCode,
    ).toBe(409);
    // The correct line, added and finalised.
    await a.biller.post(`/api/billing/visits/${visitId}/lines`, {
      code: '96372',
      units: 1,
      diagnosisPointers: [1],
    });
    const again = await a.biller.post(`/api/billing/visits/${visitId}/finalise`, {});
    expect(again.statusCode).toBe(200);
    // 99213 (12000) + 96372 (9000 − 9000 + 4000) + J3490 (5000): the example prices.
    expect(again.json().visit.totalCents).toBe(21_000);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('patient_id', '=', pid)
      .where('action', 'in', ['billing.finalise', 'billing.reverse'])
      .where('outcome', '=', 'allowed')
      .execute();
    expect(audit.map((x) => x.action).sort()).toEqual([
      'billing.finalise',
      'billing.finalise',
      'billing.reverse',
    ]);
  });

  it('finalising needs a diagnosis pointer on every line', async () => {
    const p2 = await billingPatient(t, a.front_desk, []);
    const v2 = (
      await billingVisit(t, p2, a.prescriber.userId, { session: { route: 'im', doses: [{ mg: 40 }] } })
    ).id;
    const proposed = await a.biller.post(`/api/billing/visits/${v2}/propose`);
    expect(proposed.json().notes.join(' ')).toMatch(/no diagnosis/);
    const fin = await a.biller.post(`/api/billing/visits/${v2}/finalise`, {});
    expect(fin.statusCode).toBe(422);
    expect(fields(fin).every((f) => f.endsWith('.diagnosisPointers'))).toBe(true);
  });

  it('payments: beyond the balance refused (field named), allocations checked, a void restores the balance', async () => {
    const before = (await a.biller.get(`/api/patients/${pid}/billing`)).json();
    expect(before.balance).toEqual({ chargedCents: 21_000, paidCents: 0, balanceCents: 21_000 });
    const payUrl = `/api/patients/${pid}/payments`;
    const too = await a.biller.post(payUrl, {
      amountCents: 21_001,
      method: 'card',
      receivedOn: '2026-12-02',
    });
    expect(too.statusCode).toBe(422);
    expect(fields(too)).toEqual(['amountCents']);
    expect(
      fields(await a.biller.post(payUrl, { amountCents: 100, method: 'barter', receivedOn: '2026-12-02' })),
    ).toEqual(['method']);
    const em = before.visits[0].lines.find((l: { code: string }) => l.code === '99213');
    const over = await a.biller.post(payUrl, {
      amountCents: 15_000,
      method: 'card',
      receivedOn: '2026-12-02',
      allocations: [{ chargeLineId: em.id, amountCents: 12_001 }],
    });
    expect(fields(over)).toEqual(['allocations.0.amountCents']);
    const paid = await a.biller.post(payUrl, {
      amountCents: 15_000,
      method: 'card',
      receivedOn: '2026-12-02',
      reference: 'receipt 0042',
      allocations: [{ chargeLineId: em.id, amountCents: 12_000 }],
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().balance.balanceCents).toBe(6000);
    const after = paid.json().visits[0].lines.find((l: { id: string }) => l.id === em.id);
    expect(after.paidCents).toBe(12_000);
    const payment = paid.json().payments[0];
    const voided = await a.biller.post(`${payUrl}/${payment.id}/void`, { reason: 'Card declined later' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().balance.balanceCents).toBe(21_000);
    expect(voided.json().payments.find((p: { id: string }) => p.id === payment.id).voided).toBe(true);
    expect((await a.biller.post(`${payUrl}/${payment.id}/void`, { reason: 'again' })).statusCode).toBe(409);
  });
});

describe('fee schedule, worklist and roles', () => {
  it('the admin sees the shipped examples with their sources and the ownership notice, and sets a price', async () => {
    const list = await a.admin.get('/api/admin/fee-schedule');
    expect(list.statusCode).toBe(200);
    expect(list.json().ownershipNotice).toMatch(/owns its coding/);
    const g = list.json().items.find((i: { code: string }) => i.code === 'G2083');
    expect(g).toMatchObject({ id: null, examplePrice: true });
    expect(g.source).toMatch(/CMS/);
    const body = {
      code: '99214',
      description: 'Office visit, established, moderate',
      unitLabel: 'visit',
      priceCents: 19_000,
      effectiveFrom: '2026-01-01',
      source: 'Clinic fee list 2026',
    };
    expect(fields(await a.admin.post('/api/admin/fee-schedule', { ...body, priceCents: -1 }))).toEqual([
      'priceCents',
    ]);
    expect(fields(await a.admin.post('/api/admin/fee-schedule', { ...body, code: 'ABC' }))).toEqual(['code']);
    expect(
      fields(await a.admin.post('/api/admin/fee-schedule', { ...body, effectiveTo: '2025-01-01' })),
    ).toEqual(['effectiveTo']);
    const made = await a.admin.post('/api/admin/fee-schedule', body);
    expect(made.statusCode, made.body).toBe(200);
    const upd = await put(a.admin, `/api/admin/fee-schedule/${made.json().id}`, {
      ...body,
      priceCents: 19_500,
      version: 1,
    });
    expect(upd.statusCode).toBe(200);
    const mine = (await a.biller.get('/api/billing/fee-schedule'))
      .json()
      .items.find((i: { code: string }) => i.code === '99214');
    expect(mine).toMatchObject({ priceCents: 19_500, examplePrice: false });
    // A follow-up of 30 min is a 99214, now at the clinic's price.
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, { type: 'follow_up', minutes: 30 });
    await billingVisit(t, pid, a.prescriber.userId, {
      type: 'follow_up',
      minutes: 30,
      startsAt: '2026-10-01T17:00:00.000Z',
    });
    const lines = (await a.biller.post(`/api/billing/visits/${v.id}/propose`)).json().visit.lines;
    expect(lines.map((l: { code: string; unitPriceCents: number }) => [l.code, l.unitPriceCents])).toEqual([
      ['99214', 19_500],
    ]);
    expect((await a.biller.get('/api/admin/fee-schedule')).statusCode).toBe(403);
    expect((await a.prescriber.post('/api/admin/fee-schedule', body)).statusCode).toBe(403);
  });

  it('the worklist lists completed visits waiting for review, not finalised ones', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      session: { route: 'im', doses: [{ mg: 30 }] },
    });
    const w = (await a.biller.get('/api/billing/worklist?limit=100')).json();
    expect(w.items.map((i: { visitId: string }) => i.visitId)).toContain(v.id);
    await a.biller.post(`/api/billing/visits/${v.id}/propose`);
    await a.biller.post(`/api/billing/visits/${v.id}/finalise`, {});
    const w2 = (await a.biller.get('/api/billing/worklist?limit=100')).json();
    expect(w2.items.map((i: { visitId: string }) => i.visitId)).not.toContain(v.id);
  });

  it('the biller sees demographics, charges and diagnoses, never notes, sessions or messages', async () => {
    const pid = await billingPatient(t, a.front_desk, ['F43.10']);
    const chart = await a.biller.get(`/api/patients/${pid}`);
    expect(chart.statusCode).toBe(200);
    expect(chart.json().clinical).toBeNull();
    const billing = await a.biller.get(`/api/patients/${pid}/billing`);
    expect(billing.json().diagnoses).toEqual([{ code: 'F43.10', display: 'Diagnosis F43.10' }]);
    for (const url of [
      `/api/patients/${pid}/courses`,
      `/api/patients/${pid}/message-threads`,
      `/api/patients/${pid}/journal`,
      `/api/patients/${pid}/measures`,
    ]) {
      const r = await a.biller.get(url);
      expect([403, 404], `${url} → ${r.statusCode}`).toContain(r.statusCode);
    }
  });

  it('nurses, therapists, the front desk, the admin and patients see no charges', async () => {
    const pid = await billingPatient(t, a.front_desk);
    for (const role of ['nurse', 'therapist', 'front_desk', 'admin'] as const)
      expect((await a[role].get(`/api/patients/${pid}/billing`)).statusCode, role).toBe(403);
    const patient = await t.loginAs('patient', { patientId: pid });
    expect((await patient.get(`/api/patients/${pid}/billing`)).statusCode).toBe(403);
    expect(
      (
        await a.therapist.post(`/api/patients/${pid}/payments`, {
          amountCents: 1,
          method: 'cash',
          receivedOn: '2026-12-01',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('bad input never breaks the server', () => {
  it('random bodies on every billing write answer with a problem when refused, never a 5xx', async () => {
    const fc = (await import('fast-check')).default;
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      session: { route: 'im', doses: [{ mg: 20 }] },
    });
    const lines = (await a.biller.post(`/api/billing/visits/${v.id}/propose`)).json().visit.lines;
    const lineId = lines[0].id as string;
    const value = fc.oneof(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.double(),
      fc.string({ maxLength: 30 }),
      fc.constant(null),
      fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 6 }),
    );
    const body = fc.record(
      {
        code: fc.oneof(fc.constantFrom('99213', '96372', 'J0013', '00000', ''), fc.string({ maxLength: 8 })),
        units: value,
        unitPriceCents: value,
        modifiers: value,
        diagnosisPointers: fc.array(fc.integer({ min: -3, max: 20 }), { maxLength: 6 }),
        diagnosisCodes: value,
        placeOfService: value,
        version: value,
        amountCents: value,
        method: fc.constantFrom('card', 'cash', 'x'),
        receivedOn: fc.constantFrom('2026-12-01', 'yesterday', ''),
        allocations: fc.array(fc.record({ chargeLineId: fc.constant(lineId), amountCents: value }), {
          maxLength: 3,
        }),
        reason: value,
      },
      { requiredKeys: [] },
    );
    const targets: [string, string][] = [
      ['POST', `/api/billing/visits/${v.id}/lines`],
      ['PUT', `/api/billing/lines/${lineId}`],
      ['POST', `/api/patients/${pid}/payments`],
      ['POST', `/api/billing/lines/${lineId}/reverse`],
    ];
    const bad: string[] = [];
    for (const [method, url] of targets)
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const r = await a.biller.inject({ method: method as 'POST', url, payload: b });
          if (r.statusCode >= 500) bad.push(`${method} ${url} ${r.statusCode} ${r.body.slice(0, 120)}`);
          if (r.statusCode >= 400) expect(String(r.headers['content-type'])).toMatch(/problem\+json/);
        }),
        { numRuns: 40, seed: 22 },
      );
    expect(bad).toEqual([]);
  });
});

describe('one service, billed once', () => {
  it('a session held in a completed dosing visit is billed as that visit, never twice', async () => {
    const pid = await billingPatient(t, a.front_desk);
    const v = await billingVisit(t, pid, a.prescriber.userId, {
      session: { route: 'im', doses: [{ mg: 25 }] },
    });
    const first = await a.biller.post(`/api/billing/visits/${v.sessionId}/propose`);
    expect(first.json().visit.lines[0]).toMatchObject({ visitId: v.id });
    await a.biller.post(`/api/billing/visits/${v.id}/finalise`, {});
    expect((await a.biller.post(`/api/billing/visits/${v.sessionId}/propose`)).statusCode).toBe(409);
    const tab = (await a.biller.get(`/api/patients/${pid}/billing`)).json();
    expect(tab.visits.map((x: { id: string }) => x.id)).toEqual([v.id]);
    expect(tab.balance.chargedCents).toBe(21_000);
  });
});
