import type { z } from 'zod';
import type {
  AtHomeSessionOut,
  helpBody,
  moodBody,
  patientCheckoutBody,
  readingBody,
  safetyBody,
  sitterInviteBody,
  timedCheckInBody,
} from '../../../contracts/athome';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { presentSessions } from './present';
import * as repo from './repository';
import { type Actor, AtHomeCore, type AuditDetail, readingsOf } from './service';
import { AtHomeDuringService } from './service-during';
import { issueSitterInvite } from './sitter-tokens';

/**
 * The patient's side, on their phone: always the signed-in patient's own sessions (no patient id in the URL;
 * another patient's session answers exactly like a missing one). The check-in is saved one step at a time.
 */
export class AtHomePortalService {
  private readonly core: AtHomeCore;
  private readonly during: AtHomeDuringService;
  constructor(private readonly ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
    this.during = serviceOf(ctx, AtHomeDuringService);
  }

  private run<T>(
    auth: AuthContext,
    action: AuditAction,
    id: string | null,
    fn: (
      trx: Executor,
      s: repo.SessionRow | null,
      patientId: string,
      detail: AuditDetail,
      actor: Actor,
    ) => Promise<T>,
  ): Promise<T> {
    const patientId = auth.patientId;
    if (auth.role !== 'patient' || !patientId) throw forbidden();
    const detail: AuditDetail = {};
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action, objectType: 'at_home_session', ...(id ? { objectId: id } : {}), detail },
      async (trx) =>
        fn(trx, id ? await this.core.load(trx, patientId, id) : null, patientId, detail, {
          kind: 'patient',
          id: auth.userId,
        }),
    );
  }

  async view(trx: Executor, s: repo.SessionRow) {
    return (await presentSessions(trx, [s], this.core.now()))[0] as AtHomeSessionOut;
  }

  list(auth: AuthContext) {
    return this.run(auth, 'athome.portal_list', null, async (trx, _s, patientId) => {
      const rows = await repo.sessionsOfPatient(trx, patientId);
      return { sessions: await presentSessions(trx, rows, this.core.now()) };
    });
  }

  read(auth: AuthContext, id: string) {
    return this.run(auth, 'athome.portal_read', id, (trx, s) => this.view(trx, s as repo.SessionRow));
  }

  /** One check-in step: saved at once (a reload loses nothing), then the clinic's rules decide. */
  private step(
    auth: AuthContext,
    id: string,
    action: AuditAction,
    build: (s: repo.SessionRow) => { patch: Partial<repo.SessionRow>; kind: string; data?: unknown },
  ) {
    return this.run(auth, action, id, async (trx, row, _p, detail, actor) => {
      let s = row as repo.SessionRow;
      const cfg = await this.core.config(trx);
      const opensAt = Date.parse(s.starts_at) - cfg.program.checkInOpensMinutesBefore * 60_000;
      if (this.ctx.clock.now().getTime() < opensAt)
        throw conflict(`The check-in opens at ${new Date(opensAt).toISOString()}.`, {
          opensAt: new Date(opensAt).toISOString(),
        });
      if (!['scheduled', 'checking_in', 'recheck'].includes(s.state))
        throw conflict(
          s.state === 'awaiting_go'
            ? 'Your check-in is complete: wait for the go, or call your care team to change an answer.'
            : 'The check-in is closed for this session.',
          { state: s.state },
        );
      const { patch, kind, data } = build(s);
      s = await this.core.move(trx, s, 'check_in_step', patch);
      await this.core.event(trx, s, actor, kind, { data });
      s = (await this.core.decide(trx, s, actor, detail)).session;
      return this.view(trx, s);
    });
  }

  mood(auth: AuthContext, id: string, body: z.infer<typeof moodBody>) {
    return this.step(auth, id, 'athome.check_in', () => ({
      patch: { mood: body.mood, intention: body.intention },
      kind: 'check_in_step',
      data: { step: 'mood' },
    }));
  }

  safety(auth: AuthContext, id: string, body: z.infer<typeof safetyBody>) {
    return this.step(auth, id, 'athome.check_in', (s) => ({
      patch: { safety_answers: JSON.stringify({ ...JSON.parse(s.safety_answers), ...body.answers }) },
      kind: 'check_in_step',
      data: { step: 'safety', answers: body.answers },
    }));
  }

  /** A home reading. A re-check of a high reading is accepted only from the time the rule asked for. */
  reading(auth: AuthContext, id: string, body: z.infer<typeof readingBody>) {
    return this.step(auth, id, 'athome.reading', (s) => {
      const now = this.core.now();
      if (s.recheck_at && now < s.recheck_at)
        throw conflict(`Re-check at ${s.recheck_at}: wait 5 minutes, sitting quietly, then measure again.`, {
          recheckAt: s.recheck_at,
        });
      const reading = { sbp: body.sbp, dbp: body.dbp, hr: body.hr, at: now };
      return {
        patch: { readings: JSON.stringify([...readingsOf(s), reading]) },
        kind: 'reading',
        data: { ...reading, recheck: readingsOf(s).length > 0 },
      };
    });
  }

  /**
   * Names the sitter and returns their one-time link and code, once. Liminal sends no SMS: the patient
   * forwards the link (only its hash is stored). A new invitation replaces a code not yet used.
   */
  inviteSitter(auth: AuthContext, id: string, body: z.infer<typeof sitterInviteBody>) {
    return this.run(auth, 'athome.sitter_invite', id, async (trx, row, _p, _d, actor) => {
      const s = row as repo.SessionRow;
      return issueSitterInvite(this.core, trx, s, body, actor);
    });
  }

  doseTaken(auth: AuthContext, id: string) {
    return this.run(auth, 'athome.dose_taken', id, async (trx, row, _p, _d, actor) => {
      const s = await this.during.doseTaken(trx, row as repo.SessionRow, actor);
      return this.view(trx, s);
    });
  }

  timedCheckIn(auth: AuthContext, id: string, body: z.infer<typeof timedCheckInBody>) {
    return this.run(auth, 'athome.timed_check_in', id, async (trx, row, _p, detail, actor) => {
      const s = await this.during.answer(
        trx,
        row as repo.SessionRow,
        actor,
        { ...body, kind: 'timed_check_in' },
        detail,
      );
      return this.view(trx, s);
    });
  }

  help(auth: AuthContext, id: string, body: z.infer<typeof helpBody>) {
    return this.run(auth, 'athome.help', id, async (trx, row, _p, detail, actor) =>
      this.during.help(trx, row as repo.SessionRow, actor, body.note ?? null, detail),
    );
  }

  checkOut(auth: AuthContext, id: string, body: z.infer<typeof patientCheckoutBody>) {
    return this.run(auth, 'athome.check_out', id, async (trx, row, _p, detail, actor) => {
      const s = await this.during.checkOut(trx, row as repo.SessionRow, actor, body, detail);
      return this.view(trx, s);
    });
  }
}
