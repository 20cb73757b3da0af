import { z } from 'zod';

/**
 * An at-home sublingual program's settings (DOMAIN §9). The clinic owns its protocol: every default below says
 * where it comes from, and the ones that are common program practice rather than a published rule say so.
 * The home blood-pressure and pulse limits are not here: they are the `home_check_in` rules of the clinic's
 * versioned vital-sign rule set (domain/vitals/rules.ts), so the same rule editor and sources serve both.
 */
export interface AtHomeSettings {
  /** `rules`: a clean check-in is a go at once; `clinician`: a clean check-in waits for a clinician's go. */
  goBy: 'rules' | 'clinician';
  /** Patient (or sitter) check-ins, in minutes after the dose was taken. */
  checkInMinutes: number[];
  /** The sitter's visual check on the patient, every so many minutes after the dose. */
  sitterCheckEveryMinutes: number;
  /** A check-in, sitter check or check-out not answered this many minutes after it fell due escalates. */
  graceMinutes: number;
  /** The earliest check-out after the dose (the sitter stays at least this long). */
  minimumSessionMinutes: number;
  /** How long before the booked start the pre-dose check-in opens on the patient's phone. */
  checkInOpensMinutesBefore: number;
}

export interface SettingSource {
  basis: 'published' | 'policy';
  source: string;
}

const PROGRAM_PRACTICE =
  'Common remote-program practice for supervised at-home sublingual ketamine (DOMAIN §9); clinic policy, not a published rule';

export const DEFAULT_AT_HOME_SETTINGS: AtHomeSettings = {
  goBy: 'clinician',
  checkInMinutes: [30, 60],
  sitterCheckEveryMinutes: 15,
  graceMinutes: 15,
  minimumSessionMinutes: 120,
  checkInOpensMinutesBefore: 60,
};

/** Where each default comes from, shown beside it on the settings screen. */
export const AT_HOME_SETTING_SOURCES: Record<keyof AtHomeSettings, SettingSource> = {
  goBy: {
    basis: 'policy',
    source:
      'Liminal default: a clinician gives each go until the clinic chooses to let a clean check-in go by its rules',
  },
  checkInMinutes: { basis: 'policy', source: `${PROGRAM_PRACTICE} (check-ins at 30 and 60 minutes)` },
  sitterCheckEveryMinutes: { basis: 'policy', source: `${PROGRAM_PRACTICE} (visual check every 15 minutes)` },
  graceMinutes: {
    basis: 'policy',
    source: `${PROGRAM_PRACTICE} (a missed check-in escalates after 15 minutes)`,
  },
  minimumSessionMinutes: {
    basis: 'policy',
    source: `${PROGRAM_PRACTICE} (the sitter stays for the whole session, at least 2 hours in some programs)`,
  },
  checkInOpensMinutesBefore: {
    basis: 'policy',
    source: 'Liminal default: the check-in opens an hour before',
  },
};

export const atHomeSettingsSchema = z
  .object({
    goBy: z.enum(['rules', 'clinician']),
    checkInMinutes: z
      .array(z.number().int().min(5, 'A check-in comes at least 5 minutes after the dose').max(480))
      .max(12, 'At most 12 timed check-ins'),
    sitterCheckEveryMinutes: z.number().int().min(5).max(120),
    graceMinutes: z.number().int().min(1).max(120),
    minimumSessionMinutes: z.number().int().min(30).max(720),
    checkInOpensMinutesBefore: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  })
  .strict()
  .superRefine((s, ctx) => {
    const sorted = [...s.checkInMinutes].sort((a, b) => a - b);
    if (new Set(sorted).size !== sorted.length)
      ctx.addIssue({ code: 'custom', path: ['checkInMinutes'], message: 'Each check-in minute once' });
    if (sorted.some((m) => m >= s.minimumSessionMinutes))
      ctx.addIssue({
        code: 'custom',
        path: ['checkInMinutes'],
        message: 'Every check-in must come before the earliest check-out',
      });
  });
