import { describe, expect, it } from 'vitest';
import { daysBetween, weekday } from '../ledger/calendar';
import {
  checkDeviceSpacing,
  checkEsketamineAdministration,
  esketamineDeviceCount,
  esketamineSchedule,
} from './index';

describe('esketamine devices', () => {
  it('counts 28 mg devices', () => {
    expect(esketamineDeviceCount(56)).toBe(2);
    expect(esketamineDeviceCount(84)).toBe(3);
    expect(esketamineDeviceCount(28)).toBe(1);
    expect(() => esketamineDeviceCount(70)).toThrow(RangeError);
    expect(() => esketamineDeviceCount(0)).toThrow(RangeError);
  });

  it('accepts devices 5 minutes apart and flags ones given sooner or out of order', () => {
    expect(
      checkDeviceSpacing(['2026-03-02T15:00:00Z', '2026-03-02T15:05:00Z', '2026-03-02T15:11:00Z']),
    ).toEqual({ ok: true, violations: [] });
    const r = checkDeviceSpacing(['2026-03-02T15:00:00Z', '2026-03-02T15:04:00Z', '2026-03-02T15:02:00Z']);
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      { index: 1, minutesAfterPrevious: 4, requiredMinutes: 5 },
      { index: 2, minutesAfterPrevious: -2, requiredMinutes: 5 },
    ]);
    // Offsets are honoured: 10:05-05:00 is 15:05Z, five minutes after 15:00Z.
    expect(checkDeviceSpacing(['2026-03-02T15:00:00Z', '2026-03-02T10:05:00-05:00']).ok).toBe(true);
    expect(() => checkDeviceSpacing(['yesterday'])).toThrow(RangeError);
  });

  it('checks the number of devices recorded against the dose', () => {
    const times = ['2026-03-02T15:00:00Z', '2026-03-02T15:05:00Z'];
    expect(checkEsketamineAdministration(56, times)).toMatchObject({ ok: true, expectedDevices: 2 });
    expect(checkEsketamineAdministration(84, times)).toMatchObject({
      ok: false,
      expectedDevices: 3,
      recordedDevices: 2,
    });
  });
});

describe('esketamineSchedule', () => {
  const plan = esketamineSchedule('2026-03-02', { throughWeek: 16 }); // a Monday

  it('plans twice-weekly induction for weeks 1–4 with 56 mg on day 1', () => {
    const induction = plan.filter((d) => d.phase === 'induction');
    expect(induction).toHaveLength(8);
    expect(induction.map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-05',
      '2026-03-09',
      '2026-03-12',
      '2026-03-16',
      '2026-03-19',
      '2026-03-23',
      '2026-03-26',
    ]);
    expect(induction[0]).toMatchObject({
      sequence: 1,
      week: 1,
      doseMg: 56,
      devices: 2,
      frequency: 'twice_weekly',
    });
  });

  it('plans weekly doses for weeks 5–8 and every two weeks from week 9', () => {
    const weekly = plan.filter((d) => d.frequency === 'weekly');
    expect(weekly.map((d) => [d.week, d.date])).toEqual([
      [5, '2026-03-30'],
      [6, '2026-04-06'],
      [7, '2026-04-13'],
      [8, '2026-04-20'],
    ]);
    const later = plan.filter((d) => d.week >= 9);
    expect(later.map((d) => d.week)).toEqual([9, 11, 13, 15]);
    expect(later.every((d) => d.frequency === 'every_2_weeks')).toBe(true);
    expect(later[0]?.date).toBe('2026-04-27');
    expect(plan.map((d) => d.sequence)).toEqual(plan.map((_, i) => i + 1));
  });

  it('keeps the weekday of the start date and crosses month, year and leap-day boundaries', () => {
    const p = esketamineSchedule('2027-12-30', { throughWeek: 12, maintenanceIntervalWeeks: 1 });
    expect(p.filter((d) => d.week >= 9)).toHaveLength(4);
    for (const d of p.filter((x) => x.frequency !== 'twice_weekly'))
      expect(weekday(d.date)).toBe(weekday('2027-12-30'));
    const leap = esketamineSchedule('2028-02-24', { throughWeek: 1, secondWeeklyDoseOffsetDays: 5 });
    expect(leap.map((d) => d.date)).toEqual(['2028-02-24', '2028-02-29']);
  });

  it('uses the chosen induction and maintenance doses', () => {
    const p = esketamineSchedule('2026-03-02', {
      inductionDoseMg: 84,
      maintenanceDoseMg: 56,
      throughWeek: 9,
    });
    expect(p.slice(0, 3).map((d) => d.doseMg)).toEqual([56, 84, 84]);
    expect(p.filter((d) => d.phase === 'maintenance').every((d) => d.doseMg === 56)).toBe(true);
  });

  it('never schedules sessions on consecutive days', () => {
    for (const offset of [2, 3, 4, 5]) {
      const p = esketamineSchedule('2026-01-01', { secondWeeklyDoseOffsetDays: offset, throughWeek: 10 });
      for (let i = 1; i < p.length; i++) {
        expect(daysBetween(p[i - 1]?.date ?? '', p[i]?.date ?? '')).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => esketamineSchedule('2026-02-30')).toThrow(RangeError);
    expect(() => esketamineSchedule('2026-03-02', { secondWeeklyDoseOffsetDays: 1 })).toThrow();
  });
});
