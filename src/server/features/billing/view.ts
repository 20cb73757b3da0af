import type { z } from 'zod';
import type { billingVisit, patientBilling, payment } from '../../../contracts/billing';
import { finalTotal, type PaymentMethod } from '../../../domain/billing';
import { toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { PatientsTable } from '../../db/schema';
import { getSetting } from '../../platform/settings';
import type { VisitContext } from './facts';
import { patientName, peopleOf, presentLine } from './present';
import * as repo from './repository';
import * as visits from './visits-repository';

type Visit = z.infer<typeof billingVisit>;

/** The lines of visits with names, "paid" per line and which line reversed which. */
async function linesWithNames(trx: Executor, lines: repo.ChargeLine[]) {
  const names = await visits.userNames(trx, peopleOf(lines));
  const reversedBy = new Map(
    lines.filter((l) => l.reverses_id !== null).map((l) => [l.reverses_id as string, l.id]),
  );
  const paid = await repo.allocatedToLines(
    trx,
    lines.map((l) => l.id),
  );
  return lines.map((l) => presentLine(l, names, reversedBy, paid));
}

const stateOf = (lines: repo.ChargeLine[]): Visit['state'] =>
  lines.length === 0 ? 'none' : lines.some((l) => l.state === 'proposed') ? 'proposed' : 'final';

/** One visit with its lines (after a change on it). */
export async function visitView(trx: Executor, v: VisitContext, visitKey: string): Promise<Visit> {
  const lines = await repo.chargesOfVisit(trx, visitKey);
  const appt = v.appointmentId ? await visits.appointmentForBilling(trx, v.appointmentId) : undefined;
  return {
    id: visitKey,
    label: v.label,
    category: v.facts.category,
    serviceDate: v.facts.serviceDate,
    localStart: appt ? toLocal(appt.starts_at, appt.timezone).time : '',
    placeOfService: lines[0]?.place_of_service ?? (v.facts.modality === 'in_person' ? '11' : '10'),
    lines: await linesWithNames(trx, lines),
    state: stateOf(lines),
    totalCents: finalTotal(lines),
  };
}

/** The Billing tab: completed visits (newest first) and any other visit with lines, payments and the balance. */
export async function patientBillingView(
  trx: Executor,
  p: PatientsTable,
  canWrite: boolean,
): Promise<z.infer<typeof patientBilling>> {
  const lines = await repo.chargesOfPatient(trx, p.id);
  const presented = await linesWithNames(trx, lines);
  const byVisit = new Map<string, typeof presented>();
  for (const l of presented) byVisit.set(l.visitId, [...(byVisit.get(l.visitId) ?? []), l]);
  const rawByVisit = new Map<string, repo.ChargeLine[]>();
  for (const l of lines)
    rawByVisit.set(repo.visitKeyOf(l), [...(rawByVisit.get(repo.visitKeyOf(l)) ?? []), l]);
  const out: Visit[] = [];
  const seen = new Set<string>();
  const appts = await visits.completedVisitsOf(trx, p.id);
  for (const a of appts) {
    const local = toLocal(a.starts_at, a.timezone);
    const mine = rawByVisit.get(a.id) ?? [];
    seen.add(a.id);
    out.push({
      id: a.id,
      label: a.type_name,
      category: a.category,
      serviceDate: local.date,
      localStart: local.time,
      placeOfService: mine[0]?.place_of_service ?? (a.modality === 'in_person' ? '11' : '10'),
      lines: byVisit.get(a.id) ?? [],
      state: stateOf(mine),
      totalCents: finalTotal(mine),
    });
  }
  // In-clinic sessions not booked through the calendar are their own visits (none on a completed dosing visit's day).
  const dosingDays = new Set(
    appts.filter((a) => a.category === 'dosing').map((a) => toLocal(a.starts_at, a.timezone).date),
  );
  const tz = await getSetting(trx, 'clinic.timezone');
  for (const sess of await visits.finishedSessionsOf(trx, p.id)) {
    const date = toLocal(sess.first_dose_at ?? sess.started_at, tz).date;
    if (seen.has(sess.id) || dosingDays.has(date)) continue;
    const mine = rawByVisit.get(sess.id) ?? [];
    seen.add(sess.id);
    out.push({
      id: sess.id,
      label: `Dosing session ${sess.number}`,
      category: 'dosing',
      serviceDate: date,
      localStart: toLocal(sess.first_dose_at ?? sess.started_at, tz).time,
      placeOfService: mine[0]?.place_of_service ?? '11',
      lines: byVisit.get(sess.id) ?? [],
      state: stateOf(mine),
      totalCents: finalTotal(mine),
    });
  }
  // Lines of a visit that is not a completed appointment (an at-home session billed on its own).
  for (const [key, mine] of rawByVisit) {
    if (seen.has(key)) continue;
    out.push({
      id: key,
      label: mine[0]?.at_home_session_id ? 'At-home session' : 'Dosing session',
      category: mine[0]?.at_home_session_id ? 'at_home' : 'dosing',
      serviceDate: mine[0]?.service_date ?? '',
      localStart: '',
      placeOfService: mine[0]?.place_of_service ?? '10',
      lines: byVisit.get(key) ?? [],
      state: stateOf(mine),
      totalCents: finalTotal(mine),
    });
  }
  out.sort((a, b) => b.serviceDate.localeCompare(a.serviceDate) || b.localStart.localeCompare(a.localStart));
  const pays = await repo.paymentsOfPatient(trx, p.id);
  const payNames = await visits.userNames(trx, [...new Set(pays.map((x) => x.recorded_by))]);
  const voided = new Set(pays.map((x) => x.reverses_id).filter((x): x is string => x !== null));
  const payments: z.infer<typeof payment>[] = pays.map((x) => ({
    id: x.id,
    amountCents: x.amount_cents,
    method: x.method as PaymentMethod,
    receivedOn: x.received_on,
    reference: x.reference,
    note: x.note,
    recordedByName: payNames.get(x.recorded_by) ?? null,
    recordedAt: x.recorded_at,
    reversesId: x.reverses_id,
    voided: voided.has(x.id),
    allocations: x.allocations.map((a) => ({ chargeLineId: a.charge_line_id, amountCents: a.amount_cents })),
  }));
  return {
    patient: { id: p.id, name: patientName(p), chartNumber: p.chart_number, dateOfBirth: p.date_of_birth },
    diagnoses: await visits.diagnosesOf(trx, p.id),
    visits: out,
    payments,
    balance: await repo.balanceOfPatient(trx, p.id),
    canWrite,
  };
}
