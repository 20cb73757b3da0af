import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { newThreadBody, replyBody, messagingTerms as termsSchema } from '../../../contracts/messages';
import { CRISIS_RESOURCES, screenForCrisis } from '../../../domain/crisis';
import { MESSAGE_LIMITS } from '../../../domain/messages';
import type { Executor } from '../../db/dialect';
import type { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { getSetting } from '../../platform/settings';
import { insertCareTask } from '../tasks';
import { presentMessage, presentThread } from './present';
import * as repo from './repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The task's words: staff-facing and fixed, never the patient's text. */
export const CRISIS_TASK_TITLE = 'Crisis language in a patient’s message: contact them today';

/** What the portal says about messaging: the clinic, its answer time, the crisis resources, the limits. */
export async function messagingTerms(db: Executor): Promise<z.infer<typeof termsSchema>> {
  return {
    clinicName: await getSetting(db, 'clinic.name'),
    answerTime: await getSetting(db, 'messages.answerTime'),
    crisisResources: CRISIS_RESOURCES.map((r) => ({ label: r.label, href: r.href })),
    limits: { bodyMax: MESSAGE_LIMITS.bodyMax, subjectMax: MESSAGE_LIMITS.subjectMax },
  };
}

/**
 * The patient's side of messages with the care team (issue #17): always their own threads. A patient's message
 * is screened for crisis language (a match marks the thread urgent, opens an urgent care task and answers with
 * the crisis resources at once); the handler, or else the care team, gets an email saying only that there is a
 * new message. Limits per patient: size (the contract), 20 messages an hour, 5 new threads a day.
 */
export class MessagesPortalService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  // ---------------------------------------------------------------- the patient's side (portal)

  private asPatient<T>(
    auth: AuthContext,
    audit: {
      action: Parameters<typeof appendAudit>[3]['action'];
      objectId?: string;
      detail?: Record<string, unknown>;
    },
    fn: (trx: Executor, patientId: string, detail: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    const patientId = auth.patientId;
    const detail: Record<string, unknown> = { ...(audit.detail ?? {}) };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      {
        action: audit.action,
        objectType: audit.objectId ? 'message_thread' : 'patient',
        ...(audit.objectId ? { objectId: audit.objectId } : {}),
        detail,
      },
      (trx) => fn(trx, patientId, detail),
    );
  }

  private async ownThread(trx: Executor, patientId: string, threadId: string, lock = false) {
    const t = lock ? await repo.threadForUpdate(trx, threadId) : await repo.threadById(trx, threadId);
    if (!t || t.patient_id !== patientId) throw notFound('message thread');
    return t;
  }

  async portalList(auth: AuthContext) {
    return this.asPatient(auth, { action: 'message.portal_list' }, async (trx, patientId, detail) => {
      const rows = await repo.threadsOfPatient(trx, patientId);
      detail.count = rows.length;
      return { threads: rows.map((t) => presentThread(t, 'patient')), terms: await messagingTerms(trx) };
    });
  }

  /** Opens a thread: marks what the care team wrote as read by the patient. */
  async portalRead(auth: AuthContext, threadId: string) {
    return this.asPatient(
      auth,
      { action: 'message.portal_read', objectId: threadId },
      async (trx, patientId) => {
        const t = await this.ownThread(trx, patientId, threadId);
        if (t.patient_read_seq < t.message_count)
          await repo.updateThread(trx, t.id, { patient_read_seq: t.message_count });
        const row = await repo.threadWithHandler(trx, t.id);
        if (!row) throw notFound('message thread');
        const msgs = await repo.messagesOfThread(trx, t.id);
        return {
          thread: presentThread(row, 'patient'),
          messages: msgs.map((m) => presentMessage(m, 'patient', '')),
          terms: await messagingTerms(trx),
        };
      },
    );
  }

  /** Refuses a patient's message past the hourly limit, or a new thread past the daily one (problem+json names it). */
  private async checkLimits(trx: Executor, patientId: string, newThread: boolean) {
    const now = this.now();
    const hourAgo = new Date(now.getTime() - HOUR).toISOString();
    if ((await repo.patientMessagesSince(trx, patientId, hourAgo)) >= MESSAGE_LIMITS.messagesPerHour) {
      const oldest = await repo.oldestPatientMessageSince(trx, patientId, hourAgo);
      const retryAfterSec = oldest
        ? Math.max(1, Math.ceil((new Date(oldest.sent_at).getTime() + HOUR - now.getTime()) / 1000))
        : 3600;
      throw new AppError(
        'rate_limited',
        `You can send up to ${MESSAGE_LIMITS.messagesPerHour} messages an hour. Please try again later, or call the clinic.`,
        [{ field: 'body', message: `At most ${MESSAGE_LIMITS.messagesPerHour} messages an hour` }],
        { limit: 'messages_per_hour', retryAfterSec },
      );
    }
    if (
      newThread &&
      (await repo.patientThreadsSince(trx, patientId, new Date(now.getTime() - DAY).toISOString())) >=
        MESSAGE_LIMITS.threadsPerDay
    ) {
      throw new AppError(
        'rate_limited',
        `You can start up to ${MESSAGE_LIMITS.threadsPerDay} new conversations a day. Please reply in one you have already started.`,
        [{ field: 'subject', message: `At most ${MESSAGE_LIMITS.threadsPerDay} new conversations a day` }],
        { limit: 'threads_per_day', retryAfterSec: 24 * 3600 },
      );
    }
  }

  /**
   * A patient's message, in a new thread or an existing one: screened for crisis language (a match marks the
   * thread urgent, opens an urgent care task and answers with the crisis resources), then the handler (or the
   * care team) is told by email that there is a new message: no text, no subject.
   */
  private async patientWrites(
    trx: Executor,
    auth: AuthContext,
    t: repo.ThreadRow,
    body: string,
    detail: Record<string, unknown>,
  ) {
    const now = this.now().toISOString();
    const seq = t.message_count + 1;
    const messageId = randomUUID();
    const screen = screenForCrisis(body);
    await repo.insertMessage(trx, {
      id: messageId,
      thread_id: t.id,
      patient_id: t.patient_id,
      seq,
      side: 'patient',
      author_id: auth.userId,
      body,
      canned_reply_id: null,
      crisis: screen.matched ? 1 : 0,
      sent_at: now,
    });
    await repo.updateThread(trx, t.id, {
      message_count: seq,
      last_patient_seq: seq,
      patient_read_seq: seq,
      waiting_since: t.waiting_since ?? now,
      last_message_at: now,
      state: 'open',
      closed_at: null,
      ...(screen.matched ? { urgent: 1 } : {}),
    });
    detail.messageId = messageId;
    detail.seq = seq;
    if (screen.matched) {
      const taskId = await insertCareTask(trx, {
        patientId: t.patient_id,
        key: `message_crisis:${messageId}`,
        kind: 'message_crisis',
        urgent: true,
        title: CRISIS_TASK_TITLE,
        source: { type: 'message_thread', id: t.id },
        assignedTo: t.handler_id,
        at: now,
      });
      detail.crisis = true;
      detail.taskId = taskId;
    }
    await this.notifyTeam(trx, t);
    return {
      threadId: t.id,
      messageId,
      crisis: screen.matched,
      crisisResources: screen.matched ? CRISIS_RESOURCES.map((r) => ({ label: r.label, href: r.href })) : [],
    };
  }

  private async notifyTeam(trx: Executor, t: { id: string; patient_id: string; handler_id: string | null }) {
    const clinic = await getSetting(trx, 'clinic.name');
    const handler = t.handler_id ? await repo.staffUser(trx, t.handler_id) : undefined;
    const to =
      handler && handler.status === 'active'
        ? [handler.email]
        : (await repo.careTeamOf(trx, t.patient_id)).map((u) => u.email);
    for (const email of new Set(to)) {
      await this.ctx.mailer.enqueue(trx, {
        to: email,
        subject: `${clinic}: a new patient message`,
        text: [
          `You have a new message from a patient at ${clinic}.`,
          '',
          `Open it in Liminal: ${this.ctx.config.publicUrl}/app/messages/${t.id}`,
        ].join('\n'),
        relatedType: 'message_thread',
        relatedId: t.id,
      });
    }
  }

  async portalStart(auth: AuthContext, body: z.infer<typeof newThreadBody>) {
    return this.asPatient(auth, { action: 'message.thread_start' }, async (trx, patientId, detail) => {
      await this.checkLimits(trx, patientId, true);
      const now = this.now().toISOString();
      const t: repo.ThreadRow = {
        id: randomUUID(),
        patient_id: patientId,
        subject: body.subject,
        started_by_side: 'patient',
        started_by: auth.userId,
        state: 'open',
        urgent: 0,
        handler_id: null,
        message_count: 0,
        last_patient_seq: 0,
        last_staff_seq: 0,
        patient_read_seq: 0,
        staff_read_seq: 0,
        waiting_since: null,
        follow_up_count: 0,
        created_at: now,
        last_message_at: now,
        closed_at: null,
      };
      await repo.insertThread(trx, t);
      detail.threadId = t.id;
      return this.patientWrites(trx, auth, t, body.body, detail);
    });
  }

  async portalReply(auth: AuthContext, threadId: string, body: z.infer<typeof replyBody>) {
    return this.asPatient(
      auth,
      { action: 'message.send', objectId: threadId },
      async (trx, patientId, detail) => {
        const t = await this.ownThread(trx, patientId, threadId, true);
        await this.checkLimits(trx, patientId, false);
        return this.patientWrites(trx, auth, t, body.body, detail);
      },
    );
  }
}
