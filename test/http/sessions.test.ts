import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { DEVICE, key, licensedStaff, put, readyPatient as readyFor, stockUp, VIAL } from '../support/dosing';

let t: TestApp;
let prescriber: Agent;
let nurse: Agent;
let therapist: Agent;
let desk: Agent;
let admin: Agent;

beforeAll(async () => {
  // Sessions last hours on the fake clock: keep the staff signed in throughout.
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  ({ prescriber, nurse, therapist, desk, admin } = await licensedStaff(t, 'CA-1'));
});
afterAll(async () => {
  await t.close();
});

/** A patient who passes every readiness item except those named in `skip` (the shared test helper). */
const readyPatient = (templateKey = 'im_kap', skip: string[] = []) =>
  readyFor({ prescriber, nurse, therapist, desk, admin }, templateKey, skip);

const vitals = (a: Agent, base: string, v: Record<string, number>, extra: Record<string, unknown> = {}) =>
  a.post(`${base}/entries`, { idempotencyKey: key(), entry: { kind: 'vitals', vitals: v }, ...extra });

describe('readiness gate', () => {
  it('lists every item and refuses to start until each is met or overridden where allowed', async () => {
    for (const item of [
      'screening_cleared',
      'consent_current',
      'preparation_signed',
      'licensed_prescriber',
    ]) {
      const { patientId, courseId } = await readyPatient('im_kap', [item]);
      const gate = (await nurse.get(`/api/patients/${patientId}/courses/${courseId}/readiness`)).json();
      expect(gate.ready).toBe(false);
      expect(gate.items.filter((i: { ok: boolean }) => !i.ok).map((i: { id: string }) => i.id)).toEqual([
        item,
      ]);
      const start = await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
      expect(start.statusCode).toBe(409);
      expect(start.json().errors[0].field).toBe(`overrides.${item}`);
    }
  });

  it('a prescriber may override an overridable item with a reason; a nurse may not; others cannot be overridden', async () => {
    const a = await readyPatient('im_kap', ['preparation_signed']);
    const byNurse = await nurse.post(`/api/patients/${a.patientId}/courses/${a.courseId}/sessions`, {
      overrides: [{ itemId: 'preparation_signed', reason: 'Prep done by phone' }],
    });
    expect(byNurse.statusCode).toBe(409);
    const ok = await prescriber.post(`/api/patients/${a.patientId}/courses/${a.courseId}/sessions`, {
      overrides: [{ itemId: 'preparation_signed', reason: 'Preparation held by phone; note to follow' }],
    });
    expect(ok.statusCode).toBe(201);
    const state = (await nurse.get(`/api/patients/${a.patientId}/sessions/${ok.json().id}`)).json();
    expect(state.readiness.find((i: { id: string }) => i.id === 'preparation_signed')).toMatchObject({
      ok: false,
      overrideReason: 'Preparation held by phone; note to follow',
    });
    const b = await readyPatient('im_kap', ['consent_current']);
    const refused = await prescriber.post(`/api/patients/${b.patientId}/courses/${b.courseId}/sessions`, {
      overrides: [{ itemId: 'consent_current', reason: 'Verbal consent' }],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toMatch(/cannot be overridden/);
  });

  it('esketamine needs REMS enrolment', async () => {
    const { patientId, courseId } = await readyPatient('esketamine', ['rems_enrolled']);
    const gate = (await nurse.get(`/api/patients/${patientId}/courses/${courseId}/readiness`)).json();
    expect(gate.items.find((i: { id: string }) => i.id === 'rems_enrolled').ok).toBe(false);
  });
});

describe('a complete IM session', () => {
  it('runs from pre-dose checks to a signed, locked record', async () => {
    const { patientId, courseId } = await readyPatient();
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const base = `/api/patients/${patientId}/sessions/${sid}`;
    expect(
      (
        await put(nurse, `${base}/checklist`, {
          fasting: true,
          escortName: 'Alex Example',
          rideArranged: true,
          medicationsSinceLastVisit: 'none',
          pregnancyStatus: 'not_pregnant',
          weightKg: 80,
        })
      ).statusCode,
    ).toBe(200);

    // Pre-dose hold at the threshold edge: 140/90 passes, 141 holds.
    const edge = await vitals(nurse, base, { sbp: 140, dbp: 90, hr: 80, spo2: 98 });
    expect(edge.json(), edge.body).toMatchObject({ alerts: [] });
    const held = (await vitals(nurse, base, { sbp: 141, dbp: 88, hr: 80, spo2: 98 })).json();
    expect(held.alerts.map((a: { level: string }) => a.level)).toEqual(['hold']);
    expect(held.alerts[0].source).toMatch(/Spravato/i);
    const blocked = await prescriber.post(`${base}/order`, { mgPerKg: 0.75 });
    expect(blocked.statusCode).toBe(409);
    // A re-check below the threshold clears the hold.
    expect((await vitals(nurse, base, { sbp: 132, dbp: 84, hr: 78, spo2: 98 })).json().alerts).toEqual([]);

    // Order limits: above the clinic's IM maximum is refused with the limit named.
    const tooMuch = await prescriber.post(`${base}/order`, { mgPerKg: 3 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().errors[0].message).toMatch(/mg\/kg/);
    expect((await nurse.post(`${base}/order`, { mgPerKg: 0.75 })).statusCode).toBe(403);
    const order = await prescriber.post(`${base}/order`, { mgPerKg: 0.75, acknowledgeWarnings: true });
    expect(order.statusCode).toBe(200);
    expect(order.json()).toMatchObject({ mg: 60, mgPerKg: 0.75, weightKg: 80 });
    expect(order.json().bioavailableMg).toBeCloseTo(60 * 0.93, 1);

    const vials = await stockUp({ prescriber, nurse, therapist, desk, admin }, VIAL, {
      count: 1,
      lot: 'LOT-A1',
    });
    const adm = await nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      site: 'left deltoid',
      phase: 'bolus',
      containerId: vials.containers[0],
    });
    expect(adm.statusCode).toBe(201);
    expect(
      (await nurse.post(`${base}/administrations`, { idempotencyKey: key(), mg: 10, phase: 'bolus' }))
        .statusCode,
    ).toBe(409); // above the order

    // In-session alert edges: 180 no alert, 181 alert; HR 111 alert.
    t.clock.advanceMinutes(15);
    expect((await vitals(nurse, base, { sbp: 180, dbp: 100, hr: 110, spo2: 97 })).json().alerts).toEqual([]);
    t.clock.advanceMinutes(15);
    const alert = (await vitals(nurse, base, { sbp: 181, dbp: 95, hr: 111, spo2: 96 })).json();
    expect(alert.alerts.map((a: { vital: string }) => a.vital).sort()).toEqual(['hr', 'sbp']);

    // A correction keeps the original.
    const wrong = (await vitals(nurse, base, { sbp: 200, dbp: 95, hr: 90, spo2: 97 })).json();
    const fix = await vitals(nurse, base, { sbp: 150, dbp: 95, hr: 90, spo2: 97 }, { correctsId: wrong.id });
    expect(fix.statusCode).toBe(201);
    await nurse.post(`${base}/entries`, { idempotencyKey: key(), entry: { kind: 'sedation', moaas: 4 } });
    await nurse.post(`${base}/entries`, {
      idempotencyKey: key(),
      entry: { kind: 'side_effect', effect: 'nausea', severity: 'mild' },
    });

    // Offline retry: the same idempotency key is applied once.
    const k = key();
    const first = await nurse.post(`${base}/entries`, {
      idempotencyKey: k,
      entry: { kind: 'observation', text: 'Resting comfortably' },
    });
    const again = await nurse.post(`${base}/entries`, {
      idempotencyKey: k,
      entry: { kind: 'observation', text: 'Resting comfortably' },
    });
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    // The key is this session's: on any other session id it is refused, and a fresh key there finds no session.
    const elsewhere = `/api/patients/${patientId}/sessions/00000000-0000-4000-8000-000000000000/entries`;
    const reused = await nurse.post(elsewhere, {
      idempotencyKey: k,
      entry: { kind: 'observation', text: 'Resting comfortably' },
    });
    expect(reused.statusCode).toBe(409);
    const nowhere = await nurse.post(elsewhere, {
      idempotencyKey: key(),
      entry: { kind: 'observation', text: 'Resting comfortably' },
    });
    expect(nowhere.statusCode).toBe(404);

    const state = (await prescriber.get(base)).json();
    const original = state.entries.find((e: { id: string }) => e.id === wrong.id);
    expect(original.correctedBy).toBe(fix.json().id);
    expect(
      state.entries.filter(
        (e: { kind: string; data: { text?: string } }) => e.data.text === 'Resting comfortably',
      ),
    ).toHaveLength(1);
    expect(state.cadence.minimumMonitoringMinutes).toBeGreaterThan(0);
    expect(state.rules.every((r: { source: string }) => r.source.length > 0)).toBe(true);

    // Exposure curve: labelled an estimate, with now marked.
    const curve = (await prescriber.get(`${base}/exposure?model=kamp`)).json();
    expect(curve.estimate).toBe(true);
    expect(curve.caveat).toMatch(/estimate/i);
    expect(curve.nowMinute).toBeGreaterThan(0);

    // Discharge too early is refused with the items named; later it passes.
    const early = await nurse.post(`${base}/discharge`, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Alex Example',
      acknowledgedNoDriving: true,
      readyToLeaveAt: t.clock.now().toISOString(),
    });
    expect(early.statusCode).toBe(409);
    t.clock.advanceMinutes(60);
    await vitals(nurse, base, { sbp: 128, dbp: 82, hr: 76, spo2: 98 });
    await nurse.post(`${base}/entries`, { idempotencyKey: key(), entry: { kind: 'sedation', moaas: 5 } });
    const done = await nurse.post(`${base}/discharge`, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Alex Example',
      acknowledgedNoDriving: true,
      readyToLeaveAt: t.clock.now().toISOString(),
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().totalMonitoringMinutes).toBeGreaterThanOrEqual(90);

    expect(
      (await put(therapist, `${base}/narrative`, { text: 'Patient described a sense of spaciousness.' }))
        .statusCode,
    ).toBe(200);
    expect((await nurse.post(`${base}/sign`)).statusCode).toBe(403);
    expect((await prescriber.post(`${base}/sign`)).statusCode).toBe(200);
    // Locked: no more entries; addenda allowed.
    expect((await vitals(nurse, base, { sbp: 120, dbp: 80 })).statusCode).toBe(409);
    expect(
      (await therapist.post(`${base}/addenda`, { body: 'Called the next day: slept well.' })).statusCode,
    ).toBe(201);
    const pdf = await prescriber.get(`${base}/record.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const courses = (await prescriber.get(`/api/patients/${patientId}/courses`)).json().courses;
    // The 200 was corrected to 150: the peak is the highest live reading, 181.
    expect(courses[0].sessions[0]).toMatchObject({ doseMg: 60, peakSbp: 181, status: 'signed' });
  });
});

describe('a confidential record', () => {
  it('takes monitoring entries from its care team only; anyone else is answered as if it did not exist', async () => {
    const { patientId, courseId } = await readyPatient();
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const base = `/api/patients/${patientId}/sessions/${sid}`;
    const mark = await prescriber.inject({
      method: 'PUT',
      url: `/api/patients/${patientId}/confidential`,
      payload: { confidential: true },
    });
    expect(mark.statusCode).toBe(200);
    const stored = async () =>
      (
        await t.db.handle.db
          .selectFrom('session_entries')
          .select('id')
          .where('session_id', '=', sid)
          .execute()
      ).length;
    const before = await stored();
    // A nurse of the clinic, not on this patient's care team: the same 404 as for a record that does not exist.
    const other = await t.loginAs('nurse');
    const refused = await vitals(other, base, { hr: 70, sbp: 120, dbp: 80 });
    expect(refused.statusCode).toBe(404);
    expect(await stored()).toBe(before);
    const denied = await t.db.handle.db
      .selectFrom('audit_log')
      .select(['outcome', 'action'])
      .where('actor_id', '=', other.userId)
      .where('patient_id', '=', patientId)
      .execute();
    expect(denied).toEqual([{ outcome: 'denied', action: 'session.entry' }]);
    // The care team's nurse records it.
    const saved = await vitals(nurse, base, { hr: 70, sbp: 120, dbp: 80 });
    expect(saved.statusCode).toBe(201);
    expect(await stored()).toBe(before + 1);
  });
});

describe('course summary', () => {
  it("a session's peak blood pressure and heart rate count corrected readings as corrected", async () => {
    const { patientId, courseId } = await readyPatient();
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const base = `/api/patients/${patientId}/sessions/${sid}`;
    // Typed 210 for 120 (and HR 130 for 74): once corrected, the session's peak is the corrected reading.
    const wrong = (await vitals(nurse, base, { sbp: 210, dbp: 82, hr: 130, spo2: 98 })).json();
    const fix = await vitals(nurse, base, { sbp: 120, dbp: 82, hr: 74, spo2: 98 }, { correctsId: wrong.id });
    expect(fix.statusCode, fix.body).toBe(201);
    const courses = (await prescriber.get(`/api/patients/${patientId}/courses`)).json().courses;
    expect(courses[0].sessions[0]).toMatchObject({ peakSbp: 120, peakHr: 74 });
  });
});

describe('esketamine session', () => {
  it('enforces 56/84 mg, 5 minutes between devices, 120 minutes before discharge, and builds the REMS record', async () => {
    const { patientId, courseId } = await readyPatient('esketamine');
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const base = `/api/patients/${patientId}/sessions/${sid}`;
    await put(nurse, `${base}/checklist`, {
      fasting: true,
      escortName: 'Kim Ride',
      rideArranged: true,
      medicationsSinceLastVisit: 'none',
      pregnancyStatus: 'not_applicable',
      weightKg: 75,
    });
    await vitals(nurse, base, { sbp: 124, dbp: 80, hr: 70, spo2: 98 });
    expect((await prescriber.post(`${base}/order`, { mg: 70 })).statusCode).toBe(422);
    const esk = await prescriber.post(`${base}/order`, { mg: 56, acknowledgeWarnings: true });
    expect(esk.statusCode, esk.body).toBe(200);
    const devices = (
      await stockUp({ prescriber, nurse, therapist, desk, admin }, DEVICE, { count: 2, lot: 'ESK-9' })
    ).containers;
    expect(
      (
        await nurse.post(`${base}/administrations`, {
          idempotencyKey: key(),
          mg: 28,
          phase: 'device',
          deviceNumber: 1,
          containerId: devices[0],
        })
      ).statusCode,
    ).toBe(201);
    t.clock.advanceMinutes(3);
    const tooSoon = await nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 28,
      phase: 'device',
      deviceNumber: 2,
    });
    expect(tooSoon.statusCode).toBe(422);
    t.clock.advanceMinutes(2);
    expect(
      (
        await nurse.post(`${base}/administrations`, {
          idempotencyKey: key(),
          mg: 28,
          phase: 'device',
          deviceNumber: 2,
          containerId: devices[1],
        })
      ).statusCode,
    ).toBe(201);
    t.clock.advanceMinutes(35);
    await vitals(nurse, base, { sbp: 138, dbp: 86, hr: 78, spo2: 97 });
    t.clock.advanceMinutes(75); // 115 min after the first device
    await vitals(nurse, base, { sbp: 126, dbp: 80, hr: 72, spo2: 98 });
    await nurse.post(`${base}/entries`, { idempotencyKey: key(), entry: { kind: 'sedation', moaas: 5 } });
    const body = {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Kim Ride',
      acknowledgedNoDriving: true,
      readyWithoutMinimumMinutes: 70,
    };
    const at119 = new Date(t.clock.now().getTime() + 4 * 60_000 - 1000).toISOString();
    const early = await nurse.post(`${base}/discharge`, { ...body, readyToLeaveAt: at119 });
    expect(early.statusCode).toBe(409);
    expect(early.json().errors.map((e: { field: string }) => e.field)).toContain('minimum_monitoring');
    t.clock.advanceMinutes(5);
    const ok = await nurse.post(`${base}/discharge`, {
      ...body,
      readyToLeaveAt: t.clock.now().toISOString(),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totalMonitoringMinutes).toBe(120);
    const rems = (await prescriber.get(`${base}/rems`)).json();
    const field = (k: string) => rems.fields.find((f: { key: string }) => f.key === k).value;
    expect(field('dose')).toBe('56 mg');
    expect(field('total_minutes')).toBe('120');
    expect(field('lot')).toBe('ESK-9');
    expect(field('bp_40')).toMatch(/138\/86/);
    expect(field('first_treatment')).toBe('Yes');
    expect(rems.complete).toBe(true);
    expect((await prescriber.post(`${base}/rems/submitted`)).statusCode).toBe(200);
    expect((await prescriber.get(`${base}/rems.pdf`)).rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });
});

describe('therapy notes', () => {
  it('autosave is version-checked, signing locks, addenda follow', async () => {
    const { patientId, courseId } = await readyPatient('im_kap', ['preparation_signed']);
    const note = (
      await therapist.post(`/api/patients/${patientId}/courses/${courseId}/notes`, {
        kind: 'preparation',
        sessionDate: '2026-11-21',
      })
    ).json();
    const v2 = (
      await put(therapist, `/api/patients/${patientId}/notes/${note.id}`, {
        version: 1,
        content: { intentions: 'draft one' },
      })
    ).json();
    expect(v2.version).toBe(2);
    const stale = await put(therapist, `/api/patients/${patientId}/notes/${note.id}`, {
      version: 1,
      content: { intentions: 'from another tab' },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (
        await put(prescriber, `/api/patients/${patientId}/notes/${note.id}`, {
          version: 2,
          content: { intentions: 'not mine' },
        })
      ).statusCode,
    ).toBe(403);
    await therapist.post(`/api/patients/${patientId}/notes/${note.id}/sign`);
    expect(
      (
        await put(therapist, `/api/patients/${patientId}/notes/${note.id}`, {
          version: 2,
          content: { intentions: 'changed' },
        })
      ).statusCode,
    ).toBe(409);
    const add = await therapist.post(`/api/patients/${patientId}/notes/${note.id}/addenda`, {
      body: 'Patient called to add a goal.',
    });
    expect(add.json().addenda).toHaveLength(1);
    expect(add.json().content.intentions).toBe('draft one');
    const integration = await therapist.post(`/api/patients/${patientId}/courses/${courseId}/notes`, {
      kind: 'integration',
      sessionDate: '2026-11-22',
    });
    expect(integration.json().errors[0].field).toBe('dosingSessionId');
  });
});

describe('stock drawn from the ledger', () => {
  it('an administration from a single-use vial draws from the container in the same transaction and asks for the witnessed waste', async () => {
    const loc = (
      await admin.post('/api/ledger/locations', { name: 'Dosing room safe', deaRegistration: 'AB1234563' })
    ).json().id;
    const product = (
      await admin.post('/api/ledger/products', {
        name: 'Ketamine HCl 50 mg/mL, 2 mL',
        ndc: '0409-2051-02',
        form: 'solution',
        strengthUgPerMl: 50_000,
        containerVolumeMl: 2,
        singleUse: true,
      })
    ).json().id;
    const rec = await nurse.post('/api/ledger/receive', {
      productId: product,
      lotNumber: 'LOT-S1',
      expiresOn: '2027-06-30',
      locationId: loc,
      containerCount: 1,
      supplier: 'Acme Pharma',
      invoiceNumber: 'INV-9',
      receivedOn: '2026-11-24',
    });
    const containerId = rec.json().containers[0].id;
    const { patientId, courseId } = await readyPatient();
    const sid = (await nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {})).json().id;
    const base = `/api/patients/${patientId}/sessions/${sid}`;
    await put(nurse, `${base}/checklist`, {
      fasting: true,
      escortName: 'A',
      rideArranged: true,
      medicationsSinceLastVisit: '',
      pregnancyStatus: 'not_pregnant',
      weightKg: 80,
    });
    await vitals(nurse, base, { sbp: 120, dbp: 80, hr: 70, spo2: 98 });
    expect((await prescriber.post(`${base}/order`, { mg: 110, acknowledgeWarnings: true })).statusCode).toBe(
      200,
    );
    const auditBefore = Number(
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const adm = await nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      phase: 'bolus',
      site: 'deltoid',
      containerId,
    });
    expect(adm.statusCode, adm.body).toBe(201);
    expect(adm.json().wasteRequired).toEqual({ containerId, quantityUg: 40_000 });
    const events = await t.ctx.db
      .selectFrom('ledger_events')
      .select(['type', 'patient_id', 'session_id'])
      .where('container_id', '=', containerId)
      .execute();
    expect(events.map((e) => e.type)).toEqual(['receive', 'administer']);
    expect(events[1]).toMatchObject({ patient_id: patientId, session_id: sid });
    // One request, one audit entry (the console's), not two.
    const auditAfter = Number(
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const recent = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .orderBy('seq', 'desc')
      .limit(auditAfter - auditBefore)
      .execute();
    expect(recent.map((r) => r.action)).toEqual(['session.administer']);
    expect((await nurse.get(`/api/ledger/containers/${containerId}`)).json().container.balanceUg).toBe(
      40_000,
    );
    // A second draw of more than the vial still holds (45 mg of 40 mg; within the 110 mg order) is refused by
    // the ledger, and the administration is not recorded either: both or neither.
    const entriesBefore = (await nurse.get(base)).json().entries.length;
    const over = await nurse.post(`${base}/administrations`, {
      idempotencyKey: key(),
      mg: 45,
      phase: 'bolus',
      containerId,
    });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json().detail).not.toMatch(/signed order/);
    expect((await nurse.get(base)).json().entries.length).toBe(entriesBefore);
    expect((await nurse.get(`/api/ledger/containers/${containerId}`)).json().container.balanceUg).toBe(
      40_000,
    );
  });
});
