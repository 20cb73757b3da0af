import type { Executor } from '../../db/dialect';
import type { DosingSessionsTable, SessionEntriesTable } from '../../db/schema';
import { notFound } from '../../platform/errors';
import { getCourse } from '../courses/repository';
import { getPatient } from '../patients';
import { userNames } from '../users';
import { earlierEsketamineDose, patientMedications } from './repository';

/**
 * The esketamine REMS patient-monitoring record (DOMAIN §5), kept as versioned data: when the program
 * changes its form, add a new version here; records keep the version they were made with.
 */
export const REMS_FORM = {
  version: 'spravato-rems-monitoring-2025',
  dueDays: 7,
  fields: [
    ['patient_name', 'Patient name'],
    ['patient_dob', 'Date of birth'],
    ['patient_sex', 'Sex'],
    ['rems_patient_id', 'REMS patient enrolment'],
    ['first_treatment', 'First treatment?'],
    ['concomitant_medicines', 'Concomitant medicines that may cause sedation or raise blood pressure'],
    ['monitoring_provider', 'Monitoring provider'],
    ['setting', 'Healthcare setting'],
    ['treatment_date', 'Treatment date'],
    ['dose', 'Dose'],
    ['lot', 'Lot number'],
    ['total_minutes', 'Total minutes from first device to end of monitoring'],
    ['ready_without_minimum', 'Without the 2-hour minimum, ready to leave after (minutes)'],
    ['vitals_in_range_pre', 'Vital signs in range before the dose'],
    ['vitals_in_range_end', 'Vital signs in range before completion'],
    ['bp_pre', 'Blood pressure before the dose'],
    ['bp_40', 'Blood pressure at ~40 minutes'],
    ['bp_end', 'Blood pressure before completion'],
    ['sedation', 'Sedation experienced / resolved'],
    ['dissociation', 'Dissociation experienced / resolved'],
    ['respiratory_depression', 'Respiratory depression experienced / resolved'],
    ['serious_adverse_events', 'Serious adverse events'],
  ] as const,
};

type Reading = { at: string; sbp?: number; dbp?: number };

/** The REMS record of a session from its live vital-sign readings and entries (corrections applied). */
export async function buildRemsRecord(
  trx: Executor,
  s: DosingSessionsTable,
  vitals: Reading[],
  entries: Pick<SessionEntriesTable, 'kind' | 'data' | 'at'>[],
  alertsByAt: Map<string, number>,
) {
  const p = await getPatient(trx, s.patient_id);
  if (!p) throw notFound('patient');
  const course = await getCourse(trx, s.course_id);
  const meds = await patientMedications(trx, s.patient_id);
  const nurse = (await userNames(trx, [s.started_by])).get(s.started_by);
  const prior = await earlierEsketamineDose(trx, s.patient_id, s.first_dose_at ?? '9999');
  const order = s.dose_order ? (JSON.parse(s.dose_order) as { mg: number }) : null;
  const discharge = s.discharge
    ? (JSON.parse(s.discharge) as { totalMonitoringMinutes?: number; readyWithoutMinimumMinutes?: number })
    : null;
  const first = s.first_dose_at ? Date.parse(s.first_dose_at) : null;
  const minute = (r: Reading) => (first === null ? null : (Date.parse(r.at) - first) / 60_000);
  const bp = (r?: Reading) => (r?.sbp && r?.dbp ? `${r.sbp}/${r.dbp} mmHg at ${r.at.slice(11, 16)} UTC` : '');
  const pre = vitals.filter((r) => (minute(r) ?? 1) <= 0).at(-1);
  const at40 = vitals.filter((r) => {
    const m = minute(r);
    return m !== null && m >= 35 && m <= 50;
  })[0];
  const end = vitals.at(-1);
  const lots = entries
    .filter((e) => e.kind === 'administration')
    .map((e) => (JSON.parse(e.data) as { lot?: string | null }).lot)
    .filter(Boolean);
  const has = (k: string) => entries.some((e) => e.kind === k);
  const sedationSeen = entries
    .filter((e) => e.kind === 'sedation')
    .some((e) => (JSON.parse(e.data) as { moaas: number }).moaas < 5);
  const dissociationSeen = entries
    .filter((e) => e.kind === 'dissociation')
    .some((e) => (JSON.parse(e.data) as { level: string }).level !== 'none');
  const resp = vitals.some(
    (r) => (r as { rr?: number }).rr !== undefined && ((r as { rr?: number }).rr as number) < 10,
  );
  const serious = entries.filter(
    (e) =>
      e.kind === 'adverse_event' &&
      ['severe', 'life_threatening'].includes((JSON.parse(e.data) as { severity: string }).severity),
  );
  const inRange = (r?: Reading) => (r ? ((alertsByAt.get(r.at) ?? 0) === 0 ? 'Yes' : 'No') : '');
  const values: Record<string, string> = {
    patient_name: `${p.first_name} ${p.last_name}`,
    patient_dob: p.date_of_birth,
    patient_sex: p.sex_at_birth ?? '',
    rems_patient_id: course.rems_enrolled ? (course.rems_patient_id ?? 'Enrolled') : 'Not recorded',
    first_treatment: prior ? 'No' : 'Yes',
    concomitant_medicines:
      meds
        .filter((m) => m.med_class)
        .map((m) => `${m.name} (${m.med_class})`)
        .join('; ') || 'None recorded',
    monitoring_provider: nurse ?? '',
    setting: 'Healthcare setting (in clinic)',
    treatment_date: s.first_dose_at?.slice(0, 10) ?? '',
    dose: order ? (order.mg === 56 || order.mg === 84 ? `${order.mg} mg` : `Other: ${order.mg} mg`) : '',
    lot: [...new Set(lots)].join(', '),
    total_minutes:
      discharge?.totalMonitoringMinutes !== undefined ? String(discharge.totalMonitoringMinutes) : '',
    ready_without_minimum:
      discharge?.readyWithoutMinimumMinutes !== undefined ? String(discharge.readyWithoutMinimumMinutes) : '',
    vitals_in_range_pre: inRange(pre),
    vitals_in_range_end: inRange(end),
    bp_pre: bp(pre),
    bp_40: bp(at40),
    bp_end: bp(end),
    sedation: has('sedation') ? (sedationSeen ? 'Yes / resolved before discharge' : 'No') : '',
    dissociation: has('dissociation') ? (dissociationSeen ? 'Yes / resolved before discharge' : 'No') : '',
    respiratory_depression: resp ? 'Yes (RR < 10 recorded)' : 'No',
    serious_adverse_events: serious.length
      ? serious.map((e) => (JSON.parse(e.data) as { description: string }).description).join('; ')
      : 'None',
  };
  const fields = REMS_FORM.fields.map(([key, label]) => ({ key, label, value: values[key] ?? '' }));
  const required = [
    'treatment_date',
    'dose',
    'total_minutes',
    'bp_pre',
    'bp_end',
    'vitals_in_range_pre',
    'vitals_in_range_end',
  ];
  return {
    fields,
    dueBy: s.first_dose_at
      ? new Date(Date.parse(s.first_dose_at) + REMS_FORM.dueDays * 86_400_000).toISOString()
      : '',
    submittedAt: s.rems_submitted_at,
    complete: required.every((k) => values[k]),
    formVersion: REMS_FORM.version,
  };
}
