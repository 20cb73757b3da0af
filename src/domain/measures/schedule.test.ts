import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isIsoDate, planSchedule, SCHEDULE_POLICY, timingOf } from './schedule';

const TODAY = '2026-11-25';
const plan = (req: Parameters<typeof planSchedule>[0]) => {
  const r = planSchedule(req, TODAY);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.planned;
};
const errorsOf = (req: unknown) => {
  const r = planSchedule(req as Parameters<typeof planSchedule>[0], TODAY);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('calendar arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-11-15', 6)).toBe('2027-05-15');
    expect(addMonths('2026-12-10', 1)).toBe('2027-01-10');
  });
  it('recognises real calendar dates only', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
  });
});

describe('planSchedule', () => {
  it('a one-off measure is due on its day and overdue after the default window, or on the date given', () => {
    expect(plan({ kind: 'once', dueOn: TODAY })).toEqual([
      { kind: 'once', dueOn: TODAY, overdueOn: '2026-11-28' },
    ]);
    expect(plan({ kind: 'once', dueOn: TODAY, overdueOn: '2026-12-01' })[0]?.overdueOn).toBe('2026-12-01');
    expect(errorsOf({ kind: 'once', dueOn: TODAY, overdueOn: '2026-11-20' })).toEqual([
      { path: 'overdueOn', message: 'must be on or after dueOn' },
    ]);
  });

  it('intake is a single baseline measure', () => {
    expect(plan({ kind: 'intake', dueOn: '2026-11-26' })).toEqual([
      { kind: 'intake', dueOn: '2026-11-26', overdueOn: '2026-11-29' },
    ]);
  });

  it('before every dosing session: opens two days before, overdue on the session day; duplicates collapse', () => {
    const planned = plan({ kind: 'before_dosing', sessionDates: ['2026-12-03', '2026-12-01', '2026-12-03'] });
    expect(planned).toEqual([
      { kind: 'before_dosing', dueOn: '2026-11-29', overdueOn: '2026-12-01', sessionDate: '2026-12-01' },
      { kind: 'before_dosing', dueOn: '2026-12-01', overdueOn: '2026-12-03', sessionDate: '2026-12-03' },
    ]);
    expect(SCHEDULE_POLICY.beforeDosingOpensDaysBefore).toBe(2);
    expect(errorsOf({ kind: 'before_dosing', sessionDates: [] })[0]?.path).toBe('sessionDates');
    expect(errorsOf({ kind: 'before_dosing', sessionDates: ['2026-12-01', '2026-02-30'] })).toEqual([
      { path: 'sessionDates[1]', message: 'expected a calendar date YYYY-MM-DD' },
    ]);
  });

  it('weekly during a course: every 7 days after the start, up to and including the end', () => {
    const planned = plan({ kind: 'weekly', courseStart: '2026-12-01', courseEnd: '2026-12-22' });
    expect(planned.map((p) => p.dueOn)).toEqual(['2026-12-08', '2026-12-15', '2026-12-22']);
    expect(planned.every((p) => p.kind === 'weekly' && p.overdueOn === addDays(p.dueOn, 3))).toBe(true);
    expect(errorsOf({ kind: 'weekly', courseStart: '2026-12-01', courseEnd: '2026-12-05' })[0]?.path).toBe(
      'courseEnd',
    );
    expect(errorsOf({ kind: 'weekly', courseStart: '2026-12-10', courseEnd: '2026-12-01' })).toEqual([
      { path: 'courseEnd', message: 'the course must end on or after its start' },
    ]);
    expect(
      errorsOf({ kind: 'weekly', courseStart: '2026-12-01', courseEnd: '2028-01-01' })[0]?.message,
    ).toMatch(/one year/);
  });

  it('follow-up at 1, 3 and 6 calendar months after the course ends', () => {
    const planned = plan({ kind: 'follow_up', courseEnd: '2027-01-31' });
    expect(planned.map((p) => [p.kind, p.dueOn, p.overdueOn])).toEqual([
      ['follow_up_1m', '2027-02-28', '2027-03-14'],
      ['follow_up_3m', '2027-04-30', '2027-05-14'],
      ['follow_up_6m', '2027-07-31', '2027-08-14'],
    ]);
    expect(plan({ kind: 'follow_up', courseEnd: '2027-01-10', months: [3] }).map((p) => p.kind)).toEqual([
      'follow_up_3m',
    ]);
  });

  it('the whole course: intake, pre-dose, weekly and follow-ups, one per day, in date order', () => {
    const planned = plan({
      kind: 'course',
      courseStart: '2026-12-01',
      courseEnd: '2026-12-15',
      sessionDates: ['2026-12-03', '2026-12-10'],
    });
    expect(planned.map((p) => `${p.kind}@${p.dueOn}`)).toEqual([
      'intake@2026-11-25', // a future course: the baseline is due today
      'before_dosing@2026-12-01',
      'before_dosing@2026-12-08', // the weekly measure due the same day is folded into it
      'weekly@2026-12-15',
      'follow_up_1m@2027-01-15',
      'follow_up_3m@2027-03-15',
      'follow_up_6m@2027-06-15',
    ]);
  });

  it('rejects dates far from today', () => {
    expect(errorsOf({ kind: 'once', dueOn: '2035-01-01' })).toEqual([
      { path: 'dueOn', message: 'must be within 3 years of today' },
    ]);
  });
});

describe('timingOf', () => {
  const m = { dueOn: '2026-11-25', overdueOn: '2026-11-28', status: 'due' };
  it('upcoming before dueOn, due within the window, overdue from overdueOn', () => {
    expect(timingOf(m, '2026-11-24')).toBe('upcoming');
    expect(timingOf(m, '2026-11-25')).toBe('due');
    expect(timingOf(m, '2026-11-27')).toBe('due');
    expect(timingOf(m, '2026-11-28')).toBe('overdue');
    expect(timingOf({ ...m, status: 'in_progress' }, '2026-12-01')).toBe('overdue');
    expect(timingOf({ ...m, status: 'completed' }, '2026-12-01')).toBeNull();
    expect(timingOf({ ...m, status: 'cancelled' }, '2026-11-25')).toBeNull();
  });
});
