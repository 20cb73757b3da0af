import type { AuditAction } from '../../../contracts/audit-actions';
import { buildCalendar } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { sha256 } from '../../platform/crypto';
import { AppError, conflict, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { hitRateLimit } from '../../platform/throttle';
import { BookingService } from './booking';
import { findVisitLink } from './links-repository';
import { patientEvent } from './notify';
import { cancelAsPatient, EVER, presentPortalVisit } from './patient-visits';
import * as repo from './repository';
import { clinicContact, getSchedulingSettings } from './settings';

/**
 * The emailed "confirm or cancel" link: it works without signing in (its token, stored only as a hash, is the
 * credential, valid until the visit ends). Every use is audited as the visit's, marked as through the link.
 */
export const LINK_LIMIT_PER_HOUR = 60;

export class VisitLinkService {
  private readonly booking: BookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
  }

  private async fromLink(meta: RequestMeta, token: string) {
    const limit = await hitRateLimit(
      this.ctx.db,
      this.ctx.clock,
      `visit-link:${meta.ip ?? 'unknown'}`,
      LINK_LIMIT_PER_HOUR,
      3_600_000,
    );
    if (!limit.allowed)
      throw new AppError(
        'rate_limited',
        'Too many attempts. Please try again later or call the clinic.',
        undefined,
        { retryAfterSec: limit.retryAfterSec },
      );
    const now = this.ctx.clock.now().toISOString();
    const link = await findVisitLink(this.ctx.db, sha256(token));
    if (!link || link.expires_at <= now) throw notFound('visit (the link may have expired)');
    return link.appointment_id;
  }

  private async publicView(trx: Executor, id: string) {
    const [a] = await repo.listAppointments(trx, { ...EVER, ids: [id], includeCancelled: true });
    const row = a as repo.ListedAppointment;
    const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
    const clinic = await clinicContact(trx);
    const { id: _id, ...visit } = presentPortalVisit(row, this.ctx.clock.now(), patientCancelNoticeHours);
    return { ...visit, clinicName: clinic.name, clinicPhone: clinic.phone, row };
  }

  private async audited<T>(
    meta: RequestMeta,
    id: string,
    action: AuditAction,
    fn: (trx: Executor, patientId: string | null) => Promise<T>,
  ): Promise<T> {
    const a = (await repo.getAppointment(this.ctx.db, id)) as repo.AppointmentRow;
    const patientId = await repo.effectivePatientId(this.ctx.db, a);
    const entry = { action, patientId, objectType: 'appointment', objectId: id };
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const value = await fn(trx, patientId);
        await appendAudit(trx, this.ctx.clock, meta, { ...entry, detail: { via: 'emailed_link' } });
        return value;
      });
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      await this.ctx.db.transaction().execute((trx) =>
        appendAudit(trx, this.ctx.clock, meta, {
          ...entry,
          outcome: 'failed',
          detail: { via: 'emailed_link', error: code },
        }),
      );
      throw err;
    }
  }

  async inspect(meta: RequestMeta, token: string) {
    const id = await this.fromLink(meta, token);
    return this.audited(meta, id, 'visit_link.read', async (trx) => {
      const { row: _row, ...view } = await this.publicView(trx, id);
      return view;
    });
  }

  async respond(
    meta: RequestMeta,
    token: string,
    action: 'confirm' | 'cancel',
    reason: string | null | undefined,
  ) {
    const id = await this.fromLink(meta, token);
    const out = await this.audited(meta, id, `visit_link.${action}`, async (trx) => {
      const a = (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
      if (action === 'confirm') {
        if (a.status === 'cancelled')
          throw conflict('This visit was cancelled. Please call the clinic to book a new time.');
        if (!a.confirmed_at) await repo.markConfirmed(trx, id, this.ctx.clock.now().toISOString());
      } else {
        await cancelAsPatient(
          this.ctx,
          this.booking,
          trx,
          id,
          reason ?? 'Cancelled by the patient from the emailed link',
          null,
        );
      }
      const { row: _row, ...view } = await this.publicView(trx, id);
      return view;
    });
    void this.ctx.mailer.flush();
    return out;
  }

  async linkIcs(meta: RequestMeta, token: string): Promise<string> {
    const id = await this.fromLink(meta, token);
    return this.audited(meta, id, 'visit_link.ics', async (trx) => {
      const { row } = await this.publicView(trx, id);
      const { name } = await clinicContact(trx);
      return buildCalendar({
        events: [patientEvent(row, name, this.ctx.config.publicUrl, this.ctx.clock.now().toISOString())],
      });
    });
  }
}
