import {
  IconAlarm,
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleMinus,
  IconClipboardCheck,
  IconClock,
  IconClockExclamation,
  IconHandStop,
  IconLock,
  IconPill,
  IconPlayerPlay,
} from '@tabler/icons-react';
import { BOARD_STATE_WORDS, type BoardState } from '../../../domain/athome';
import type { StateLook } from '../../components/StateBadge';
import { formatTime, num } from '../../lib/format';
import type { AtHomeDetail, AtHomeEvent, AtHomeTask } from './athome-query';

/** A board state in the domain's words, with its colour and icon (UX.md principle 2: never colour alone). */
const BOARD_LOOKS: Record<BoardState, Omit<StateLook, 'label'>> = {
  not_started: { color: 'gray', Icon: IconClock },
  checked_in: { color: 'lagoon', Icon: IconClipboardCheck },
  held: { color: 'red', Icon: IconHandStop },
  go: { color: 'green', Icon: IconPlayerPlay },
  dose_taken: { color: 'lagoon', Icon: IconPill },
  check_in_due: { color: 'yellow', Icon: IconAlarm },
  overdue: { color: 'red', Icon: IconClockExclamation },
  checked_out: { color: 'green', Icon: IconCircleCheck },
  closed: { color: 'gray', Icon: IconLock },
  escalated: { color: 'red', Icon: IconAlertTriangle },
};
export const boardLook = (state: BoardState): StateLook => ({
  label: BOARD_STATE_WORDS[state],
  ...BOARD_LOOKS[state],
});

export const TASK_KIND_WORDS: Record<AtHomeTask['kind'], string> = {
  missed: 'Missed',
  not_ok: 'Not OK',
  hold: 'Held',
  help: 'Help requested',
  supply: 'Supply count',
};

type DueItem = AtHomeDetail['timeline'][number];
export function dueItemWords(item: Pick<DueItem, 'kind' | 'minute'>): string {
  switch (item.kind) {
    case 'check_in':
      return 'Check-in before the dose';
    case 'timed_check_in':
      return `${item.minute}-minute check-in`;
    case 'sitter_check':
      return `Sitter’s ${item.minute}-minute visual check`;
    default:
      return 'Check-out';
  }
}
export const DUE_STATUS: Record<DueItem['status'], StateLook> = {
  upcoming: { label: 'Upcoming', color: 'gray', Icon: IconClock },
  due: { label: 'Due now', color: 'yellow', Icon: IconAlarm },
  missed: { label: 'Missed', color: 'red', Icon: IconClockExclamation },
  done: { label: 'Done', color: 'green', Icon: IconCircleCheck },
  not_needed: { label: 'Not needed', color: 'gray', Icon: IconCircleMinus },
};

/** A due item's key (timed_check_in:30) in words, for events that name one. */
function itemWords(key: string | null): string {
  if (!key) return 'check-in';
  const [kind, minute] = key.split(':');
  return dueItemWords({ kind: kind as DueItem['kind'], minute: minute ? Number(minute) : null });
}

const n = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Who did it, in words: the patient by name, the sitter, a staff member by name, or Liminal's own timer. */
export function actorWords(e: AtHomeEvent, s: Pick<AtHomeDetail, 'patientName' | 'sitter'>): string {
  switch (e.actorKind) {
    case 'patient':
      return s.patientName;
    case 'sitter':
      return s.sitter.name ? `${s.sitter.name} (sitter)` : 'The sitter';
    case 'staff':
      return e.actor?.name ?? 'A staff member';
    default:
      return 'Liminal';
  }
}

/** One timeline event as a plain sentence (never ids or JSON). */
export function eventWords(e: AtHomeEvent, s: Pick<AtHomeDetail, 'tasks'>): string {
  const d = e.data ?? {};
  const note = e.note ? `: ${e.note}` : '.';
  const task = s.tasks.find((t) => t.id === d.taskId);
  switch (e.kind) {
    case 'booked':
      return `Session booked for ${formatTime(String(d.startsAt ?? ''))}.`;
    case 'order_signed':
      return `Order signed: ${plural(n(d.troches), 'troche')}, ${num(n(d.mg))} mg sublingual.`;
    case 'check_in_step':
      return d.step === 'mood'
        ? 'Mood and intention recorded.'
        : d.step === 'safety'
          ? 'Safety questions answered.'
          : 'A check-in step was answered.';
    case 'reading':
      return `Home reading ${d.sbp}/${d.dbp} mmHg, pulse ${d.hr}${d.recheck ? ' (re-check)' : ''}.`;
    case 'sitter_invited':
      return d.again ? 'Sitter invited again (a new code).' : 'Sitter invited.';
    case 'sitter_confirmed':
      return 'The sitter confirmed they are present.';
    case 'decision':
      if (d.outcome === 'awaiting_go') return 'Check-in complete: waiting for a clinician’s go.';
      if (d.outcome === 'recheck') return `Reading out of range: re-check asked for${note}`;
      return 'Check-in in progress again.';
    case 'hold':
      return e.actorKind === 'staff' ? `Session held${note}` : `Held by the clinic’s rules${note}`;
    case 'go':
      return e.actorKind === 'staff' ? `Go given${note}` : 'Go given by the clinic’s rules.';
    case 'dose_taken':
      return `Dose taken: ${plural(n(d.troches), 'troche')}${d.mg !== undefined && d.mg !== null ? ` (${num(n(d.mg))} mg)` : ''}.`;
    case 'check_in':
    case 'sitter_check':
      return `${itemWords(e.itemKey)}: ${e.ok ? 'OK' : 'not OK'}${note}`;
    case 'help':
      return `Help button pressed${note}`;
    case 'escalation':
      return `Escalated to the on-call clinician${task ? `: ${task.reason}` : '.'}`;
    case 'supply_task':
      return `Supply task opened for the prescriber${task ? `: ${task.reason}` : '.'}`;
    case 'acknowledged':
      return 'Escalation acknowledged.';
    case 'resolved':
      return `Escalation resolved${note}`;
    case 'note':
      return `Note${note}`;
    case 'close':
      return `Session closed${note}`;
    case 'record_signed':
      return 'Session record signed.';
    case 'check_out': {
      const who = d.by === 'sitter' ? 'Sitter checked out' : 'Patient checked out';
      const left =
        d.remainingTroches !== undefined ? `, ${plural(n(d.remainingTroches), 'troche')} left` : '';
      return `${who}: ${e.ok ? 'settled' : 'not settled'}${left}${note}`;
    }
    case 'supply_check':
      return e.ok
        ? `Troche count matches the record (${n(d.reported)}).`
        : `Troche count differs from the record: ${n(d.reported)} counted, ${n(d.expected)} expected.`;
    default:
      return `${e.kind.replace(/_/g, ' ')}${note}`;
  }
}
