import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  addYears,
  biennialInventory,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  retainUntil,
  theftLossDeadlines,
  toDayNumber,
  weekday,
} from './index';

describe('calendar', () => {
  it('agrees with the proleptic Gregorian calendar', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2000-03-01')).toBe(11_017);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(weekday('2026-03-02')).toBe(1); // Monday
    expect(weekday('2000-01-01')).toBe(6); // Saturday
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });

  it('round-trips day numbers and matches Date.UTC (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const iso = fromDayNumber(n);
        expect(toDayNumber(iso)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
        expect(weekday(iso)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });

  it('adds years, rolling 29 February back to the 28th', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2026-07-15', 2)).toBe('2028-07-15');
  });
});

describe('theft or loss deadlines', () => {
  it.each([
    ['Monday', '2026-03-02', '2026-03-03'],
    ['Thursday', '2026-03-05', '2026-03-06'],
    ['Friday', '2026-03-06', '2026-03-09'],
    ['Saturday', '2026-03-07', '2026-03-09'],
    ['Sunday', '2026-03-08', '2026-03-09'],
  ])('discovered on a %s (%s): DEA notice due %s', (_day, discovered, due) => {
    expect(theftLossDeadlines(discovered).deaNotificationDueOn).toBe(due);
  });

  it('skips holidays the clinic lists, and gives Form 106 at 45 calendar days', () => {
    // Friday 3 July 2026 (observed Independence Day) and the weekend are skipped.
    const d = theftLossDeadlines('2026-07-02', ['2026-07-03']);
    expect(d.deaNotificationDueOn).toBe('2026-07-06');
    expect(d.form106DueOn).toBe('2026-08-16');
    expect(daysBetween(d.discoveredOn, d.form106DueOn)).toBe(45);
    expect(d.source).toContain('1301.76');
    // Across a year end.
    expect(theftLossDeadlines('2027-12-31').deaNotificationDueOn).toBe('2028-01-03');
  });

  it('always lands on a weekday, one to three days later (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const discovered = fromDayNumber(n);
        const due = addBusinessDays(discovered, 1);
        expect([1, 2, 3, 4, 5]).toContain(weekday(due));
        expect(daysBetween(discovered, due)).toBeGreaterThanOrEqual(1);
        expect(daysBetween(discovered, due)).toBeLessThanOrEqual(3);
      }),
    );
  });
});

describe('biennial inventory', () => {
  it('is due two years after the last one, with a reminder window', () => {
    expect(biennialInventory('2025-05-01', '2026-06-01')).toMatchObject({
      dueOn: '2027-05-01',
      remindFrom: '2027-03-02',
      status: 'ok',
      daysRemaining: 334,
    });
    expect(biennialInventory('2025-05-01', '2027-03-02').status).toBe('due_soon');
    expect(biennialInventory('2025-05-01', '2027-05-01')).toMatchObject({
      status: 'due_soon',
      daysRemaining: 0,
    });
    expect(biennialInventory('2025-05-01', '2027-05-02')).toMatchObject({
      status: 'overdue',
      daysRemaining: -1,
    });
    expect(biennialInventory('2025-05-01', '2027-04-20', 7).status).toBe('ok');
    expect(biennialInventory('2024-02-29', '2025-01-01').dueOn).toBe('2026-02-28');
  });

  it('keeps records for at least two years', () => {
    expect(retainUntil('2026-03-02')).toBe('2028-03-02');
  });
});
