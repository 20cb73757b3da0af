import { randomUUID } from 'node:crypto';
import { pickDue, planReminders } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import { SYSTEM_META } from '../../platform/auth-context';
import type { Clock } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { queueVisitMail } from './notify';
import * as reminderRows from './reminders-repository';
import * as repo from './repository';
import { getSchedulingSettings } from './settings';

/**
 * Email reminders before each visit at the clinic's offsets (default 48 h and 2 h). Rows are created when a
 * visit is booked or moved and cancelled when it is cancelled or moved. `runDueReminders` sends what is due
 * exactly once: each reminder is claimed with a conditional update (only the sender that still finds it
 * pending proceeds), and the message goes through the mail outbox, which claims again before SMTP. Failed
 * deliveries are retried by the outbox; their state is mirrored here so staff see them.
 */
export async function planVisitReminders(
  trx: Executor,
  clock: Clock,
  appointmentId: string,
  startsAt: string,
): Promise<void> {
  const settings = await getSchedulingSettings(trx);
  const now = clock.now();
  const at = now.toISOString();
  await reminderRows.insertReminders(
    trx,
    planReminders(startsAt, settings.reminderOffsetsMinutes, now).map((r) => ({
      id: randomUUID(),
      appointment_id: appointmentId,
      kind: r.kind,
      send_at: r.sendAt,
      status: 'pending',
      attempts: 0,
      last_error: null,
      outbox_id: null,
      sent_at: null,
      created_at: at,
      updated_at: at,
    })),
  );
}

export interface ReminderRun {
  queued: number;
  skipped: number;
  failed: number;
  sent: number;
}

export async function runDueReminders(ctx: AppContext): Promise<ReminderRun> {
  const { db, clock } = ctx;
  const now = clock.now();
  const at = now.toISOString();
  const result: ReminderRun = { queued: 0, skipped: 0, failed: 0, sent: 0 };
  const due = await reminderRows.dueReminders(db, at);
  const byVisit = new Map<string, typeof due>();
  for (const r of due) byVisit.set(r.appointment_id, [...(byVisit.get(r.appointment_id) ?? []), r]);

  for (const [appointmentId, rows] of byVisit) {
    const first = rows[0] as (typeof rows)[number];
    const activeVisit = first.appointment_status === 'booked' || first.appointment_status === 'checked_in';
    const plan = activeVisit
      ? pickDue(
          rows.map((r) => ({ id: r.id, sendAt: r.send_at })),
          now,
          first.starts_at,
        )
      : { send: null, skip: rows.map((r) => ({ id: r.id, reason: 'too_late' as const })) };
    for (const s of plan.skip) {
      const reason =
        s.reason === 'superseded'
          ? 'A later reminder was due at the same time'
          : 'The visit had already started or ended';
      result.skipped += await reminderRows.skipReminder(db, s.id, reason, at);
    }
    if (!plan.send) continue;
    const reminderId = plan.send;
    const kind = rows.find((r) => r.id === reminderId)?.kind;
    await db.transaction().execute(async (trx) => {
      if (!(await reminderRows.claimReminder(trx, reminderId, at))) return;
      const mail = await queueVisitMail(ctx, trx, appointmentId, 'reminder', kind);
      if (mail.outboxId) {
        await reminderRows.updateReminder(trx, reminderId, { outbox_id: mail.outboxId, updated_at: at });
        result.queued++;
      } else {
        await reminderRows.updateReminder(trx, reminderId, {
          status: 'failed',
          last_error: mail.reason,
          updated_at: at,
        });
        result.failed++;
      }
      const visit = await repo.getAppointment(trx, appointmentId);
      await appendAudit(trx, clock, SYSTEM_META, {
        action: 'appointment.reminder',
        patientId: visit ? await repo.effectivePatientId(trx, visit) : null,
        objectType: 'appointment',
        objectId: appointmentId,
        detail: { reminderId, kind: kind ?? null, queued: Boolean(mail.outboxId) },
      });
    });
  }

  await ctx.mailer.flush();
  const synced = await syncDeliveryState(db, at);
  result.sent = synced.sent;
  result.failed += synced.failed;
  return result;
}

/** Mirrors the outbox's delivery state onto reminders: sent, or failing (still retried by the outbox). */
export async function syncDeliveryState(db: Executor, at: string): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const r of await reminderRows.deliveringReminders(db)) {
    if (r.sent_at) {
      await reminderRows.updateReminder(db, r.id, {
        status: 'sent',
        sent_at: r.sent_at,
        attempts: Number(r.attempts),
        last_error: null,
        updated_at: at,
      });
      sent++;
    } else if (r.last_error && r.status !== 'failed') {
      await reminderRows.updateReminder(db, r.id, {
        status: 'failed',
        attempts: Number(r.attempts),
        last_error: r.last_error,
        updated_at: at,
      });
      failed++;
    } else if (r.last_error) {
      await reminderRows.updateReminder(db, r.id, {
        attempts: Number(r.attempts),
        last_error: r.last_error,
        updated_at: at,
      });
    }
  }
  return { sent, failed };
}

/** The background job: runs `runDueReminders` every minute in each app process (claims make that safe). */
export interface SchedulerHandle {
  stop(): Promise<void>;
}
const running = new WeakMap<AppContext, SchedulerHandle>();

export function startScheduler(ctx: AppContext, intervalMs = 60_000): SchedulerHandle {
  const existing = running.get(ctx);
  if (existing) return existing;
  let current: Promise<unknown> | null = null;
  const tick = () => {
    if (current) return;
    current = runDueReminders(ctx)
      .catch((err: unknown) =>
        ctx.log.warn(
          { err: err instanceof Error ? err.message.slice(0, 200) : 'error' },
          'reminder run failed; will retry',
        ),
      )
      .finally(() => {
        current = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const handle: SchedulerHandle = {
    async stop() {
      clearInterval(timer);
      running.delete(ctx);
      await current;
    },
  };
  running.set(ctx, handle);
  return handle;
}

export async function stopScheduler(ctx: AppContext): Promise<void> {
  await running.get(ctx)?.stop();
}
