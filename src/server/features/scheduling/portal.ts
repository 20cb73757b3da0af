import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { portalRebookBody, portalVisit } from '../../../contracts/scheduling';
import { addDays, buildCalendar, cancellationWindow, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { getPatient } from '../patients';
import { BookingService } from './booking';
import { courseOrder } from './course-order';
import { patientEvent, queueVisitMail } from './notify';
import { cancelAsPatient, EVER, presentPortalVisit } from './patient-visits';
import * as ref from './reference-repository';
import * as repo from './repository';
import { SelfBookingService } from './self-booking';
import { clinicContact, getSchedulingSettings } from './settings';

/**
 * The patient's side in the signed-in portal: upcoming and past visits, cancelling within the clinic's notice
 * period, moving a visit or booking it again, a calendar file per visit. The emailed "confirm or cancel" link
 * is in visit-link.ts.
 */
type PortalVisit = z.infer<typeof portalVisit>;

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

const visitsOfPatient = async (trx: Executor, patientId: string) => {
  const p = await getPatient(trx, patientId);
  return repo.listAppointments(trx, {
    ...EVER,
    patientId,
    enquiryId: p?.enquiry_id ?? null,
    includeCancelled: true,
  });
};

/** A visit still to come (or under way), not cancelled. */
export const isUpcomingVisit = (v: PortalVisit, now: Date) =>
  Date.parse(v.endsAt) > now.getTime() && v.status !== 'cancelled';

/** The patient's visits as the portal shows them, oldest first (their visits card and their progress page). */
export async function portalVisitsOf(trx: Executor, patientId: string, now: Date): Promise<PortalVisit[]> {
  const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
  const mine = await visitsOfPatient(trx, patientId);
  const types = await ref.listTypes(trx, true);
  return mine.map((a) =>
    presentPortalVisit(
      a,
      now,
      patientCancelNoticeHours,
      rebookable(a, mine, types, now, patientCancelNoticeHours),
    ),
  );
}

export class PortalService {
  private readonly booking: BookingService;
  private readonly selfBooking: SelfBookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
    this.selfBooking = serviceOf(ctx, SelfBookingService);
  }

  private self(auth: AuthContext): string {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return auth.patientId;
  }

  private mine(trx: Executor, patientId: string) {
    return visitsOfPatient(trx, patientId);
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
        const rows = await portalVisitsOf(trx, patientId, now);
        const isUpcoming = (v: PortalVisit) => isUpcomingVisit(v, now);
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
        await cancelAsPatient(
          this.ctx,
          this.booking,
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
          await cancelAsPatient(
            this.ctx,
            this.booking,
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
}
