import type { z } from 'zod';
import type { AtHomeSessionOut, atHomeEvent, atHomeTask } from '../../../contracts/athome';
import { RATING_NOTE } from '../../../contracts/athome';
import {
  type AtHomeState,
  BOARD_STATE_WORDS,
  boardState,
  eventsFrom,
  SAFETY_QUESTIONS,
} from '../../../domain/athome';
import type { Executor } from '../../db/dialect';
import { userNames } from '../users';
import { RECORD_SIGNED } from './record-repository';
import * as repo from './repository';
import { answeredOf, answersOf, endedAtOf, parseJson, readingsOf, timelineOf } from './service';
import { helpNumbers, type ProgramConfig, programConfig } from './settings';

/** Rows → the API's shapes (contracts/athome.ts). */
type Names = Map<string, string>;
const person = (id: string | null, names: Names) => (id ? { id, name: names.get(id) ?? null } : null);

export const peopleOf = (s: repo.SessionRow) => [s.order_signed_by, s.go_by, s.hold_by, s.closed_by];

export interface OrderDetail {
  weightKg: number;
  mgPerKg: number;
  bioavailability: number;
  bioavailableMg: number;
  productName: string | null;
  warnings: { limitId: string; message: string; source: string }[];
}

export function presentSession(
  s: repo.SessionRow,
  cfg: ProgramConfig,
  names: Names,
  now: string,
  openEscalations: number,
): AtHomeSessionOut {
  const program = cfg.program;
  const input = {
    state: s.state as AtHomeState,
    startsAt: s.starts_at,
    doseTakenAt: s.dose_taken_at,
    answered: answeredOf(s),
    now,
    endedAt: endedAtOf(s),
  };
  const board = boardState(input, program, openEscalations);
  const detail = parseJson<OrderDetail | null>(s.order_detail, null);
  const opensAt = new Date(
    Date.parse(s.starts_at) - program.checkInOpensMinutesBefore * 60_000,
  ).toISOString();
  return {
    id: s.id,
    patientId: s.patient_id,
    courseId: s.course_id,
    appointmentId: s.appointment_id,
    number: Number(s.number),
    startsAt: s.starts_at,
    state: s.state as AtHomeState,
    boardState: board,
    boardWords: BOARD_STATE_WORDS[board],
    ruleSetVersion: Number(s.rule_set_version),
    order:
      s.order_signed_at && detail && s.order_mg !== null && s.order_troches !== null && s.order_product_id
        ? {
            mg: Number(s.order_mg),
            troches: Number(s.order_troches),
            productId: s.order_product_id,
            productName: detail.productName,
            lotNumber: s.order_lot_number,
            route: 'sublingual' as const,
            weightKg: detail.weightKg,
            mgPerKg: detail.mgPerKg,
            bioavailability: detail.bioavailability,
            bioavailableMg: detail.bioavailableMg,
            warnings: detail.warnings,
            signedBy: person(s.order_signed_by, names) ?? { id: '', name: null },
            signedAt: s.order_signed_at,
          }
        : null,
    checkIn: {
      opensAt,
      mood: s.mood,
      intention: s.intention,
      safetyAnswers: answersOf(s),
      questions: SAFETY_QUESTIONS.map((q) => ({ id: q.id, text: q.text })),
      readings: readingsOf(s),
      recheckAt: s.recheck_at,
      decision: parseJson(s.decision, null),
    },
    sitter: {
      name: s.sitter_name,
      phone: s.sitter_phone,
      invitedAt: s.sitter_invited_at,
      confirmedAt: s.sitter_confirmed_at,
    },
    go: s.go_at
      ? {
          at: s.go_at,
          kind: (s.go_kind ?? 'rules') as 'rules' | 'clinician',
          by: person(s.go_by, names),
          reason: s.go_reason,
        }
      : null,
    hold: s.hold_at
      ? {
          at: s.hold_at,
          kind: (s.hold_kind ?? 'rules') as 'rules' | 'clinician',
          by: person(s.hold_by, names),
          reason: s.hold_reason ?? '',
        }
      : null,
    dose:
      s.dose_taken_at && s.dose_troches !== null
        ? { takenAt: s.dose_taken_at, troches: Number(s.dose_troches) }
        : null,
    patientCheckout: s.patient_checked_out_at
      ? { at: s.patient_checked_out_at, answers: parseJson(s.patient_checkout, {} as never) }
      : null,
    sitterCheckout: s.sitter_checked_out_at
      ? { at: s.sitter_checked_out_at, answers: parseJson(s.sitter_checkout, {} as never) }
      : null,
    remainingTroches: s.remaining_troches === null ? null : Number(s.remaining_troches),
    closed: s.closed_at
      ? { at: s.closed_at, by: person(s.closed_by, names), reason: s.close_reason ?? '' }
      : null,
    timeline: timelineOf(s, program, now),
    help: helpNumbers(cfg),
    ratingNote: RATING_NOTE,
  };
}

export const actionsOf = (s: repo.SessionRow) => eventsFrom(s.state as AtHomeState);

type EventWithName = repo.EventRow & { actor_name: string | null };
export const presentEvent = (e: EventWithName): z.infer<typeof atHomeEvent> => ({
  id: e.id,
  at: e.at,
  kind: e.kind,
  actorKind: e.actor_kind as 'patient' | 'sitter' | 'staff' | 'system',
  actor: e.actor_id ? { id: e.actor_id, name: e.actor_name } : null,
  itemKey: e.item_key,
  ok: e.ok === null ? null : Number(e.ok) === 1,
  note: e.note,
  data: parseJson<Record<string, unknown> | null>(e.data, null),
});

/** The record's signature: the first record_signed event of the timeline (null while unsigned). */
export function recordSignatureOf(events: EventWithName[]) {
  const e = events.find((x) => x.kind === RECORD_SIGNED && x.actor_id);
  return e ? { at: e.at, by: { id: e.actor_id as string, name: e.actor_name } } : null;
}

export const presentTask = (t: repo.TaskWithNames): z.infer<typeof atHomeTask> => ({
  id: t.id,
  patientId: t.patient_id,
  courseId: t.course_id,
  sessionId: t.session_id,
  key: t.task_key,
  kind: t.kind as z.infer<typeof atHomeTask>['kind'],
  urgent: Number(t.urgent) === 1,
  reason: t.reason,
  state: t.state as 'open' | 'acknowledged' | 'resolved',
  assignedTo: t.assigned_to ? { id: t.assigned_to, name: t.assigned_name } : null,
  openedAt: t.opened_at,
  acknowledged:
    t.acknowledged_at && t.acknowledged_by
      ? { at: t.acknowledged_at, by: { id: t.acknowledged_by, name: t.acknowledged_name } }
      : null,
  resolved:
    t.resolved_at && t.resolved_by
      ? { at: t.resolved_at, by: { id: t.resolved_by, name: t.resolved_name }, outcome: t.outcome ?? '' }
      : null,
});

export const patientName = (p: { first_name: string; last_name: string; preferred_name: string | null }) =>
  `${p.preferred_name ?? p.first_name} ${p.last_name}`;

/** Sessions as the API shows them, in a fixed number of queries however many there are. */
export async function presentSessions(
  trx: Executor,
  rows: repo.SessionRow[],
  now: string,
): Promise<AtHomeSessionOut[]> {
  const [cfg, names, open] = await Promise.all([
    programConfig(trx),
    userNames(trx, rows.flatMap(peopleOf)),
    repo.openEscalationCounts(
      trx,
      rows.map((s) => s.id),
    ),
  ]);
  return rows.map((s) => presentSession(s, cfg, names, now, open.get(s.id) ?? 0));
}
