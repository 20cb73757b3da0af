import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, Executor } from '../db/dialect';
import type { Clock } from './clock';
import { probe } from './probes';
import * as repo from './repository/mail';

/**
 * Outgoing mail goes through an outbox table: a message is queued in the same transaction as the change
 * that caused it, then delivered over SMTP after commit. Failed deliveries are retried with backoff; any
 * app process may deliver (a row is claimed before sending), so nothing is sent twice. Once a message is sent its
 * text is cleared: the row stays as the record that it went (to whom, its subject, when), but the body, which
 * may hold a single-use link (an invitation's or a visit's token, stored hashed everywhere else) or a visit's details,
 * is not kept at rest after it has done its job. Until it is sent (no SMTP, or retrying) the text stays.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  relatedType?: string;
  relatedId?: string;
}

const RETRY_DELAYS_MIN = [1, 5, 15, 60, 240];

export class Mailer {
  private transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private intervalMs = 0;
  /** When the worker last began and last finished a delivery pass (readiness: is it alive). */
  private passStartedAt = 0;
  private passEndedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly opts: {
      smtpUrl?: string;
      from: string;
      log: FastifyBaseLogger;
      /** Files to attach to an outbox message (e.g. a visit's .ics), looked up when it is sent. */
      attachmentsFor?: (
        db: Db,
        outboxId: string,
      ) => Promise<{ filename: string; contentType: string; content: string }[]>;
      /** Drops what `attachmentsFor` kept for a message once it is sent (in the transaction that marks it sent). */
      forgetAttachments?: (db: Executor, outboxId: string) => Promise<void>;
    },
  ) {
    this.transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async enqueue(trx: Executor, msg: MailMessage): Promise<string> {
    const id = randomUUID();
    await repo.insertOutboxMessage(trx, {
      id,
      to_address: msg.to,
      subject: msg.subject,
      body_text: msg.text,
      related_type: msg.relatedType ?? null,
      related_id: msg.relatedId ?? null,
      created_at: this.clock.now().toISOString(),
      sent_at: null,
      attempts: 0,
      last_error: null,
      next_attempt_at: null,
    });
    return id;
  }

  /** Delivers what is due. Safe to call often; concurrent calls share one pass. */
  flush(): Promise<void> {
    if (!this.transport) return Promise.resolve();
    if (!this.flushing) this.passStartedAt = Date.now();
    this.flushing ??= this.deliverDue().finally(() => {
      this.flushing = null;
      this.passEndedAt = Date.now();
    });
    return this.flushing;
  }

  start(intervalMs = 30_000): void {
    if (!this.transport || this.timer) return;
    this.intervalMs = intervalMs;
    this.passEndedAt = Date.now();
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /**
   * For readiness: 'off' without SMTP (mail waits in the outbox, a supported mode); 'alive' while the worker's
   * timer runs and no delivery pass has been stuck for 10 minutes; 'stopped' or 'stuck' otherwise.
   */
  workerState(now = Date.now()): 'off' | 'alive' | 'stopped' | 'stuck' {
    if (!this.transport) return 'off';
    if (!this.timer) return 'stopped';
    if (this.flushing && now - this.passStartedAt > 600_000) return 'stuck';
    if (!this.flushing && now - this.passEndedAt > this.intervalMs * 3 + 60_000) return 'stuck';
    return 'alive';
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing;
    this.transport?.close();
  }

  private async deliverDue(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const now = this.clock.now().toISOString();
    const due = await repo.dueOutboxMessages(this.db, now);
    for (const row of due) {
      const delay = RETRY_DELAYS_MIN[Math.min(row.attempts, RETRY_DELAYS_MIN.length - 1)] ?? 60;
      const claimUntil = new Date(this.clock.now().getTime() + delay * 60_000).toISOString();
      // Claim: only the process whose update matches the row's previous state sends it.
      if (!(await repo.claimOutboxMessage(this.db, row.id, row.attempts, claimUntil))) continue;
      try {
        const attachments = this.opts.attachmentsFor ? await this.opts.attachmentsFor(this.db, row.id) : [];
        await transport.sendMail({
          from: this.opts.from,
          to: row.to_address,
          subject: row.subject,
          text: row.body_text,
          ...(attachments.length ? { attachments } : {}),
        });
        // Sent: its text and attachments leave the outbox together (a sent copy is the recipient's to keep, and
        // a visit's mail carries a single-use link and the visit's details).
        const at = this.clock.now().toISOString();
        const forget = this.opts.forgetAttachments;
        await this.db.transaction().execute(async (trx) => {
          await repo.markOutboxSent(trx, row.id, at);
          if (forget) await forget(trx, row.id);
        });
        probe('mail_sent');
      } catch (err) {
        const message = err instanceof Error ? err.message.slice(0, 300) : 'send failed';
        await repo.markOutboxFailed(this.db, row.id, message);
        probe('mail_failed');
        this.opts.log.warn(
          { outboxId: row.id, attempt: row.attempts + 1 },
          'mail delivery failed; will retry',
        );
      }
    }
  }
}
