// Esketamine (Spravato) helpers: devices per dose, spacing between devices, and the label schedule.
//
// Source for all numbers: Spravato US prescribing information (dosage and administration). Each device
// delivers 28 mg (two sprays, one per nostril); the patient waits 5 minutes between devices. Treatment-
// resistant depression schedule: induction weeks 1–4 twice weekly (day 1 56 mg, then 56 or 84 mg),
// weeks 5–8 once weekly, from week 9 every 2 weeks or once weekly, at 56 or 84 mg.

import { z } from 'zod';
import { addDays, type IsoDate, isIsoDate } from '../ledger/calendar';

export const ESKETAMINE_MG_PER_DEVICE = 28;
export const ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES = 5;
export const ESKETAMINE_SOURCE =
  'Spravato (esketamine) US prescribing information, dosage and administration';

/** Number of 28 mg devices for a dose; throws RangeError when the dose is not a whole number of devices. */
export function esketamineDeviceCount(doseMg: number): number {
  const devices = doseMg / ESKETAMINE_MG_PER_DEVICE;
  if (!(doseMg > 0) || !Number.isInteger(devices)) {
    throw new RangeError(`${doseMg} mg is not a whole number of ${ESKETAMINE_MG_PER_DEVICE} mg devices`);
  }
  return devices;
}

export interface SpacingViolation {
  /** Index of the device given too soon (or out of order) after the previous one. */
  index: number;
  minutesAfterPrevious: number;
  requiredMinutes: number;
}

/**
 * Checks recorded device times (ISO 8601 instants, in administration order) against the minimum spacing.
 * Times that go backwards are reported too: they mean a data-entry error the nurse should fix.
 */
export function checkDeviceSpacing(
  deviceTimes: readonly string[],
  minMinutes: number = ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES,
): { ok: boolean; violations: SpacingViolation[] } {
  const ms = deviceTimes.map((t) => {
    const value = Date.parse(t);
    if (Number.isNaN(value)) throw new RangeError(`not a timestamp: ${t}`);
    return value;
  });
  const violations: SpacingViolation[] = [];
  for (let i = 1; i < ms.length; i++) {
    const minutes = ((ms[i] ?? 0) - (ms[i - 1] ?? 0)) / 60_000;
    if (minutes < minMinutes)
      violations.push({ index: i, minutesAfterPrevious: minutes, requiredMinutes: minMinutes });
  }
  return { ok: violations.length === 0, violations };
}

/** Device count and spacing together, for the administration record of one session. */
export function checkEsketamineAdministration(
  doseMg: number,
  deviceTimes: readonly string[],
): { ok: boolean; expectedDevices: number; recordedDevices: number; violations: SpacingViolation[] } {
  const expectedDevices = esketamineDeviceCount(doseMg);
  const spacing = checkDeviceSpacing(deviceTimes);
  return {
    ok: spacing.ok && deviceTimes.length === expectedDevices,
    expectedDevices,
    recordedDevices: deviceTimes.length,
    violations: spacing.violations,
  };
}

const labelDose = z.union([z.literal(56), z.literal(84)]);

export const EsketamineScheduleOptionsSchema = z.object({
  /** Last treatment week to plan (inclusive). */
  throughWeek: z.number().int().min(1).max(104).default(16),
  /** From week 9 the label allows once weekly (1) or every 2 weeks (2). */
  maintenanceIntervalWeeks: z.union([z.literal(1), z.literal(2)]).default(2),
  /**
   * Days between the two induction doses of a week (e.g. Monday and Thursday = 3). 2–5 keeps at least one
   * clear day between every pair of consecutive sessions.
   */
  secondWeeklyDoseOffsetDays: z.number().int().min(2).max(5).default(3),
  /** Induction doses after day 1 (day 1 is always 56 mg for treatment-resistant depression). */
  inductionDoseMg: labelDose.default(56),
  /** Doses from week 5; defaults to the induction dose. */
  maintenanceDoseMg: labelDose.optional(),
});
export type EsketamineScheduleOptions = z.input<typeof EsketamineScheduleOptionsSchema>;

export interface PlannedEsketamineDose {
  sequence: number;
  date: IsoDate;
  week: number;
  phase: 'induction' | 'maintenance';
  frequency: 'twice_weekly' | 'weekly' | 'every_2_weeks';
  doseMg: 56 | 84;
  devices: number;
}

/**
 * Planned dose dates from `startDate` (day 1, 'YYYY-MM-DD'). Week n starts on start + 7·(n − 1) days.
 * These are plans for the prescriber to confirm, not orders; the label asks for a review of benefit at the
 * end of induction.
 */
export function esketamineSchedule(
  startDate: IsoDate,
  options: EsketamineScheduleOptions = {},
): PlannedEsketamineDose[] {
  if (!isIsoDate(startDate)) throw new RangeError(`startDate must be YYYY-MM-DD, got ${startDate}`);
  const o = EsketamineScheduleOptionsSchema.parse(options);
  const maintenanceDose = o.maintenanceDoseMg ?? o.inductionDoseMg;
  const plan: PlannedEsketamineDose[] = [];
  const push = (
    week: number,
    dayInWeek: number,
    phase: PlannedEsketamineDose['phase'],
    frequency: PlannedEsketamineDose['frequency'],
    doseMg: 56 | 84,
  ) => {
    plan.push({
      sequence: plan.length + 1,
      date: addDays(startDate, 7 * (week - 1) + dayInWeek),
      week,
      phase,
      frequency,
      doseMg,
      devices: esketamineDeviceCount(doseMg),
    });
  };

  for (let week = 1; week <= Math.min(4, o.throughWeek); week++) {
    push(week, 0, 'induction', 'twice_weekly', week === 1 ? 56 : o.inductionDoseMg);
    push(week, o.secondWeeklyDoseOffsetDays, 'induction', 'twice_weekly', o.inductionDoseMg);
  }
  for (let week = 5; week <= Math.min(8, o.throughWeek); week++) {
    push(week, 0, 'maintenance', 'weekly', maintenanceDose);
  }
  const frequency = o.maintenanceIntervalWeeks === 1 ? 'weekly' : 'every_2_weeks';
  for (let week = 9; week <= o.throughWeek; week += o.maintenanceIntervalWeeks) {
    push(week, 0, 'maintenance', frequency, maintenanceDose);
  }
  return plan;
}
