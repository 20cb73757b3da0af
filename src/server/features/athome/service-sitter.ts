import type { z } from 'zod';
import type { sitterCheckoutBody, timedCheckInBody, visualCheckBody } from '../../../contracts/athome';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { hitRateLimit } from '../../platform/throttle';
import * as repo from './repository';
import { type Actor, AtHomeCore, type AuditDetail, timelineOf } from './service';
import { AtHomeDuringService } from './service-during';
import { helpNumbers } from './settings';
import { hashSitterSecret, newSitterToken, sessionForSitter } from './sitter-tokens';

/** Requests a sitter's address may make per minute, right or wrong (the code has ~59 bits; this caps guessing). */
export const SITTER_REQUESTS_PER_MINUTE = 30;
const SITTER: Actor = { kind: 'sitter', id: null };
class NoSuchSitterSession extends Error {}

/**
 * The sitter's side (DOMAIN §7): no account. Their code or token, sent in the `x-sitter-token` header, opens
 * exactly one session while it runs. A wrong, spent or expired secret, or one for another session, answers
 * exactly like a missing session (404). Every request is rate-limited by address and audited (a refusal too).
 */
export class AtHomeSitterService {
  private readonly core: AtHomeCore;
  private readonly during: AtHomeDuringService;
  constructor(private readonly ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
    this.during = serviceOf(ctx, AtHomeDuringService);
  }

  private async run<T>(
    meta: RequestMeta,
    sent: string | undefined,
    accept: 'token' | 'code' | 'either',
    action: AuditAction,
    write: boolean,
    fn: (trx: Executor, s: repo.SessionRow, detail: AuditDetail, via: 'token' | 'code') => Promise<T>,
  ): Promise<T> {
    const { db, clock } = this.ctx;
    const limit = await hitRateLimit(
      db,
      clock,
      `sitter:${meta.ip ?? 'unknown'}`,
      SITTER_REQUESTS_PER_MINUTE,
      60_000,
    );
    if (!limit.allowed)
      throw new AppError(
        'rate_limited',
        `Too many requests: try again in ${limit.retryAfterSec} s.`,
        undefined,
        {
          retryAfterSec: limit.retryAfterSec,
        },
      );
    let patientId: string | null = null;
    let sessionId: string | null = null;
    const detail: AuditDetail = { actor: 'sitter' };
    try {
      return await db.transaction().execute(async (trx) => {
        const found = await sessionForSitter(trx, sent, accept);
        if (!found) throw new NoSuchSitterSession();
        const s = found.session;
        patientId = s.patient_id;
        sessionId = s.id;
        detail.via = found.via;
        if (write && s.sitter_checked_out_at)
          throw conflict('You have checked out of this session. Thank you.');
        const value = await fn(trx, s, detail, found.via);
        await appendAudit(trx, clock, meta, {
          action,
          patientId: s.patient_id,
          objectType: 'at_home_session',
          objectId: s.id,
          detail,
        });
        return value;
      });
    } catch (err) {
      const missing = err instanceof NoSuchSitterSession;
      await db.transaction().execute((trx) =>
        appendAudit(trx, clock, meta, {
          action: missing ? 'athome.sitter_refused' : action,
          outcome: missing ? 'denied' : 'failed',
          patientId,
          objectType: 'at_home_session',
          objectId: sessionId,
          detail: {
            actor: 'sitter',
            attempted: action,
            error: missing ? 'not_found' : err instanceof AppError ? err.code : 'internal',
          },
        }),
      );
      if (missing) throw notFound('session');
      throw err;
    }
  }

  async view(trx: Executor, s: repo.SessionRow) {
    const cfg = await this.core.config(trx);
    const decision = s.decision ? (JSON.parse(s.decision) as { outcome: string; missing: string[] }) : null;
    return {
      patientFirstName: await repo.patientFirstName(trx, s.patient_id),
      clinicName: cfg.clinicName,
      startsAt: s.starts_at,
      state: s.state as never,
      confirmed: Boolean(s.sitter_confirmed_at),
      checkIn: {
        missing: decision?.missing ?? ['mood', 'safety', 'reading', 'sitter'],
        outcome: decision?.outcome ?? null,
        goGiven: Boolean(s.go_at) && ['go', 'dose_taken'].includes(s.state),
      },
      doseTakenAt: s.dose_taken_at,
      timeline: timelineOf(s, cfg.program, this.core.now()).filter((i) => i.kind !== 'check_in'),
      checkedOut: Boolean(s.sitter_checked_out_at),
      help: helpNumbers(cfg),
    };
  }

  read(meta: RequestMeta, sent: string | undefined) {
    return this.run(meta, sent, 'either', 'athome.sitter_read', false, (trx, s) => this.view(trx, s));
  }

  /**
   * The sitter confirms their presence with the code: it is spent at once (a second use answers 404), and the
   * sitter receives their own token for the rest of the session. Confirming is a step of the check-in.
   */
  confirm(meta: RequestMeta, sent: string | undefined) {
    return this.run(meta, sent, 'code', 'athome.sitter_confirm', true, async (trx, row, detail) => {
      const token = newSitterToken();
      let s = await this.core.save(trx, row, {
        sitter_invite_hash: null,
        sitter_access_hash: hashSitterSecret(token),
        sitter_confirmed_at: row.sitter_confirmed_at ?? this.core.now(),
      });
      await this.core.event(trx, s, SITTER, 'sitter_confirmed', {
        data: { again: Boolean(row.sitter_confirmed_at) },
      });
      if (['scheduled', 'checking_in', 'recheck'].includes(s.state)) {
        s = await this.core.move(trx, s, 'check_in_step');
        s = (await this.core.decide(trx, s, SITTER, detail)).session;
      }
      return { token, session: await this.view(trx, s) };
    });
  }

  visualCheck(meta: RequestMeta, sent: string | undefined, body: z.infer<typeof visualCheckBody>) {
    return this.run(meta, sent, 'token', 'athome.sitter_check', true, async (trx, s, detail) =>
      this.view(trx, await this.during.answer(trx, s, SITTER, { ...body, kind: 'sitter_check' }, detail)),
    );
  }

  checkIn(meta: RequestMeta, sent: string | undefined, body: z.infer<typeof timedCheckInBody>) {
    return this.run(meta, sent, 'token', 'athome.sitter_check_in', true, async (trx, s, detail) =>
      this.view(trx, await this.during.answer(trx, s, SITTER, { ...body, kind: 'timed_check_in' }, detail)),
    );
  }

  help(meta: RequestMeta, sent: string | undefined, note: string | null) {
    return this.run(meta, sent, 'either', 'athome.sitter_help', false, (trx, s, detail) =>
      this.during.help(trx, s, SITTER, note, detail),
    );
  }

  checkOut(meta: RequestMeta, sent: string | undefined, body: z.infer<typeof sitterCheckoutBody>) {
    return this.run(meta, sent, 'token', 'athome.sitter_check_out', true, async (trx, s, detail) =>
      this.view(trx, await this.during.sitterCheckOut(trx, s, SITTER, body, detail)),
    );
  }
}
