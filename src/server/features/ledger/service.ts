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
import { type Executor, isUniqueViolation, lockChain } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { type LedgerVerdict, verifyLedger } from './chain';
import { adjustStep, theftLossStep } from './corrections';
import {
  administerStep,
  destroyStep,
  dispenseStep,
  receiveStep,
  type StepResult,
  transferStep,
  wasteStep,
} from './movements';
import { presentContainer, presentDiscrepancy, presentEvent, presentFiling } from './present';
import * as repo from './repository';
import { type Confirmed, confirmPeople, consumeConfirmations } from './witnesses';
import { clinicToday, LedgerWriter } from './writer';

type In<T extends z.ZodType> = z.infer<T>;
export type WriteResult = z.infer<typeof writeResponse>;

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

  async receive(auth: AuthContext, b: In<typeof receiveBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], (w) => receiveStep(w, b));
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
      (w) => administerStep(w, b, approver, witnesses),
      outer,
    );
  }

  async dispense(auth: AuthContext, b: In<typeof dispenseBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const approver = await this.prescriber(auth, b.expiredOverride);
    return this.run(auth, approver, (w) => dispenseStep(w, b, approver));
  }

  async waste(auth: AuthContext, b: In<typeof wasteBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, (w) => wasteStep(w, b, witnesses));
  }

  async transfer(auth: AuthContext, b: In<typeof transferBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], (w) => transferStep(w, b));
  }

  async destroy(auth: AuthContext, b: In<typeof destroyBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, (w) => destroyStep(w, b, witnesses));
  }

  async adjust(auth: AuthContext, b: In<typeof adjustBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    const witnesses = await this.witnesses(auth, b.witnesses);
    return this.run(auth, witnesses, (w) => adjustStep(w, b, witnesses));
  }

  /** Theft or significant loss: starts the DEA notice (1 business day) and Form 106 (45 days) deadlines. */
  async theftLoss(auth: AuthContext, b: In<typeof theftLossBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.run(auth, [], (w) => theftLossStep(w, b));
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
