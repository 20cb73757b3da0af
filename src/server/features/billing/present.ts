import type { ChargeLineView } from '../../../contracts/billing';
import { type ChargeLine, visitKeyOf } from './repository';

/** A charge line as the API shows it (names resolved; paid and reversal looked up by the caller). */
export function presentLine(
  l: ChargeLine,
  names: ReadonlyMap<string, string>,
  reversedBy: ReadonlyMap<string, string>,
  paid: ReadonlyMap<string, number>,
): ChargeLineView {
  return {
    id: l.id,
    visitId: visitKeyOf(l),
    serviceDate: l.service_date,
    seq: l.seq,
    code: l.code,
    modifiers: l.modifiers,
    description: l.description,
    units: l.units,
    unitPriceCents: l.unit_price_cents,
    amountCents: l.amount_cents,
    diagnosisCodes: l.diagnosis_codes,
    diagnosisPointers: l.diagnosis_pointers,
    ndc: l.ndc,
    ndcUnit: l.ndc_unit,
    ndcQuantity: l.ndc_quantity,
    placeOfService: l.place_of_service,
    renderingClinicianId: l.rendering_clinician_id,
    renderingClinicianName: l.rendering_clinician_id ? (names.get(l.rendering_clinician_id) ?? null) : null,
    origin: l.origin as ChargeLineView['origin'],
    why: l.reason,
    state: l.state as ChargeLineView['state'],
    reversesId: l.reverses_id,
    reversedById: reversedBy.get(l.id) ?? null,
    paidCents: paid.get(l.id) ?? 0,
    finalisedByName: l.finalised_by ? (names.get(l.finalised_by) ?? null) : null,
    finalisedAt: l.finalised_at,
    version: l.version,
  };
}

export const peopleOf = (lines: ChargeLine[]) => [
  ...new Set(
    lines.flatMap((l) => [l.rendering_clinician_id, l.finalised_by]).filter((x): x is string => x !== null),
  ),
];

export const patientName = (p: { first_name: string; last_name: string; preferred_name: string | null }) =>
  `${p.preferred_name ?? p.first_name} ${p.last_name}`;
