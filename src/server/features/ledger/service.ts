import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  adjustBody,
  administerBody,
  destroyBody,
  dispenseBody,
  filing,
  filingBody,
  receiveBody,
  theftLossBody,
  transferBody,
  wasteBody,
  writeResponse,
} from '../../../contracts/ledger';
import { type Executor, isUniqueViolation, lockChain, toBool } from '../../db/dialect';
import { type AuditInput, appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { type LedgerVerdict, verifyLedger } from './chain';
import { presentContainer, presentDiscrepancy, presentEvent, presentFiling } from './present';
import * as repo from './repository';
import { type Confirmed, confirmPeople, consumeConfirmations } from './witnesses';
import { clinicToday, LedgerWriter } from './writer';

type In<T extends z.ZodType> = z.infer<T>;
export type WriteResult = z.infer<typeof writeResponse>;

/** What a write step returns: its audit entry, and for a dose, the rest of a single-use container. */
interface StepResult {
  audit: AuditInput;
  wasteRequired?: { containerId: string; quantityUg: number } | null;
}

export function requirePermission(auth: AuthContext, perm: Permission): void {
  if (!auth.permissions.has(perm)) throw new AppError('forbidden');
}

/**
 * Movements of controlled stock (DOMAIN §6; records of receipt, dispensing and disposal under 21 CFR 1304.22).
 * Every method checks the permission, confirms witnesses before the transaction, then in one transaction
 * takes the ledger chain lock, consumes the witnesses' codes, appends the events and the audit entry.
 */
export class LedgerService {
  constructor(private readonly ctx: AppContext) {}

  /** Runs a write: everything in it commits together or not at all. */
  /**
   * Runs a write: everything in it commits together or not at all. With `outer`, the write joins a
   * transaction the caller owns (the session console draws stock in the same transaction as it records the
   * administration); the caller then writes the request's one audit entry, so none is written here.
   */
  async run(
    auth: AuthContext,
    confirmed: Confirmed[],
    step: (w: LedgerWriter) => Promise<StepResult>,
    outer?: Executor,
  ): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const { db, clock } = this.ctx;
    const today = await clinicToday(outer ?? db, clock);
    const body = async (trx: Executor) => {
      // Chain lock first: every ledger writer queues here before reading any balance (PostgreSQL).
      await lockChain(trx, 'ledger');
      await consumeConfirmations(trx, confirmed);
      const w = new LedgerWriter(trx, clock, auth, today);
      const result = await step(w);
      if (!outer) await appendAudit(trx, clock, auth, result.audit);
      return this.respond(trx, w, today, result.wasteRequired ?? null);
    };
    try {
      return outer ? await body(outer) : await db.transaction().execute(body);
    } catch (err) {
      // Two writers resolving the same discrepancy: the unique index is the last line of defence.
      if (isUniqueViolation(err)) throw conflict('This was already recorded.');
      throw err;
    }
  }

  private async respond(
    trx: Executor,
    w: LedgerWriter,
    today: string,
    wasteRequired: WriteResult['wasteRequired'],
  ): Promise<WriteResult> {
    const ids = [...new Set(w.appended.map((a) => a.row.container_id))];
    const views = await repo.listContainerViews(trx, { ids });
    const discrepancies = [];
    for (const a of w.appended) {
      if (a.discrepancy && !a.discrepancy.matches) {
        discrepancies.push(
          presentDiscrepancy({
            id: a.row.id,
            container_id: a.row.container_id,
            location_id: a.row.location_id,
            local_date: a.row.local_date,
            expected_ug: a.discrepancy.expectedUg,
            observed_ug: a.discrepancy.observedUg,
            seq: a.row.seq,
            resolved_by: null,
          }),
        );
      }
    }
    return {
      events: w.appended.map((a) => presentEvent(a.row)),
      containers: views.map((v) => presentContainer(v, today)),
      discrepancies,
      wasteRequired,
    };
  }

  private witnesses(auth: AuthContext, list: In<typeof wasteBody>['witnesses'], field = 'witnesses') {
    return confirmPeople(this.ctx, auth, list, {
      field,
      list: true,
      permission: 'ledger.witness',
      who: 'witness',
    });
  }

  private prescriber(
    auth: AuthContext,
    o: { prescriber: In<typeof wasteBody>['witnesses'][number] } | undefined,
  ) {
    if (!o) return Promise.resolve([]);
    return confirmPeople(this.ctx, auth, [o.prescriber], {
      field: 'expiredOverride.prescriber',
      list: false,
      permission: 'orders.sign',
      who: 'prescriber',
    });
  }

  /** A correction names an earlier event of the same container; the original is never changed. */
  private async checkCorrection(
    trx: Executor,
    correctsEventId: string | undefined,
    containerId: string,
  ): Promise<void> {
    if (!correctsEventId) return;
    const original = await repo.findEvent(trx, correctsEventId);
    if (!original || original.container_id !== containerId) {
      throw invalid('correctsEventId', 'No event of this container has this id');
    }
  }

  async receive(auth: AuthContext, b: In<typeof receiveBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], async (w) => {
      const product = await repo.findProduct(w.trx, b.productId);
      if (!product) throw invalid('productId', 'No such product');
      const location = await repo.findLocation(w.trx, b.locationId);
      if (!location) throw invalid('locationId', 'No such location');
      if (b.receivedOn > w.localDate)
        throw invalid('receivedOn', 'The date received cannot be in the future');
      let lot = await repo.findLot(w.trx, b.productId, b.lotNumber);
      if (lot && lot.expires_on !== b.expiresOn) {
        throw invalid('expiresOn', `Lot ${b.lotNumber} is recorded as expiring on ${lot.expires_on}`);
      }
      if (!lot) {
        lot = {
          id: randomUUID(),
          product_id: product.id,
          lot_number: b.lotNumber,
          expires_on: b.expiresOn,
          manufacturer: b.manufacturer ?? null,
          created_at: w.base().at,
        };
        await repo.insertLot(w.trx, lot);
      }
      const quantityUg = b.quantityUgPerContainer ?? Number(product.container_ug);
      const already = await repo.countContainersInLot(w.trx, lot.id);
      const strength = product.strength_ug_per_ml === null ? undefined : Number(product.strength_ug_per_ml);
      for (let i = 0; i < b.containerCount; i++) {
        const base = w.base();
        const containerId = randomUUID();
        await repo.insertContainer(w.trx, {
          id: containerId,
          lot_id: lot.id,
          product_id: product.id,
          label: `${b.lotNumber}-${already + i + 1}`,
          initial_ug: quantityUg,
          balance_ug: quantityUg,
          location_id: location.id,
          created_at: base.at,
          updated_at: base.at,
        });
        // Supplier registration and invoice date have no place in the domain schema; spread, they stay in the hashed payload.
        const invoiceExtras = { supplierRegistration: b.supplierRegistration, invoiceDate: b.invoiceDate };
        await w.append({
          ...base,
          type: 'receive',
          containerId,
          lotId: lot.id,
          productId: product.id,
          locationId: location.id,
          quantityUg,
          expiresOn: lot.expires_on,
          receivedOn: b.receivedOn,
          supplier: b.supplier,
          invoiceNumber: b.invoiceNumber,
          ...(strength ? { concentrationUgPerMl: strength } : {}),
          ...(b.note ? { note: b.note } : {}),
          ...invoiceExtras,
        });
      }
      return {
        audit: {
          action: 'ledger.receive',
          objectType: 'ledger_lot',
          objectId: lot.id,
          detail: { containers: b.containerCount, quantityUg },
        },
      };
    });
  }

  async administer(auth: AuthContext, b: In<typeof administerBody>, outer?: Executor): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const approver = await this.prescriber(auth, b.expiredOverride);
    const witnesses = b.wasteRest
      ? await this.witnesses(auth, b.wasteRest.witnesses, 'wasteRest.witnesses')
      : [];
    return this.run(
      auth,
      [...approver, ...witnesses],
      async (w) => {
        await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
        const dose = await w.append(
          {
            ...w.base(),
            type: 'administer',
            containerId: b.containerId,
            locationId: b.locationId,
            quantityUg: b.quantityUg,
            patientId: b.patientId,
            sessionId: b.sessionId,
            ...(b.expiredOverride ? { expiredOverrideReason: b.expiredOverride.reason } : {}),
            ...(b.note ? { note: b.note } : {}),
          },
          {
            patientId: b.patientId,
            sessionId: b.sessionId,
            overrideBy: approver[0]?.userId ?? null,
            correctsEventId: b.correctsEventId ?? null,
          },
        );
        const rest = dose.container.balanceUg;
        const product = await repo.findProduct(w.trx, dose.row.product_id);
        let wasteRequired: StepResult['wasteRequired'] = null;
        if (rest > 0 && witnesses.length) {
          await w.append({
            ...w.base(witnesses.map((x) => x.userId)),
            type: 'waste',
            containerId: b.containerId,
            locationId: b.locationId,
            quantityUg: rest,
          });
        } else if (rest > 0 && product && toBool(product.single_use)) {
          // Single-dose vial: what was not given must be wasted, witnessed (the console prompts for it).
          wasteRequired = { containerId: b.containerId, quantityUg: rest };
        }
        return {
          wasteRequired,
          audit: {
            action: 'ledger.administer',
            patientId: b.patientId,
            objectType: 'ledger_event',
            objectId: dose.row.id,
            detail: {
              containerId: b.containerId,
              quantityUg: b.quantityUg,
              sessionId: b.sessionId,
              wastedRestUg: witnesses.length ? rest : 0,
              expiredOverride: Boolean(b.expiredOverride),
            },
          },
        };
      },
      outer,
    );
  }

  async dispense(auth: AuthContext, b: In<typeof dispenseBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const approver = await this.prescriber(auth, b.expiredOverride);
    return this.run(auth, approver, async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      const a = await w.append(
        {
          ...w.base(),
          type: 'dispense',
          containerId: b.containerId,
          locationId: b.locationId,
          quantityUg: b.quantityUg,
          patientId: b.patientId,
          prescriptionId: b.orderId,
          ...(b.expiredOverride ? { expiredOverrideReason: b.expiredOverride.reason } : {}),
          ...(b.note ? { note: b.note } : {}),
        },
        {
          patientId: b.patientId,
          orderId: b.orderId,
          overrideBy: approver[0]?.userId ?? null,
          correctsEventId: b.correctsEventId ?? null,
        },
      );
      return {
        audit: {
          action: 'ledger.dispense',
          patientId: b.patientId,
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, quantityUg: b.quantityUg, orderId: b.orderId },
        },
      };
    });
  }

  async waste(auth: AuthContext, b: In<typeof wasteBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      const a = await w.append(
        {
          ...w.base(witnesses.map((x) => x.userId)),
          type: 'waste',
          containerId: b.containerId,
          locationId: b.locationId,
          quantityUg: b.quantityUg,
          ...(b.note ? { note: b.note } : {}),
        },
        { correctsEventId: b.correctsEventId ?? null },
      );
      return {
        audit: {
          action: 'ledger.waste',
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, quantityUg: b.quantityUg, witnesses: witnesses.length },
        },
      };
    });
  }

  async transfer(auth: AuthContext, b: In<typeof transferBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      const from = await repo.findLocation(w.trx, b.fromLocationId);
      if (!from) throw invalid('fromLocationId', 'No such location');
      const extras = { correctsEventId: b.correctsEventId ?? null };
      if (b.toLocationId) {
        const to = await repo.findLocation(w.trx, b.toLocationId);
        if (!to) throw invalid('toLocationId', 'No such location');
        // Between registrations is a transfer to another registrant (21 CFR 1307.11), recorded as leaving.
        if (to.dea_registration !== from.dea_registration) {
          throw invalid(
            'toLocationId',
            'That safe is under another DEA registration: record a transfer out to that registrant',
          );
        }
        const a = await w.append(
          {
            ...w.base(),
            type: 'transfer',
            containerId: b.containerId,
            fromLocationId: from.id,
            toLocationId: to.id,
            ...(b.note ? { note: b.note } : {}),
          },
          extras,
        );
        return {
          audit: {
            action: 'ledger.transfer',
            objectType: 'ledger_event',
            objectId: a.row.id,
            detail: { containerId: b.containerId, to: to.id },
          },
        };
      }
      const quantityUg = b.quantityUg ?? (await w.load(b.containerId)).balanceUg;
      if (quantityUg <= 0) throw conflict('The container is empty: there is nothing to transfer.');
      const a = await w.append(
        {
          ...w.base(),
          type: 'transfer_out',
          containerId: b.containerId,
          locationId: from.id,
          quantityUg,
          recipient: b.recipient as string,
          ...(b.recipientRegistration ? { recipientRegistration: b.recipientRegistration } : {}),
          ...(b.note ? { note: b.note } : {}),
        },
        extras,
      );
      return {
        audit: {
          action: 'ledger.transfer_out',
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, quantityUg },
        },
      };
    });
  }

  async destroy(auth: AuthContext, b: In<typeof destroyBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      const a = await w.append(
        {
          ...w.base(witnesses.map((x) => x.userId)),
          type: 'destroy',
          containerId: b.containerId,
          locationId: b.locationId,
          quantityUg: b.quantityUg,
          ...(b.form41Reference ? { form41Reference: b.form41Reference } : {}),
          ...(b.note ? { note: b.note } : {}),
        },
        { correctsEventId: b.correctsEventId ?? null },
      );
      return {
        audit: {
          action: 'ledger.destroy',
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, quantityUg: b.quantityUg, witnesses: witnesses.length },
        },
      };
    });
  }

  /** The count a resolution names: a count of this container that differed and is still open. */
  private async openDiscrepancy(trx: Executor, countEventId: string, containerId: string) {
    const count = await repo.findEvent(trx, countEventId);
    if (
      count?.type !== 'count' ||
      count.container_id !== containerId ||
      count.observed_ug === count.expected_ug
    ) {
      throw invalid('discrepancyId', 'No open discrepancy of this container has this id');
    }
    if (await repo.findResolution(trx, countEventId))
      throw conflict('This discrepancy was already resolved.');
    return Number(count.observed_ug) - Number(count.expected_ug);
  }

  async adjust(auth: AuthContext, b: In<typeof adjustBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      if (b.discrepancyId) {
        const difference = await this.openDiscrepancy(w.trx, b.discrepancyId, b.containerId);
        if (difference !== b.deltaUg)
          throw invalid('deltaUg', `The count differed by ${difference} µg; the adjustment must match it`);
      }
      const a = await w.append(
        {
          ...w.base(witnesses.map((x) => x.userId)),
          type: 'adjust',
          containerId: b.containerId,
          locationId: b.locationId,
          deltaUg: b.deltaUg,
          reason: b.reason,
          ...(b.note ? { note: b.note } : {}),
        },
        {
          reason: b.reason,
          resolvesEventId: b.discrepancyId ?? null,
          correctsEventId: b.correctsEventId ?? null,
        },
      );
      return {
        audit: {
          action: 'ledger.adjust',
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, deltaUg: b.deltaUg, discrepancyId: b.discrepancyId ?? null },
        },
      };
    });
  }

  /** Theft or significant loss: starts the DEA notice (1 business day) and Form 106 (45 days) deadlines. */
  async theftLoss(auth: AuthContext, b: In<typeof theftLossBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], async (w) => {
      await this.checkCorrection(w.trx, b.correctsEventId, b.containerId);
      if (b.discoveredOn > w.localDate)
        throw invalid('discoveredOn', 'The discovery date cannot be in the future');
      if (b.discrepancyId) {
        const difference = await this.openDiscrepancy(w.trx, b.discrepancyId, b.containerId);
        if (-difference !== b.quantityUg)
          throw invalid('quantityUg', `The count found ${-difference} µg missing; report that amount`);
      }
      const a = await w.append(
        {
          ...w.base(),
          type: 'theft_loss',
          containerId: b.containerId,
          locationId: b.locationId,
          quantityUg: b.quantityUg,
          discoveredOn: b.discoveredOn,
          ...(b.form106Reference ? { form106Reference: b.form106Reference } : {}),
          ...(b.note ? { note: b.note } : {}),
        },
        {
          reason: b.kind,
          resolvesEventId: b.discrepancyId ?? null,
          correctsEventId: b.correctsEventId ?? null,
        },
      );
      return {
        audit: {
          action: 'ledger.theft_loss',
          objectType: 'ledger_event',
          objectId: a.row.id,
          detail: { containerId: b.containerId, quantityUg: b.quantityUg, kind: b.kind },
        },
      };
    });
  }

  /** Checks the chain (names the first broken entry) and that cached balances equal the sum of events. */
  async verify(auth: AuthContext): Promise<LedgerVerdict> {
    requirePermission(auth, 'ledger.read');
    return verifyLedger(this.ctx.db);
  }

  /** Records that the DEA notice or Form 106 for a theft/loss was filed (closes its worklist deadline). */
  async file(auth: AuthContext, eventId: string, b: In<typeof filingBody>): Promise<z.infer<typeof filing>> {
    requirePermission(auth, 'ledger.write');
    const { db, clock } = this.ctx;
    const today = await clinicToday(db, clock);
    if (b.filedOn > today) throw invalid('filedOn', 'The filing date cannot be in the future');
    try {
      return await db.transaction().execute(async (trx) => {
        const event = await repo.findEvent(trx, eventId);
        if (event?.type !== 'theft_loss') throw notFound('theft or loss report');
        const row = {
          id: randomUUID(),
          event_id: eventId,
          kind: b.kind,
          filed_on: b.filedOn,
          reference: b.reference ?? null,
          actor_id: auth.userId,
          created_at: clock.now().toISOString(),
        };
        await repo.insertFiling(trx, row);
        await appendAudit(trx, clock, auth, {
          action: 'ledger.filing',
          objectType: 'ledger_event',
          objectId: eventId,
          detail: { kind: b.kind },
        });
        return presentFiling(row);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('This filing was already recorded.');
      throw err;
    }
  }
}
