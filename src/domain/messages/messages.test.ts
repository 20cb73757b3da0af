import { describe, expect, it } from 'vitest';
import { DEFAULT_CANNED_REPLIES, MESSAGE_LIMITS, waitingWords } from '.';

describe('waitingWords', () => {
  const now = new Date('2026-11-25T15:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  it('says nothing when nothing waits', () => {
    expect(waitingWords(null, now)).toBeNull();
  });
  it('counts minutes (at least one), then hours, then days', () => {
    expect(waitingWords(ago(10_000), now)).toBe('waiting 1 min');
    expect(waitingWords(ago(59 * 60_000), now)).toBe('waiting 59 min');
    expect(waitingWords(ago(3 * 3_600_000 + 5 * 60_000), now)).toBe('waiting 3 h');
    expect(waitingWords(ago(47 * 3_600_000), now)).toBe('waiting 47 h');
    expect(waitingWords(ago(50 * 3_600_000), now)).toBe('waiting 2 days');
  });
  it('never reads a time in the future as negative', () => {
    expect(waitingWords(ago(-60_000), now)).toBe('waiting 1 min');
  });
});

describe('shipped canned replies', () => {
  it('have unique ids and fit the message limits', () => {
    const ids = DEFAULT_CANNED_REPLIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of DEFAULT_CANNED_REPLIES) {
      expect(c.body.length).toBeLessThanOrEqual(MESSAGE_LIMITS.bodyMax);
      expect(c.title.length).toBeLessThanOrEqual(MESSAGE_LIMITS.cannedTitleMax);
    }
  });
});
