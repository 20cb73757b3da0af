import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  clockChangeNotice,
  formatLocal,
  isTimeZone,
  localDayBounds,
  localToUtc,
  resolveLocal,
  shiftLocalDays,
  toLocal,
} from './time';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';

describe('time zones with Intl', () => {
  it('converts local wall time to UTC on both sides of a DST change', () => {
    // US DST 2026: starts Sunday 8 March, ends Sunday 1 November.
    expect(localToUtc('2026-03-06', '09:00', LA)).toBe('2026-03-06T17:00:00.000Z'); // PST, UTC-8
    expect(localToUtc('2026-03-09', '09:00', LA)).toBe('2026-03-09T16:00:00.000Z'); // PDT, UTC-7
    expect(localToUtc('2026-10-30', '09:00', NY)).toBe('2026-10-30T13:00:00.000Z'); // EDT
    expect(localToUtc('2026-11-02', '09:00', NY)).toBe('2026-11-02T14:00:00.000Z'); // EST
  });

  it('moves a time in the spring-forward gap forward, and takes the first of a repeated hour', () => {
    expect(localToUtc('2026-03-08', '02:30', LA)).toBe('2026-03-08T10:30:00.000Z'); // = 03:30 PDT
    expect(toLocal('2026-03-08T10:30:00.000Z', LA).time).toBe('03:30');
    expect(localToUtc('2026-11-01', '01:30', LA)).toBe('2026-11-01T08:30:00.000Z'); // first 01:30 (PDT)
  });

  it('reads back the local parts of an instant, with the offset', () => {
    const l = toLocal('2026-03-09T16:00:00.000Z', LA);
    expect(l).toMatchObject({ date: '2026-03-09', time: '09:00', weekday: 1, offsetMinutes: -420 });
    expect(toLocal('2026-01-15T12:00:00Z', 'UTC').offsetMinutes).toBe(0);
    expect(toLocal('2026-01-15T12:00:00Z', 'Asia/Kolkata').offsetMinutes).toBe(330);
  });

  it('round-trips every local time that exists (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(LA, NY, 'Europe/London', 'Australia/Sydney', 'America/Phoenix', 'Pacific/Honolulu'),
        (dayOffset, minute, tz) => {
          const date = new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
          const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const back = toLocal(localToUtc(date, time, tz), tz);
          // Either the same wall time, or (inside a spring-forward gap) later on the same day.
          if (back.date === date && back.time === time) return true;
          return back.date === date && back.minutes > minute && back.minutes - minute <= 60;
        },
      ),
      { numRuns: 500, seed: 9 },
    );
  });

  it('keeps the wall-clock time when shifting by whole days across a DST change', () => {
    const before = localToUtc('2026-03-05', '09:00', LA);
    const after = shiftLocalDays(before, 7, LA);
    expect(toLocal(after, LA).time).toBe('09:00');
    expect(Date.parse(after) - Date.parse(before)).toBe(7 * 86_400_000 - 3_600_000);
  });

  it('gives 23- and 25-hour days on DST change days', () => {
    const spring = localDayBounds('2026-03-08', LA);
    expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * 3_600_000);
    const fall = localDayBounds('2026-11-01', LA);
    expect(Date.parse(fall.end) - Date.parse(fall.start)).toBe(25 * 3_600_000);
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-06-30', 6)).toBe('2026-12-30');
  });

  it('formats for people with the zone abbreviation, and validates zones', () => {
    expect(formatLocal('2026-03-10T16:00:00Z', LA)).toBe('Tuesday, March 10, 2026 at 9:00 AM PDT');
    expect(formatLocal('2026-03-06T17:00:00Z', LA)).toBe('Friday, March 6, 2026 at 9:00 AM PST');
    expect(isTimeZone(LA)).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('resolveLocal and clockChangeNotice', () => {
  it('keeps a time that exists as it is, and moves one in the spring-forward gap, saying from what', () => {
    expect(resolveLocal('2027-03-14', '01:30', 'America/Los_Angeles')).toEqual({
      startsAt: '2027-03-14T09:30:00.000Z',
      time: '01:30',
      shiftedFrom: null,
    });
    expect(resolveLocal('2027-03-14', '02:30', 'America/Los_Angeles')).toEqual({
      startsAt: '2027-03-14T10:30:00.000Z',
      time: '03:30',
      shiftedFrom: '02:30',
    });
    expect(resolveLocal('2027-03-14', '03:00', 'America/Los_Angeles').shiftedFrom).toBeNull();
    // Fall back: 01:30 happens twice; the first is kept and nothing moved.
    expect(resolveLocal('2027-11-07', '01:30', 'America/Los_Angeles')).toEqual({
      startsAt: '2027-11-07T08:30:00.000Z',
      time: '01:30',
      shiftedFrom: null,
    });
    // A zone without daylight saving never moves a time.
    expect(resolveLocal('2027-03-14', '02:30', 'America/Phoenix').shiftedFrom).toBeNull();
  });

  it('says why a time moved in plain words', () => {
    expect(clockChangeNotice('2027-03-14', '02:30', '03:30')).toBe(
      '2:30 AM does not exist on Sunday, March 14: the clocks go forward an hour that night, so this visit is at 3:30 AM.',
    );
  });
});
