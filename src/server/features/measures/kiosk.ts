import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { Answers } from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { randomToken, sha256 } from '../../platform/crypto';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { getPatient, type PatientRow } from '../patients';
import { crisisResourcesFor, formOf } from './portal';
import { recordAnswers } from './recording';
import * as repo from './repository';

/**
 * In-clinic hand-over: staff issue a kiosk token for one assignment and open it on a clinic tablet, which
 * shows only that questionnaire (and the patient's first name) to the patient. The token is the credential:
 * 256 random bits, only its SHA-256 stored, valid 30 minutes, replaced by a newer hand-over of the same
 * assignment, and spent when the questionnaire is submitted (the kiosk view then locks). It travels in the
 * `x-kiosk-token` header, never in a URL, so it cannot reach request logs or browser history; the tablet
 * opens `/kiosk#token=…` (the fragment never leaves the browser).
 *
 * Answers given on the kiosk are the patient's own; `entered_by` records the staff member who handed over
 * the tablet. Every kiosk request leaves one audit entry (actor: the device's request, via: kiosk).
 */
export const KIOSK_TTL_MINUTES = 30;

class KioskDenied extends Error {}

export class KioskService {
  constructor(private readonly ctx: AppContext) {}

  async issue(auth: AuthContext, patientId: string, assignmentId: string) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.write')) throw forbidden();
    const audit = {
      action: 'measures.kiosk_issue' as const,
      objectType: 'measure_assignment',
      objectId: assignmentId,
    };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'clinical.write', audit, async (trx) => {
      const a = await repo.getAssignment(trx, patientId, assignmentId);
      if (!a) throw notFound('measure');
      if (a.status !== 'due' && a.status !== 'in_progress')
        throw conflict(`This measure is already ${a.status}.`);
      const now = this.ctx.clock.now();
      const token = randomToken(32);
      const expiresAt = new Date(now.getTime() + KIOSK_TTL_MINUTES * 60_000).toISOString();
      await repo.revokeKioskTokens(trx, a.id, now.toISOString());
      await repo.insertKioskToken(trx, {
        id: randomUUID(),
        token_hash: sha256(token),
        assignment_id: a.id,
        patient_id: patientId,
        issued_by: auth.userId,
        issued_at: now.toISOString(),
        expires_at: expiresAt,
        submitted_at: null,
        revoked_at: null,
      });
      return { token, kioskPath: `/kiosk#token=${token}`, expiresAt };
    });
  }

  async view(meta: RequestMeta, token: string) {
    return this.withKiosk(meta, token, 'measures.kiosk_read', async (trx, k, a) => {
      const p = (await getPatient(trx, k.patient_id)) as PatientRow;
      const { assignmentId, instrument, answers, progress } = await formOf(trx, a);
      return {
        assignmentId,
        instrument,
        answers,
        progress,
        firstName: p.preferred_name ?? p.first_name,
        expiresAt: k.expires_at,
      };
    });
  }

  async save(meta: RequestMeta, token: string, answers: Answers) {
    return this.withKiosk(meta, token, 'measures.kiosk_save', async (trx, k, a, now) => {
      const out = await recordAnswers(trx, {
        assignment: a,
        answers,
        mode: 'kiosk',
        enteredBy: k.issued_by,
        complete: false,
        now,
      });
      return {
        savedAt: now,
        progress: out.progress,
        missing: out.result.missing,
        crisis: out.crisis,
        crisisResources: out.crisis ? await crisisResourcesFor(trx) : null,
      };
    });
  }

  async submit(meta: RequestMeta, token: string, answers: Answers | undefined) {
    return this.withKiosk(meta, token, 'measures.kiosk_submit', async (trx, k, a, now) => {
      const out = await recordAnswers(trx, {
        assignment: a,
        answers,
        mode: 'kiosk',
        enteredBy: k.issued_by,
        complete: true,
        now,
      });
      if (!(await repo.spendKioskToken(trx, k.id, now))) throw new KioskDenied();
      return {
        responseId: out.response.id,
        completedAt: now,
        crisis: out.crisis,
        crisisResources: out.crisis ? await crisisResourcesFor(trx) : null,
      };
    });
  }

  /**
   * Resolves a live token and its open assignment, runs the work and writes one audit entry in the same
   * transaction; a refused token (unknown, expired, spent, replaced) is audited as denied and answered 404,
   * the same for every reason.
   */
  private async withKiosk<T>(
    meta: RequestMeta,
    token: string,
    action: AuditAction,
    fn: (trx: Executor, k: repo.KioskTokenRow, a: repo.AssignmentRow, now: string) => Promise<T>,
  ): Promise<T> {
    const hash = sha256(token);
    let known: { patient_id: string; assignment_id: string; id: string; issued_by: string } | undefined;
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const now = this.ctx.clock.now().toISOString();
        known = await repo.findKioskToken(trx, hash);
        const k = await repo.liveKioskToken(trx, hash, now);
        const a = k ? await repo.getAssignment(trx, k.patient_id, k.assignment_id) : undefined;
        if (!k || !a || (a.status !== 'due' && a.status !== 'in_progress')) throw new KioskDenied();
        const value = await fn(trx, k, a, now);
        await appendAudit(trx, this.ctx.clock, meta, this.entry(action, known, 'allowed'));
        return value;
      });
    } catch (err) {
      const denied = err instanceof KioskDenied;
      await this.ctx.db.transaction().execute((trx) =>
        appendAudit(trx, this.ctx.clock, meta, {
          ...this.entry(action, known, denied ? 'denied' : 'failed'),
          detail: {
            ...this.entry(action, known, 'failed').detail,
            error: denied ? 'kiosk_token_invalid' : err instanceof AppError ? err.code : 'internal',
          },
        }),
      );
      if (denied)
        throw new AppError(
          'not_found',
          'This questionnaire link has expired or has already been used. Please hand the tablet back to the staff.',
        );
      throw err;
    }
  }

  private entry(
    action: AuditAction,
    k: { patient_id: string; assignment_id: string; id: string; issued_by: string } | undefined,
    outcome: 'allowed' | 'denied' | 'failed',
  ) {
    return {
      action,
      outcome,
      patientId: k?.patient_id ?? null,
      objectType: 'measure_assignment',
      objectId: k?.assignment_id ?? null,
      detail: { via: 'kiosk', kioskTokenId: k?.id ?? null, handedOverBy: k?.issued_by ?? null } as Record<
        string,
        unknown
      >,
    };
  }
}
