import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { inboxQuery, MessageSettings, staffReplyBody } from '../../../contracts/messages';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { hiddenPatients, mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { hasPermission } from '../../platform/permissions';
import { withPatient } from '../../platform/scope';
import { getSetting, setSetting } from '../../platform/settings';
import { insertCareTask, tasksOfSource } from '../tasks';
import { patientFullName, presentInboxThread, presentMessage } from './present';
import * as repo from './repository';

/**
 * The care team's side of messages with patients (issue #17); the patient's side is service-portal.ts. Messages
 * are append-only; a thread's state, urgency, handler and read state change and each change is audited (ids and
 * flags only, never text). Staff read and write with the clinical permissions, so the front desk (no clinical
 * notes, DOMAIN §7) reads no messages.
 */
export class MessagesService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  // ---------------------------------------------------------------- the care team's side

  /** The inbox: open threads by patient, urgent and longest-waiting first; confidential ones only for their team. */
  async inbox(auth: AuthContext, query: z.infer<typeof inboxQuery>) {
    const now = this.now();
    const rows = await repo.inboxThreads(this.ctx.db, query.filter, auth.userId, (col) =>
      mayOpenSql(auth, now.toISOString(), col),
    );
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'message.inbox',
        detail: { filter: query.filter, count: rows.length },
      }),
    );
    return {
      threads: rows.map((r) => presentInboxThread(r, patientFullName(r))),
      generatedAt: now.toISOString(),
    };
  }

  /** The chart's list of one patient's threads (the record must open for the viewer: S2, S17). */
  async patientThreads(auth: AuthContext, patientId: string) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'message.patient_threads', objectType: 'patient', objectId: patientId },
      async (trx, p) => ({
        threads: (await repo.threadsOfPatient(trx, patientId)).map((t) =>
          presentInboxThread(t, patientFullName(p)),
        ),
        generatedAt: this.now().toISOString(),
      }),
    );
  }

  /** Staff work on one thread: the thread must exist, then the patient's record must open for them (S2, S17). */
  private async asStaff<T>(
    auth: AuthContext,
    threadId: string,
    perm: 'clinical.read' | 'clinical.write',
    action: Parameters<typeof appendAudit>[3]['action'],
    fn: (
      trx: Executor,
      t: repo.ThreadRow,
      patient: { first_name: string; last_name: string; preferred_name: string | null },
      detail: Record<string, unknown>,
    ) => Promise<T>,
  ): Promise<T> {
    if (auth.role === 'patient') throw forbidden();
    const found = await repo.threadById(this.ctx.db, threadId);
    if (!found) throw notFound('message thread');
    const detail: Record<string, unknown> = {};
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      found.patient_id,
      perm,
      { action, objectType: 'message_thread', objectId: threadId, detail },
      async (trx, patient) => {
        const t = (await repo.threadForUpdate(trx, threadId)) ?? found;
        return fn(trx, t, patient, detail);
      },
    );
  }

  private async staffView(trx: Executor, threadId: string, patientName: string) {
    const row = await repo.threadWithHandler(trx, threadId);
    if (!row) throw notFound('message thread');
    const [msgs, team, tasks] = await Promise.all([
      repo.messagesOfThread(trx, threadId),
      repo.careTeamOf(trx, row.patient_id),
      tasksOfSource(trx, 'message_thread', threadId),
    ]);
    const members = team.map((u) => ({ id: u.id, name: u.name, role: u.role }));
    if (row.handler_id && !members.some((m) => m.id === row.handler_id) && row.handler_name)
      members.push({ id: row.handler_id, name: row.handler_name, role: 'staff' });
    return {
      thread: presentInboxThread(row, patientName),
      messages: msgs.map((m) => presentMessage(m, 'staff', patientName)),
      team: members,
      tasks: tasks.map((k) => ({
        id: k.id,
        kind: k.kind,
        title: k.title,
        state: k.state,
        openedAt: k.opened_at,
      })),
    };
  }

  /** Opens a thread for a care-team member: what the patient wrote counts as read by the team. */
  async read(auth: AuthContext, threadId: string) {
    return this.asStaff(auth, threadId, 'clinical.read', 'message.read', async (trx, t, p) => {
      if (t.staff_read_seq < t.message_count)
        await repo.updateThread(trx, t.id, { staff_read_seq: t.message_count });
      return this.staffView(trx, t.id, patientFullName(p));
    });
  }

  /** A care-team reply (typed, or a clinic canned reply). Unassigned threads become the replier's; the patient is emailed "you have a new message". */
  async reply(auth: AuthContext, threadId: string, body: z.infer<typeof staffReplyBody>) {
    return this.asStaff(auth, threadId, 'clinical.write', 'message.reply', async (trx, t, p, detail) => {
      let text = body.body ?? '';
      if (body.cannedReplyId) {
        const canned = (await getSetting(trx, 'messages.cannedReplies')).find(
          (c) => c.id === body.cannedReplyId,
        );
        if (!canned) throw invalid('cannedReplyId', 'This canned reply is no longer in the clinic’s list');
        text = canned.body;
        detail.cannedReplyId = canned.id;
      }
      const now = this.now().toISOString();
      const seq = t.message_count + 1;
      const id = randomUUID();
      await repo.insertMessage(trx, {
        id,
        thread_id: t.id,
        patient_id: t.patient_id,
        seq,
        side: 'staff',
        author_id: auth.userId,
        body: text,
        canned_reply_id: body.cannedReplyId ?? null,
        crisis: 0,
        sent_at: now,
      });
      await repo.updateThread(trx, t.id, {
        message_count: seq,
        last_staff_seq: seq,
        staff_read_seq: seq,
        waiting_since: null,
        last_message_at: now,
        state: 'open',
        closed_at: null,
        ...(t.handler_id ? {} : { handler_id: auth.userId }),
      });
      detail.messageId = id;
      detail.seq = seq;
      const contact = await repo.patientContact(trx, t.patient_id);
      if (contact?.email) {
        const clinic = await getSetting(trx, 'clinic.name');
        await this.ctx.mailer.enqueue(trx, {
          to: contact.email,
          subject: `You have a new message from ${clinic}`,
          text: [
            `You have a new message from ${clinic}.`,
            '',
            `Sign in to read it: ${this.ctx.config.publicUrl}/portal/messages/${t.id}`,
            '',
            'Messages are not for emergencies. If you are in crisis, call or text 988, or call 911.',
          ].join('\n'),
          relatedType: 'message_thread',
          relatedId: t.id,
        });
        detail.emailed = true;
      }
      return this.staffView(trx, t.id, patientFullName(p));
    });
  }

  /** Who handles the thread: a clinician who may open this patient's chart, or nobody. */
  async assign(auth: AuthContext, threadId: string, handlerId: string | null) {
    return this.asStaff(auth, threadId, 'clinical.write', 'message.assign', async (trx, t, p, detail) => {
      if (handlerId) {
        const u = await repo.staffUser(trx, handlerId);
        const ok = u && u.status === 'active' && hasPermission(u.role, 'clinical.write');
        const hidden =
          ok &&
          (
            await hiddenPatients(
              trx,
              {
                userId: handlerId,
                role: u.role as AuthContext['role'],
                patientId: null,
                canBreakGlass: false,
              },
              this.now().toISOString(),
              [t.patient_id],
            )
          ).size > 0;
        if (!ok || hidden) throw invalid('handlerId', 'Choose a clinician who may open this patient’s chart');
      }
      await repo.updateThread(trx, t.id, { handler_id: handlerId });
      detail.handlerId = handlerId;
      return this.staffView(trx, t.id, patientFullName(p));
    });
  }

  async setState(auth: AuthContext, threadId: string, state: 'open' | 'closed') {
    const action = state === 'closed' ? 'message.close' : 'message.reopen';
    return this.asStaff(auth, threadId, 'clinical.write', action, async (trx, t, p) => {
      if (t.state === state)
        throw conflict(state === 'closed' ? 'The thread is already closed.' : 'The thread is open.');
      await repo.updateThread(trx, t.id, {
        state,
        closed_at: state === 'closed' ? this.now().toISOString() : null,
      });
      return this.staffView(trx, t.id, patientFullName(p));
    });
  }

  /** The crisis has been followed up: the thread is no longer marked urgent in the inbox (Today shows its care tasks until they are resolved with a note). */
  async clearUrgent(auth: AuthContext, threadId: string) {
    return this.asStaff(auth, threadId, 'clinical.write', 'message.urgent_clear', async (trx, t, p) => {
      if (!t.urgent) throw conflict('The thread is not marked urgent.');
      await repo.updateThread(trx, t.id, { urgent: 0 });
      return this.staffView(trx, t.id, patientFullName(p));
    });
  }

  /** Turns the thread into a care task with a title the staff member typed (never the patient's words). */
  async toTask(auth: AuthContext, threadId: string, title: string) {
    return this.asStaff(auth, threadId, 'clinical.write', 'message.task', async (trx, t, _p, detail) => {
      const n = t.follow_up_count + 1;
      const taskId = await insertCareTask(trx, {
        patientId: t.patient_id,
        key: `message_follow_up:${t.id}:${n}`,
        kind: 'message_follow_up',
        urgent: false,
        title,
        source: { type: 'message_thread', id: t.id },
        openedBy: auth.userId,
        assignedTo: t.handler_id ?? auth.userId,
        at: this.now().toISOString(),
      });
      if (!taskId) throw conflict('This task was already opened.');
      await repo.updateThread(trx, t.id, { follow_up_count: n });
      detail.taskId = taskId;
      return { taskId, created: true };
    });
  }

  // ---------------------------------------------------------------- clinic settings

  async cannedReplies(_auth: AuthContext) {
    return { cannedReplies: [...(await getSetting(this.ctx.db, 'messages.cannedReplies'))] };
  }

  async settings(auth: AuthContext): Promise<MessageSettings> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const value = {
        answerTime: await getSetting(trx, 'messages.answerTime'),
        cannedReplies: [...(await getSetting(trx, 'messages.cannedReplies'))],
      };
      await appendAudit(trx, this.ctx.clock, auth, { action: 'message.settings_read' });
      return value;
    });
  }

  async updateSettings(auth: AuthContext, body: MessageSettings): Promise<MessageSettings> {
    const ids = body.cannedReplies.map((c) => c.id);
    const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (dup >= 0) throw invalid(`cannedReplies.${dup}.id`, 'Two canned replies have the same id');
    return this.ctx.db.transaction().execute(async (trx) => {
      const now = this.now().toISOString();
      await setSetting(trx, 'messages.answerTime', body.answerTime, auth.userId, now);
      await setSetting(trx, 'messages.cannedReplies', body.cannedReplies, auth.userId, now);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'message.settings',
        detail: { cannedReplies: body.cannedReplies.length },
      });
      return body;
    });
  }
}
