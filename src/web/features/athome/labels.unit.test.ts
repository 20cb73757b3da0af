import { describe, expect, it } from 'vitest';
import { BOARD_STATE_WORDS, type BoardState } from '../../../domain/athome';
import type { AtHomeDetail, AtHomeEvent } from './athome-query';
import { actorWords, boardLook, dueItemWords, eventWords } from './labels';

const session = {
  patientName: 'Sam Sample',
  sitter: { name: 'Alex Sitter', phone: null, invitedAt: null, confirmedAt: null },
  tasks: [
    {
      id: 'task-1',
      reason: 'The 30-minute check-in after the dose was not answered within 15 minutes.',
    },
  ],
} as unknown as AtHomeDetail;

const event = (kind: string, over: Partial<AtHomeEvent> = {}): AtHomeEvent => ({
  id: `e-${kind}`,
  at: '2027-01-12T18:30:00.000Z',
  kind,
  actorKind: 'patient',
  actor: null,
  itemKey: null,
  ok: null,
  note: null,
  data: null,
  ...over,
});

/** Every event kind the server records (src/server/features/athome), with the data it stores. */
const EVENTS: AtHomeEvent[] = [
  event('booked', { actorKind: 'staff', data: { startsAt: '2027-01-12T19:00:00.000Z', overrides: [] } }),
  event('order_signed', { actorKind: 'staff', data: { mg: 200, troches: 2, productId: 'p' } }),
  event('check_in_step', { data: { step: 'mood' } }),
  event('check_in_step', { data: { step: 'safety', answers: { no_sedatives: true } } }),
  event('reading', { data: { sbp: 150, dbp: 92, hr: 80, at: 'x', recheck: true } }),
  event('sitter_invited', { data: { again: false } }),
  event('sitter_confirmed', { actorKind: 'sitter', data: { name: 'Alex' } }),
  event('decision', { actorKind: 'system', data: { outcome: 'awaiting_go', by: 'rules', missing: [] } }),
  event('decision', {
    actorKind: 'system',
    note: 'Blood pressure 150/92 is above 140/90.',
    data: { outcome: 'recheck' },
  }),
  event('hold', { actorKind: 'system', note: 'Blood pressure is high.', data: { by: 'rules' } }),
  event('hold', { actorKind: 'staff', note: 'Sounded drowsy on the phone.', data: { by: 'clinician' } }),
  event('go', { actorKind: 'system', data: { by: 'rules' } }),
  event('go', { actorKind: 'staff', data: { by: 'clinician' } }),
  event('dose_taken', { data: { troches: 2, mg: 200 } }),
  event('check_in', { itemKey: 'timed_check_in:30', ok: true }),
  event('sitter_check', { actorKind: 'sitter', itemKey: 'sitter_check:15', ok: false, note: 'Very sleepy' }),
  event('help', { note: 'Feeling panicky' }),
  event('escalation', {
    actorKind: 'system',
    itemKey: 'x:missed:timed_check_in:30',
    data: { taskId: 'task-1', kind: 'missed' },
  }),
  event('supply_task', { actorKind: 'system', data: { taskId: 'other', kind: 'supply' } }),
  event('acknowledged', { actorKind: 'staff', data: { taskId: 'task-1' } }),
  event('resolved', { actorKind: 'staff', note: 'Phoned: fine.', data: { taskId: 'task-1' } }),
  event('note', { actorKind: 'staff', note: 'Spoke with the sitter.' }),
  event('close', { actorKind: 'staff', note: 'Settled.', data: { beforeDose: false } }),
  event('record_signed', { actorKind: 'staff' }),
  event('check_out', { ok: true, data: { by: 'patient', remainingTroches: 10, sideEffects: [] } }),
  event('check_out', { actorKind: 'sitter', ok: false, data: { by: 'sitter', stayedWholeSession: true } }),
  event('supply_check', {
    actorKind: 'system',
    ok: false,
    data: { expected: 10, reported: 9, difference: -1 },
  }),
];

describe('the at-home timeline in plain words', () => {
  it.each(EVENTS.map((e) => [e.kind, e] as const))(
    '%s reads as a sentence, with no codes or raw values',
    (_k, e) => {
      const words = eventWords(e, session);
      expect(words).toMatch(/^[A-Z0-9]/);
      expect(words).toMatch(/[.!?:]|\w$/);
      for (const bad of ['undefined', 'null', 'NaN', '[object', '{', '_', 'T18:', 'task-1'])
        expect(words).not.toContain(bad);
    },
  );

  it('names the escalation’s reason, the dose and the check-in by its minute', () => {
    const by = (kind: string) => EVENTS.filter((e) => e.kind === kind).map((e) => eventWords(e, session));
    expect(by('escalation')[0]).toBe(
      'Escalated to the on-call clinician: The 30-minute check-in after the dose was not answered within 15 minutes.',
    );
    expect(by('dose_taken')[0]).toBe('Dose taken: 2 troches (200 mg).');
    expect(by('check_in')[0]).toBe('30-minute check-in: OK.');
    expect(by('sitter_check')[0]).toBe('Sitter’s 15-minute visual check: not OK: Very sleepy');
    expect(by('supply_check')[0]).toBe('Troche count differs from the record: 9 counted, 10 expected.');
  });

  it('says who acted: the patient and sitter by name, staff by name, the timer as Liminal', () => {
    expect(actorWords(event('reading'), session)).toBe('Sam Sample');
    expect(actorWords(event('sitter_check', { actorKind: 'sitter' }), session)).toBe('Alex Sitter (sitter)');
    expect(actorWords(event('note', { actorKind: 'staff', actor: { id: 'u', name: 'Noah' } }), session)).toBe(
      'Noah',
    );
    expect(actorWords(event('escalation', { actorKind: 'system' }), session)).toBe('Liminal');
  });

  it('gives every board state the domain’s word, a colour and an icon', () => {
    for (const state of Object.keys(BOARD_STATE_WORDS) as BoardState[]) {
      const look = boardLook(state);
      expect(look.label).toBe(BOARD_STATE_WORDS[state]);
      expect(look.color).toBeTruthy();
      expect(look.Icon).toBeTruthy();
    }
    expect(dueItemWords({ kind: 'sitter_check', minute: 45 })).toBe('Sitter’s 45-minute visual check');
    expect(dueItemWords({ kind: 'check_in', minute: null })).toBe('Check-in before the dose');
  });
});
