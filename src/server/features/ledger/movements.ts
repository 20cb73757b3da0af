import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  administerBody,
  destroyBody,
  dispenseBody,
  receiveBody,
  transferBody,
  wasteBody,
} from '../../../contracts/ledger';
import { type Executor, toBool } from '../../db/dialect';
import type { AuditInput } from '../../platform/audit';
import { conflict, invalid } from '../../platform/errors';
import * as repo from './repository';
import type { Confirmed } from './witnesses';
import type { LedgerWriter } from './writer';

/**
 * Movements of controlled stock, one step each, run by LedgerService inside its write (chain lock held,
 * witnesses' codes consumed): receiving containers, a dose given, a take-home supply dispensed, waste,
 * transfers between safes or out to another registrant, and destruction.
 */
type In<T extends z.ZodType> = z.infer<T>;

/** What a write step returns: its audit entry, and for a dose, the rest of a single-use container. */
export interface StepResult {
  audit: AuditInput;
  wasteRequired?: { containerId: string; quantityUg: number } | null;
}

/** A correction names an earlier event of the same container; the original is never changed. */
export async function checkCorrection(
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

export async function receiveStep(w: LedgerWriter, b: In<typeof receiveBody>): Promise<StepResult> {
  const product = await repo.findProduct(w.trx, b.productId);
  if (!product) throw invalid('productId', 'No such product');
  const location = await repo.findLocation(w.trx, b.locationId);
  if (!location) throw invalid('locationId', 'No such location');
  if (b.receivedOn > w.localDate) throw invalid('receivedOn', 'The date received cannot be in the future');
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
}

/** A dose given in a session; the rest of the container is wasted at once when witnesses came with it. */
export async function administerStep(
  w: LedgerWriter,
  b: In<typeof administerBody>,
  approver: Confirmed[],
  witnesses: Confirmed[],
): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
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
}

export async function dispenseStep(
  w: LedgerWriter,
  b: In<typeof dispenseBody>,
  approver: Confirmed[],
): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
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
}

export async function wasteStep(
  w: LedgerWriter,
  b: In<typeof wasteBody>,
  witnesses: Confirmed[],
): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
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
}

export async function transferStep(w: LedgerWriter, b: In<typeof transferBody>): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
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
}

export async function destroyStep(
  w: LedgerWriter,
  b: In<typeof destroyBody>,
  witnesses: Confirmed[],
): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
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
}
