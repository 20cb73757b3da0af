import type { z } from 'zod';
import type { adjustBody, theftLossBody } from '../../../contracts/ledger';
import type { Executor } from '../../db/dialect';
import { conflict, invalid } from '../../platform/errors';
import { checkCorrection, type StepResult } from './movements';
import * as repo from './repository';
import type { Confirmed } from './witnesses';
import type { LedgerWriter } from './writer';

/**
 * Corrections of the stock on record, run by LedgerService inside its write: a witnessed adjustment (which
 * may resolve a count that differed) and a theft or significant loss (which may account for one).
 */
type In<T extends z.ZodType> = z.infer<T>;

/** The count a resolution names: a count of this container that differed and is still open. */
async function openDiscrepancy(trx: Executor, countEventId: string, containerId: string) {
  const count = await repo.findEvent(trx, countEventId);
  if (
    count?.type !== 'count' ||
    count.container_id !== containerId ||
    count.observed_ug === count.expected_ug
  ) {
    throw invalid('discrepancyId', 'No open discrepancy of this container has this id');
  }
  if (await repo.findResolution(trx, countEventId)) throw conflict('This discrepancy was already resolved.');
  return Number(count.observed_ug) - Number(count.expected_ug);
}

export async function adjustStep(
  w: LedgerWriter,
  b: In<typeof adjustBody>,
  witnesses: Confirmed[],
): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
  if (b.discrepancyId) {
    const difference = await openDiscrepancy(w.trx, b.discrepancyId, b.containerId);
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
}

/** Theft or significant loss: starts the DEA notice (1 business day) and Form 106 (45 days) deadlines. */
export async function theftLossStep(w: LedgerWriter, b: In<typeof theftLossBody>): Promise<StepResult> {
  await checkCorrection(w.trx, b.correctsEventId, b.containerId);
  if (b.discoveredOn > w.localDate)
    throw invalid('discoveredOn', 'The discovery date cannot be in the future');
  if (b.discrepancyId) {
    const difference = await openDiscrepancy(w.trx, b.discrepancyId, b.containerId);
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
}
