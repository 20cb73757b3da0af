import type { Executor } from '../../db/dialect';
import { batchedLinesWhere, chargeLinesWhere, coverageRowsOf, reversedAmong } from '../../features/claims';
import { type ChargeLineForFhir, presentChargeItem, presentClaim } from '../present/billing';
import { type Loaded, type LoadFilter, matchesNothing, safely, uuidsOf } from './common';

const parse = <T>(s: string): T[] => {
  const v = JSON.parse(s) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
};

type LineRow = Awaited<ReturnType<typeof chargeLinesWhere>>[number];

const forFhir = (r: LineRow, reversed: Set<string>, billed: Set<string>): ChargeLineForFhir => ({
  id: r.id,
  patient_id: r.patient_id,
  service_date: r.service_date,
  code: r.code,
  modifiers: parse<string>(r.modifiers),
  description: r.description,
  units: Number(r.units),
  amount_cents: Number(r.amount_cents),
  diagnosis_codes: parse<string>(r.diagnosis_codes),
  diagnosis_pointers: parse<number>(r.diagnosis_pointers),
  rendering_clinician_id: r.rendering_clinician_id,
  state: r.state,
  finalised_at: r.finalised_at,
  updated_at: r.updated_at,
  reversed: reversed.has(r.id),
  billed: billed.has(r.id),
});

/** Charge lines (issue #22) as ChargeItem; reversal lines are not shown (the line they cancel is entered-in-error). */
export async function loadChargeItems(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const rows = await chargeLinesWhere(db, f.patientIds ? [...f.patientIds] : null, ids);
  const lineIds = rows.map((r) => r.id);
  const reversed = await reversedAmong(db, lineIds);
  const billed = new Set(
    (await batchedLinesWhere(db, f.patientIds ? [...f.patientIds] : null)).map((b) => b.id),
  );
  return rows.flatMap((r) => {
    const res = safely(() => presentChargeItem(forFhir(r, reversed, billed)));
    return res ? [{ resource: res, patientId: r.patient_id }] : [];
  });
}

/** Each visit of an exported 837P batch as a Claim (id: the visit's id). */
export async function loadClaims(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const rows = await batchedLinesWhere(db, f.patientIds ? [...f.patientIds] : null);
  const visits = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = (r.appointment_id ?? r.dosing_session_id ?? r.at_home_session_id) as string;
    visits.set(key, [...(visits.get(key) ?? []), r]);
  }
  const wanted = f.ids ? new Set(f.ids) : null;
  const keys = [...visits.keys()].filter((k) => !wanted || wanted.has(k));
  const coverages = new Map(
    (await coverageRowsOf(db, [...new Set(keys.map((k) => visits.get(k)?.[0]?.patient_id as string))])).map(
      (c) => [c.patient_id, c],
    ),
  );
  return keys.flatMap((k) => {
    const vl = visits.get(k) ?? [];
    const first = vl[0];
    if (!first) return [];
    const cov = coverages.get(first.patient_id);
    const res = safely(() =>
      presentClaim({
        visitId: k,
        patientId: first.patient_id,
        batchId: first.batch_id,
        controlNumber: Number(first.control_number),
        createdAt: first.batch_created_at,
        placeOfService: first.place_of_service,
        coverage: cov ? { payerName: cov.payer_name, memberId: cov.member_id } : null,
        lines: vl.map((r) => forFhir(r, new Set(), new Set([r.id]))),
      }),
    );
    return res ? [{ resource: res, patientId: first.patient_id }] : [];
  });
}
