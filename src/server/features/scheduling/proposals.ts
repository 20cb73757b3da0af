import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { confirmBody, proposalItem, proposeBody } from '../../../contracts/scheduling';
import {
  clockChangeNotice,
  dosingTypeCode,
  formatLocal,
  type ProposedVisit,
  proposeSchedule,
  TYPE_CODES,
} from '../../../domain/scheduling';
import { buildCalendar } from '../../../domain/scheduling/ical';
import { type Executor, toBool } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, invalid } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { readinessForVisit } from '../courses';
import { getPatient } from '../patients';
import { BookingService } from './booking';
import { type AppointmentView, loadViews } from './booking-results';
import { bookingWarnings, readinessWarnings } from './booking-warnings';
import { insertVisitMail } from './links-repository';
import { patientEvent } from './notify';
import * as ref from './reference-repository';
import * as repo from './repository';
import { type BookingInput, findConflicts, resolveCandidate, type Warning } from './rules';
import { clinicContact, clinicTimeZone } from './settings';

/**
 * A course's schedule: the server proposes (nothing is booked), staff edit and confirm, and the confirmed
 * list is booked all-or-nothing in one transaction. Treatment courses arrive separately; the proposal
 * takes the route and template parameters directly and keeps an optional course id on each visit.
 */
type Item = z.infer<typeof proposalItem>;

export class ProposalService {
  private readonly booking: BookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
  }

  async propose(
    auth: AuthContext,
    patientId: string,
    body: z.infer<typeof proposeBody>,
  ): Promise<{ timezone: string; items: Item[] }> {
    if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'appointment.propose', detail: { route: body.route } },
      async (trx) => {
        const patient = await getPatient(trx, patientId);
        const location = await ref.getLocation(trx, body.locationId);
        if (!location || !toBool(location.active)) throw invalid('locationId', 'No such active site');
        const codes = {
          preparation: TYPE_CODES.preparation,
          dosing: dosingTypeCode(body.route),
          integration: TYPE_CODES.integration,
          follow_up: TYPE_CODES.follow_up,
        };
        const types = {} as Record<keyof typeof codes, ref.TypeDef>;
        for (const [kind, code] of Object.entries(codes) as [keyof typeof codes, string][]) {
          const t = await ref.getTypeByCode(trx, code);
          if (!t?.active)
            throw invalid(
              'route',
              `There is no active appointment type "${code}": an admin can restore it under scheduling settings`,
            );
          types[kind] = t;
        }
        let visits: ProposedVisit[];
        try {
          visits = proposeSchedule({
            route: body.route,
            start: body.start,
            time: body.time,
            tz: location.timezone,
            dosingCount: body.dosingCount,
            preparationCount: body.preparationCount,
            integrationWindow: body.integrationWindow,
            therapyTime: body.therapyTime,
            followUpMonths: body.followUpMonths,
            skipWeekends: body.skipWeekends,
            minutes: {
              preparation: types.preparation.defaultMinutes,
              dosing: types.dosing.defaultMinutes,
              integration: types.integration.defaultMinutes,
              follow_up: types.follow_up.defaultMinutes,
            },
          });
        } catch (err) {
          if (err instanceof RangeError)
            throw new AppError('validation_failed', err.message, [{ field: 'start', message: err.message }]);
          throw err;
        }
        const followUpId = body.followUpClinicianId ?? body.prescriberId;
        const followUpRole = (await ref.staffUsers(trx, [followUpId]))[0]?.role ?? 'prescriber';
        const remote = body.therapyModality !== 'in_person';
        const therapyPlace = {
          modality: body.therapyModality,
          locationId: remote ? null : body.locationId,
          ...(remote
            ? {
                patientLocationState: (body.patientLocationState ??
                  patient?.state) as BookingInput['patientLocationState'],
              }
            : {}),
        };
        const clinicTz = await clinicTimeZone(trx);
        const now = this.ctx.clock.now();
        const who = { patientId, enquiryId: null, patientEnquiryId: patient?.enquiry_id ?? null };
        const items: Item[] = [];
        let readinessShown = false;
        for (const v of visits) {
          const base = {
            typeId: types[v.kind].id,
            startsAt: v.startsAt,
            endsAt: v.endsAt,
            courseId: body.courseId ?? null,
          };
          const booking: BookingInput =
            v.kind === 'dosing'
              ? {
                  ...base,
                  modality: 'in_person',
                  locationId: body.locationId,
                  roomId: body.dosingRoomId ?? (await this.freeRoom(trx, body.locationId, types.dosing, v)),
                  staff: [
                    { userId: body.nurseId, role: 'nurse' },
                    { userId: body.prescriberId, role: 'prescriber' },
                  ],
                }
              : {
                  ...base,
                  ...therapyPlace,
                  staff: [
                    v.kind === 'follow_up'
                      ? { userId: followUpId, role: followUpRole as 'prescriber' }
                      : { userId: body.therapistId, role: 'therapist' },
                  ],
                };
          const r = await resolveCandidate(trx, randomUUID(), who, booking, { clinicTz });
          const warnings: Warning[] = [];
          if (remote && v.kind !== 'dosing' && !body.patientLocationState) {
            warnings.push({
              code: 'patient_location_assumed',
              message: `Assumed the patient will be in ${patient?.state} (their home state) for this ${body.therapyModality} visit: confirm where they will be.`,
              fixPath: null,
            });
          }
          if (r.candidate) {
            warnings.push(...(await bookingWarnings(trx, r.candidate, now, { readiness: false })));
            if (v.kind === 'dosing' && !readinessShown) {
              // Once, on the first dose: the gate as it stands (the same computation as Today and the console). The
              // preparation note cannot be signed before the preparation visits this schedule books.
              readinessShown = true;
              const gate = await readinessForVisit(trx, patientId, v.startsAt, now);
              const planned = visits.some((p) => p.kind === 'preparation');
              warnings.push(
                ...readinessWarnings(gate).filter((w) => !(planned && w.code === 'preparation_signed')),
              );
            }
          }
          items.push({
            kind: v.kind,
            label: v.label,
            sequence: v.sequence,
            afterDosing: v.afterDosing ?? null,
            earliest: v.earliest ?? null,
            latest: v.latest ?? null,
            localDate: v.date,
            localStart: v.time,
            shiftedFrom: v.shiftedFrom ?? null,
            timeNotice: v.shiftedFrom ? clockChangeNotice(v.date, v.shiftedFrom, v.time) : null,
            booking: { ...booking, roomId: booking.roomId ?? null },
            conflicts: r.candidate ? await findConflicts(trx, r.candidate, null) : [],
            problems: r.problems,
            warnings,
          });
        }
        return { timezone: location.timezone, items };
      },
    );
  }

  /** The first chair or room of the right kind at the site that is free for this visit (null: none free). */
  private async freeRoom(
    trx: Executor,
    locationId: string,
    type: ref.TypeDef,
    v: ProposedVisit,
  ): Promise<string | null> {
    const rooms = (await ref.listRooms(trx, true)).filter(
      (r) =>
        r.location_id === locationId && (!type.roomKinds.length || type.roomKinds.includes(r.kind as never)),
    );
    for (const room of rooms)
      if (!(await repo.roomBusy(trx, room.id, v.startsAt, v.endsAt, null)).length) return room.id;
    return rooms[0]?.id ?? null;
  }

  async confirm(
    auth: AuthContext,
    patientId: string,
    body: z.infer<typeof confirmBody>,
  ): Promise<{ appointments: AppointmentView[]; warnings: Warning[] }> {
    if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
    const inputs = body.items.map((i) => ({ ...i, id: randomUUID() }));
    const out = await withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'appointment.book_schedule', detail: { count: inputs.length } },
      async (trx) => {
        const p = await getPatient(trx, patientId);
        const { ids, warnings } = await this.booking.insertBatch(
          trx,
          auth.userId,
          { patientId, enquiryId: null, patientEnquiryId: p?.enquiry_id ?? null },
          inputs,
          { source: 'proposal', batch: true },
        );
        const appointments = (await loadViews(trx, ids)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
        if (body.sendConfirmation && p?.email)
          await this.scheduleMail(trx, p.email, p.preferred_name ?? p.first_name, ids);
        return { appointments, warnings };
      },
    );
    void this.ctx.mailer.flush();
    return out;
  }

  /** One email listing the whole schedule (not one per visit), with every visit in its calendar file. */
  private async scheduleMail(trx: Executor, to: string, firstName: string, ids: string[]) {
    const rows = (await repo.listAppointments(trx, { start: '', end: '', ids })).sort((a, b) =>
      a.starts_at.localeCompare(b.starts_at),
    );
    const clinic = await clinicContact(trx);
    const now = this.ctx.clock.now().toISOString();
    const text = [
      `Hello ${firstName},`,
      '',
      `Your visits at ${clinic.name} are booked:`,
      ...rows.map(
        (a) =>
          `- ${formatLocal(a.starts_at, a.timezone)}: ${a.patient_label}${a.location_name ? ` (${a.location_name})` : a.modality === 'video' ? ' (by video)' : ''}`,
      ),
      '',
      'Before each visit we will email you a reminder with how to prepare. You can see and manage your visits in the patient portal:',
      `${this.ctx.config.publicUrl}/portal`,
      '',
      'If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) now, or call 911.',
      '',
      clinic.name,
    ].join('\n');
    const outboxId = await this.ctx.mailer.enqueue(trx, {
      to,
      subject: `Your visits at ${clinic.name} are booked`,
      text,
      relatedType: 'appointment',
      relatedId: rows[0]?.id,
    });
    const ics = buildCalendar({
      events: rows.map((a) => patientEvent(a, clinic.name, this.ctx.config.publicUrl, now)),
    });
    await insertVisitMail(trx, {
      id: randomUUID(),
      appointment_id: rows[0]?.id as string,
      outbox_id: outboxId,
      kind: 'confirmation',
      filename: 'visits.ics',
      content_type: 'text/calendar; charset=utf-8',
      content: ics,
      created_at: now,
    });
  }
}
