import type { z } from 'zod';
import type { portalVisit } from '../../../contracts/scheduling';
import { buildCalendar, cancellationWindow, formatLocal, type Modality, type VisitCategory } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { sha256 } from '../../platform/crypto';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { hitRateLimit } from '../../platform/throttle';
import { getPatient } from '../patients/repository';
import { BookingService } from './booking';
import { patientEvent, queueVisitMail } from './notify';
import { addressOf } from './present';
import * as repo from './repository';
import { clinicContact, getSchedulingSettings } from './settings';

/**
 * The patient's side: upcoming and past visits in the portal, cancelling within the clinic's notice period,
 * a calendar file per visit; and the emailed "confirm or cancel" link, which works without signing in
 * (its token, stored only as a hash, is the credential, valid until the visit ends).
 */
type PortalVisit = z.infer<typeof portalVisit>;
const EVER = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };
export const LINK_LIMIT_PER_HOUR = 60;

export function presentPortalVisit(a: repo.ListedAppointment, now: Date, noticeHours: number): PortalVisit {
  const window = cancellationWindow(a.starts_at, now, noticeHours);
  return {
    id: a.id,
    label: a.patient_label,
    category: a.type_category as VisitCategory,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    timezone: a.timezone,
    when: formatLocal(a.starts_at, a.timezone),
    modality: a.modality as Modality,
    locationName: a.location_name ?? null,
    address: a.modality === 'in_person' ? addressOf(a) : null,
    videoUrl: a.modality === 'video' ? a.video_url : null,
    status: a.status as PortalVisit['status'],
    instructions: a.instructions,
    confirmedAt: a.confirmed_at,
    canCancel: a.status === 'booked' && window.allowed,
    cancelDeadline: window.deadline,
  };
}

export class PortalService {
  private readonly booking: BookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = new BookingService(ctx);
  }

  private self(auth: AuthContext): string {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return auth.patientId;
  }

  private async mine(trx: Executor, patientId: string) {
    const p = await getPatient(trx, patientId);
    return repo.listAppointments(trx, { ...EVER, patientId, enquiryId: p?.enquiry_id ?? null, includeCancelled: true });
  }

  async list(auth: AuthContext) {
    const patientId = this.self(auth);
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'portal.self', { action: 'portal.appointments' }, async (trx) => {
      const now = this.ctx.clock.now();
      const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
      const rows = (await this.mine(trx, patientId)).map((a) => presentPortalVisit(a, now, patientCancelNoticeHours));
      const isUpcoming = (v: PortalVisit) => Date.parse(v.endsAt) > now.getTime() && v.status !== 'cancelled';
      return {
        upcoming: rows.filter(isUpcoming),
        past: rows.filter((v) => !isUpcoming(v)).reverse().slice(0, 50),
        cancelNoticeHours: patientCancelNoticeHours,
        clinicPhone: (await clinicContact(trx)).phone,
      };
    });
  }

  async cancel(auth: AuthContext, id: string, reason: string | null | undefined) {
    const patientId = this.self(auth);
    const out = await withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'portal.self', { action: 'portal.appointment_cancel', objectType: 'appointment', objectId: id }, async (trx) => {
      const row = (await this.mine(trx, patientId)).find((a) => a.id === id);
      if (!row) throw notFound('appointment');
      await this.cancelAsPatient(trx, row.id, reason ?? 'Cancelled by the patient in the portal', auth.userId);
      return presentPortalVisit((await this.mine(trx, patientId)).find((a) => a.id === id) as repo.ListedAppointment, this.ctx.clock.now(), (await getSchedulingSettings(trx)).patientCancelNoticeHours);
    });
    void this.ctx.mailer.flush();
    return out;
  }

  private async cancelAsPatient(trx: Executor, id: string, reason: string, by: string | null) {
    const a = (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
    const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
    const window = cancellationWindow(a.starts_at, this.ctx.clock.now(), patientCancelNoticeHours);
    if (a.status !== 'booked') throw conflict(`This visit is already ${a.status.replace('_', ' ')}.`);
    if (!window.allowed) {
      const { phone } = await clinicContact(trx);
      throw conflict(`Visits can be cancelled online until ${patientCancelNoticeHours} hours before they start. Please ${phone ? `call the clinic at ${phone}` : 'call the clinic'} to cancel.`, { cancelDeadline: window.deadline });
    }
    await this.booking.markCancelled(trx, a, { reason, by, kind: 'patient', late: false });
    await queueVisitMail(this.ctx, trx, id, 'cancellation');
  }

  async ics(auth: AuthContext, id: string): Promise<string> {
    const patientId = this.self(auth);
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'portal.self', { action: 'portal.appointment_ics', objectType: 'appointment', objectId: id }, async (trx) => {
      const row = (await this.mine(trx, patientId)).find((a) => a.id === id);
      if (!row) throw notFound('appointment');
      const { name } = await clinicContact(trx);
      return buildCalendar({ events: [patientEvent(row, name, this.ctx.config.publicUrl, this.ctx.clock.now().toISOString())] });
    });
  }

  // ── The emailed link (public) ──
  private async fromLink(meta: RequestMeta, token: string) {
    const limit = await hitRateLimit(this.ctx.db, this.ctx.clock, `visit-link:${meta.ip ?? 'unknown'}`, LINK_LIMIT_PER_HOUR, 3_600_000);
    if (!limit.allowed) throw new AppError('rate_limited', 'Too many attempts. Please try again later or call the clinic.', undefined, { retryAfterSec: limit.retryAfterSec });
    const now = this.ctx.clock.now().toISOString();
    const link = await this.ctx.db.selectFrom('appointment_links').select(['appointment_id', 'expires_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
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

  private async audited<T>(meta: RequestMeta, id: string, action: string, fn: (trx: Executor, patientId: string | null) => Promise<T>): Promise<T> {
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
      await this.ctx.db.transaction().execute((trx) => appendAudit(trx, this.ctx.clock, meta, { ...entry, outcome: 'failed', detail: { via: 'emailed_link', error: code } }));
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

  async respond(meta: RequestMeta, token: string, action: 'confirm' | 'cancel', reason: string | null | undefined) {
    const id = await this.fromLink(meta, token);
    const out = await this.audited(meta, id, `visit_link.${action}`, async (trx) => {
      const a = (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
      if (action === 'confirm') {
        if (a.status === 'cancelled') throw conflict('This visit was cancelled. Please call the clinic to book a new time.');
        if (!a.confirmed_at) await trx.updateTable('appointments').set({ confirmed_at: this.ctx.clock.now().toISOString() }).where('id', '=', id).execute();
      } else {
        await this.cancelAsPatient(trx, id, reason ?? 'Cancelled by the patient from the emailed link', null);
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
      return buildCalendar({ events: [patientEvent(row, name, this.ctx.config.publicUrl, this.ctx.clock.now().toISOString())] });
    });
  }
}

