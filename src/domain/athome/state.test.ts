import { describe, expect, it } from 'vitest';
import { AT_HOME_STATES, type AtHomeEvent, type AtHomeState, eventsFrom, transition } from './state';

const EVENTS: AtHomeEvent[] = [
  'check_in_step',
  'decided_recheck',
  'decided_hold',
  'decided_awaiting_go',
  'decided_go',
  'decided_incomplete',
  'clinician_go',
  'clinician_hold',
  'dose_taken',
  'check_out',
  'close',
];

function run(events: AtHomeEvent[]): AtHomeState {
  let s: AtHomeState = 'scheduled';
  for (const e of events) {
    const t = transition(s, e);
    if (!t.ok) throw new Error(`${s} --${e}--> refused: ${t.reason}`);
    s = t.to;
  }
  return s;
}

describe('at-home session state machine', () => {
  it('runs a clean session from check-in to close', () => {
    expect(
      run([
        'check_in_step',
        'check_in_step',
        'decided_awaiting_go',
        'clinician_go',
        'dose_taken',
        'check_out',
        'close',
      ]),
    ).toBe('closed');
  });

  it('a high reading goes to re-check, then to hold, and only a clinician lifts a hold', () => {
    expect(run(['check_in_step', 'decided_recheck', 'check_in_step', 'decided_hold'])).toBe('held');
    expect(transition('held', 'decided_go').ok).toBe(false);
    expect(transition('held', 'dose_taken').ok).toBe(false);
    expect(run(['check_in_step', 'decided_hold', 'clinician_go'])).toBe('go');
  });

  it('a re-check back in range returns to checking in; a clean check-in waiting for the order goes by the rules once signed', () => {
    expect(run(['check_in_step', 'decided_recheck', 'check_in_step', 'decided_incomplete'])).toBe(
      'checking_in',
    );
    expect(run(['check_in_step', 'decided_awaiting_go', 'decided_go'])).toBe('go');
    expect(transition('held', 'decided_incomplete').ok).toBe(false);
    expect(transition('go', 'decided_incomplete').ok).toBe(false);
  });

  it('refuses a second dose, a dose before the go, and check-out before the dose', () => {
    const second = transition('dose_taken', 'dose_taken');
    expect(second).toEqual({
      ok: false,
      reason: 'The dose can be recorded only after the go, and only once.',
    });
    expect(transition('awaiting_go', 'dose_taken').ok).toBe(false);
    expect(transition('go', 'check_out').ok).toBe(false);
  });

  it('cannot be held after the dose, and a closed session accepts nothing', () => {
    expect(transition('dose_taken', 'clinician_hold').ok).toBe(false);
    for (const e of EVENTS) expect(transition('closed', e).ok).toBe(false);
  });

  it('every state answers every event with a move or a reason (the full table)', () => {
    let moves = 0;
    for (const s of AT_HOME_STATES) {
      for (const e of EVENTS) {
        const t = transition(s, e);
        if (t.ok) {
          moves += 1;
          expect(AT_HOME_STATES).toContain(t.to);
          expect(eventsFrom(s)).toContain(e);
        } else {
          expect(t.reason.length).toBeGreaterThan(10);
          expect(eventsFrom(s)).not.toContain(e);
        }
      }
    }
    expect(moves).toBe(32);
  });
});
