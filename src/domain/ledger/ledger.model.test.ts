// Model-based test: random event sequences against a tiny independent model of the ledger.
//
// The model knows nothing about witnesses, expiry or locations; it only tracks one number per container.
// For every event it checks what must hold whatever the reason for acceptance or refusal:
//   - a refused event changes nothing (the state object we keep is the one we had);
//   - an accepted event changes exactly its own container, by exactly its signed amount;
//   - an outflow larger than the model's balance is always refused;
//   - no balance is ever negative, and each balance equals the sum of the accepted events for it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, balances, EMPTY_LEDGER, type LedgerEvent, type LedgerState, replay } from './index';

const containers = ['c1', 'c2', 'c3'];
const locations = ['safe-a', 'safe-b'];
const people = ['ann', 'bob', 'cy'];

// Witness lists are mostly well-formed (the actor filtered out) so that enough events get through to
// exercise the arithmetic; the rest keep the actor in, to exercise refusals.
const common = fc
  .record({
    id: fc.uuid(),
    at: fc.constant('2026-06-01T12:00:00Z'),
    actorId: fc.constantFrom(...people),
    witnesses: fc.subarray(people, { minLength: 0, maxLength: 3 }),
    honest: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    containerId: fc.constantFrom(...containers),
    locationId: fc.constantFrom(...locations),
  })
  .map(({ witnesses, honest, ...rest }) => ({
    ...rest,
    witnessIds: honest ? witnesses.filter((w) => w !== rest.actorId) : witnesses,
  }));
const qty = fc.integer({ min: 1, max: 200_000 });

const eventArb: fc.Arbitrary<LedgerEvent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ c: common, q: fc.integer({ min: 1, max: 500_000 }) }).map(
      ({ c, q }): LedgerEvent => ({
        ...c,
        type: 'receive',
        lotId: `lot-${c.containerId}`,
        productId: 'ket',
        quantityUg: q,
        expiresOn: '2027-01-01',
        receivedOn: '2026-06-01',
      }),
    ),
  },
  fc.record({ c: common, q: qty }).map(
    ({ c, q }): LedgerEvent => ({
      ...c,
      type: 'administer',
      quantityUg: q,
      patientId: 'p',
      sessionId: 's',
    }),
  ),
  fc
    .record({ c: common, q: qty })
    .map(({ c, q }): LedgerEvent => ({ ...c, type: 'dispense', quantityUg: q, patientId: 'p' })),
  fc.record({ c: common, q: qty }).map(({ c, q }): LedgerEvent => ({ ...c, type: 'waste', quantityUg: q })),
  fc.record({ c: common, q: qty }).map(({ c, q }): LedgerEvent => ({ ...c, type: 'destroy', quantityUg: q })),
  fc
    .record({ c: common, q: qty })
    .map(
      ({ c, q }): LedgerEvent => ({ ...c, type: 'theft_loss', quantityUg: q, discoveredOn: '2026-06-01' }),
    ),
  fc
    .record({ c: common, q: qty })
    .map(({ c, q }): LedgerEvent => ({ ...c, type: 'transfer_out', quantityUg: q, recipient: 'rd' })),
  fc
    .record({ c: common, d: fc.integer({ min: -200_000, max: 200_000 }).filter((d) => d !== 0) })
    .map(({ c, d }): LedgerEvent => ({ ...c, type: 'adjust', deltaUg: d, reason: 'recount' })),
  fc.record({ c: common, to: fc.constantFrom(...locations) }).map(
    ({ c, to }): LedgerEvent => ({
      ...c,
      type: 'transfer',
      fromLocationId: c.locationId,
      toLocationId: to,
    }),
  ),
  fc
    .record({ c: common, q: fc.integer({ min: 0, max: 500_000 }) })
    .map(({ c, q }): LedgerEvent => ({ ...c, type: 'count', observedUg: q, kind: 'routine' })),
);

// Most sequences open each container first, so that later events have something to act on; the
// arbitrary above still produces receives (duplicates, late openings) and events on unknown containers.
const historyArb = fc
  .tuple(
    fc.subarray(containers),
    fc.array(fc.tuple(fc.constantFrom(...locations), fc.integer({ min: 1, max: 500_000 })), {
      minLength: 3,
      maxLength: 3,
    }),
    fc.array(eventArb, { minLength: 1, maxLength: 60, size: 'max' }),
  )
  .map(([opened, stock, tail]) => [
    ...opened.map(
      (containerId, i): LedgerEvent => ({
        type: 'receive',
        id: `open-${containerId}`,
        at: '2026-06-01T08:00:00Z',
        actorId: 'ann',
        containerId,
        lotId: `lot-${containerId}`,
        productId: 'ket',
        locationId: stock[i]?.[0] ?? 'safe-a',
        quantityUg: stock[i]?.[1] ?? 1,
        expiresOn: '2027-01-01',
        receivedOn: '2026-06-01',
      }),
    ),
    ...tail,
  ]);

/** The model's own idea of each event's effect on its container. */
function modelDelta(e: LedgerEvent): number {
  if (e.type === 'receive') return e.quantityUg;
  if (e.type === 'adjust') return e.deltaUg;
  if (e.type === 'transfer' || e.type === 'count') return 0;
  return -e.quantityUg;
}

describe('ledger model', () => {
  it('matches an independent balance model on random event sequences', () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        let state: LedgerState = EMPTY_LEDGER;
        const model = new Map<string, number>();
        const acceptedSums = new Map<string, number>();
        let accepted = 0;
        for (const e of events) {
          const snapshot = structuredClone(state);
          const modelBalance = model.get(e.containerId);
          const result = applyEvent(state, e);
          // applyEvent never mutates its input, accepted or not.
          expect(state).toEqual(snapshot);
          if (!result.ok) {
            // A refused event leaves the books as they were: the caller keeps `state`.
            expect(balances(state)).toEqual(balances(snapshot));
            continue;
          }
          accepted += 1;
          const delta = modelDelta(e);
          // An outflow beyond what the model holds can never be accepted.
          if (modelBalance !== undefined) expect(modelBalance + delta).toBeGreaterThanOrEqual(0);
          // Only a receive may open a container, and only once.
          expect(modelBalance === undefined).toBe(e.type === 'receive');
          model.set(e.containerId, (modelBalance ?? 0) + delta);
          acceptedSums.set(e.containerId, (acceptedSums.get(e.containerId) ?? 0) + delta);
          state = result.state;
          // Exactly this container changed, by exactly this amount.
          for (const id of containers) {
            const expected = model.get(id);
            expect(state.containers[id]?.balanceUg).toBe(expected);
            if (expected !== undefined) expect(expected).toBeGreaterThanOrEqual(0);
          }
        }
        expect(state.appliedCount).toBe(accepted);
        // Replay of the whole history gives the same books.
        const replayed = replay(events);
        expect(replayed.state).toEqual(state);
        expect(replayed.rejected.length).toBe(events.length - accepted);
        for (const [id, sum] of acceptedSums) expect(replayed.balances.byContainer[id]?.balanceUg).toBe(sum);
        const total = [...model.values()].reduce((a, b) => a + b, 0);
        expect(replayed.balances.totalUg).toBe(total);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every outflow that exceeds the balance (targeted property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (have, take) => {
        const received = applyEvent(EMPTY_LEDGER, {
          type: 'receive',
          id: 'r',
          at: '2026-06-01T12:00:00Z',
          actorId: 'ann',
          containerId: 'c',
          lotId: 'l',
          productId: 'p',
          locationId: 'safe-a',
          quantityUg: have,
          expiresOn: '2027-01-01',
          receivedOn: '2026-06-01',
        });
        if (!received.ok) throw new Error('receive refused');
        const r = applyEvent(received.state, {
          type: 'theft_loss',
          id: 't',
          at: '2026-06-01T12:00:00Z',
          actorId: 'ann',
          containerId: 'c',
          locationId: 'safe-a',
          quantityUg: take,
          discoveredOn: '2026-06-01',
        });
        expect(r.ok).toBe(take <= have);
      }),
    );
  });
});
