import type { z } from 'zod';
import type { patientCheckoutBody, sitterCheckoutBody } from '../../../contracts/athome';
import type { Executor } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { conflict, invalid } from '../../platform/errors';
import { refreshCourseOutcomes } from '../outcomes';
import type * as repo from './repository';
import { type Actor, AtHomeCore, type AuditDetail, answeredOf, timelineOf } from './service';
import { compareCount } from './service-supply';
import { helpNumbers } from './settings';

/** A timed check-in or visual check may be answered from this many minutes before it falls due. */
export const ANSWER_OPENS_MINUTES_BEFORE = 5;
const WHO = {
  patient: 'The patient',
  sitter: 'The sitter',
  staff: 'A clinician',
  system: 'Liminal',
} as const;

/**
 * During and after the dose, shared by the patient's phone and the sitter's link: the dose taken (the
 * order's troche count, once, only after the go), timed check-ins and visual checks (a "not OK" escalates),
 * the help button (always escalates), and the check-outs (the session is checked out when the patient and,
 * if one confirmed, the sitter have both checked out; the patient's count is reconciled then).
 */
export class AtHomeDuringService {
  readonly core: AtHomeCore;
  constructor(ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
  }

  async doseTaken(trx: Executor, s: repo.SessionRow, actor: Actor): Promise<repo.SessionRow> {
    const troches = s.order_troches;
    const next = await this.core.move(trx, s, 'dose_taken', {
      dose_taken_at: this.core.now(),
      dose_troches: troches,
    });
    await this.core.event(trx, next, actor, 'dose_taken', { data: { troches, mg: s.order_mg } });
    // A dose taken: the course's start and dose on the outcomes dashboard.
    await refreshCourseOutcomes(trx, s.patient_id, this.core.now());
    return next;
  }

  /** A timed check-in (patient or sitter) or a sitter's visual check, OK or not OK with an optional note. */
  async answer(
    trx: Executor,
    s: repo.SessionRow,
    actor: Actor,
    a: {
      kind: 'timed_check_in' | 'sitter_check';
      key?: string | undefined;
      ok: boolean;
      note?: string | undefined;
    },
    detail: AuditDetail,
  ): Promise<repo.SessionRow> {
    if (s.state !== 'dose_taken')
      throw conflict(
        s.state === 'checked_out' || s.state === 'closed'
          ? 'The session has ended.'
          : 'Check-ins start once the dose has been taken.',
        { state: s.state },
      );
    const { program } = await this.core.config(trx);
    const now = this.core.now();
    const items = timelineOf(s, program, now).filter((i) => i.kind === a.kind);
    const field = 'key';
    let item = a.key ? items.find((i) => i.key === a.key) : undefined;
    if (a.key && !item) throw invalid(field, `This session has no ${a.key.replace(/_/g, ' ')}.`);
    if (!item) {
      item = items.find((i) => i.status === 'due' || i.status === 'missed');
      if (!item) {
        const next = items.find((i) => i.status === 'upcoming');
        throw conflict(
          next ? `No visual check is due yet: the next is at ${next.dueAt}.` : 'No visual check is due.',
          {
            nextDueAt: next?.dueAt ?? null,
          },
        );
      }
    }
    const opens = Date.parse(item.dueAt) - ANSWER_OPENS_MINUTES_BEFORE * 60_000;
    if (Date.parse(now) < opens)
      throw conflict(`This check-in opens at ${new Date(opens).toISOString()}.`, {
        opensAt: new Date(opens).toISOString(),
      });
    const answered = answeredOf(s);
    answered.add(item.key);
    const next = await this.core.save(trx, s, { answered: JSON.stringify([...answered]) });
    const eventId = await this.core.event(
      trx,
      s,
      actor,
      a.kind === 'sitter_check' ? 'sitter_check' : 'check_in',
      {
        itemKey: item.key,
        ok: a.ok,
        note: a.note ?? null,
      },
    );
    detail.item = item.key;
    if (!a.ok) {
      const what = item.kind === 'sitter_check' ? 'visual check' : 'check-in';
      const taskId = await this.core.openTask(
        trx,
        s,
        {
          key: `${s.id}:not_ok:${eventId}`,
          kind: 'not_ok',
          reason: `${WHO[actor.kind]} answered “not OK” at the ${item.minute}-minute ${what}.${a.note ? ` Note: ${a.note}` : ''}`,
        },
        actor,
      );
      detail.escalation = taskId;
    }
    return next;
  }

  /** The help button: always an urgent task for the on-call clinician, and the numbers to call now. */
  async help(trx: Executor, s: repo.SessionRow, actor: Actor, note: string | null, detail: AuditDetail) {
    if (s.state === 'closed')
      throw conflict('This session is closed. If you need help now, call 911 or 988.');
    const eventId = await this.core.event(trx, s, actor, 'help', { note });
    const taskId = await this.core.openTask(
      trx,
      s,
      {
        key: `${s.id}:help:${eventId}`,
        kind: 'help',
        reason: `${WHO[actor.kind]} tapped Help.${note ? ` Note: ${note}` : ''}`,
      },
      actor,
    );
    detail.escalation = taskId;
    return { ...helpNumbers(await this.core.config(trx)), taskId };
  }

  private async checkOutOpen(trx: Executor, s: repo.SessionRow) {
    if (s.state !== 'dose_taken')
      throw conflict(
        s.state === 'checked_out' || s.state === 'closed'
          ? 'This session is already checked out.'
          : 'Check-out comes after the dose has been taken.',
        { state: s.state },
      );
    const { program } = await this.core.config(trx);
    const opens = Date.parse(s.dose_taken_at as string) + program.minimumSessionMinutes * 60_000;
    if (this.core.ctx.clock.now().getTime() < opens)
      throw conflict(
        `Check-out opens ${program.minimumSessionMinutes} minutes after the dose, at ${new Date(opens).toISOString()}: the sitter stays until then.`,
        { opensAt: new Date(opens).toISOString() },
      );
  }

  /** The session is checked out once the patient and (when one confirmed) the sitter have both checked out. */
  private async finishIfBoth(trx: Executor, s: repo.SessionRow, actor: Actor, detail: AuditDetail) {
    const sitterDone = !s.sitter_confirmed_at || Boolean(s.sitter_checked_out_at);
    if (!s.patient_checked_out_at || !sitterDone) return s;
    const next = await this.core.move(trx, s, 'check_out', {
      sitter_invite_hash: null,
      sitter_access_hash: null,
    });
    const count = await compareCount(
      this.core,
      trx,
      {
        patientId: s.patient_id,
        courseId: s.course_id,
        sessionId: s.id,
        key: `${s.id}:supply`,
        prescriberId: s.order_signed_by,
      },
      Number(s.remaining_troches ?? 0),
      actor,
    );
    await this.core.event(trx, s, { kind: 'system', id: null }, 'supply_check', {
      ok: count.matches,
      data: {
        expected: count.supply.expected,
        reported: Number(s.remaining_troches ?? 0),
        difference: count.difference,
      },
    });
    detail.supplyMatches = count.matches;
    return next;
  }

  async checkOut(
    trx: Executor,
    s: repo.SessionRow,
    actor: Actor,
    body: z.infer<typeof patientCheckoutBody>,
    detail: AuditDetail,
  ): Promise<repo.SessionRow> {
    await this.checkOutOpen(trx, s);
    if (s.patient_checked_out_at) throw conflict('You have already checked out.');
    let next = await this.core.save(trx, s, {
      patient_checkout: JSON.stringify(body),
      patient_checked_out_at: this.core.now(),
      remaining_troches: body.remainingTroches,
    });
    await this.core.event(trx, s, actor, 'check_out', {
      ok: body.settled,
      note: body.note ?? null,
      data: { by: 'patient', remainingTroches: body.remainingTroches, sideEffects: body.sideEffects },
    });
    if (!body.settled)
      detail.escalation = await this.core.openTask(
        trx,
        s,
        {
          key: `${s.id}:not_settled:patient`,
          kind: 'not_ok',
          reason: 'The patient checked out not feeling settled.',
        },
        actor,
      );
    next = await this.finishIfBoth(trx, next, actor, detail);
    return next;
  }

  async sitterCheckOut(
    trx: Executor,
    s: repo.SessionRow,
    actor: Actor,
    body: z.infer<typeof sitterCheckoutBody>,
    detail: AuditDetail,
  ): Promise<repo.SessionRow> {
    await this.checkOutOpen(trx, s);
    if (s.sitter_checked_out_at) throw conflict('You have already checked out.');
    let next = await this.core.save(trx, s, {
      sitter_checkout: JSON.stringify(body),
      sitter_checked_out_at: this.core.now(),
    });
    await this.core.event(trx, s, actor, 'check_out', {
      ok: body.settled,
      note: body.note ?? null,
      data: { by: 'sitter', stayedWholeSession: body.stayedWholeSession, sideEffects: body.sideEffects },
    });
    if (!body.settled || !body.stayedWholeSession)
      detail.escalation = await this.core.openTask(
        trx,
        s,
        {
          key: `${s.id}:not_settled:sitter`,
          kind: 'not_ok',
          reason: body.settled
            ? 'The sitter checked out without having stayed for the whole session.'
            : 'The sitter checked out with the patient not settled.',
        },
        actor,
      );
    next = await this.finishIfBoth(trx, next, actor, detail);
    return next;
  }
}
