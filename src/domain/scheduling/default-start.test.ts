import { describe, expect, it } from 'vitest';
import { defaultStart } from './default-start';
import { localToUtc } from './time';

const LA = 'America/Los_Angeles';
const at = (date: string, time: string) => localToUtc(date, time, LA);

describe('where a booking form starts', () => {
  it('the next slot step after now on the site’s clock, never a time already past', () => {
    // 15:07 in Los Angeles (23:07 UTC): 15:30 with 30-minute steps, 15:15 with 15-minute steps.
    expect(defaultStart({ now: at('2026-12-01', '15:07'), tz: LA, stepMin: 30, durationMin: 60 })).toEqual({
      date: '2026-12-01',
      time: '15:30',
    });
    expect(defaultStart({ now: at('2026-12-01', '15:07'), tz: LA, stepMin: 15, durationMin: 60 })).toEqual({
      date: '2026-12-01',
      time: '15:15',
    });
    // Exactly on a boundary: the next one (the current one is already under way).
    expect(defaultStart({ now: at('2026-12-01', '15:30'), tz: LA, stepMin: 30, durationMin: 60 })).toEqual({
      date: '2026-12-01',
      time: '16:00',
    });
  });

  it('before the day opens: the opening; too late for the visit to fit: the next day', () => {
    expect(defaultStart({ now: at('2026-12-01', '06:10'), tz: LA, stepMin: 30, durationMin: 60 })).toEqual({
      date: '2026-12-01',
      time: '09:00',
    });
    expect(defaultStart({ now: at('2026-12-01', '16:40'), tz: LA, stepMin: 30, durationMin: 150 })).toEqual({
      date: '2026-12-02',
      time: '09:00',
    });
    // Late evening in Los Angeles is already tomorrow in UTC: still the site's next day.
    expect(defaultStart({ now: '2026-12-02T06:30:00.000Z', tz: LA, stepMin: 30, durationMin: 60 })).toEqual({
      date: '2026-12-02',
      time: '09:00',
    });
  });

  it('a later day the calendar shows starts at its opening; an earlier one is ignored', () => {
    expect(
      defaultStart({
        now: at('2026-12-01', '15:07'),
        tz: LA,
        stepMin: 30,
        durationMin: 60,
        date: '2026-12-08',
      }),
    ).toEqual({ date: '2026-12-08', time: '09:00' });
    expect(
      defaultStart({
        now: at('2026-12-01', '15:07'),
        tz: LA,
        stepMin: 30,
        durationMin: 60,
        date: '2026-11-20',
      }),
    ).toEqual({ date: '2026-12-01', time: '15:30' });
  });

  it('skips times the clinician or room is taken', () => {
    const busy = [{ start: at('2026-12-08', '09:00'), end: at('2026-12-08', '11:30') }];
    expect(
      defaultStart({
        now: at('2026-12-01', '15:07'),
        tz: LA,
        stepMin: 30,
        durationMin: 60,
        date: '2026-12-08',
        busy,
      }),
    ).toEqual({ date: '2026-12-08', time: '11:30' });
  });
});
