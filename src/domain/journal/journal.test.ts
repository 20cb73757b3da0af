import { describe, expect, it } from 'vitest';
import {
  DEFAULT_JOURNAL_PROMPTS,
  duePrompts,
  JOURNAL_LIMITS,
  JOURNAL_PROMPT_SLOTS,
  type JournalSessionRef,
  journalTextProblem,
  parsePromptKey,
  promptKey,
  promptWindows,
  sharingState,
} from './index';

const LA = 'America/Los_Angeles';
// Thursday 12 March 2026, 10:00 in Los Angeles (PDT starts Sunday 8 March 2026): 17:00Z.
const dose: JournalSessionRef = {
  type: 'appointment',
  id: 'd1',
  startsAt: '2026-03-12T17:00:00.000Z',
  setting: 'in_clinic',
};
const prep = '2026-03-05T18:00:00.000Z'; // Thursday 5 March, 10:00 PST
const due = (now: string, answered: string[] = [], dosings = [dose], preparations = [prep]) =>
  duePrompts({ now, timeZone: LA, preparations, dosings, answered: new Set(answered) }).map((p) => p.slot);

describe('journal text limits', () => {
  it('refuses empty and blank text, accepts one character', () => {
    expect(journalTextProblem('')).toBe('empty');
    expect(journalTextProblem('  \n\t ')).toBe('empty');
    expect(journalTextProblem('a')).toBeNull();
  });
  it('accepts exactly the maximum, refuses one more, counting characters not UTF-16 units', () => {
    expect(journalTextProblem('a'.repeat(JOURNAL_LIMITS.maxChars))).toBeNull();
    expect(journalTextProblem('a'.repeat(JOURNAL_LIMITS.maxChars + 1))).toBe('too_long');
    expect(journalTextProblem('🌿'.repeat(JOURNAL_LIMITS.maxChars))).toBeNull();
  });
});

describe('sharing history', () => {
  it('is private with no history', () => {
    expect(sharingState([])).toEqual({
      shared: false,
      firstSharedAt: null,
      lastSharedAt: null,
      withdrawnAt: null,
    });
  });
  it('shared, withdrawn, shared again', () => {
    const s = sharingState([
      { action: 'share', at: '2026-01-01T00:00:00Z' },
      { action: 'withdraw', at: '2026-01-02T00:00:00Z' },
    ]);
    expect(s).toMatchObject({
      shared: false,
      firstSharedAt: '2026-01-01T00:00:00Z',
      withdrawnAt: '2026-01-02T00:00:00Z',
    });
    const again = sharingState([
      { action: 'share', at: '2026-01-01T00:00:00Z' },
      { action: 'withdraw', at: '2026-01-02T00:00:00Z' },
      { action: 'share', at: '2026-01-03T00:00:00Z' },
    ]);
    expect(again).toMatchObject({ shared: true, lastSharedAt: '2026-01-03T00:00:00Z' });
  });
  it('a withdraw without a share changes nothing', () => {
    expect(sharingState([{ action: 'withdraw', at: '2026-01-02T00:00:00Z' }]).shared).toBe(false);
  });
});

describe('prompts due', () => {
  it('ships a default template for every slot, with text', () => {
    for (const slot of JOURNAL_PROMPT_SLOTS)
      expect(DEFAULT_JOURNAL_PROMPTS[slot].body.length).toBeGreaterThan(20);
  });

  it('intention: not before the local day of the preparation session, from its midnight, until the dose starts', () => {
    expect(due('2026-03-05T07:59:59.000Z')).toEqual([]); // 23:59:59 PST on 4 March
    expect(due('2026-03-05T08:00:00.000Z')).toEqual(['intention']); // midnight PST on 5 March
    expect(due('2026-03-12T16:59:59.000Z')).toEqual(['intention']);
    expect(due('2026-03-12T17:00:00.000Z')).toEqual([]); // the session has started
  });

  it('intention without a preparation session: from 3 local days before', () => {
    expect(due('2026-03-09T06:59:59.000Z', [], [dose], [])).toEqual([]);
    expect(due('2026-03-09T07:00:00.000Z', [], [dose], [])).toEqual(['intention']); // midnight PDT, 9 March
  });

  it('a preparation session after the dose does not open its intention', () => {
    expect(due('2026-03-12T08:00:00.000Z', [], [dose], ['2026-03-20T18:00:00.000Z'])).toEqual(['intention']);
  });

  it('an answered prompt is no longer due', () => {
    expect(due('2026-03-10T12:00:00.000Z', [promptKey('intention', dose)])).toEqual([]);
  });

  it('reflections: the evening of from 18:00 local, then each of the 3 days after, until local midnight', () => {
    expect(due('2026-03-13T00:59:59.000Z')).toEqual([]); // 17:59:59 PDT
    expect(due('2026-03-13T01:00:00.000Z')).toEqual(['reflection_evening']); // 18:00 PDT
    expect(due('2026-03-13T06:59:59.000Z')).toEqual(['reflection_evening']);
    expect(due('2026-03-13T07:00:00.000Z')).toEqual(['reflection_day1']); // midnight: the evening one lapses
    expect(due('2026-03-15T12:00:00.000Z')).toEqual(['reflection_day3']);
    expect(due('2026-03-16T06:59:59.000Z')).toEqual(['reflection_day3']);
    expect(due('2026-03-16T07:00:00.000Z')).toEqual([]);
  });

  it('an evening session opens its evening reflection when it starts, not at 18:00', () => {
    const late = { ...dose, id: 'late', startsAt: '2026-03-13T02:30:00.000Z' }; // 19:30 PDT
    const w = promptWindows(late, [], LA).find((p) => p.slot === 'reflection_evening');
    expect(w?.dueFrom).toBe('2026-03-13T02:30:00.000Z');
  });

  it('the day the clocks change: the reflection day is 23 hours long', () => {
    const sat = { ...dose, id: 'sat', startsAt: '2026-03-07T18:00:00.000Z' }; // Sat 7 March 10:00 PST
    const day1 = promptWindows(sat, [], LA).find((p) => p.slot === 'reflection_day1');
    expect(day1).toMatchObject({ dueFrom: '2026-03-08T08:00:00.000Z', dueUntil: '2026-03-09T07:00:00.000Z' });
  });

  it('at-home and in-clinic sessions each get their own prompts, soonest-ending first', () => {
    const home: JournalSessionRef = {
      type: 'at_home_session',
      id: 'h1',
      startsAt: '2026-03-14T17:00:00.000Z',
      setting: 'at_home',
    };
    const ps = duePrompts({
      now: '2026-03-13T12:00:00.000Z',
      timeZone: LA,
      preparations: [prep],
      dosings: [dose, home],
      answered: new Set(),
    });
    expect(ps.map((p) => p.key)).toEqual(['reflection_day1:appointment:d1', 'intention:at_home_session:h1']);
  });

  it('prompt keys round-trip and refuse anything else', () => {
    expect(parsePromptKey(promptKey('reflection_day2', dose))).toEqual({
      slot: 'reflection_day2',
      type: 'appointment',
      id: 'd1',
    });
    expect(parsePromptKey('reflection_day9:appointment:d1')).toBeNull();
    expect(parsePromptKey('intention:visit:d1')).toBeNull();
    expect(parsePromptKey('intention:appointment:d1:x')).toBeNull();
  });
});
