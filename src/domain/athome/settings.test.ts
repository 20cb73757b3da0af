import { describe, expect, it } from 'vitest';
import { AT_HOME_SETTING_SOURCES, atHomeSettingsSchema, DEFAULT_AT_HOME_SETTINGS } from './settings';

describe('at-home program settings', () => {
  it('the defaults are valid and each carries its source', () => {
    expect(atHomeSettingsSchema.safeParse(DEFAULT_AT_HOME_SETTINGS).success).toBe(true);
    for (const key of Object.keys(DEFAULT_AT_HOME_SETTINGS))
      expect(
        AT_HOME_SETTING_SOURCES[key as keyof typeof AT_HOME_SETTING_SOURCES].source.length,
      ).toBeGreaterThan(20);
  });

  it('refuses a check-in after the earliest check-out and repeated minutes, naming the field', () => {
    const late = atHomeSettingsSchema.safeParse({ ...DEFAULT_AT_HOME_SETTINGS, checkInMinutes: [30, 130] });
    expect(late.success).toBe(false);
    expect(late.error?.issues[0]?.path).toEqual(['checkInMinutes']);
    const twice = atHomeSettingsSchema.safeParse({ ...DEFAULT_AT_HOME_SETTINGS, checkInMinutes: [30, 30] });
    expect(twice.error?.issues[0]?.message).toBe('Each check-in minute once');
  });

  it('refuses unknown keys and out-of-range grace', () => {
    expect(atHomeSettingsSchema.safeParse({ ...DEFAULT_AT_HOME_SETTINGS, extra: 1 }).success).toBe(false);
    expect(atHomeSettingsSchema.safeParse({ ...DEFAULT_AT_HOME_SETTINGS, graceMinutes: 0 }).success).toBe(
      false,
    );
  });
});
