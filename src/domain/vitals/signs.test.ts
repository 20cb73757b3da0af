import { describe, expect, it } from 'vitest';
import { DEFAULT_HOME_CHECK_IN_RULES, DEFAULT_VITAL_RULES } from './rules';
import { PLAUSIBLE_RANGES, THRESHOLD_RANGES } from './schema';
import { BLOOD_PRESSURE_PANEL, VITAL_SIGNS, VITALS, type VitalSign, vitalOfLoinc } from './signs';
import { VITAL_INFO } from './types';

const rows = (): VitalSign[] => VITALS.map((v) => VITAL_SIGNS[v]);

describe('the vital-sign table', () => {
  it('lists the five vital signs in form order, each row keyed by its kind', () => {
    expect(VITALS).toEqual(['sbp', 'dbp', 'hr', 'spo2', 'rr']);
    for (const v of VITALS) expect(VITAL_SIGNS[v].kind).toBe(v);
  });

  it('codes each with the LOINC code of the FHIR vital signs profiles', () => {
    const codes = Object.fromEntries(rows().map((r) => [r.kind, [r.loinc.code, r.baseLoinc?.code]]));
    expect(codes).toEqual({
      sbp: ['8480-6', undefined],
      dbp: ['8462-4', undefined],
      hr: ['8867-4', undefined],
      spo2: ['59408-5', '2708-6'],
      rr: ['9279-1', undefined],
    });
    expect(BLOOD_PRESSURE_PANEL.loinc.code).toBe('85354-9');
    expect(BLOOD_PRESSURE_PANEL.components).toEqual(['sbp', 'dbp']);
    for (const r of rows()) expect(r.loinc.display.length).toBeGreaterThan(3);
  });

  it('gives each the UCUM unit FHIR requires', () => {
    expect(Object.fromEntries(rows().map((r) => [r.kind, r.ucum.code]))).toEqual({
      sbp: 'mm[Hg]',
      dbp: 'mm[Hg]',
      hr: '/min',
      spo2: '%',
      rr: '/min',
    });
  });

  it('finds a vital sign by either of its LOINC codes', () => {
    expect(vitalOfLoinc('8867-4')).toBe('hr');
    expect(vitalOfLoinc('59408-5')).toBe('spo2');
    expect(vitalOfLoinc('2708-6')).toBe('spo2');
    expect(vitalOfLoinc('85354-9')).toBeUndefined();
    expect(vitalOfLoinc(undefined)).toBeUndefined();
  });

  it('keeps the plausible and threshold ranges of the form and the rule editor', () => {
    expect(PLAUSIBLE_RANGES).toEqual({
      sbp: { min: 50, max: 300 },
      dbp: { min: 20, max: 200 },
      hr: { min: 20, max: 250 },
      spo2: { min: 50, max: 100 },
      rr: { min: 4, max: 60 },
    });
    expect(THRESHOLD_RANGES).toEqual({
      sbp: { min: 70, max: 250 },
      dbp: { min: 40, max: 150 },
      hr: { min: 30, max: 200 },
      spo2: { min: 80, max: 100 },
      rr: { min: 4, max: 40 },
    });
  });

  it('a threshold range sits inside the plausible range, and every shipped rule inside its threshold range', () => {
    for (const r of rows()) {
      expect(r.threshold.min).toBeGreaterThanOrEqual(r.plausible.min);
      expect(r.threshold.max).toBeLessThanOrEqual(r.plausible.max);
      expect(r.threshold.min).toBeLessThan(r.threshold.max);
    }
    for (const rule of [...DEFAULT_VITAL_RULES, ...DEFAULT_HOME_CHECK_IN_RULES]) {
      const { min, max } = VITAL_SIGNS[rule.vital].threshold;
      expect(rule.value, rule.id).toBeGreaterThanOrEqual(min);
      expect(rule.value, rule.id).toBeLessThanOrEqual(max);
    }
  });

  it('says where each row comes from', () => {
    for (const r of rows()) {
      expect(r.source.coding).toMatch(/LOINC/);
      expect(r.source.ranges).toMatch(/policy/i);
    }
    expect(BLOOD_PRESSURE_PANEL.source).toMatch(/FHIR R4 vital signs profile/);
  });

  it('names and units in messages come from the table', () => {
    expect(VITAL_INFO.sbp).toMatchObject({ label: 'Systolic BP', unit: 'mmHg' });
    expect(VITAL_INFO.hr).toMatchObject({ label: 'Heart rate', unit: 'bpm' });
    for (const v of VITALS) expect(VITAL_INFO[v]).toBe(VITAL_SIGNS[v]);
  });
});
