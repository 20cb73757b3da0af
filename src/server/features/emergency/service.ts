import { randomUUID } from 'node:crypto';
import type { EmergencyGrant } from '../../../contracts/emergency';
import type { Executor } from '../../db/dialect';
import { type AuditInput, appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { onCareTeam, openGrantFor } from '../../platform/repository/emergency';
import { withPatient } from '../../platform/scope';
import { getSetting, setSetting } from '../../platform/settings';
import { listActiveAdmins } from '../users';
import * as repo from './repository';

/**
 * Emergency access ("break the glass", S17); the rule itself is in platform/emergency.ts. A designated user
 * who is refused a confidential chart opens a window on it with a typed reason; it closes by itself after the
 * clinic's window (default 60 minutes) or when they end it. Opening one emails every active admin through the
 * outbox (in the same transaction) and puts it on the admins' worklist; the reason is kept in the window's
 * row and its audit entry, not in the email (it may name the patient's situation).
 */
const presentGrant = (g: {
  id: string;
  patient_id: string;
  opened_at: string;
  expires_at: string;
}): EmergencyGrant => ({
  id: g.id,
  patientId: g.patient_id,
  openedAt: g.opened_at,
  expiresAt: g.expires_at,
});

export class EmergencyAccessService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  private staff(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.read')) throw forbidden();
  }

  /** Runs `fn` in a transaction; a refusal or failure leaves one `denied`/`failed` entry instead (S3). */
  private async audited<T>(
    auth: AuthContext,
    entry: AuditInput,
    fn: (trx: Executor) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.ctx.db.transaction().execute(fn);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      await this.ctx.db.transaction().execute((trx) =>
        appendAudit(trx, this.ctx.clock, auth, {
          ...entry,
          outcome: code === 'forbidden' ? 'denied' : 'failed',
          detail: { ...(entry.detail ?? {}), error: code },
        }),
      );
      throw err;
    }
  }

  async open(auth: AuthContext, patientId: string, reason: string): Promise<EmergencyGrant> {
    this.staff(auth);
    const entry = { action: 'emergency_access.open' as const, patientId, objectType: 'emergency_access' };
    const grant = await this.audited(auth, entry, async (trx) => {
      if (!auth.canBreakGlass)
        throw forbidden('You are not designated for emergency access. An admin can designate you.');
      const p = await repo.patientConfidentiality(trx, patientId);
      if (!p) throw notFound('patient');
      if (!p.confidential || (await onCareTeam(trx, patientId, auth.userId))) {
        throw conflict('You can already open this chart: emergency access is not needed.');
      }
      const now = this.ctx.clock.now();
      const open = await openGrantFor(trx, auth.userId, patientId, now.toISOString());
      if (open)
        throw conflict(`Emergency access to this chart is already open until ${open.expires_at}.`, {
          grantId: open.id,
        });
      const minutes = await getSetting(trx, 'emergency.windowMinutes');
      const row = {
        id: randomUUID(),
        user_id: auth.userId,
        patient_id: patientId,
        reason,
        opened_at: now.toISOString(),
        expires_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
        ended_at: null,
        end_reason: null,
      };
      await repo.insertGrant(trx, row);
      // Written after the window exists, so this entry is flagged like every other one in it.
      await appendAudit(trx, this.ctx.clock, auth, {
        ...entry,
        objectId: row.id,
        detail: { reason, minutes, expiresAt: row.expires_at },
      });
      await this.alertAdmins(trx, auth, row);
      return row;
    });
    void this.ctx.mailer.flush();
    return presentGrant(grant);
  }

  private async alertAdmins(
    trx: Executor,
    auth: AuthContext,
    g: { id: string; patient_id: string; opened_at: string; expires_at: string },
  ) {
    const admins = await listActiveAdmins(trx);
    const review = `${this.ctx.config.publicUrl}/app/admin/audit?emergency=true&patientId=${g.patient_id}`;
    for (const a of admins) {
      await this.ctx.mailer.enqueue(trx, {
        to: a.email,
        subject: 'Emergency access opened in Liminal',
        text: [
          `Hello ${a.name},`,
          '',
          `${auth.name} (${auth.role.replace('_', ' ')}) opened emergency ("break the glass") access to a confidential chart`,
          `at ${g.opened_at} (UTC). The window closes at ${g.expires_at} (UTC) unless they end it sooner.`,
          '',
          'Every action in this window is flagged in the audit log, with the reason they gave. Review it here:',
          review,
          '',
          `Reference: ${g.id}`,
        ].join('\n'),
        relatedType: 'emergency_access',
        relatedId: g.id,
      });
    }
  }

  /** Ends the caller's own open window early. */
  async end(auth: AuthContext, grantId: string): Promise<{ ok: true }> {
    this.staff(auth);
    const row = await repo.findOwnGrant(this.ctx.db, grantId, auth.userId);
    const entry = {
      action: 'emergency_access.end' as const,
      patientId: row?.patient_id ?? null,
      objectType: 'emergency_access',
      objectId: grantId,
    };
    return this.audited(auth, entry, async (trx) => {
      if (!row) throw notFound('emergency access window');
      const now = this.now();
      if (row.ended_at || row.expires_at <= now)
        throw conflict('This emergency access window has already closed.');
      // Audited before it closes, so the closing entry is flagged too.
      await appendAudit(trx, this.ctx.clock, auth, entry);
      await repo.endGrantByUser(trx, grantId, now);
      return { ok: true as const };
    });
  }

  /** The caller's open windows (ids and times only), for the chart banner. */
  async mine(auth: AuthContext): Promise<{ grants: EmergencyGrant[] }> {
    this.staff(auth);
    const rows = await repo.openGrantsOf(this.ctx.db, auth.userId, this.now());
    return { grants: rows.map(presentGrant) };
  }

  /** Admin review: windows opened in the last `days` days, newest first. */
  async review(auth: AuthContext, days: number) {
    if (!auth.permissions.has('audit.read')) throw forbidden();
    const now = this.ctx.clock.now();
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const rows = await repo.grantsOpenedSince(this.ctx.db, since);
    const nowIso = now.toISOString();
    return {
      windowMinutes: await getSetting(this.ctx.db, 'emergency.windowMinutes'),
      grants: rows.map((r) => ({
        ...presentGrant(r),
        userId: r.user_id,
        userName: r.name,
        userRole: r.role,
        reason: r.reason,
        endedAt: r.ended_at,
        endReason: r.end_reason,
        open: !r.ended_at && r.expires_at > nowIso,
      })),
    };
  }

  async setWindow(auth: AuthContext, windowMinutes: number): Promise<{ windowMinutes: number }> {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    await this.ctx.db.transaction().execute(async (trx) => {
      const from = await getSetting(trx, 'emergency.windowMinutes');
      await setSetting(trx, 'emergency.windowMinutes', windowMinutes, auth.userId, this.now());
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'settings.emergency_window',
        objectType: 'setting',
        objectId: null,
        detail: { from, to: windowMinutes },
      });
    });
    return { windowMinutes };
  }

  /** Whether the record is confidential, and whether the caller may change that. */
  async confidential(auth: AuthContext, patientId: string) {
    this.staff(auth);
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.read',
      { action: 'patient.confidential_read' },
      (trx) => this.stateOf(trx, auth, patientId),
    );
  }

  /**
   * Marks or clears the confidential flag. Only a care-team member who may edit the record may do it: the
   * person restricting a record keeps access to it, and nobody inside an emergency window can lift the
   * restriction they broke through.
   */
  async setConfidential(auth: AuthContext, patientId: string, confidential: boolean) {
    this.staff(auth);
    const audit = { action: 'patient.confidential' as const, detail: { confidential } };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'patients.write', audit, async (trx) => {
      if (!(await onCareTeam(trx, patientId, auth.userId)))
        throw forbidden("Only a member of this patient's care team can change this.");
      if (confidential) {
        await repo.markConfidential(trx, patientId, auth.userId, this.now());
      } else {
        await repo.clearConfidential(trx, patientId);
      }
      return this.stateOf(trx, auth, patientId);
    });
  }

  private async stateOf(trx: Executor, auth: AuthContext, patientId: string) {
    const row = await repo.confidentialityOf(trx, patientId);
    return {
      confidential: Boolean(row),
      setAt: row?.set_at ?? null,
      setBy: row ? { id: row.id, name: row.name } : null,
      canChange: auth.permissions.has('patients.write') && (await onCareTeam(trx, patientId, auth.userId)),
    };
  }
}
