/**
 * The life of an at-home session (DOMAIN §9), as a state machine. The stored state moves only by the events
 * below; every other combination is refused with a sentence saying why. Escalations are not a state: they
 * are urgent tasks beside the session, and the board shows them over whatever state the session is in.
 */
export const AT_HOME_STATES = [
  'scheduled',
  'checking_in',
  'recheck',
  'held',
  'awaiting_go',
  'go',
  'dose_taken',
  'checked_out',
  'closed',
] as const;
export type AtHomeState = (typeof AT_HOME_STATES)[number];

export type AtHomeEvent =
  /** The patient answers a check-in step (mood, a safety answer, a reading, the sitter's confirmation). */
  | 'check_in_step'
  /** The check-in decision, after each step: the rules' outcome. */
  | 'decided_recheck'
  | 'decided_hold'
  | 'decided_awaiting_go'
  | 'decided_go'
  /**
   * The check-in decision found steps still to do: a re-check that came back in range returns the session to
   * checking in (the other steps still open), and a check-in stays where it is.
   */
  | 'decided_incomplete'
  /** A clinician gives the go (after a clean check-in awaiting it, or after reviewing a hold, with a reason). */
  | 'clinician_go'
  /** A clinician holds the session (any time before the dose). */
  | 'clinician_hold'
  | 'dose_taken'
  /** Patient and sitter check out (the remaining troches counted). */
  | 'check_out'
  /** A clinician closes the session: after check-out, or with a reason at any time (not taken, abandoned). */
  | 'close';

const TRANSITIONS: Record<AtHomeState, Partial<Record<AtHomeEvent, AtHomeState>>> = {
  scheduled: { check_in_step: 'checking_in', clinician_hold: 'held', close: 'closed' },
  checking_in: {
    check_in_step: 'checking_in',
    decided_recheck: 'recheck',
    decided_hold: 'held',
    decided_awaiting_go: 'awaiting_go',
    decided_go: 'go',
    decided_incomplete: 'checking_in',
    clinician_hold: 'held',
    close: 'closed',
  },
  recheck: {
    check_in_step: 'recheck',
    decided_recheck: 'recheck',
    decided_hold: 'held',
    decided_awaiting_go: 'awaiting_go',
    decided_go: 'go',
    decided_incomplete: 'checking_in',
    clinician_hold: 'held',
    close: 'closed',
  },
  held: { clinician_go: 'go', close: 'closed' },
  // A clean check-in waits here for the prescriber's signed order (then the rules' go, when the clinic lets
  // the rules give it) or for a clinician's go.
  awaiting_go: {
    check_in_step: 'awaiting_go',
    decided_go: 'go',
    clinician_go: 'go',
    clinician_hold: 'held',
    close: 'closed',
  },
  go: { dose_taken: 'dose_taken', clinician_hold: 'held', close: 'closed' },
  dose_taken: { check_out: 'checked_out', close: 'closed' },
  checked_out: { close: 'closed' },
  closed: {},
};

const REFUSALS: Partial<Record<AtHomeEvent, string>> = {
  dose_taken: 'The dose can be recorded only after the go, and only once.',
  check_out: 'Check-out comes after the dose has been taken.',
  clinician_go:
    'A go can be given only to a complete check-in awaiting it, or to a held session under review.',
  clinician_hold: 'The session can be held only before the dose is taken.',
  check_in_step: 'The check-in is closed for this session.',
  close: 'This session is already closed.',
};

export type Transition = { ok: true; to: AtHomeState } | { ok: false; reason: string };

export function transition(from: AtHomeState, event: AtHomeEvent): Transition {
  const to = TRANSITIONS[from][event];
  if (to) return { ok: true, to };
  return { ok: false, reason: REFUSALS[event] ?? 'That step does not fit where the session is now.' };
}

/** The events a state accepts (for tests and for which buttons a screen offers). */
export function eventsFrom(state: AtHomeState): AtHomeEvent[] {
  return Object.keys(TRANSITIONS[state]) as AtHomeEvent[];
}

/** Before the dose, the session can still be held; from the dose on, it runs to check-out. */
export const BEFORE_DOSE: readonly AtHomeState[] = [
  'scheduled',
  'checking_in',
  'recheck',
  'held',
  'awaiting_go',
  'go',
];
/**
 * A session someone is living through now, from the patient's first check-in step to their check-out: the care
 * team's screens that watch it keep their sign-in alive meanwhile (web: athome-query.ts).
 */
export const UNDER_WAY: readonly AtHomeState[] = [
  'checking_in',
  'recheck',
  'held',
  'awaiting_go',
  'go',
  'dose_taken',
];
/** A session whose sitter link still works: until check-out or close. */
export const SITTER_LINK_LIVE: readonly AtHomeState[] = [
  'scheduled',
  'checking_in',
  'recheck',
  'held',
  'awaiting_go',
  'go',
  'dose_taken',
];
