import { describe, expect, it } from 'vitest';
import { DEFAULT_AT_HOME_SETTINGS } from './settings';
import { boardState, missedItems, type TimelineInput, timeline } from './timers';

const S = DEFAULT_AT_HOME_SETTINGS;
const START = '2027-01-12T18:00:00.000Z';
const DOSE = '2027-01-12T18:20:00.000Z';
const plus = (base: string, min: number) => new Date(Date.parse(base) + min * 60_000).toISOString();
const input = (over: Partial<TimelineInput>): TimelineInput => ({
  state: 'dose_taken',
  startsAt: START,
  doseTakenAt: DOSE,
  answered: new Set(),
  now: DOSE,
  ...over,
});

describe('at-home timeline and escalation timers', () => {
  it('lists timed check-ins, sitter checks every 15 minutes and the check-out after the dose', () => {
    const keys = timeline(input({}), S).map((i) => i.key);
    expect(keys).toEqual([
      'sitter_check:15',
      'sitter_check:30',
      'timed_check_in:30',
      'sitter_check:45',
      'sitter_check:60',
      'timed_check_in:60',
      'sitter_check:75',
      'sitter_check:90',
      'sitter_check:105',
      'check_out',
    ]);
  });

  it('a check-in is due at its minute and missed at exactly the grace minutes after, not a millisecond before', () => {
    const at30 = (now: string) =>
      timeline(input({ now, answered: new Set(['sitter_check:15', 'sitter_check:30']) }), S).find(
        (i) => i.key === 'timed_check_in:30',
      )?.status;
    expect(at30(plus(DOSE, 29))).toBe('upcoming');
    expect(at30(plus(DOSE, 30))).toBe('due');
    expect(at30(new Date(Date.parse(plus(DOSE, 45)) - 1).toISOString())).toBe('due');
    expect(at30(plus(DOSE, 45))).toBe('missed');
  });

  it('answered items are done and never escalate', () => {
    const answered = new Set(['sitter_check:15', 'sitter_check:30', 'timed_check_in:30']);
    expect(missedItems(input({ now: plus(DOSE, 46), answered }), S)).toEqual([]);
  });

  it('the pre-dose check-in is missed grace minutes after the booked start', () => {
    const before = input({ state: 'scheduled', doseTakenAt: null, now: plus(START, 14) });
    expect(missedItems(before, S)).toEqual([]);
    expect(missedItems({ ...before, now: plus(START, 15) }, S).map((i) => i.key)).toEqual(['check_in']);
  });

  it('a missed check-out escalates; a held or closed session escalates nothing', () => {
    const all = new Set(
      timeline(input({}), S)
        .filter((i) => i.kind !== 'check_out')
        .map((i) => i.key),
    );
    const late = input({ answered: all, now: plus(DOSE, 120 + 15) });
    expect(missedItems(late, S).map((i) => i.key)).toEqual(['check_out']);
    expect(missedItems({ ...late, state: 'closed' }, S)).toEqual([]);
    expect(missedItems(input({ state: 'held', doseTakenAt: null, now: plus(START, 90) }), S)).toEqual([]);
  });

  it('the board state: escalated over all, then overdue, due, and the session’s own state', () => {
    expect(boardState(input({ now: plus(DOSE, 5) }), S, 0)).toBe('dose_taken');
    expect(boardState(input({ now: plus(DOSE, 16) }), S, 0)).toBe('check_in_due');
    expect(boardState(input({ now: plus(DOSE, 31) }), S, 0)).toBe('overdue');
    expect(boardState(input({ now: plus(DOSE, 31) }), S, 1)).toBe('escalated');
    expect(boardState(input({ state: 'checked_out', now: plus(DOSE, 200) }), S, 0)).toBe('checked_out');
    expect(boardState(input({ state: 'scheduled', doseTakenAt: null, now: plus(START, -30) }), S, 0)).toBe(
      'not_started',
    );
  });

  it('a finished session keeps what was missed; what the end came first for was not needed', () => {
    const answered = new Set(['sitter_check:15', 'sitter_check:30']);
    const closed = input({ state: 'closed', answered, now: plus(DOSE, 300), endedAt: plus(DOSE, 55) });
    const status = (key: string) => timeline(closed, S).find((i) => i.key === key)?.status;
    expect(status('sitter_check:15')).toBe('done');
    expect(status('timed_check_in:30')).toBe('missed'); // past 45 minutes before the close at 55
    expect(status('sitter_check:45')).toBe('not_needed'); // its grace ran to 60, after the close
    expect(status('check_out')).toBe('not_needed');
    const out = input({ state: 'checked_out', answered, now: plus(DOSE, 300), endedAt: plus(DOSE, 130) });
    expect(timeline(out, S).find((i) => i.key === 'check_out')?.status).toBe('done');
    expect(missedItems(out, S)).toEqual([]);
  });
});
