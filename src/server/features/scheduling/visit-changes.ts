import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { cancelBody, moveBody, statusBody } from '../../../contracts/scheduling';
import {
  type AppointmentStatus,
  addMinutes,
  canTransition,
  minutesBetween,
} from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { proposeOnCompletion } from '../billing';
import { getPatient } from '../patients';
import { type AppointmentView, loadViews, throwConflicts, throwProblems } from './booking-results';
import { bookingWarnings } from './booking-warnings';
import { queueVisitMail } from './notify';
import { planVisitReminders } from './reminders';
import * as reminderRows from './reminders-repository';
import * as repo from './repository';
import { allowedOverlaps, type BookingInput, findConflicts, lockKeys, resolveCandidate } from './rules';
import { sessionUnderWayOf } from './session-visit';
import { clinicTimeZone } from './settings';

/**
 * Changes to a booked visit by the clinic: moving it (and its dry run), cancelling it, and status changes.
 * BookingService answers for these through the functions below; `visits` is that service (its scoped access
 * to one visit and the cancel shared with the patient's own).
 */
export interface VisitAccess {
  withAppointment<T>(
    auth: AuthContext,
    id: string,
    perm: Permission,
    action: AuditAction,
    fn: (trx: Executor, a: repo.AppointmentRow) => Promise<T>,
  ): Promise<T>;
  markCancelled(
    trx: Executor,
    a: repo.AppointmentRow,
    opts: { reason: string; by: string | null; kind: 'clinic' | 'patient'; late: boolean },
  ): Promise<void>;
}

/** The visit as it would be after a move (shared by the move and its dry run). */
async function moveCandidate(trx: Executor, a: repo.AppointmentRow, body: z.infer<typeof moveBody>) {
  if (a.status !== 'booked')
    throw conflict(`Only a booked visit can be moved; this one is ${a.status.replace('_', ' ')}.`);
  if (Number(a.version) !== body.version)
    throw conflict('Someone else changed this visit since you opened it. Reload to see the change.', {
      currentVersion: Number(a.version),
    });
  const staff = await repo.staffOf(trx, [a.id]);
  const locationId = body.locationId !== undefined ? body.locationId : a.location_id;
  const input: BookingInput = {
    typeId: a.type_id,
    startsAt: body.startsAt,
    endsAt: body.endsAt ?? addMinutes(body.startsAt, minutesBetween(a.starts_at, a.ends_at)),
    modality: body.modality ?? (a.modality as BookingInput['modality']),
    locationId,
    roomId: body.roomId !== undefined ? body.roomId : a.room_id,
    staff: body.staff ?? staff.map((s) => ({ userId: s.user_id, role: s.role as 'nurse' })),
    videoUrl: body.videoUrl !== undefined ? body.videoUrl : a.video_url,
    patientLocationState: (body.patientLocationState ??
      a.patient_location_state) as BookingInput['patientLocationState'],
  };
  const clinicTz = await clinicTimeZone(trx);
  const patientEnquiryId = a.patient_id ? ((await getPatient(trx, a.patient_id))?.enquiry_id ?? null) : null;
  const r = await resolveCandidate(
    trx,
    a.id,
    { patientId: a.patient_id, enquiryId: a.enquiry_id, patientEnquiryId },
    input,
    { clinicTz },
  );
  return { ...r, input, clinicTz };
}

/** A dry run of a move, for drag-and-drop previews: nothing is saved. */
export async function checkMove(
  ctx: AppContext,
  visits: VisitAccess,
  auth: AuthContext,
  id: string,
  body: z.infer<typeof moveBody>,
) {
  if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
  return visits.withAppointment(auth, id, 'patients.write', 'appointment.check_move', async (trx, a) => {
    const { candidate, problems } = await moveCandidate(trx, a, body);
    if (!candidate) return { ok: false, conflicts: [], problems, warnings: [], allowedOverlaps: [] };
    const conflicts = await findConflicts(trx, candidate, id);
    return {
      ok: conflicts.length === 0,
      conflicts,
      problems: [],
      warnings: await bookingWarnings(trx, candidate, ctx.clock.now()),
      allowedOverlaps: await allowedOverlaps(trx, candidate, id),
    };
  });
}

/**
 * Moves a booked visit: the same checks as a booking, under the same locks; the old reminders are cancelled
 * and new ones planned, and the patient is emailed when asked and something they see changed.
 */
export async function moveVisit(
  ctx: AppContext,
  visits: VisitAccess,
  auth: AuthContext,
  id: string,
  body: z.infer<typeof moveBody>,
) {
  if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
  const out = await visits.withAppointment(auth, id, 'patients.write', 'appointment.move', async (trx, a) => {
    const { candidate, problems, input } = await moveCandidate(trx, a, body);
    if (!candidate) throwProblems(problems);
    const c = candidate;
    await repo.lockResources(trx, lockKeys(c));
    const conflicts = await findConflicts(trx, c, id);
    if (conflicts.length) throwConflicts(conflicts);
    const now = ctx.clock.now().toISOString();
    const res = await repo.updateAppointment(trx, id, Number(a.version), {
      starts_at: c.startsAt,
      ends_at: c.endsAt,
      timezone: c.timezone,
      location_id: c.locationId,
      room_id: c.roomId,
      modality: c.modality,
      video_url: input.videoUrl ?? null,
      patient_location_state: c.patientLocationState,
      version: Number(a.version) + 1,
      sequence: Number(a.sequence) + 1,
      updated_at: now,
    });
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict('Someone else changed this visit since you opened it. Reload to see the change.');
    await repo.replaceStaff(trx, id, c.staff);
    await reminderRows.cancelPendingReminders(trx, id, 'The visit was moved', now);
    await planVisitReminders(trx, ctx.clock, id, c.startsAt);
    const changed =
      c.startsAt !== a.starts_at ||
      c.locationId !== a.location_id ||
      c.modality !== a.modality ||
      (input.videoUrl ?? null) !== a.video_url;
    if (body.notifyPatient && changed) await queueVisitMail(ctx, trx, id, 'change');
    const [appointment] = await loadViews(trx, [id]);
    return {
      appointment: appointment as AppointmentView,
      warnings: await bookingWarnings(trx, c, ctx.clock.now()),
    };
  });
  void ctx.mailer.flush();
  return out;
}

/** The clinic cancels a visit, emailing the patient when asked. */
export async function cancelVisit(
  ctx: AppContext,
  visits: VisitAccess,
  auth: AuthContext,
  id: string,
  body: z.infer<typeof cancelBody>,
) {
  if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
  const out = await visits.withAppointment(
    auth,
    id,
    'patients.write',
    'appointment.cancel',
    async (trx, a) => {
      await visits.markCancelled(trx, a, {
        reason: body.reason,
        by: auth.userId,
        kind: 'clinic',
        late: false,
      });
      if (body.notifyPatient) await queueVisitMail(ctx, trx, id, 'cancellation');
      return (await loadViews(trx, [id]))[0] as AppointmentView;
    },
  );
  void ctx.mailer.flush();
  return out;
}

/** A status change allowed from the visit's current status; a visit put back must still fit the calendar. */
export async function setVisitStatus(
  ctx: AppContext,
  visits: VisitAccess,
  auth: AuthContext,
  id: string,
  body: z.infer<typeof statusBody>,
) {
  if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
  return visits.withAppointment(auth, id, 'patients.write', `appointment.${body.status}`, async (trx, a) => {
    const from = a.status as AppointmentStatus;
    if (!canTransition(from, body.status))
      throw conflict(
        `A visit that is ${from.replace('_', ' ')} cannot be marked ${body.status.replace('_', ' ')}.`,
      );
    if (body.version !== undefined && body.version !== Number(a.version))
      throw conflict('Someone else changed this visit since you opened it. Reload to see the change.', {
        currentVersion: Number(a.version),
      });
    const now = ctx.clock.now().toISOString();
    if (
      from === 'checked_in' &&
      body.status === 'booked' &&
      a.patient_id &&
      (await sessionUnderWayOf(trx, a.patient_id, a))
    ) {
      // The visit follows its session: while the patient is being dosed or monitored it stays checked in.
      throw conflict(
        'The patient’s dosing session has started: the visit stays checked in until they are discharged.',
      );
    }
    if (from === 'no_show' && body.status === 'booked') await recheck(trx, a);
    const res = await repo.updateAppointment(trx, id, Number(a.version), {
      status: body.status,
      status_changed_at: now,
      version: Number(a.version) + 1,
      updated_at: now,
    });
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict('Someone else changed this visit at the same moment. Reload and try again.');
    if (body.status === 'completed' || body.status === 'no_show')
      await reminderRows.cancelPendingReminders(
        trx,
        id,
        `The visit was marked ${body.status.replace('_', ' ')}`,
        now,
      );
    if (from === 'no_show' && body.status === 'booked')
      await planVisitReminders(trx, ctx.clock, id, a.starts_at);
    // Billing (issue #22): a completed visit gets its charge lines proposed, for review.
    if (body.status === 'completed') await proposeOnCompletion(trx, ctx.clock, auth, id);
    return (await loadViews(trx, [id]))[0] as AppointmentView;
  });
}

/** A visit put back on the calendar must still fit: its time may have been given to someone else. */
async function recheck(trx: Executor, a: repo.AppointmentRow) {
  const staff = await repo.staffOf(trx, [a.id]);
  const clinicTz = await clinicTimeZone(trx);
  const input: BookingInput = {
    typeId: a.type_id,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    modality: a.modality as 'in_person',
    locationId: a.location_id,
    roomId: a.room_id,
    staff: staff.map((s) => ({ userId: s.user_id, role: s.role as 'nurse' })),
    patientLocationState: a.patient_location_state as BookingInput['patientLocationState'],
  };
  const r = await resolveCandidate(
    trx,
    a.id,
    { patientId: a.patient_id, enquiryId: a.enquiry_id, patientEnquiryId: null },
    input,
    { clinicTz },
  );
  if (!r.candidate) throwProblems(r.problems);
  await repo.lockResources(trx, lockKeys(r.candidate));
  const conflicts = (await findConflicts(trx, r.candidate, a.id)).filter(
    (c) => c.resource !== 'working_hours',
  );
  if (conflicts.length) throwConflicts(conflicts);
}
