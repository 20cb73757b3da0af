import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  type ContainerState,
  canonicalJson,
  type Discrepancy,
  describeLedgerError,
  EMPTY_LEDGER,
  type LedgerError,
  type LedgerEvent,
  type LedgerState,
  replay,
} from '../../../domain/ledger';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import { type Clock, dateInZone } from '../../platform/clock';
import { AppError, conflict, notFound } from '../../platform/errors';
import { getSetting } from '../../platform/settings';
import { appendChained, parsePayload } from './chain';
import { containerPayloads, type EventRow, lockContainer, updateContainerProjection } from './repository';

/** Columns of an event row that the domain event does not carry. */
export interface EventExtras {
  patientId?: string | null;
  sessionId?: string | null;
  orderId?: string | null;
  correctsEventId?: string | null;
  resolvesEventId?: string | null;
  inventoryId?: string | null;
  overrideBy?: string | null;
  reason?: string | null;
}

export interface Appended {
  row: EventRow;
  container: ContainerState;
  discrepancy?: Discrepancy;
}

/** Fields every event gets from the request: a new id, now, the clinic-local date, the actor, witnesses. */
export type EventBase = Pick<LedgerEvent, 'id' | 'at' | 'localDate' | 'actorId' | 'witnessIds'>;

/**
 * The write path of one ledger transaction. For each event it locks the container row, rebuilds the
 * container from its own events with the pure domain replay (so the balance checked is, by construction, the
 * sum of the events), applies the new event with the same rules (no balance below zero, no expired lot
 * without an override, no movement from a container kept elsewhere, witnesses), and appends the sealed row.
 * The caller has taken the chain lock first: on PostgreSQL that serialises every ledger writer before any
 * balance is read, so concurrent writers cannot spend the same micrograms twice.
 */
export class LedgerWriter {
  readonly appended: Appended[] = [];
  private readonly states = new Map<string, LedgerState>();

  constructor(
    readonly trx: Executor,
    private readonly clock: Clock,
    readonly auth: AuthContext,
    readonly localDate: string,
  ) {}

  base(witnessIds: string[] = []): EventBase {
    return {
      id: randomUUID(),
      at: this.clock.now().toISOString(),
      localDate: this.localDate,
      actorId: this.auth.userId,
      ...(witnessIds.length ? { witnessIds } : {}),
    };
  }

  /** The container as its events leave it (throws 404 when it does not exist). */
  async load(containerId: string): Promise<ContainerState> {
    const state = await this.stateOf(containerId, false);
    const c = state.containers[containerId];
    if (!c) throw notFound('container');
    return c;
  }

  private async stateOf(containerId: string, isNew: boolean): Promise<LedgerState> {
    const cached = this.states.get(containerId);
    if (cached) return cached;
    const row = await lockContainer(this.trx, containerId);
    if (!row && !isNew) throw notFound('container');
    const rebuilt = replay(
      (await containerPayloads(this.trx, containerId)).map((payload) => parsePayload({ payload })),
    );
    if (rebuilt.rejected.length) {
      throw conflict(
        'The stored history of this container does not add up; run `liminal ledger verify` before recording more.',
      );
    }
    this.states.set(containerId, rebuilt.state);
    return rebuilt.state;
  }

  async append(event: LedgerEvent, extras: EventExtras = {}): Promise<Appended> {
    const state =
      event.type === 'receive'
        ? (this.states.get(event.containerId) ?? EMPTY_LEDGER)
        : await this.stateOf(event.containerId, false);
    const before = state.containers[event.containerId];
    const result = applyEvent(state, event);
    if (!result.ok) throw ledgerError(result.error);
    this.states.set(event.containerId, result.state);
    const after = result.state.containers[event.containerId] as ContainerState;
    const delta = after.balanceUg - (before?.balanceUg ?? 0);
    const row = await appendChained(this.trx, {
      id: event.id,
      at: event.at,
      local_date: event.localDate ?? this.localDate,
      type: event.type,
      container_id: after.containerId,
      lot_id: after.lotId,
      product_id: after.productId,
      location_id: event.type === 'transfer' ? event.fromLocationId : event.locationId,
      to_location_id: event.type === 'transfer' ? event.toLocationId : null,
      quantity_ug: 'quantityUg' in event ? event.quantityUg : null,
      delta_ug: delta,
      balance_after_ug: after.balanceUg,
      observed_ug: event.type === 'count' ? event.observedUg : null,
      expected_ug: event.type === 'count' ? (result.discrepancy?.expectedUg ?? before?.balanceUg ?? 0) : null,
      actor_id: event.actorId,
      witness_ids: JSON.stringify(event.witnessIds ?? []),
      override_by: extras.overrideBy ?? null,
      patient_id: extras.patientId ?? null,
      session_id: extras.sessionId ?? null,
      order_id: extras.orderId ?? null,
      corrects_event_id: extras.correctsEventId ?? null,
      resolves_event_id: extras.resolvesEventId ?? null,
      inventory_id: extras.inventoryId ?? null,
      reason: extras.reason ?? null,
      payload: canonicalJson(event),
    });
    await updateContainerProjection(this.trx, after.containerId, {
      balance_ug: after.balanceUg,
      location_id: after.locationId,
      updated_at: event.at,
    });
    const appended: Appended = {
      row,
      container: after,
      ...(result.discrepancy ? { discrepancy: result.discrepancy } : {}),
    };
    this.appended.push(appended);
    return appended;
  }
}

/** Domain refusals as API errors: state conflicts are 409, bad input 422, each naming the field. */
export function ledgerError(e: LedgerError): AppError {
  const detail = describeLedgerError(e);
  const fieldFor: Partial<Record<LedgerError['code'], string>> = {
    negative_balance: 'quantityUg',
    expired_lot: 'expiredOverride',
    wrong_location: 'locationId',
    same_location: 'toLocationId',
    witness_missing: 'witnesses',
    witness_is_actor: 'witnesses',
    duplicate_witness: 'witnesses',
    reason_required: 'reason',
    container_exists: 'containerId',
  };
  const field = e.code === 'invalid_quantity' ? e.field : (fieldFor[e.code] ?? 'containerId');
  if (e.code === 'unknown_container') return notFound('container');
  const isConflict =
    e.code === 'negative_balance' ||
    e.code === 'expired_lot' ||
    e.code === 'wrong_location' ||
    e.code === 'container_exists';
  return new AppError(isConflict ? 'conflict' : 'validation_failed', detail, [{ field, message: detail }], {
    ledgerError: e.code,
  });
}

/**
 * Today in the clinic's time zone. Expiry, deadlines and report ranges are calendar dates where the clinic
 * is, not in UTC (an evening dose in California is already "tomorrow" in UTC).
 */
export async function clinicToday(db: Executor, clock: Clock): Promise<string> {
  const tz = await getSetting(db, 'clinic.timezone');
  try {
    return dateInZone(tz, clock.now());
  } catch {
    return clock.now().toISOString().slice(0, 10);
  }
}
