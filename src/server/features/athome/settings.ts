import {
  AT_HOME_SETTING_SOURCES,
  type AtHomeSettings,
  atHomeSettingsSchema,
  DEFAULT_AT_HOME_SETTINGS,
} from '../../../domain/athome';
import type { Executor } from '../../db/dialect';
import { getSetting } from '../../platform/settings';
import { staffAccount } from './repository';

/** What every at-home action reads from the clinic's settings: the program, on call, the numbers to call. */
export interface ProgramConfig {
  program: AtHomeSettings;
  onCallUserId: string | null;
  onCallPhone: string | null;
  clinicPhone: string | null;
  clinicName: string;
}

export async function programConfig(db: Executor): Promise<ProgramConfig> {
  const stored = await getSetting(db, 'athome.programSettings');
  // A stored value that no longer parses (an older shape) falls back to the shipped defaults, field by field.
  const parsed = atHomeSettingsSchema.safeParse({ ...DEFAULT_AT_HOME_SETTINGS, ...(stored ?? {}) });
  return {
    program: parsed.success ? parsed.data : DEFAULT_AT_HOME_SETTINGS,
    onCallUserId: await getSetting(db, 'athome.onCallUserId'),
    onCallPhone: await getSetting(db, 'athome.onCallPhone'),
    clinicPhone: await getSetting(db, 'clinic.phone'),
    clinicName: await getSetting(db, 'clinic.name'),
  };
}

export const HELP_MESSAGE =
  'If you are in danger or cannot wake the patient, call 911 now. For a mental-health crisis call or text 988. For anything else about this session, call the clinic’s on-call number.';

export function helpNumbers(cfg: ProgramConfig) {
  return {
    onCallPhone: cfg.onCallPhone ?? cfg.clinicPhone,
    crisisLine: '988' as const,
    emergency: '911' as const,
    message: HELP_MESSAGE,
  };
}

export async function settingsView(db: Executor) {
  const cfg = await programConfig(db);
  const onCall = cfg.onCallUserId ? await staffAccount(db, cfg.onCallUserId) : undefined;
  return {
    program: cfg.program,
    sources: AT_HOME_SETTING_SOURCES,
    onCallUserId: cfg.onCallUserId,
    onCallName: onCall?.name ?? null,
    onCallPhone: cfg.onCallPhone,
  };
}
