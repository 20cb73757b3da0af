import { describe, expect, it } from 'vitest';
import { screeningStatus } from './status';

describe('screeningStatus', () => {
  it('a current decision decides: cleared (green) or not cleared (red), whatever the rules needed', () => {
    expect(screeningStatus('needs_review', { decision: 'cleared', stale: false })).toEqual({
      state: 'cleared',
      label: 'Cleared',
      cleared: true,
      tone: 'green',
    });
    expect(screeningStatus('eligible', { decision: 'cleared', stale: false }).state).toBe('cleared');
    expect(screeningStatus('needs_review', { decision: 'not_cleared', stale: false })).toMatchObject({
      state: 'not_cleared',
      cleared: false,
      tone: 'red',
    });
  });

  it('a decision about an earlier record no longer counts: review again, or not eligible when the rules now say so', () => {
    expect(screeningStatus('needs_review', { decision: 'cleared', stale: true })).toMatchObject({
      state: 'review_again',
      label: 'Review again',
      cleared: false,
      tone: 'amber',
    });
    expect(screeningStatus('not_eligible', { decision: 'cleared', stale: true })).toMatchObject({
      state: 'not_eligible',
      tone: 'red',
    });
  });

  it('without a decision: the rules’ outcome, and an eligible result still awaits a prescriber', () => {
    expect(screeningStatus('needs_review', null)).toMatchObject({
      state: 'needs_review',
      label: 'Needs review',
    });
    expect(screeningStatus('not_eligible', null)).toMatchObject({
      state: 'not_eligible',
      label: 'Not eligible',
    });
    expect(screeningStatus('eligible', null)).toMatchObject({
      state: 'awaiting_decision',
      label: 'Awaiting decision',
      cleared: false,
    });
  });
});
