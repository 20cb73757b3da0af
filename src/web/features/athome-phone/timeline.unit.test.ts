import { describe, expect, it } from 'vitest';
import type { DueItem } from './patient-api';
import { ANSWER_OPENS_MS, dueWords, nextItem, openItems } from './timeline';
import { doseWords, plainTimes, sinceWords } from './words';

const DOSE = Date.parse('2027-01-12T18:30:00Z');
const MIN = 60_000;
const item = (
  key: string,
  kind: DueItem['kind'],
  minute: number,
  status: DueItem['status'] = 'upcoming',
): DueItem => ({
  key,
  kind,
  minute,
  dueAt: new Date(DOSE + minute * MIN).toISOString(),
  missedAt: new Date(DOSE + (minute + 15) * MIN).toISOString(),
  status,
});
const items = [
  item('sitter_check:15', 'sitter_check', 15),
  item('timed_check_in:30', 'timed_check_in', 30),
  item('sitter_check:30', 'sitter_check', 30),
  item('timed_check_in:60', 'timed_check_in', 60),
  item('check_out', 'check_out', 120),
];
const none = new Set<string>();

describe('what a phone offers to answer, and when', () => {
  it('opens an item five minutes before it falls due, as the server accepts it, and not a moment sooner', () => {
    const due30 = DOSE + 30 * MIN;
    expect(openItems(items, 'timed_check_in', due30 - ANSWER_OPENS_MS - 1, none)).toEqual([]);
    expect(openItems(items, 'timed_check_in', due30 - ANSWER_OPENS_MS, none).map((i) => i.key)).toEqual([
      'timed_check_in:30',
    ]);
  });

  it('leaves out what is answered on the server or waiting on the phone to be sent', () => {
    const now = DOSE + 61 * MIN;
    const answered = items.map((i) =>
      i.key === 'timed_check_in:30' ? { ...i, status: 'done' as const } : i,
    );
    expect(openItems(answered, 'timed_check_in', now, new Set(['timed_check_in:60']))).toEqual([]);
    expect(openItems(answered, 'timed_check_in', now, none).map((i) => i.key)).toEqual(['timed_check_in:60']);
  });

  it('names the next item still to come, of the kinds asked for', () => {
    expect(nextItem(items, ['sitter_check'], DOSE + 16 * MIN, none)?.key).toBe('sitter_check:30');
    expect(nextItem(items, ['timed_check_in', 'check_out'], DOSE + 70 * MIN, none)?.key).toBe('check_out');
  });

  it('says when an item fell due, and that the care team knows once it is late', () => {
    const clock = () => '11:00 am';
    const i = items[1] as DueItem;
    expect(dueWords(i, DOSE + 29 * MIN, clock)).toBe('Due at 11:00 am');
    expect(dueWords(i, DOSE + 30 * MIN, clock)).toBe('Due now');
    expect(dueWords(i, DOSE + 34 * MIN, clock)).toBe('Due 4 min ago');
    expect(dueWords(i, DOSE + 46 * MIN, clock)).toMatch(/^Due 16 min ago: the care team has been alerted/);
  });
});

describe('words on the phone', () => {
  it('never shows an instant: the server’s sentences read as times of day', () => {
    const text = plainTimes('Re-check at 2027-01-12T18:35:00.000Z: wait 5 minutes.');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toMatch(/^Re-check at \d{1,2}:35/);
  });

  it('counts the time since the dose to the minute, and writes the order as the prescriber signed it', () => {
    const at = new Date(DOSE).toISOString();
    expect(sinceWords(at, DOSE + 30_000)).toBe('0 min');
    expect(sinceWords(at, DOSE + 12 * MIN)).toBe('12 min');
    expect(sinceWords(at, DOSE + 65 * MIN)).toBe('1 h 05 min');
    expect(doseWords({ troches: 2, mg: 200 })).toBe('2 troches (200 mg)');
    expect(doseWords({ troches: 1, mg: 100 })).toBe('1 troche (100 mg)');
  });
});
