import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { portalRebookBody, portalVisit } from '../../../contracts/scheduling';
import {
  addDays,
  buildCalendar,
  cancellationWindow,
  formatLocal,
  type Modality,
  toLocal,
  type VisitCategory,
} from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { sha256 } from '../../platform/crypto';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { hitRateLimit } from '../../platform/throttle';
import { getPatient } from '../patients';
import { BookingService } from './booking';
import { courseOrder } from './course-order';
import { findVisitLink } from './links-repository';
import { patientEvent, queueVisitMail } from './notify';
import { addressOf } from './present';
import * as ref from './reference-repository';
import * as repo from './repository';
import { SelfBookingService } from './self-booking';
import { clinicContact, getSchedulingSettings } from './settings';

/**
 * The patient's side: upcoming and past visits in the portal, cancelling within the clinic's notice period,
 * a calendar file per visit; and the emailed "confirm or cancel" link, which works without signing in
 * (its token, stored only as a hash, is the credential, valid until the visit ends).
 */
type PortalVisit = z.infer<typeof portalVisit>;
const EVER = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };
export const LINK_LIMIT_PER_HOUR = 60;

export function presentPortalVisit(
  a: repo.ListedAppointment,
  now: Date,
  noticeHours: number,
  rebookable = false,
): PortalVisit {
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
    canRebook: rebookable,
  };
}

/**
 * Whether the patient may choose a new time online: a one-clinician visit that needs no room or chair
 * (consultations, preparation, integration, follow-ups — dosing visits hold a chair and a nurse and are
 * arranged by the clinic), either still booked and within the cancellation notice, or cancelled by the
 * patient with no visit of that kind booked since.
 */
export function rebookable(
  a: repo.ListedAppointment,
  mine: repo.ListedAppointment[],
  types: ref.TypeDef[],
  now: Date,
  noticeHours: number,
): boolean {
  const type = types.find((t) => t.id === a.type_id);
  if (!type?.active || type.category === 'dosing' || type.roomRequired || type.staff.length !== 1)
    return false;
  if (a.modality !== 'in_person' && a.modality !== 'video') return false;
  if (!type.modalities.includes(a.modality)) return false;
  if (a.status === 'booked') return cancellationWindow(a.starts_at, now, noticeHours).allowed;
  if (a.status !== 'cancelled' || a.cancelled_by_kind !== 'patient') return false;
  if (Date.parse(a.starts_at) < now.getTime() - 30 * 86_400_000) return false;
  // Not if a visit of the same kind was booked since the cancellation (a move books the new visit in the
  // same step, at the same instant, so that counts too).
  const cancelledAt = a.status_changed_at ?? a.updated_at;
  return !mine.some(
    (b) =>
      b.id !== a.id &&
      b.type_id === a.type_id &&
      (b.status === 'booked' || b.status === 'checked_in') &&
      b.created_at >= cancelledAt,
  );
}

export class PortalService {
  private readonly booking: BookingService;
  private readonly selfBooking: SelfBookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = new BookingService(ctx);
    this.selfBooking = new SelfBookingService(ctx);
  }

  private self(auth: AuthContext): string {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return auth.patientId;
  }

  private async mine(trx: Executor, patientId: string) {
    const p = await getPatient(trx, patientId);
    return repo.listAppointments(trx, {
      ...EVER,
      patientId,
      enquiryId: p?.enquiry_id ?? null,
      includeCancelled: true,
    });
  }

  async list(auth: AuthContext) {
    const patientId = this.self(auth);
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.appointments' },
      async (trx) => {
        const now = this.ctx.clock.now();
        const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
        const mine = await this.mine(trx, patientId);
        const types = await ref.listTypes(trx, true);
        const rows = mine.map((a) =>
          presentPortalVisit(
            a,
            now,
            patientCancelNoticeHours,
            rebookable(a, mine, types, now, patientCancelNoticeHours),
          ),
        );
        const isUpcoming = (v: PortalVisit) =>
          Date.parse(v.endsAt) > now.getTime() && v.status !== 'cancelled';
        return {
          upcoming: rows.filter(isUpcoming),
          past: rows
            .filter((v) => !isUpcoming(v))
            .reverse()
            .slice(0, 50),
          cancelNoticeHours: patientCancelNoticeHours,
          clinicPhone: (await clinicContact(trx)).phone,
        };
      },
    );
  }

  async cancel(auth: AuthContext, id: string, reason: string | null | undefined) {
    const patientId = this.self(auth);
    const out = await withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.appointment_cancel', objectType: 'appointment', objectId: id },
      async (trx) => {
        const row = (await this.mine(trx, patientId)).find((a) => a.id === id);
        if (!row) throw notFound('appointment');
        await this.cancelAsPatient(
          trx,
          row.id,
          reason ?? 'Cancelled by the patient in the portal',
          auth.userId,
        );
        return presentPortalVisit(
          (await this.mine(trx, patientId)).find((a) => a.id === id) as repo.ListedAppointment,
          this.ctx.clock.now(),
          (await getSchedulingSettings(trx)).patientCancelNoticeHours,
        );
      },
    );
    void this.ctx.mailer.flush();
    return out;
  }

  /** Free times for a visit the patient may move or book again: same kind of visit, same clinician, same way of meeting. */
  async rebookSlots(auth: AuthContext, id: string, from: string | undefined) {
    const patientId = this.self(auth);
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.appointment_slots', objectType: 'appointment', objectId: id },
      async (trx) => {
        const { row, type, clinicianId, state, order } = await this.rebookTarget(trx, patientId, id);
        const tz = row.timezone;
        const tomorrow = addDays(toLocal(this.ctx.clock.now(), tz).date, 1);
        // Not before tomorrow, the day asked for, or (in a course) the day of the dosing visit it follows.
        const firstDay = order.window?.notBefore ? toLocal(order.window.notBefore, tz).date : tomorrow;
        const start = [tomorrow, from ?? tomorrow, firstDay].sort().at(-1) as string;
        const { selfBookingDays } = await getSchedulingSettings(trx);
        const slots = (
          await this.selfBooking.findSlots(
            {
              type,
              state,
              modality: row.modality as 'video',
              from: start,
              days: Math.max(selfBookingDays, 14),
              userId: clinicianId,
              locationId: row.location_id,
              patient: { patientId, enquiryId: null, excludeId: row.id },
              ...(order.window ? { order: order.window } : {}),
            },
            trx,
          )
        ).filter((s) => s.startsAt !== row.starts_at);
        return {
          label: type.patientLabel,
          durationMinutes: type.defaultMinutes,
          timezone: tz,
          slots,
          follows: order.follows,
        };
      },
    );
  }

  /**
   * Moves a visit to one of the offered times, or books again after the patient cancelled: in one
   * transaction the old visit is cancelled (if still booked, within the notice period) and the new one booked
   * through the same rules as staff bookings, so a clash or a taken slot refuses the whole step.
   */
  async rebook(auth: AuthContext, id: string, body: z.infer<typeof portalRebookBody>) {
    const patientId = this.self(auth);
    const newId = randomUUID();
    const out = await withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      {
        action: 'portal.appointment_rebook',
        objectType: 'appointment',
        objectId: newId,
        detail: { from: id },
      },
      async (trx) => {
        const { row, type, clinicianId, state, order } = await this.rebookTarget(trx, patientId, id);
        if (body.userId !== clinicianId)
          throw conflict('That time is no longer available. Please choose another.');
        const tz = row.timezone;
        const day = toLocal(body.startsAt, tz).date;
        const offered = await this.selfBooking.findSlots(
          {
            type,
            state,
            modality: row.modality as 'video',
            from: addDays(day, -1),
            days: 3,
            userId: clinicianId,
            locationId: row.location_id,
            patient: { patientId, enquiryId: null, excludeId: row.id },
            ...(order.window ? { order: order.window } : {}),
          },
          trx,
        );
        const chosen = offered.find((s) => s.startsAt === body.startsAt);
        if (!chosen) throw conflict('That time is no longer available. Please choose another.');
        if (row.status === 'booked')
          await this.cancelAsPatient(
            trx,
            row.id,
            'Moved to another time by the patient in the portal',
            auth.userId,
            false,
          );
        // The visit keeps its room when the room is free at the new time; otherwise the new visit has none and
        // the clinic's calendar shows it without one (a room is not required for visits patients may move).
        const roomId =
          row.modality === 'in_person' &&
          row.room_id &&
          !(await repo.roomBusy(trx, row.room_id, chosen.startsAt, chosen.endsAt, row.id)).length
            ? row.room_id
            : null;
        const staff = (await repo.staffOf(trx, [row.id]))
          .filter((s) => s.user_id === clinicianId)
          .map((s) => ({ userId: s.user_id, role: s.role as 'prescriber' }));
        try {
          await this.booking.insertBatch(
            trx,
            auth.userId,
            { patientId, enquiryId: null, patientEnquiryId: null },
            [
              {
                id: newId,
                typeId: type.id,
                startsAt: chosen.startsAt,
                endsAt: chosen.endsAt,
                modality: row.modality as 'video',
                locationId: row.location_id,
                roomId,
                staff,
                videoUrl: row.video_url,
                patientLocationState: row.patient_location_state as 'CA',
                courseId: row.course_id,
              },
            ],
            { source: 'portal', batch: false },
          );
        } catch (err) {
          // One plain answer for every clash: a patient is never shown whom else the clinician sees.
          if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation_failed'))
            throw conflict('That time is no longer available. Please choose another.');
          throw err;
        }
        await queueVisitMail(this.ctx, trx, newId, 'confirmation');
        const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
        return presentPortalVisit(
          (await this.mine(trx, patientId)).find((a) => a.id === newId) as repo.ListedAppointment,
          this.ctx.clock.now(),
          patientCancelNoticeHours,
        );
      },
    );
    void this.ctx.mailer.flush();
    return out;
  }

  private async rebookTarget(trx: Executor, patientId: string, id: string) {
    const mine = await this.mine(trx, patientId);
    const row = mine.find((a) => a.id === id);
    if (!row) throw notFound('appointment');
    const types = await ref.listTypes(trx, true);
    const now = this.ctx.clock.now();
    const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
    if (!rebookable(row, mine, types, now, patientCancelNoticeHours)) {
      const { phone } = await clinicContact(trx);
      throw conflict(
        `This visit cannot be moved online. Please ${phone ? `call the clinic at ${phone}` : 'call the clinic'}.`,
      );
    }
    const type = types.find((t) => t.id === row.type_id) as ref.TypeDef;
    const order = courseOrder(row, type, mine);
    const clinicianId = (await repo.staffOf(trx, [row.id])).find((s) => s.hold === 'exclusive')
      ?.user_id as string;
    const state =
      row.modality === 'in_person'
        ? (row.location_state ?? row.patient_location_state)
        : ((await getPatient(trx, patientId))?.state ?? row.patient_location_state);
    return { row, type, clinicianId, state, order };
  }

  private async cancelAsPatient(trx: Executor, id: string, reason: string, by: string | null, notify = true) {
    const a = (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
    const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
    const window = cancellationWindow(a.starts_at, this.ctx.clock.now(), patientCancelNoticeHours);
    if (a.status !== 'booked') throw conflict(`This visit is already ${a.status.replace('_', ' ')}.`);
    if (!window.allowed) {
      const { phone } = await clinicContact(trx);
      throw conflict(
        `Visits can be cancelled online until ${patientCancelNoticeHours} hours before they start. Please ${phone ? `call the clinic at ${phone}` : 'call the clinic'} to cancel.`,
        { cancelDeadline: window.deadline },
      );
    }
    await this.booking.markCancelled(trx, a, { reason, by, kind: 'patient', late: false });
    if (notify) await queueVisitMail(this.ctx, trx, id, 'cancellation');
  }

  async ics(auth: AuthContext, id: string): Promise<string> {
    const patientId = this.self(auth);
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.appointment_ics', objectType: 'appointment', objectId: id },
      async (trx) => {
        const row = (await this.mine(trx, patientId)).find((a) => a.id === id);
        if (!row) throw notFound('appointment');
        const { name } = await clinicContact(trx);
        return buildCalendar({
          events: [patientEvent(row, name, this.ctx.config.publicUrl, this.ctx.clock.now().toISOString())],
        });
      },
    );
  }

  // ── The emailed link (public) ──
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
      return buildCalendar({
        events: [patientEvent(row, name, this.ctx.config.publicUrl, this.ctx.clock.now().toISOString())],
      });
    });
  }
}
