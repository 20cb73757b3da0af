import { randomUUID } from 'node:crypto';
import {
  billingCode,
  lineAmount,
  PLACES_OF_SERVICE,
  type ProposedLine,
  proposeCharges,
  standingLines,
} from '../../../domain/billing';
import type { Executor } from '../../db/dialect';
import type { Clock } from '../../platform/clock';
import { AppError, conflict } from '../../platform/errors';
import type { VisitContext } from './facts';
import { priceOn } from './fees';
import * as repo from './repository';

export const notCompleted = () =>
  new AppError('conflict', 'Charges are only made for a completed visit.', [
    { field: 'visitId', message: 'The visit is not completed' },
  ]);

/**
 * Replaces the visit's rule-proposed lines with a fresh proposal (lines added by hand stay). Refused on a visit
 * that is not completed, or whose charges stand final (reverse them first). Used on demand and when a visit
 * completes (createdBy null: automatic).
 */
export async function proposeInto(trx: Executor, clock: Clock, v: VisitContext, createdBy: string | null) {
  if (!v.completed) throw notCompleted();
  const key = v.appointmentId ?? v.dosingSessionId ?? (v.atHomeSessionId as string);
  const existing = await repo.chargesOfVisit(trx, key);
  if (standingLines(existing).length > 0)
    throw conflict('This visit’s charges are final: reverse a line to correct it, or add a line by hand.');
  for (const l of existing)
    if (l.state === 'proposed' && l.origin === 'rules') await repo.deleteProposedLine(trx, l.id);
  const kept = existing.filter((l) => l.state === 'final' || l.origin !== 'rules');
  const proposal = proposeCharges(v.facts);
  const rows = await repo.feeScheduleRows(trx);
  const now = clock.now().toISOString();
  let seq = Math.max(0, ...kept.map((l) => l.seq));
  const codes: string[] = [];
  const notes = [...proposal.notes];
  for (const p of proposal.lines) {
    const price = priceOn(rows, p.code, p.modifiers, v.facts.serviceDate);
    if (!price) {
      notes.push(`${p.code} is not in the clinic’s fee schedule for this date: it was left out.`);
      continue;
    }
    codes.push(p.code);
    await repo.insertChargeLine(trx, {
      id: randomUUID(),
      patient_id: v.patientId,
      appointment_id: v.appointmentId,
      dosing_session_id: v.dosingSessionId,
      at_home_session_id: v.atHomeSessionId,
      service_date: v.facts.serviceDate,
      seq: ++seq,
      code: p.code,
      modifiers: JSON.stringify(p.modifiers),
      description: price.description,
      units: p.units,
      unit_price_cents: price.unitPriceCents,
      amount_cents: lineAmount(p.units, price.unitPriceCents),
      diagnosis_codes: JSON.stringify(proposal.diagnosisCodes),
      diagnosis_pointers: JSON.stringify(p.diagnosisPointers),
      ndc: p.ndcQuantity !== null || billingCode(p.code)?.drug ? price.ndc : null,
      ndc_unit: p.ndcUnit,
      ndc_quantity: p.ndcQuantity,
      place_of_service: proposal.placeOfService in PLACES_OF_SERVICE ? proposal.placeOfService : '11',
      rendering_clinician_id: renderer(p, v),
      origin: 'rules',
      rule_key: p.ruleKey,
      state: 'proposed',
      reverses_id: null,
      reason: p.why,
      fee_schedule_id: price.feeId,
      finalised_by: null,
      finalised_at: null,
      created_by: createdBy,
      created_at: now,
      updated_by: createdBy,
      updated_at: now,
      version: 1,
    });
  }
  return { codes, notes };
}

const renderer = (p: ProposedLine, v: VisitContext) =>
  p.renderedBy === 'therapist' ? (v.therapistId ?? v.prescriberId) : (v.prescriberId ?? v.therapistId);
