import type { VisitCategory, VisitFacts } from '../../../domain/billing';
import { toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { getSetting } from '../../platform/settings';
import { correctionsIn, sessionEntries } from '../sessions';
import * as visits from './visits-repository';

/**
 * What a visit's record says, for the proposal rules (domain/billing/proposal.ts). Read-only.
 *
 * Choices where the record is silent (issue #22):
 *  - the dosing session of a visit is the patient's session started on the visit's local day, nearest its start
 *    (the same rule the calendar uses, scheduling/session-visit.ts);
 *  - the dose is the sum of the live administration entries (corrections applied; an infusion's stop is not a
 *    dose); infusion minutes run from the first infusion start to the last infusion stop;
 *  - monitoring minutes are the discharge's own count (first dose → ready to leave);
 *  - psychotherapy minutes are a therapy visit's booked length, and on a dosing visit the monitoring time when a
 *    therapist was booked on the visit (the reviewer confirms the face-to-face time);
 *  - esketamine counts as clinic-supplied unless a device was recorded as supplied elsewhere (a pharmacy).
 */
export interface VisitContext {
  appointmentId: string | null;
  dosingSessionId: string | null;
  atHomeSessionId: string | null;
  patientId: string;
  label: string;
  completed: boolean;
  facts: VisitFacts;
  prescriberId: string | null;
  therapistId: string | null;
}

const DAY = 86_400_000;
const minutesBetween = (a: string, b: string) => Math.floor((Date.parse(b) - Date.parse(a)) / 60_000);

interface Administration {
  mg?: number;
  phase?: string;
  suppliedElsewhere?: boolean | null;
}

async function sessionFacts(trx: Executor, sessionId: string) {
  const rows = await sessionEntries(trx, { sessionIds: [sessionId], kinds: ['administration'] });
  const corrected = correctionsIn(rows);
  const live = rows
    .filter((r) => !corrected.has(r.id))
    .map((r) => ({ at: r.at, ...(JSON.parse(r.data) as Administration) }));
  const doses = live.filter((e) => e.phase !== 'infusion_stop' && typeof e.mg === 'number');
  const doseMg = doses.length ? doses.reduce((s, e) => s + (e.mg ?? 0), 0) : null;
  const start = live.find((e) => e.phase === 'infusion_start');
  const stop = live.filter((e) => e.phase === 'infusion_stop').at(-1);
  return {
    doseMg: doseMg === null ? null : Math.round(doseMg * 100) / 100,
    infusionMinutes: start && stop ? minutesBetween(start.at, stop.at) : null,
    clinicSupplied: !live.some((e) => e.suppliedElsewhere === true),
  };
}

/**
 * The facts of a visit given by an appointment id, an at-home session id, or a dosing session's id (a session
 * that was not booked through the calendar is its own visit); undefined when none exists.
 */
export async function visitContext(trx: Executor, visitId: string): Promise<VisitContext | undefined> {
  const appt = await visits.appointmentForBilling(trx, visitId);
  if (appt) return appointmentContext(trx, appt);
  const home = await visits.atHomeForBilling(trx, visitId);
  if (!home) return dosingSessionContext(trx, visitId);
  const date = (home.dose_taken_at ?? home.starts_at).slice(0, 10);
  return {
    appointmentId: home.appointment_id,
    dosingSessionId: null,
    atHomeSessionId: home.id,
    patientId: home.patient_id,
    label: 'At-home session',
    completed: home.closed_at !== null,
    prescriberId: home.order_signed_by,
    therapistId: null,
    facts: {
      category: 'at_home',
      route: 'sublingual',
      serviceDate: date,
      modality: 'video',
      bookedMinutes: null,
      newPatient: false,
      doseMg: home.order_mg === null ? null : Number(home.order_mg),
      infusionMinutes: null,
      monitoringMinutes: null,
      psychotherapyMinutes: null,
      clinicSuppliedDrug: true,
      diagnosisCodes: (await visits.diagnosesOf(trx, home.patient_id)).map((d) => d.code),
    },
  };
}

async function appointmentContext(trx: Executor, a: visits.BillingAppointment): Promise<VisitContext> {
  const patientId = a.patient_id as string;
  const local = toLocal(a.starts_at, a.timezone);
  const staff = await visits.appointmentStaff(trx, a.id);
  const therapistId = staff.find((s) => s.role === 'therapist')?.user_id ?? null;
  let prescriberId = staff.find((s) => s.role === 'prescriber')?.user_id ?? null;
  const home = await visits.atHomeOfAppointment(trx, a.id);
  const sessions = (await visits.sessionsNear(trx, patientId, a.starts_at)).filter(
    (s) => toLocal(s.started_at, a.timezone).date === local.date,
  );
  sessions.sort(
    (x, y) =>
      Math.abs(Date.parse(x.started_at) - Date.parse(a.starts_at)) -
      Math.abs(Date.parse(y.started_at) - Date.parse(a.starts_at)),
  );
  const session = a.category === 'dosing' && !home ? (sessions[0] ?? null) : null;
  const given = session ? await sessionFacts(trx, session.id) : null;
  const discharge = session?.discharge
    ? (JSON.parse(session.discharge) as { totalMonitoringMinutes?: number })
    : null;
  const monitoringMinutes =
    discharge?.totalMonitoringMinutes ??
    (session?.first_dose_at && session.discharged_at
      ? minutesBetween(session.first_dose_at, session.discharged_at)
      : null);
  prescriberId = prescriberId ?? session?.signed_by ?? home?.order_signed_by ?? null;
  const booked = minutesBetween(a.starts_at, a.ends_at);
  const category = (home ? 'at_home' : a.category) as VisitCategory | 'at_home';
  const psychotherapyMinutes =
    a.category === 'preparation' || a.category === 'integration'
      ? booked
      : a.category === 'dosing' && therapistId
        ? monitoringMinutes
        : null;
  const since = new Date(Date.parse(a.starts_at) - 3 * 365 * DAY).toISOString();
  const newPatient = !(await visits.seenBefore(trx, patientId, since, a.starts_at, a.id));
  return {
    appointmentId: a.id,
    dosingSessionId: session?.id ?? null,
    atHomeSessionId: home?.id ?? null,
    patientId,
    label: a.type_name,
    completed: a.status === 'completed',
    prescriberId,
    therapistId,
    facts: {
      category,
      route: session?.route ?? a.route,
      serviceDate: local.date,
      modality: a.modality as VisitFacts['modality'],
      bookedMinutes: booked,
      newPatient,
      doseMg: given?.doseMg ?? (home?.order_mg === null || home === undefined ? null : Number(home.order_mg)),
      infusionMinutes: given?.infusionMinutes ?? null,
      monitoringMinutes,
      psychotherapyMinutes,
      clinicSuppliedDrug: given?.clinicSupplied ?? true,
      diagnosisCodes: (await visits.diagnosesOf(trx, patientId)).map((d) => d.code),
    },
  };
}

/** An in-clinic dosing session billed on its own (no appointment booked for it), dated in the clinic's zone. */
async function dosingSessionContext(trx: Executor, sessionId: string): Promise<VisitContext | undefined> {
  const s = await visits.sessionForBilling(trx, sessionId);
  if (!s) return undefined;
  // A session held in a completed dosing visit is billed as that visit (never twice).
  const booked = (await visits.completedDosingVisitsNear(trx, s.patient_id, s.started_at)).find(
    (a) => toLocal(a.starts_at, a.timezone).date === toLocal(s.started_at, a.timezone).date,
  );
  if (booked) return visitContext(trx, booked.id);
  const tz = await getSetting(trx, 'clinic.timezone');
  const given = await sessionFacts(trx, s.id);
  const discharge = s.discharge ? (JSON.parse(s.discharge) as { totalMonitoringMinutes?: number }) : null;
  const order = s.dose_order ? (JSON.parse(s.dose_order) as { orderedBy?: string }) : null;
  return {
    appointmentId: null,
    dosingSessionId: s.id,
    atHomeSessionId: null,
    patientId: s.patient_id,
    label: `Dosing session ${s.number}`,
    completed: s.status === 'discharged' || s.status === 'signed',
    prescriberId: s.signed_by ?? order?.orderedBy ?? null,
    therapistId: null,
    facts: {
      category: 'dosing',
      route: s.route,
      serviceDate: toLocal(s.first_dose_at ?? s.started_at, tz).date,
      modality: 'in_person',
      bookedMinutes: null,
      newPatient: false,
      doseMg: given.doseMg,
      infusionMinutes: given.infusionMinutes,
      monitoringMinutes:
        discharge?.totalMonitoringMinutes ??
        (s.first_dose_at && s.discharged_at ? minutesBetween(s.first_dose_at, s.discharged_at) : null),
      psychotherapyMinutes: null,
      clinicSuppliedDrug: given.clinicSupplied,
      diagnosisCodes: (await visits.diagnosesOf(trx, s.patient_id)).map((d) => d.code),
    },
  };
}
