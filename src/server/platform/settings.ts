import { type AtHomeSettings, DEFAULT_AT_HOME_SETTINGS } from '../../domain/athome/settings';
import { type CannedReply, DEFAULT_ANSWER_TIME, DEFAULT_CANNED_REPLIES } from '../../domain/messages';
import type { Executor } from '../db/dialect';
import { readSettingValue, writeSettingValue } from './repository/settings';

/** Clinic settings: small JSON values by key, read where needed (no process-memory cache across instances). */
export const SETTING_DEFAULTS = {
  'clinic.name': 'Liminal Clinic',
  'clinic.phone': null as string | null,
  'clinic.email': null as string | null,
  'clinic.timezone': 'America/Los_Angeles',
  /** Readiness items a prescriber may override with a reason (the medical director decides). */
  'readiness.overridable': ['measures_before_dosing', 'preparation_signed'] as string[],
  /** How long an emergency ("break the glass") window stays open, in minutes (S17; clinic policy). */
  'emergency.windowMinutes': 60,
  /** The clinic's retention policy for signed clinical records, in years; never below the 6-year floor (S18). */
  'retention.clinicalRecordYears': null as number | null,
  /** At-home program (features/athome): its settings, the on-call clinician (a user id) and on-call phone. */
  'athome.programSettings': DEFAULT_AT_HOME_SETTINGS as AtHomeSettings,
  'athome.onCallUserId': null as string | null,
  'athome.onCallPhone': null as string | null,
  /** Messages with the care team (features/messages): the answer time the portal states, the canned replies. */
  'messages.answerTime': DEFAULT_ANSWER_TIME as string,
  'messages.cannedReplies': DEFAULT_CANNED_REPLIES as readonly CannedReply[],
};
export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function getSetting<K extends SettingKey>(
  db: Executor,
  key: K,
): Promise<(typeof SETTING_DEFAULTS)[K]> {
  const value = await readSettingValue(db, key);
  return value !== undefined ? (JSON.parse(value) as (typeof SETTING_DEFAULTS)[K]) : SETTING_DEFAULTS[key];
}

export async function setSetting<K extends SettingKey>(
  db: Executor,
  key: K,
  value: (typeof SETTING_DEFAULTS)[K],
  by: string | null,
  now: string,
): Promise<void> {
  await writeSettingValue(db, key, JSON.stringify(value), by, now);
}
