import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargeLineRow } from '../../src/server/features/billing/repository';
import * as repo from '../../src/server/features/billing/repository';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { courseRow, patientRow, sessionRow } from '../support/rows';

// Migration 0027 and the billing repository on a real database (both engines): final lines are locked by the
// database, payments are append-only, and the read functions other features use give what they promise.
let tdb: TestDatabase;
const now = '2026-11-25T15:00:00.000Z';
const ids = { user: randomUUID(), patient: randomUUID(), session: '', other: '' };

const line = (over: Partial<ChargeLineRow>): ChargeLineRow => ({
  id: randomUUID(),
  patient_id: ids.patient,
  appointment_id: null,
  dosing_session_id: ids.session,
  at_home_session_id: null,
  service_date: '2026-11-25',
  seq: 1,
  code: '96372',
  modifiers: '[]',
  description: 'Injection',
  units: 1,
  unit_price_cents: 5000,
  amount_cents: 5000,
  diagnosis_codes: '["F33.2"]',
  diagnosis_pointers: '[1]',
  ndc: null,
  ndc_unit: null,
  ndc_quantity: null,
  place_of_service: '11',
  rendering_clinician_id: ids.user,
  origin: 'rules',
  rule_key: 'im.injection',
  state: 'proposed',
  reverses_id: null,
  reason: null,
  fee_schedule_id: null,
  finalised_by: null,
  finalised_at: null,
  created_by: null,
  created_at: now,
  updated_by: null,
  updated_at: now,
  version: 1,
  ...over,
});

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.handle.db;
  await db
    .insertInto('users')
    .values({
      id: ids.user,
      email: 'p@example.test',
      name: 'Prescriber',
      role: 'prescriber',
      status: 'active',
      password_hash: null,
      mfa_enabled: 0,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_last_step: null,
      patient_id: null,
      can_break_glass: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('patients')
    .values(patientRow(now, { id: ids.patient, chart_number: 'LIM-B1' }))
    .execute();
  const course = courseRow(ids.patient, ids.user, now);
  await db.insertInto('courses').values(course).execute();
  const s1 = sessionRow({ id: course.id as string, patient_id: ids.patient }, ids.user, now);
  const s2 = sessionRow({ id: course.id as string, patient_id: ids.patient }, ids.user, now, { number: 2 });
  await db.insertInto('dosing_sessions').values([s1, s2]).execute();
  ids.session = s1.id as string;
  ids.other = s2.id as string;
});
afterAll(() => tdb.close());

describe('billing tables (0027)', () => {
  it('a line must bill a visit, and units are at least 1', async () => {
    const db = tdb.handle.db;
    await expect(repo.insertChargeLine(db, line({ dosing_session_id: null }))).rejects.toThrow();
    await expect(repo.insertChargeLine(db, line({ units: 0 }))).rejects.toThrow();
  });

  it('a final line is locked by the database; a proposed one can change or go', async () => {
    const db = tdb.handle.db;
    const proposed = line({});
    await repo.insertChargeLine(db, proposed);
    const r = await repo.updateChargeLine(db, proposed.id, 1, { units: 2, amount_cents: 10_000, version: 2 });
    expect(Number(r.numUpdatedRows)).toBe(1);
    const fin = line({ state: 'final', finalised_by: ids.user, finalised_at: now });
    await repo.insertChargeLine(db, fin);
    await expect(
      db.updateTable('charge_lines').set({ amount_cents: 1 }).where('id', '=', fin.id).execute(),
    ).rejects.toThrow(/locked/);
    await expect(db.deleteFrom('charge_lines').where('id', '=', fin.id).execute()).rejects.toThrow(/locked/);
    const del = await repo.deleteProposedLine(db, proposed.id);
    expect(Number(del.numDeletedRows)).toBe(1);
    // One reversal per line. (Made after the line it reverses, as in use: the reads order a visit's lines by
    // sequence, then creation, so a reversal follows its line.)
    const later = new Date(Date.parse(now) + 60_000).toISOString();
    const rev = () =>
      line({
        state: 'final',
        origin: 'reversal',
        reverses_id: fin.id,
        amount_cents: -5000,
        finalised_at: later,
        created_at: later,
      });
    await repo.insertChargeLine(db, rev());
    await expect(repo.insertChargeLine(db, rev())).rejects.toThrow();
    expect((await repo.reversalOf(db, fin.id))?.amount_cents).toBe(-5000);
  });

  it('reads: a visit by any id, a patient by date range, final lines of visits, balance and payments', async () => {
    const db = tdb.handle.db;
    await repo.insertChargeLine(
      db,
      line({
        dosing_session_id: ids.other,
        service_date: '2026-12-02',
        state: 'final',
        amount_cents: 12_000,
        unit_price_cents: 12_000,
        modifiers: '["25"]',
        diagnosis_codes: '["F33.2","F41.1"]',
        diagnosis_pointers: '[1,2]',
      }),
    );
    const visit = await repo.chargesOfVisit(db, ids.other);
    expect(visit).toHaveLength(1);
    expect(visit[0]?.modifiers).toEqual(['25']);
    expect(visit[0]?.diagnosis_pointers).toEqual([1, 2]);
    expect(repo.visitKeyOf(visit[0] as repo.ChargeLine)).toBe(ids.other);
    expect(await repo.chargesOfPatient(db, ids.patient, { from: '2026-12-01' })).toHaveLength(1);
    expect(await repo.chargesOfPatient(db, ids.patient, { to: '2026-11-30' })).toHaveLength(2);
    const fin = await repo.finalChargesOfVisits(db, [ids.session, ids.other]);
    expect(fin.map((l) => l.amount_cents)).toEqual([5000, -5000, 12_000]);
    const pay = {
      id: randomUUID(),
      patient_id: ids.patient,
      amount_cents: 2000,
      reverses_id: null,
      method: 'card',
      received_on: '2026-12-02',
      reference: null,
      note: null,
      recorded_by: ids.user,
      recorded_at: now,
    };
    await repo.insertPayment(db, pay);
    await repo.insertAllocation(db, {
      payment_id: pay.id,
      charge_line_id: visit[0]?.id as string,
      patient_id: ids.patient,
      amount_cents: 2000,
    });
    expect(await repo.balanceOfPatient(db, ids.patient)).toEqual({
      chargedCents: 12_000,
      paidCents: 2000,
      balanceCents: 10_000,
    });
    const pays = await repo.paymentsOfPatient(db, ids.patient);
    expect(pays[0]?.allocations).toEqual([{ charge_line_id: visit[0]?.id, amount_cents: 2000 }]);
    await expect(db.updateTable('payments').set({ amount_cents: 1 }).execute()).rejects.toThrow();
    await expect(db.deleteFrom('payment_allocations').execute()).rejects.toThrow();
    // A void names the payment and carries the negated amount; a positive "void" is refused.
    await expect(repo.insertPayment(db, { ...pay, id: randomUUID(), reverses_id: pay.id })).rejects.toThrow();
    await repo.insertPayment(db, { ...pay, id: randomUUID(), reverses_id: pay.id, amount_cents: -2000 });
    expect((await repo.balanceOfPatient(db, ids.patient)).balanceCents).toBe(12_000);
  });
});
