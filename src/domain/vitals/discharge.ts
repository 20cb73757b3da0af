import { type MonitoringTemplate, templateFor } from './cadence';
import { DEFAULT_VITAL_RULES, evaluateVitals } from './rules';
import { type MoaasScore, sedationResolved } from './sedation';
import { type MonitoringRoute, VITAL_SIGNS, type VitalReading, type VitalRule } from './types';

/**
 * Discharge readiness (DOMAIN §3): vitals at or near baseline, sedation and dissociation resolved,
 * oriented, walks safely, escort present, "no driving or machinery until the next day after restful sleep"
 * acknowledged, and the route's minimum monitoring time reached (esketamine: ≥ 120 min after the first
 * device, Spravato label and REMS).
 */
export interface DischargeInput {
  route: MonitoringRoute | MonitoringTemplate;
  firstDoseAt: string;
  now: string;
  baselineVitals?: VitalReading;
  latestVitals?: VitalReading;
  sedation?: MoaasScore;
  dissociationResolved?: boolean;
  oriented?: boolean;
  walksSafely?: boolean;
  escortName?: string;
  acknowledgedNoDriving?: boolean;
}

export interface DischargeItem {
  id:
    | 'minimum_monitoring'
    | 'vitals_near_baseline'
    | 'sedation_resolved'
    | 'dissociation_resolved'
    | 'oriented'
    | 'walks_safely'
    | 'escort_present'
    | 'no_driving_acknowledged';
  ok: boolean;
  message: string;
}

/**
 * "Near baseline" is not defined by a publication; these are clinic policy defaults. A value counts as
 * near baseline when it is within `tolerance` of baseline, or when it is higher than baseline but still
 * no higher than `ceiling` (a patient who arrived at 105 systolic and leaves at 130 is fine). SpO2 is near
 * baseline when at least `spo2Floor`, or no more than `spo2Drop` below baseline (chronic lung disease).
 */
export const DEFAULT_DISCHARGE_TOLERANCES = {
  sbp: { tolerance: 20, ceiling: 140 },
  dbp: { tolerance: 10, ceiling: 90 },
  hr: { tolerance: 20, ceiling: 100 },
  spo2Floor: 94,
  spo2Drop: 2,
  /** Discharge vitals must be this recent (a reading from an hour ago says little about now). */
  maxAgeMinutes: 30,
};
export type DischargeTolerances = typeof DEFAULT_DISCHARGE_TOLERANCES;

const MINUTE = 60_000;

function vitalsItem(
  input: DischargeInput,
  firstDoseMs: number,
  nowMs: number,
  rules: readonly VitalRule[],
  tol: DischargeTolerances,
): DischargeItem {
  const fail = (message: string): DischargeItem => ({ id: 'vitals_near_baseline', ok: false, message });
  const { baselineVitals: base, latestVitals: latest } = input;
  if (!base) return fail('No baseline vitals recorded to compare with.');
  if (!latest) return fail('Record vitals before discharge.');
  const takenMs = Date.parse(latest.at);
  if (Number.isNaN(takenMs) || takenMs < firstDoseMs) return fail('Record vitals taken after the dose.');
  if (nowMs - takenMs > tol.maxAgeMinutes * MINUTE) {
    return fail(`Latest vitals are older than ${tol.maxAgeMinutes} min; record a new set before discharge.`);
  }
  if (latest.sbp === undefined || latest.dbp === undefined)
    return fail('Discharge vitals need a blood pressure.');

  const problems: string[] = [];
  for (const alert of evaluateVitals(latest, 'in_session', rules)) problems.push(alert.message);
  for (const vital of ['sbp', 'dbp', 'hr'] as const) {
    const now = latest[vital];
    const then = base[vital];
    if (now === undefined || then === undefined) continue;
    const { tolerance, ceiling } = tol[vital];
    const near = Math.abs(now - then) <= tolerance || (now > then && now <= ceiling);
    if (!near)
      problems.push(`${VITAL_SIGNS[vital].label} ${now} vs baseline ${then} (more than ${tolerance} apart).`);
  }
  const spo2Now = latest.spo2;
  const spo2Then = base.spo2;
  if (
    spo2Now !== undefined &&
    spo2Now < tol.spo2Floor &&
    (spo2Then === undefined || spo2Now < spo2Then - tol.spo2Drop)
  ) {
    problems.push(`SpO2 ${spo2Now}% is below ${tol.spo2Floor}% and below baseline.`);
  }
  if (problems.length > 0) return fail(`Vitals not yet near baseline: ${problems.join(' ')}`);
  return { id: 'vitals_near_baseline', ok: true, message: 'Vitals at or near baseline.' };
}

function yesNo(
  id: DischargeItem['id'],
  value: boolean | undefined,
  ok: string,
  notOk: string,
  unset: string,
): DischargeItem {
  if (value === undefined) return { id, ok: false, message: unset };
  return { id, ok: value, message: value ? ok : notOk };
}

export function dischargeCheck(
  input: DischargeInput,
  options: { vitalRules?: readonly VitalRule[]; tolerances?: DischargeTolerances } = {},
): { ready: boolean; items: DischargeItem[] } {
  const template = templateFor(input.route);
  const firstDoseMs = Date.parse(input.firstDoseAt);
  const nowMs = Date.parse(input.now);
  if (Number.isNaN(firstDoseMs) || Number.isNaN(nowMs))
    throw new RangeError('firstDoseAt and now must be ISO date-times');

  const minimum = template.minimumMonitoringMinutes;
  const elapsedMs = nowMs - firstDoseMs;
  // Compared in milliseconds: 119 min 59 s is not 120 min.
  const monitoredEnough = elapsedMs >= minimum * MINUTE;
  const elapsedMin = Math.max(0, Math.floor(elapsedMs / MINUTE));
  const from = template.id === 'esketamine' ? 'the first device' : 'the dose';
  const items: DischargeItem[] = [
    {
      id: 'minimum_monitoring',
      ok: monitoredEnough,
      message: monitoredEnough
        ? `Monitored ${elapsedMin} min since ${from} (minimum ${minimum}).`
        : `Monitored ${elapsedMin} min since ${from}; at least ${minimum} min required ` +
          `(${Math.ceil((minimum * MINUTE - elapsedMs) / MINUTE)} min to go).`,
    },
    vitalsItem(
      input,
      firstDoseMs,
      nowMs,
      options.vitalRules ?? DEFAULT_VITAL_RULES,
      options.tolerances ?? DEFAULT_DISCHARGE_TOLERANCES,
    ),
    input.sedation === undefined
      ? { id: 'sedation_resolved', ok: false, message: 'Rate sedation (MOAA/S) before discharge.' }
      : {
          id: 'sedation_resolved',
          ok: sedationResolved(input.sedation),
          message: sedationResolved(input.sedation)
            ? 'Fully alert (MOAA/S 5).'
            : `MOAA/S ${input.sedation}: sedation not resolved (needs 5).`,
        },
    yesNo(
      'dissociation_resolved',
      input.dissociationResolved,
      'Dissociation resolved.',
      'Dissociation not yet resolved.',
      'Assess dissociation before discharge.',
    ),
    yesNo(
      'oriented',
      input.oriented,
      'Oriented.',
      'Not yet oriented to person, place and time.',
      'Check orientation before discharge.',
    ),
    yesNo(
      'walks_safely',
      input.walksSafely,
      'Walks safely.',
      'Not yet walking safely.',
      'Check that the patient walks safely.',
    ),
    input.escortName?.trim()
      ? { id: 'escort_present', ok: true, message: `Escort: ${input.escortName.trim()}.` }
      : {
          id: 'escort_present',
          ok: false,
          message: 'Record the name of the escort taking the patient home.',
        },
    yesNo(
      'no_driving_acknowledged',
      input.acknowledgedNoDriving,
      'Patient acknowledged: no driving or machinery until the next day after restful sleep.',
      'Patient has not acknowledged the no-driving instruction.',
      'Ask the patient to acknowledge: no driving or machinery until the next day after restful sleep.',
    ),
  ];
  return { ready: items.every((item) => item.ok), items };
}
