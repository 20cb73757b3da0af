import { randomUUID } from 'node:crypto';
import {
  type AtHomeEvent,
  type CheckInDecision,
  evaluateCheckIn,
  type HomeReading,
  type SafetyQuestionId,
  timeline,
  transition,
} from '../../../domain/athome';
import { firedRuleRecord } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { conflict, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { CoursesService, evaluateReadiness } from '../courses';
import { currentRuleSet, ruleSetByVersion } from '../rules';
import * as repo from './repository';
import { type ProgramConfig, programConfig } from './settings';

/**
 * The core of an at-home session (issue #16), shared by the care team's, the patient's and the sitter's
 * services: moving the state machine (domain/athome), appending the timeline, evaluating the check-in with the
 * clinic's home_check_in rules, and opening escalations (one task per stable key, emailed to the on-call
 * clinician without patient details).
 */
export type ActorKind = 'patient' | 'sitter' | 'staff' | 'system';
export interface Actor {
  kind: ActorKind;
  id: string | null;
}
export const SYSTEM: Actor = { kind: 'system', id: null };

export const parseJson = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);
export const readingsOf = (s: repo.SessionRow) => parseJson<HomeReading[]>(s.readings, []);
export const answersOf = (s: repo.SessionRow) =>
  parseJson<Partial<Record<SafetyQuestionId, boolean>>>(s.safety_answers, {});
export const answeredOf = (s: repo.SessionRow) => new Set(parseJson<string[]>(s.answered, []));

const DECISION_EVENT: Record<CheckInDecision['outcome'], AtHomeEvent> = {
  incomplete: 'decided_incomplete',
  recheck: 'decided_recheck',
  hold: 'decided_hold',
  awaiting_go: 'decided_awaiting_go',
  go: 'decided_go',
};

/** When a finished session ended: its close, or the later of the two check-outs. */
export const endedAtOf = (s: {
  closed_at: string | null;
  patient_checked_out_at: string | null;
  sitter_checked_out_at: string | null;
}): string | null =>
  s.closed_at ??
  ([s.patient_checked_out_at, s.sitter_checked_out_at].filter(Boolean).sort().at(-1) as string | undefined) ??
  null;

export const timelineOf = (s: repo.SessionRow, program: ProgramConfig['program'], now: string) =>
  timeline(
    {
      state: s.state as never,
      startsAt: s.starts_at,
      doseTakenAt: s.dose_taken_at,
      answered: answeredOf(s),
      now,
      endedAt: endedAtOf(s),
    },
    program,
  );

/** What one request adds to its audit entry (ids, counts and kinds only: no PHI). */
export type AuditDetail = Record<string, unknown>;

export class AtHomeCore {
  constructor(readonly ctx: AppContext) {}

  now(): string {
    return this.ctx.clock.now().toISOString();
  }

  config(db: Executor): Promise<ProgramConfig> {
    return programConfig(db);
  }

  async load(trx: Executor, patientId: string, id: string): Promise<repo.SessionRow> {
    const s = await repo.findSession(trx, patientId, id);
    if (!s) throw notFound('at-home session');
    return s;
  }

  /** Saves a change on the version read; a concurrent change (patient and sitter at once) answers 409. */
  async save(trx: Executor, s: repo.SessionRow, patch: Partial<repo.SessionRow>): Promise<repo.SessionRow> {
    const now = this.now();
    if (!(await repo.updateSession(trx, s, patch, now)))
      throw conflict('The session changed meanwhile. Reload and try again.');
    return { ...s, ...patch, version: s.version + 1, updated_at: now };
  }

  /** Moves the state machine by one event, refused with the domain's sentence when it does not fit. */
  async move(
    trx: Executor,
    s: repo.SessionRow,
    event: AtHomeEvent,
    patch: Partial<repo.SessionRow> = {},
  ): Promise<repo.SessionRow> {
    const t = transition(s.state as never, event);
    if (!t.ok) throw conflict(t.reason, { state: s.state });
    return this.save(trx, s, { ...patch, state: t.to });
  }

  async event(
    trx: Executor,
    s: Pick<repo.SessionRow, 'id' | 'patient_id'>,
    actor: Actor,
    kind: string,
    extra: { itemKey?: string | null; ok?: boolean | null; note?: string | null; data?: unknown } = {},
  ): Promise<string> {
    const id = randomUUID();
    await repo.insertEvent(trx, {
      id,
      session_id: s.id,
      patient_id: s.patient_id,
      at: this.now(),
      kind,
      actor_kind: actor.kind,
      actor_id: actor.kind === 'staff' || actor.kind === 'patient' ? actor.id : null,
      item_key: extra.itemKey ?? null,
      ok: extra.ok === undefined || extra.ok === null ? null : extra.ok ? 1 : 0,
      note: extra.note ?? null,
      data: extra.data === undefined ? null : JSON.stringify(extra.data),
    });
    return id;
  }

  /**
   * Opens a task once per key (a missed item, a "not OK", a hold, a help tap, a supply discrepancy). Urgent
   * tasks go to the on-call clinician: an email through the outbox that names no patient, only a link.
   * Returns the new task's id, or null when a task with this key exists already.
   */
  async openTask(
    trx: Executor,
    s: Pick<repo.SessionRow, 'id' | 'patient_id' | 'course_id'> & { sessionId?: string | null },
    t: {
      key: string;
      kind: 'missed' | 'not_ok' | 'hold' | 'help' | 'supply';
      reason: string;
      assignTo?: string | null;
    },
    actor: Actor,
  ): Promise<string | null> {
    const urgent = t.kind !== 'supply';
    const cfg = await this.config(trx);
    const assignee = t.assignTo !== undefined ? t.assignTo : cfg.onCallUserId;
    const id = randomUUID();
    const sessionId = s.sessionId === undefined ? s.id : s.sessionId;
    const opened = await repo.insertTask(trx, {
      id,
      patient_id: s.patient_id,
      course_id: s.course_id,
      session_id: sessionId,
      task_key: t.key,
      kind: t.kind,
      urgent: urgent ? 1 : 0,
      reason: t.reason,
      state: 'open',
      assigned_to: assignee,
      opened_at: this.now(),
      acknowledged_by: null,
      acknowledged_at: null,
      resolved_by: null,
      resolved_at: null,
      outcome: null,
    });
    if (!opened) return null;
    if (sessionId)
      await this.event(
        trx,
        { id: sessionId, patient_id: s.patient_id },
        actor,
        urgent ? 'escalation' : 'supply_task',
        {
          itemKey: t.key,
          data: { taskId: id, kind: t.kind },
        },
      );
    if (urgent && assignee) {
      const person = await repo.staffAccount(trx, assignee);
      if (person && person.status === 'active')
        await this.ctx.mailer.enqueue(trx, {
          to: person.email,
          subject: 'An at-home session needs attention',
          // No patient details in the body: the link opens the session for a signed-in clinician.
          text: `An at-home session needs attention.\n\nOpen it in Liminal: ${this.ctx.config.publicUrl}/app/at-home/${sessionId ?? ''}\n\nThis message carries no patient details. Sign in to see the session and acknowledge the task.`,
          relatedType: 'at_home_task',
          relatedId: id,
        });
    }
    return id;
  }

  /** The in-clinic readiness item "No open urgent safety task" (PHQ-9 item 9, ASQ): never a go while it fails. */
  async openUrgentSafetyTask(trx: Executor, s: repo.SessionRow): Promise<boolean> {
    const course = await serviceOf(this.ctx, CoursesService).course(trx, s.patient_id, s.course_id);
    const readiness = await evaluateReadiness(trx, s.patient_id, course, this.ctx.clock.now());
    return readiness.items.some((i) => i.id === 'no_open_safety_task' && !i.ok);
  }

  /** The clinic's rules and program settings applied to the check-in as it stands. */
  async evaluate(trx: Executor, s: repo.SessionRow): Promise<CheckInDecision> {
    const rules = (await ruleSetByVersion(trx, s.rule_set_version)) ?? (await currentRuleSet(trx));
    const { program } = await this.config(trx);
    return evaluateCheckIn(
      {
        mood: s.mood,
        intention: s.intention,
        answers: answersOf(s),
        readings: readingsOf(s),
        sitterConfirmedAt: s.sitter_confirmed_at,
        orderSigned: Boolean(s.order_signed_at),
        openUrgentSafetyTask: await this.openUrgentSafetyTask(trx, s),
      },
      rules.rules,
      program,
    );
  }

  /**
   * Applies the check-in decision: a step moved the session into checking in (or re-check); the rules then
   * say incomplete, re-check, hold, awaiting the go or go. A hold by the rules escalates once.
   */
  async decide(
    trx: Executor,
    s: repo.SessionRow,
    actor: Actor,
    detail: AuditDetail,
  ): Promise<{ session: repo.SessionRow; decision: CheckInDecision }> {
    const decision = await this.evaluate(trx, s);
    const event = DECISION_EVENT[decision.outcome];
    const t = transition(s.state as never, event);
    const patch: Partial<repo.SessionRow> = {
      decision: JSON.stringify(presentDecision(decision)),
      recheck_at: decision.recheckAt,
    };
    const now = this.now();
    if (t.ok && t.to === 'held')
      Object.assign(patch, {
        hold_at: now,
        hold_by: null,
        hold_kind: 'rules',
        hold_reason: decision.reasons.join(' '),
      });
    if (t.ok && t.to === 'go')
      Object.assign(patch, { go_at: now, go_by: null, go_kind: 'rules', go_reason: null });
    const session = await this.save(trx, s, t.ok ? { ...patch, state: t.to } : patch);
    if (t.ok && t.to !== s.state)
      await this.event(trx, s, SYSTEM, t.to === 'held' ? 'hold' : t.to === 'go' ? 'go' : 'decision', {
        data: { outcome: decision.outcome, by: 'rules', missing: decision.missing },
        note: decision.reasons.join(' ') || null,
      });
    detail.outcome = decision.outcome;
    if (t.ok && t.to === 'held') {
      const taskId = await this.openTask(
        trx,
        s,
        {
          key: `${s.id}:hold:rules`,
          kind: 'hold',
          reason: `The check-in was held by the clinic’s rules. ${decision.reasons.join(' ')}`,
        },
        actor,
      );
      if (taskId) detail.escalation = taskId;
    }
    return { session, decision };
  }
}

export const presentDecision = (d: CheckInDecision) => ({
  outcome: d.outcome,
  missing: d.missing,
  reasons: d.reasons,
  fired: d.fired.map(firedRuleRecord),
  recheckAt: d.recheckAt,
});
