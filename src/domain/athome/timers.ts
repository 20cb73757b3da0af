import type { AtHomeSettings } from './settings';
import type { AtHomeState } from './state';

/**
 * What falls due in an at-home session and when (DOMAIN §9): the pre-dose check-in at the booked start, timed
 * check-ins after the dose, the sitter's visual checks, and the check-out. Something not answered by its due
 * time plus the grace minutes is missed, and a missed item escalates once (its key is stable, so the server
 * opens one task per missed item however often it looks).
 */
export type DueKind = 'check_in' | 'timed_check_in' | 'sitter_check' | 'check_out';

export interface DueItem {
  /** Stable key: `check_in`, `timed_check_in:30`, `sitter_check:45`, `check_out`. */
  key: string;
  kind: DueKind;
  /** Minutes after the dose (timed items); null for the pre-dose check-in. */
  minute: number | null;
  dueAt: string;
  /** The instant from which an unanswered item counts as missed (dueAt + grace). */
  missedAt: string;
  /** not_needed: the session ended (checked out or closed) before the item fell past its grace minutes. */
  status: 'upcoming' | 'due' | 'missed' | 'done' | 'not_needed';
}

export interface TimelineInput {
  state: AtHomeState;
  /** The booked start (ISO instant). */
  startsAt: string;
  /** When the dose was taken, or null. */
  doseTakenAt: string | null;
  /** Keys already answered (a check-in answered by patient or sitter, a sitter check recorded, the check-out). */
  answered: ReadonlySet<string>;
  now: string;
  /** When the session ended (check-out or close), for a finished session; `now` when not given. */
  endedAt?: string | null;
}

const MIN = 60_000;
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * MIN).toISOString();

export function timeline(input: TimelineInput, settings: AtHomeSettings): DueItem[] {
  const now = Date.parse(input.now);
  const items: Omit<DueItem, 'status' | 'missedAt'>[] = [];
  const beforeDose = input.doseTakenAt === null;
  if (beforeDose && ['scheduled', 'checking_in', 'recheck'].includes(input.state)) {
    items.push({ key: 'check_in', kind: 'check_in', minute: null, dueAt: input.startsAt });
  }
  if (input.doseTakenAt) {
    const dose = input.doseTakenAt;
    for (const m of [...settings.checkInMinutes].sort((a, b) => a - b))
      items.push({ key: `timed_check_in:${m}`, kind: 'timed_check_in', minute: m, dueAt: at(dose, m) });
    for (
      let m = settings.sitterCheckEveryMinutes;
      m < settings.minimumSessionMinutes;
      m += settings.sitterCheckEveryMinutes
    )
      items.push({ key: `sitter_check:${m}`, kind: 'sitter_check', minute: m, dueAt: at(dose, m) });
    items.push({
      key: 'check_out',
      kind: 'check_out',
      minute: settings.minimumSessionMinutes,
      dueAt: at(dose, settings.minimumSessionMinutes),
    });
  }
  const finished = input.state === 'checked_out' || input.state === 'closed';
  // A finished session keeps what happened: an item left unanswered past its grace minutes before the end
  // stays missed; one the end came first for was not needed. A checked-out session's check-out is done.
  const ended = finished ? Date.parse(input.endedAt ?? input.now) : now;
  return items
    .map((i) => {
      const missedAt = at(i.dueAt, settings.graceMinutes);
      let status: DueItem['status'];
      if (input.answered.has(i.key) || (i.kind === 'check_out' && input.state === 'checked_out'))
        status = 'done';
      else if (Math.min(now, ended) >= Date.parse(missedAt)) status = 'missed';
      else if (finished) status = 'not_needed';
      else if (now >= Date.parse(i.dueAt)) status = 'due';
      else status = 'upcoming';
      return { ...i, missedAt, status };
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
}

/** Items missed now: each one escalates once (the caller keeps the keys it has escalated). */
export function missedItems(input: TimelineInput, settings: AtHomeSettings): DueItem[] {
  if (input.state === 'closed' || input.state === 'held' || input.state === 'checked_out') return [];
  return timeline(input, settings).filter((i) => i.status === 'missed');
}

/** What the care team's board says about a session, in one of the plain states. */
export type BoardState =
  | 'not_started'
  | 'checked_in'
  | 'held'
  | 'go'
  | 'dose_taken'
  | 'check_in_due'
  | 'overdue'
  | 'checked_out'
  | 'closed'
  | 'escalated';

export function boardState(
  input: TimelineInput,
  settings: AtHomeSettings,
  openEscalations: number,
): BoardState {
  if (input.state === 'closed') return 'closed';
  if (openEscalations > 0) return 'escalated';
  if (input.state === 'checked_out') return 'checked_out';
  const items = timeline(input, settings);
  if (items.some((i) => i.status === 'missed')) return 'overdue';
  if (items.some((i) => i.status === 'due')) return 'check_in_due';
  switch (input.state) {
    case 'scheduled':
      return 'not_started';
    case 'checking_in':
    case 'recheck':
    case 'awaiting_go':
      return 'checked_in';
    case 'held':
      return 'held';
    case 'go':
      return 'go';
    default:
      return 'dose_taken';
  }
}

export const BOARD_STATE_WORDS: Record<BoardState, string> = {
  not_started: 'Not started',
  checked_in: 'Checking in',
  held: 'Held',
  go: 'Go given',
  dose_taken: 'Dose taken',
  check_in_due: 'Check-in due',
  overdue: 'Overdue',
  checked_out: 'Checked out',
  closed: 'Closed',
  escalated: 'Escalated',
};
