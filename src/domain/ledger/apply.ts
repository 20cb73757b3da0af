// Ledger arithmetic: apply one event to the current stock, replay a whole history, report discrepancies.
//
// applyEvent is pure and total: it either returns a NEW state or a typed error and leaves the old state
// untouched, so a rejected event changes nothing. The rules it enforces are the ones DOMAIN §6 states
// (balances never negative; witnesses for waste, destroy and adjust; no movement from a container that is
// somewhere else) plus the clinic safeguard of not giving patients an expired lot without a stated reason.

import type { IsoDate } from './calendar';
import { balanceDelta, type CountEvent, type LedgerEvent, REQUIRED_WITNESSES } from './events';
import { type Micrograms, ugToMl } from './quantity';

export interface ContainerState {
  containerId: string;
  lotId: string;
  productId: string;
  locationId: string;
  expiresOn: IsoDate;
  concentrationUgPerMl?: number;
  balanceUg: Micrograms;
  lastCount?: { eventId: string; at: string; observedUg: Micrograms; expectedUg: Micrograms };
}

export interface LedgerState {
  readonly containers: Readonly<Record<string, ContainerState>>;
  readonly appliedCount: number;
}

export const EMPTY_LEDGER: LedgerState = { containers: {}, appliedCount: 0 };

export type LedgerError =
  | { code: 'invalid_quantity'; field: string; value: unknown }
  | { code: 'unknown_container'; containerId: string }
  | { code: 'container_exists'; containerId: string }
  | { code: 'negative_balance'; containerId: string; balanceUg: Micrograms; requestedUg: Micrograms }
  | { code: 'expired_lot'; containerId: string; lotId: string; expiresOn: IsoDate; onDate: IsoDate }
  | { code: 'wrong_location'; containerId: string; containerLocationId: string; eventLocationId: string }
  | { code: 'same_location'; containerId: string; locationId: string }
  | { code: 'witness_missing'; required: number; given: number }
  | { code: 'witness_is_actor'; witnessId: string }
  | { code: 'duplicate_witness'; witnessId: string }
  | { code: 'reason_required' };

export interface Discrepancy {
  containerId: string;
  countEventId: string;
  expectedUg: Micrograms;
  observedUg: Micrograms;
  /** observed − expected: negative means stock is missing. */
  differenceUg: Micrograms;
  matches: boolean;
}

export type ApplyResult =
  | { ok: true; state: LedgerState; discrepancy?: Discrepancy }
  | { ok: false; error: LedgerError };

const fail = (error: LedgerError): ApplyResult => ({ ok: false, error });

/** The clinic-local date of an event (see `localDate` in events.ts). */
export function eventDate(event: LedgerEvent): IsoDate {
  return event.localDate ?? event.at.slice(0, 10);
}

function checkWitnesses(event: LedgerEvent): LedgerError | null {
  const witnesses = event.witnessIds ?? [];
  const seen = new Set<string>();
  for (const w of witnesses) {
    if (w === event.actorId) return { code: 'witness_is_actor', witnessId: w };
    if (seen.has(w)) return { code: 'duplicate_witness', witnessId: w };
    seen.add(w);
  }
  const required = REQUIRED_WITNESSES[event.type];
  return seen.size < required ? { code: 'witness_missing', required, given: seen.size } : null;
}

function checkQuantity(event: LedgerEvent): LedgerError | null {
  // The schema checks this at the boundary; repeating it here keeps the arithmetic exact for any caller.
  switch (event.type) {
    case 'transfer':
      return null;
    case 'adjust':
      return Number.isSafeInteger(event.deltaUg) && event.deltaUg !== 0
        ? null
        : { code: 'invalid_quantity', field: 'deltaUg', value: event.deltaUg };
    case 'count':
      return Number.isSafeInteger(event.observedUg) && event.observedUg >= 0
        ? null
        : { code: 'invalid_quantity', field: 'observedUg', value: event.observedUg };
    default:
      return Number.isSafeInteger(event.quantityUg) && event.quantityUg > 0
        ? null
        : { code: 'invalid_quantity', field: 'quantityUg', value: event.quantityUg };
  }
}

function withContainer(state: LedgerState, container: ContainerState): LedgerState {
  return {
    containers: { ...state.containers, [container.containerId]: container },
    appliedCount: state.appliedCount + 1,
  };
}

/** Compares a count with the book balance. A count of an unknown container is all discrepancy. */
export function discrepancy(countEvent: CountEvent, state: LedgerState): Discrepancy {
  const expectedUg = state.containers[countEvent.containerId]?.balanceUg ?? 0;
  const differenceUg = countEvent.observedUg - expectedUg;
  return {
    containerId: countEvent.containerId,
    countEventId: countEvent.id,
    expectedUg,
    observedUg: countEvent.observedUg,
    differenceUg,
    matches: differenceUg === 0,
  };
}

export function applyEvent(state: LedgerState, event: LedgerEvent): ApplyResult {
  const quantityError = checkQuantity(event) ?? checkWitnesses(event);
  if (quantityError) return fail(quantityError);

  if (event.type === 'receive') {
    if (state.containers[event.containerId])
      return fail({ code: 'container_exists', containerId: event.containerId });
    return {
      ok: true,
      state: withContainer(state, {
        containerId: event.containerId,
        lotId: event.lotId,
        productId: event.productId,
        locationId: event.locationId,
        expiresOn: event.expiresOn,
        ...(event.concentrationUgPerMl === undefined
          ? {}
          : { concentrationUgPerMl: event.concentrationUgPerMl }),
        balanceUg: event.quantityUg,
      }),
    };
  }

  const container = state.containers[event.containerId];
  if (!container) return fail({ code: 'unknown_container', containerId: event.containerId });

  const eventLocationId = event.type === 'transfer' ? event.fromLocationId : event.locationId;
  if (eventLocationId !== container.locationId) {
    return fail({
      code: 'wrong_location',
      containerId: container.containerId,
      containerLocationId: container.locationId,
      eventLocationId,
    });
  }

  switch (event.type) {
    case 'transfer':
      if (event.toLocationId === event.fromLocationId) {
        return fail({
          code: 'same_location',
          containerId: container.containerId,
          locationId: event.toLocationId,
        });
      }
      return { ok: true, state: withContainer(state, { ...container, locationId: event.toLocationId }) };
    case 'count': {
      const d = discrepancy(event, state);
      const lastCount = {
        eventId: event.id,
        at: event.at,
        observedUg: event.observedUg,
        expectedUg: d.expectedUg,
      };
      return { ok: true, state: withContainer(state, { ...container, lastCount }), discrepancy: d };
    }
    case 'adjust':
      if (event.reason.trim() === '') return fail({ code: 'reason_required' });
      break;
    case 'administer':
    case 'dispense': {
      const onDate = eventDate(event);
      const overridden = (event.expiredOverrideReason ?? '').trim() !== '';
      if (onDate > container.expiresOn && !overridden) {
        return fail({
          code: 'expired_lot',
          containerId: container.containerId,
          lotId: container.lotId,
          expiresOn: container.expiresOn,
          onDate,
        });
      }
      break;
    }
    default:
      break;
  }

  const delta = balanceDelta(event);
  const balanceUg = container.balanceUg + delta;
  if (balanceUg < 0) {
    return fail({
      code: 'negative_balance',
      containerId: container.containerId,
      balanceUg: container.balanceUg,
      requestedUg: -delta,
    });
  }
  return { ok: true, state: withContainer(state, { ...container, balanceUg }) };
}

export interface Balances {
  byContainer: Record<string, { balanceUg: Micrograms; balanceMl: number | null }>;
  byLot: Record<string, Micrograms>;
  byProduct: Record<string, Micrograms>;
  byLocation: Record<string, Micrograms>;
  totalUg: Micrograms;
}

export function balances(state: LedgerState): Balances {
  const out: Balances = { byContainer: {}, byLot: {}, byProduct: {}, byLocation: {}, totalUg: 0 };
  const add = (map: Record<string, number>, key: string, ug: number) => {
    map[key] = (map[key] ?? 0) + ug;
  };
  for (const c of Object.values(state.containers)) {
    out.byContainer[c.containerId] = {
      balanceUg: c.balanceUg,
      balanceMl: c.concentrationUgPerMl ? ugToMl(c.balanceUg, c.concentrationUgPerMl) : null,
    };
    add(out.byLot, c.lotId, c.balanceUg);
    add(out.byProduct, c.productId, c.balanceUg);
    add(out.byLocation, c.locationId, c.balanceUg);
    out.totalUg += c.balanceUg;
  }
  return out;
}

export interface ReplayResult {
  state: LedgerState;
  balances: Balances;
  /** Events that were refused, with why. A stored ledger should have none; replay reports, not throws. */
  rejected: Array<{ index: number; eventId: string; error: LedgerError }>;
  /** Counts that differed from the books, in order. */
  discrepancies: Discrepancy[];
}

export function replay(events: readonly LedgerEvent[], initial: LedgerState = EMPTY_LEDGER): ReplayResult {
  let state = initial;
  const rejected: ReplayResult['rejected'] = [];
  const discrepancies: Discrepancy[] = [];
  events.forEach((event, index) => {
    const result = applyEvent(state, event);
    if (!result.ok) {
      rejected.push({ index, eventId: event.id, error: result.error });
      return;
    }
    state = result.state;
    if (result.discrepancy && !result.discrepancy.matches) discrepancies.push(result.discrepancy);
  });
  return { state, balances: balances(state), rejected, discrepancies };
}

/** A sentence for the UI and printed logs. */
export function describeLedgerError(error: LedgerError): string {
  switch (error.code) {
    case 'invalid_quantity':
      return `${error.field} must be a whole number of micrograms (got ${String(error.value)})`;
    case 'unknown_container':
      return `container ${error.containerId} has not been received`;
    case 'container_exists':
      return `container ${error.containerId} was already received`;
    case 'negative_balance':
      return `container ${error.containerId} holds ${error.balanceUg} µg; ${error.requestedUg} µg would make it negative`;
    case 'expired_lot':
      return `lot ${error.lotId} expired on ${error.expiresOn}; a prescriber must give a reason to use it on ${error.onDate}`;
    case 'wrong_location':
      return `container ${error.containerId} is at ${error.containerLocationId}, not ${error.eventLocationId}`;
    case 'same_location':
      return `container ${error.containerId} is already at ${error.locationId}`;
    case 'witness_missing':
      return `${error.required} witness(es) required, ${error.given} given`;
    case 'witness_is_actor':
      return `${error.witnessId} cannot witness their own entry`;
    case 'duplicate_witness':
      return `${error.witnessId} is listed as a witness twice`;
    case 'reason_required':
      return 'an adjustment needs a reason';
  }
}
