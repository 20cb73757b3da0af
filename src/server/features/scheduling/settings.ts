import type { z } from 'zod';
import { schedulingSettings } from '../../../contracts/scheduling';
import { DEFAULT_REMINDER_OFFSETS_MIN } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { readSettingValue, writeSettingValue } from '../../platform/repository/settings';
import { getSetting } from '../../platform/settings';

/**
 * The clinic's scheduling policy, one JSON value in the shared `settings` table under its own key (so the
 * platform's typed setting list does not need to know about it). Read on every use: several app processes
 * may run, and none caches settings in memory.
 */
export type SchedulingSettings = z.infer<typeof schedulingSettings>;
const KEY = 'scheduling.policy';

export const SCHEDULING_DEFAULTS: SchedulingSettings = {
  reminderOffsetsMinutes: DEFAULT_REMINDER_OFFSETS_MIN,
  patientCancelNoticeHours: 24,
  selfBookingEnabled: false,
  selfBookingDays: 14,
  slotStepMinutes: 30,
};

export async function getSchedulingSettings(db: Executor): Promise<SchedulingSettings> {
  const value = await readSettingValue(db, KEY);
  if (value === undefined) return { ...SCHEDULING_DEFAULTS };
  const parsed = schedulingSettings.partial().safeParse(JSON.parse(value));
  return { ...SCHEDULING_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

export async function setSchedulingSettings(
  db: Executor,
  value: SchedulingSettings,
  by: string,
  now: string,
): Promise<void> {
  await writeSettingValue(db, KEY, JSON.stringify(value), by, now);
}

/** The clinic's own zone: used for video visits (no site) and for "today" across all sites. */
export async function clinicTimeZone(db: Executor): Promise<string> {
  return getSetting(db, 'clinic.timezone');
}

export async function clinicContact(db: Executor): Promise<{ name: string; phone: string | null }> {
  return { name: await getSetting(db, 'clinic.name'), phone: await getSetting(db, 'clinic.phone') };
}
