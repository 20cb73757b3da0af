import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { selfBookBody, slot, slotsBody } from '../../../contracts/scheduling';
import {
  addDays,
  type FollowWindow,
  formatLocal,
  freeSlots,
  type Interval,
  keepsOrder,
  toLocal,
} from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { randomToken, sha256 } from '../../platform/crypto';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { hitRateLimit } from '../../platform/throttle';
import { type EnquiryRow, getEnquiry, markConsultationBooked } from '../enquiries';
import { BookingService } from './booking';
import { findBookingInvite, insertBookingInvite, spendBookingInvite } from './links-repository';
import { queueVisitMail } from './notify';
import * as ref from './reference-repository';
import * as repo from './repository';
import { clinicContact, clinicTimeZone, getSchedulingSettings } from './settings';

/**
 * Self-booking of a consultation by a prospective patient, where the clinic turns it on: after an enquiry,
 * the front desk sends a single-use link (7 days); the person picks a free slot with a prescriber licensed
 * where they are, and the visit is booked against the enquiry until a patient record exists.
 */
export const INVITE_DAYS = 7;
const LIMIT_PER_HOUR = 30;
type Slot = z.infer<typeof slot>;

/** Creates a booking link for an enquiry in the caller's transaction; returns the raw token (never stored). */
export async function createBookingInvite(
  trx: Executor,
  enquiryId: string,
  by: string | null,
  now: Date,
): Promise<string> {
  const token = randomToken(32);
  await insertBookingInvite(trx, {
    id: randomUUID(),
    enquiry_id: enquiryId,
    token_hash: sha256(token),
    expires_at: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(),
    used_at: null,
    appointment_id: null,
    created_by: by,
    created_at: now.toISOString(),
  });
  return token;
}

export class SelfBookingService {
  private readonly booking: BookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
  }

  async invite(auth: AuthContext, enquiryId: string) {
    if (auth.role === 'patient' || !auth.permissions.has('enquiries.manage')) throw forbidden();
    const { db, clock } = this.ctx;
    const link = await db.transaction().execute(async (trx) => {
      const e = await getEnquiry(trx, enquiryId);
      if (!e) throw notFound('enquiry');
      if (!(await getSchedulingSettings(trx)).selfBookingEnabled)
        throw conflict('Self-booking is turned off in the clinic’s scheduling settings.');
      if (e.status === 'converted' || e.status === 'declined')
        throw conflict(`This enquiry is ${e.status}: book the consultation from the patient record instead.`);
      const token = await createBookingInvite(trx, e.id, auth.userId, clock.now());
      const url = `${this.ctx.config.publicUrl}/book#token=${token}`;
      const clinic = await clinicContact(trx);
      await this.ctx.mailer.enqueue(trx, {
        to: e.email,
        subject: `${clinic.name}: choose a time for your consultation`,
        text: [
          `Hello ${e.first_name},`,
          '',
          `Thank you for contacting ${clinic.name}. You can choose a time for your consultation here (the link works for ${INVITE_DAYS} days):`,
          url,
          '',
          'If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) now, or call 911.',
        ].join('\n'),
        relatedType: 'enquiry',
        relatedId: e.id,
      });
      await appendAudit(trx, clock, auth, {
        action: 'enquiry.booking_invite',
        objectType: 'enquiry',
        objectId: e.id,
      });
      return url;
    });
    void this.ctx.mailer.flush();
    return { emailQueued: true, ...(this.ctx.mailer.configured ? {} : { bookingUrl: link }) };
  }

  private async fromToken(meta: RequestMeta, token: string) {
    const { db, clock } = this.ctx;
    const limit = await hitRateLimit(
      db,
      clock,
      `self-booking:${meta.ip ?? 'unknown'}`,
      LIMIT_PER_HOUR,
      3_600_000,
    );
    if (!limit.allowed)
      throw new AppError(
        'rate_limited',
        'Too many attempts. Please try again later or call the clinic.',
        undefined,
        { retryAfterSec: limit.retryAfterSec },
      );
    const invite = await findBookingInvite(db, sha256(token));
    if (!invite || invite.used_at || invite.expires_at <= clock.now().toISOString())
      throw notFound('booking link (it may have expired or been used)');
    if (!(await getSchedulingSettings(db)).selfBookingEnabled)
      throw notFound('booking link (it may have expired or been used)');
    const enquiry = (await getEnquiry(db, invite.enquiry_id)) as EnquiryRow;
    const type = (await ref.listTypes(db, true)).find(
      (t) => t.patientBookable && t.category === 'consultation',
    );
    if (!type) throw conflict('Online booking is not available right now. Please call the clinic.');
    return { invite, enquiry, type };
  }

  /**
   * Free slots for a one-clinician visit type with clinicians licensed where the person will be (also used
   * by the portal to choose a new time). `locationId` keeps in-person slots to one site.
   */
  async findSlots(
    opts: {
      type: ref.TypeDef;
      state: string;
      modality: 'in_person' | 'video';
      from: string;
      days: number;
      userId?: string;
      locationId?: string | null;
      /** The person booking: their own visits are busy too (`excludeId`: the visit being moved, which is given up). */
      patient?: { patientId: string | null; enquiryId: string | null; excludeId?: string | null };
      /** The course's order: a visit that follows a dosing visit is offered only between it and the next one. */
      order?: Pick<FollowWindow, 'notBefore' | 'notAfter'>;
    },
    db: Executor = this.ctx.db,
  ): Promise<Slot[]> {
    const { clock } = this.ctx;
    const settings = await getSchedulingSettings(db);
    const roles = new Set(opts.type.staff.filter((s) => s.hold === 'exclusive').flatMap((s) => s.roles));
    if (opts.type.staff.length !== 1 || !opts.type.modalities.includes(opts.modality)) return [];
    if (opts.modality === 'in_person' && opts.type.roomRequired) return [];
    const clinicians = (await ref.activeClinicians(db)).filter(
      (c) => roles.has(c.role) && (!opts.userId || c.id === opts.userId),
    );
    const locations = await ref.listLocations(db, true);
    const windows = await ref.windowsByUser(
      db,
      clinicians.map((c) => c.id),
    );
    const rangeStart = new Date(Date.parse(`${opts.from}T00:00:00Z`) - 86_400_000).toISOString();
    const rangeEnd = new Date(
      Date.parse(`${addDays(opts.from, opts.days)}T00:00:00Z`) + 86_400_000,
    ).toISOString();
    const own: Interval[] = opts.patient
      ? (await repo.patientBusy(db, opts.patient, rangeStart, rangeEnd, opts.patient.excludeId ?? null)).map(
          (b) => ({ start: b.starts_at, end: b.ends_at }),
        )
      : [];
    const out: Slot[] = [];
    for (const c of clinicians) {
      const busy: Interval[] = [
        ...own,
        ...(await repo.busyIntervalsOf(db, c.id, rangeStart, rangeEnd)),
        ...(await ref.timeOffOverlapping(db, [c.id], rangeStart, rangeEnd)).map((t) => ({
          start: t.starts_at,
          end: t.ends_at,
        })),
      ];
      const places =
        opts.modality === 'video'
          ? [null]
          : locations.map((l) => l.id).filter((id) => !opts.locationId || id === opts.locationId);
      for (const locationId of places) {
        const loc = locations.find((l) => l.id === locationId);
        const state = loc ? loc.state : opts.state;
        if (!(await ref.licencesOn(db, [c.id], addDays(opts.from, opts.days), state)).length) continue;
        const w = (windows.get(c.id) ?? []).filter((x) => (locationId ? x.locationId === locationId : true));
        for (const s of freeSlots({
          from: opts.from,
          days: opts.days,
          windows: w,
          busy,
          durationMin: opts.type.defaultMinutes,
          stepMin: settings.slotStepMinutes,
          notBefore: new Date(clock.now().getTime() + 12 * 3_600_000).toISOString(),
          locationId,
        })) {
          if (opts.order && !keepsOrder(s, opts.order)) continue;
          const tz = loc?.timezone ?? (await clinicTimeZone(db));
          out.push({
            startsAt: s.start,
            endsAt: s.end,
            when: formatLocal(s.start, tz),
            userId: c.id,
            clinicianName: c.name,
            modality: opts.modality,
            locationId: loc?.id ?? null,
            locationName: loc?.name ?? null,
          });
        }
      }
    }
    return out
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.clinicianName.localeCompare(b.clinicianName))
      .slice(0, 200);
  }

  async slots(meta: RequestMeta, body: z.infer<typeof slotsBody>) {
    const { enquiry, type } = await this.fromToken(meta, body.token);
    const settings = await getSchedulingSettings(this.ctx.db);
    const tz = await clinicTimeZone(this.ctx.db);
    const tomorrow = addDays(toLocal(this.ctx.clock.now(), tz).date, 1);
    const from = body.from && body.from > tomorrow ? body.from : tomorrow;
    const slots = await this.findSlots({
      type,
      state: enquiry.state,
      modality: body.modality,
      from,
      days: settings.selfBookingDays,
      patient: { patientId: null, enquiryId: enquiry.id },
    });
    return {
      firstName: enquiry.first_name,
      label: type.patientLabel,
      durationMinutes: type.defaultMinutes,
      timezone: tz,
      slots,
    };
  }

  async book(meta: RequestMeta, body: z.infer<typeof selfBookBody>) {
    const { invite, enquiry, type } = await this.fromToken(meta, body.token);
    const tz = await clinicTimeZone(this.ctx.db);
    const day = toLocal(body.startsAt, tz).date;
    const offered = await this.findSlots({
      type,
      state: enquiry.state,
      modality: body.modality,
      from: addDays(day, -1),
      days: 3,
      userId: body.userId,
      patient: { patientId: null, enquiryId: enquiry.id },
    });
    const chosen = offered.find(
      (s) =>
        s.startsAt === body.startsAt &&
        (body.modality === 'video' || s.locationId === (body.locationId ?? null)),
    );
    if (!chosen) throw conflict('That time is no longer available. Please choose another.');
    const id = randomUUID();
    const role = (await ref.staffUsers(this.ctx.db, [body.userId]))[0]?.role as 'prescriber';
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        if (!(await spendBookingInvite(trx, invite.id, id, this.ctx.clock.now().toISOString())))
          throw notFound('booking link (it may have expired or been used)');
        await this.booking.insertBatch(
          trx,
          null,
          { patientId: null, enquiryId: enquiry.id, patientEnquiryId: null },
          [
            {
              id,
              typeId: type.id,
              startsAt: chosen.startsAt,
              endsAt: chosen.endsAt,
              modality: body.modality,
              locationId: chosen.locationId,
              staff: [{ userId: body.userId, role }],
              ...(body.modality === 'video' ? { patientLocationState: enquiry.state as 'CA' } : {}),
            },
          ],
          { source: 'self_booking', batch: false },
        );
        await markConsultationBooked(trx, enquiry.id, this.ctx.clock.now().toISOString());
        await queueVisitMail(this.ctx, trx, id, 'confirmation');
        await appendAudit(trx, this.ctx.clock, meta, {
          action: 'appointment.self_book',
          objectType: 'appointment',
          objectId: id,
          detail: { enquiryId: enquiry.id },
        });
      });
    } catch (err) {
      // Never show a member of the public who else is booked: one plain answer for every clash.
      if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation_failed'))
        throw conflict('That time is no longer available. Please choose another.');
      throw err;
    }
    void this.ctx.mailer.flush();
    return {
      booked: true as const,
      when: chosen.when,
      startsAt: chosen.startsAt,
      endsAt: chosen.endsAt,
      timezone: tz,
      modality: body.modality,
      locationName: chosen.locationName,
    };
  }
}
