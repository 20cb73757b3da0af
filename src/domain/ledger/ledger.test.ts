import { describe, expect, it } from 'vitest';
import {
  type ApplyResult,
  applyEvent,
  concentrationUgPerMl,
  describeLedgerError,
  discrepancy,
  EMPTY_LEDGER,
  formatQuantity,
  type LedgerEvent,
  LedgerEventSchema,
  type LedgerState,
  mgToUg,
  mlToUg,
  replay,
  ugToMl,
} from './index';

// A 500 mg / 10 mL vial (50 mg/mL) received into the main safe.
const vial: LedgerEvent = {
  type: 'receive',
  id: 'e1',
  at: '2026-03-02T14:00:00Z',
  actorId: 'nurse-a',
  containerId: 'vial-1',
  lotId: 'LOT-A',
  productId: 'ketamine-50mg-ml',
  locationId: 'safe-main',
  quantityUg: mgToUg(500),
  concentrationUgPerMl: concentrationUgPerMl(500, 10),
  expiresOn: '2026-12-31',
  receivedOn: '2026-03-02',
  invoiceNumber: 'INV-1',
};

const base = {
  at: '2026-03-03T15:00:00Z',
  actorId: 'nurse-a',
  containerId: 'vial-1',
  locationId: 'safe-main',
};

function ok(result: ApplyResult): LedgerState {
  if (!result.ok) throw new Error(describeLedgerError(result.error));
  return result.state;
}

const received = ok(applyEvent(EMPTY_LEDGER, vial));

describe('quantities', () => {
  it('stores integer micrograms and derives mL from concentration', () => {
    expect(mgToUg(37.5)).toBe(37_500);
    expect(mgToUg(0.1) + mgToUg(0.2)).toBe(mgToUg(0.3));
    expect(concentrationUgPerMl(500, 10)).toBe(50_000);
    expect(mlToUg(0.75, 50_000)).toBe(37_500);
    expect(ugToMl(37_500, 50_000)).toBe(0.75);
    expect(formatQuantity(12_500, 50_000)).toBe('12.5 mg (0.25 mL)');
  });
});

describe('applyEvent', () => {
  it('receives a container and moves stock out of it', () => {
    expect(received.containers['vial-1']?.balanceUg).toBe(500_000);
    const s = ok(
      applyEvent(received, {
        ...base,
        type: 'administer',
        id: 'e2',
        quantityUg: 35_000,
        patientId: 'p1',
        sessionId: 's1',
      }),
    );
    const w = ok(
      applyEvent(s, { ...base, type: 'waste', id: 'e3', quantityUg: 5_000, witnessIds: ['nurse-b'] }),
    );
    expect(w.containers['vial-1']?.balanceUg).toBe(460_000);
    expect(w.appliedCount).toBe(3);
    // The input state is untouched (pure).
    expect(received.containers['vial-1']?.balanceUg).toBe(500_000);
  });

  it('refuses to make a balance negative', () => {
    const r = applyEvent(received, {
      ...base,
      type: 'dispense',
      id: 'e2',
      quantityUg: 500_001,
      patientId: 'p1',
    });
    expect(r).toEqual({
      ok: false,
      error: { code: 'negative_balance', containerId: 'vial-1', balanceUg: 500_000, requestedUg: 500_001 },
    });
    const adjust = applyEvent(received, {
      ...base,
      type: 'adjust',
      id: 'e2',
      deltaUg: -600_000,
      reason: 'spill',
      witnessIds: ['nurse-b'],
    });
    expect(adjust.ok ? null : adjust.error.code).toBe('negative_balance');
  });

  it('refuses an expired lot for patients unless a reason is given, but allows its disposal', () => {
    const late = { ...base, at: '2027-01-05T15:00:00Z' };
    const r = applyEvent(received, {
      ...late,
      type: 'administer',
      id: 'e2',
      quantityUg: 1000,
      patientId: 'p',
      sessionId: 's',
    });
    expect(r.ok ? null : r.error).toEqual({
      code: 'expired_lot',
      containerId: 'vial-1',
      lotId: 'LOT-A',
      expiresOn: '2026-12-31',
      onDate: '2027-01-05',
    });
    const overridden = applyEvent(received, {
      ...late,
      type: 'administer',
      id: 'e2',
      quantityUg: 1000,
      patientId: 'p',
      sessionId: 's',
      expiredOverrideReason: 'no in-date stock; prescriber approved',
    });
    expect(overridden.ok).toBe(true);
    const destroyed = applyEvent(received, {
      ...late,
      type: 'destroy',
      id: 'e2',
      quantityUg: 500_000,
      witnessIds: ['nurse-b', 'md-c'],
    });
    expect(destroyed.ok).toBe(true);
    // The clinic-local date wins over the UTC date: 23:30 on 31 Dec in New York is 04:30Z on 1 Jan.
    const lastEvening = applyEvent(received, {
      ...base,
      at: '2027-01-01T04:30:00Z',
      localDate: '2026-12-31',
      type: 'dispense',
      id: 'e2',
      quantityUg: 1000,
      patientId: 'p',
    });
    expect(lastEvening.ok).toBe(true);
  });

  it('refuses to move stock from a container that is elsewhere, and tracks transfers', () => {
    const moved = ok(
      applyEvent(received, {
        ...base,
        type: 'transfer',
        id: 'e2',
        fromLocationId: 'safe-main',
        toLocationId: 'safe-room-2',
      }),
    );
    expect(moved.containers['vial-1']?.locationId).toBe('safe-room-2');
    const r = applyEvent(moved, {
      ...base,
      type: 'administer',
      id: 'e3',
      quantityUg: 1000,
      patientId: 'p',
      sessionId: 's',
    });
    expect(r.ok ? null : r.error).toEqual({
      code: 'wrong_location',
      containerId: 'vial-1',
      containerLocationId: 'safe-room-2',
      eventLocationId: 'safe-main',
    });
    const same = applyEvent(received, {
      ...base,
      type: 'transfer',
      id: 'e2',
      fromLocationId: 'safe-main',
      toLocationId: 'safe-main',
    });
    expect(same.ok ? null : same.error.code).toBe('same_location');
  });

  it('requires witnesses: one for waste and adjust, two for destroy, never the actor, never twice', () => {
    const code = (event: LedgerEvent) => {
      const r = applyEvent(received, event);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code({ ...base, type: 'waste', id: 'w', quantityUg: 1000 })).toBe('witness_missing');
    expect(code({ ...base, type: 'waste', id: 'w', quantityUg: 1000, witnessIds: ['nurse-a'] })).toBe(
      'witness_is_actor',
    );
    expect(code({ ...base, type: 'waste', id: 'w', quantityUg: 1000, witnessIds: ['nurse-b'] })).toBe('ok');
    expect(code({ ...base, type: 'destroy', id: 'd', quantityUg: 1000, witnessIds: ['nurse-b'] })).toBe(
      'witness_missing',
    );
    expect(
      code({ ...base, type: 'destroy', id: 'd', quantityUg: 1000, witnessIds: ['nurse-b', 'nurse-b'] }),
    ).toBe('duplicate_witness');
    expect(
      code({ ...base, type: 'destroy', id: 'd', quantityUg: 1000, witnessIds: ['nurse-b', 'md-c'] }),
    ).toBe('ok');
    expect(code({ ...base, type: 'adjust', id: 'a', deltaUg: 500, reason: 'recount' })).toBe(
      'witness_missing',
    );
    expect(code({ ...base, type: 'adjust', id: 'a', deltaUg: 500, reason: ' ', witnessIds: ['md-c'] })).toBe(
      'reason_required',
    );
    expect(code({ ...base, type: 'theft_loss', id: 't', quantityUg: 1000, discoveredOn: '2026-03-03' })).toBe(
      'ok',
    );
  });

  it('rejects fractional or non-positive quantities and unknown or duplicate containers', () => {
    const code = (state: LedgerState, event: LedgerEvent) => {
      const r = applyEvent(state, event);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(received, { ...base, type: 'dispense', id: 'x', quantityUg: 0.5, patientId: 'p' })).toBe(
      'invalid_quantity',
    );
    expect(code(received, { ...base, type: 'dispense', id: 'x', quantityUg: 0, patientId: 'p' })).toBe(
      'invalid_quantity',
    );
    expect(
      code(received, {
        ...base,
        containerId: 'nope',
        type: 'dispense',
        id: 'x',
        quantityUg: 1,
        patientId: 'p',
      }),
    ).toBe('unknown_container');
    expect(code(received, vial)).toBe('container_exists');
  });

  it('records a count without changing the balance and reports the discrepancy', () => {
    const count = {
      ...base,
      type: 'count' as const,
      id: 'c1',
      observedUg: 499_000,
      kind: 'routine' as const,
    };
    expect(discrepancy(count, received)).toEqual({
      containerId: 'vial-1',
      countEventId: 'c1',
      expectedUg: 500_000,
      observedUg: 499_000,
      differenceUg: -1000,
      matches: false,
    });
    const r = applyEvent(received, count);
    if (!r.ok) throw new Error('count refused');
    expect(r.state.containers['vial-1']?.balanceUg).toBe(500_000);
    expect(r.state.containers['vial-1']?.lastCount).toMatchObject({
      observedUg: 499_000,
      expectedUg: 500_000,
    });
    expect(r.discrepancy?.differenceUg).toBe(-1000);
  });
});

describe('replay', () => {
  const events: LedgerEvent[] = [
    vial,
    { ...vial, id: 'e1b', containerId: 'vial-2', lotId: 'LOT-B' },
    {
      ...vial,
      id: 'e1c',
      containerId: 'troches-1',
      lotId: 'LOT-T',
      productId: 'ketamine-troche-100mg',
      locationId: 'safe-room-2',
      quantityUg: mgToUg(3000),
      concentrationUgPerMl: undefined,
    },
    { ...base, type: 'administer', id: 'e2', quantityUg: 35_000, patientId: 'p1', sessionId: 's1' },
    { ...base, type: 'waste', id: 'e3', quantityUg: 15_000, witnessIds: ['nurse-b'] },
    { ...base, type: 'dispense', id: 'e4', quantityUg: 999_999_999, patientId: 'p1' }, // refused
    { ...base, type: 'count', id: 'e5', observedUg: 449_000, kind: 'routine' },
    {
      ...base,
      type: 'adjust',
      id: 'e6',
      deltaUg: -1000,
      reason: 'count short by 0.02 mL',
      witnessIds: ['md-c'],
    },
    {
      ...base,
      containerId: 'troches-1',
      locationId: 'safe-room-2',
      type: 'dispense',
      id: 'e7',
      quantityUg: mgToUg(600),
      patientId: 'p2',
    },
    {
      ...base,
      containerId: 'vial-2',
      type: 'transfer_out',
      id: 'e8',
      quantityUg: 500_000,
      recipient: 'Reverse Co.',
    },
  ];

  it('gives balances per container, lot, product and location and reports refused events', () => {
    const r = replay(events);
    expect(r.rejected).toEqual([
      { index: 5, eventId: 'e4', error: expect.objectContaining({ code: 'negative_balance' }) },
    ]);
    expect(r.discrepancies.map((d) => d.differenceUg)).toEqual([-1000]);
    expect(r.balances.byContainer).toEqual({
      'vial-1': { balanceUg: 449_000, balanceMl: 8.98 },
      'vial-2': { balanceUg: 0, balanceMl: 0 },
      'troches-1': { balanceUg: 2_400_000, balanceMl: null },
    });
    expect(r.balances.byLot).toEqual({ 'LOT-A': 449_000, 'LOT-B': 0, 'LOT-T': 2_400_000 });
    expect(r.balances.byProduct).toEqual({ 'ketamine-50mg-ml': 449_000, 'ketamine-troche-100mg': 2_400_000 });
    expect(r.balances.byLocation).toEqual({ 'safe-main': 449_000, 'safe-room-2': 2_400_000 });
    expect(r.balances.totalUg).toBe(2_849_000);
  });

  it('accepts the same events through the zod schema', () => {
    for (const e of events) expect(LedgerEventSchema.safeParse(e).success).toBe(true);
    const bad = LedgerEventSchema.safeParse({ ...vial, quantityUg: 1.5, expiresOn: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['expiresOn', 'quantityUg']);
  });
});
