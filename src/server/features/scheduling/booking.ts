import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { bookingBody, cancelBody, moveBody, statusBody } from '../../../contracts/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { withPatient } from '../../platform/scope';
import { getPatient } from '../patients';
import {
  type AppointmentView,
  dedupeWarnings,
  loadViews,
  throwConflicts,
  throwProblems,
} from './booking-results';
import { bookingWarnings } from './booking-warnings';
import { queueVisitMail } from './notify';
import { planVisitReminders } from './reminders';
import * as reminderRows from './reminders-repository';
import * as repo from './repository';
import {
  allowedOverlaps,
  type BookingInput,
  type Candidate,
  type Conflict,
  findConflicts,
  lockKeys,
  resolveCandidate,
  type Warning,
  type Who,
} from './rules';
import { clinicTimeZone } from './settings';
import { cancelVisit, checkMove, moveVisit, setVisitStatus } from './visit-changes';

/**
 * Booking, moving, cancelling and status changes. Every write runs in one transaction that validates the
 * visit, takes the resource locks, checks for clashes and inserts; patient-scoped work goes through
 * `withPatient` (object-level access and exactly one audit entry). Moving, the clinic's cancelling and status
 * changes are written in visit-changes.ts.
 */
export class BookingService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /**
   * Books a batch of visits for one person inside the caller's transaction: all or none. Clashes with the
   * calendar and between the batch's own visits are all reported, each tagged with its item in a batch.
   */
  async insertBatch(
    trx: Executor,
    actorId: string | null,
    who: Who,
    inputs: (BookingInput & { id: string })[],
    opts: { source: string; batch: boolean },
  ): Promise<{ ids: string[]; warnings: Warning[] }> {
    const clinicTz = await clinicTimeZone(trx);
    const now = this.now();
    if (inputs.some((i) => Date.parse(i.startsAt) < Date.parse(now) - 86_400_000)) {
      throwProblems(
        inputs.flatMap((i, n) =>
          Date.parse(i.startsAt) < Date.parse(now) - 86_400_000
            ? [
                {
                  field: opts.batch ? `items.${n}.startsAt` : 'startsAt',
                  message: 'This is more than a day in the past',
                },
              ]
            : [],
        ),
      );
    }
    const resolved = [];
    const problems = [];
    for (const [n, input] of inputs.entries()) {
      const r = await resolveCandidate(trx, input.id, who, input, {
        clinicTz,
        prefix: opts.batch ? `items.${n}.` : '',
      });
      problems.push(...r.problems);
      if (r.candidate) resolved.push({ n, c: r.candidate, input });
    }
    if (problems.length) throwProblems(problems);

    await repo.lockResources(
      trx,
      resolved.flatMap((r) => lockKeys(r.c)),
    );
    const conflicts: Conflict[] = [];
    for (const { n, c, input } of [...resolved].sort(
      (a, b) => Date.parse(a.c.startsAt) - Date.parse(b.c.startsAt),
    )) {
      const found = await findConflicts(trx, c, null, opts.batch ? n : null);
      if (found.length) {
        conflicts.push(...found);
        continue;
      }
      await this.insertOne(trx, c, input, actorId, opts.source, now);
    }
    if (conflicts.length) throwConflicts(conflicts);
    const warnings: Warning[] = [];
    for (const { c } of resolved) warnings.push(...(await bookingWarnings(trx, c, this.ctx.clock.now())));
    return { ids: resolved.map((r) => r.c.id), warnings: dedupeWarnings(warnings) };
  }

  private async insertOne(
    trx: Executor,
    c: Candidate,
    input: BookingInput,
    actorId: string | null,
    source: string,
    now: string,
  ) {
    await repo.insertAppointment(trx, {
      id: c.id,
      patient_id: c.patientId,
      enquiry_id: c.enquiryId,
      type_id: c.type.id,
      course_id: input.courseId ?? null,
      starts_at: c.startsAt,
      ends_at: c.endsAt,
      timezone: c.timezone,
      location_id: c.locationId,
      room_id: c.roomId,
      modality: c.modality,
      video_url: input.videoUrl ?? null,
      patient_location_state: c.patientLocationState,
      status: 'booked',
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: now,
      escort_name: input.escortName ?? null,
      escort_phone: input.escortPhone ?? null,
      confirmed_at: null,
      source,
      booked_by: actorId,
      sequence: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceStaff(trx, c.id, c.staff);
    await planVisitReminders(trx, this.ctx.clock, c.id, c.startsAt);
  }

  async book(
    auth: AuthContext,
    body: z.infer<typeof bookingBody>,
  ): Promise<{ appointment: AppointmentView; warnings: Warning[] }> {
    if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
    const id = randomUUID();
    const { patientId, sendConfirmation, ...input } = body;
    const out = await withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'appointment.book', objectType: 'appointment', objectId: id },
      async (trx) => {
        const p = await getPatient(trx, patientId);
        const { warnings } = await this.insertBatch(
          trx,
          auth.userId,
          { patientId, enquiryId: null, patientEnquiryId: p?.enquiry_id ?? null },
          [{ ...input, id }],
          { source: 'staff', batch: false },
        );
        if (sendConfirmation) {
          const mail = await queueVisitMail(this.ctx, trx, id, 'confirmation');
          if (!mail.outboxId)
            warnings.push({
              code: 'no_confirmation_sent',
              message: `No confirmation was emailed: ${mail.reason?.toLowerCase() ?? 'no address'}. Reminders cannot be emailed either.`,
              fixPath: `/app/patients/${patientId}#demographics`,
            });
        }
        const [appointment] = await loadViews(trx, [id]);
        return { appointment: appointment as AppointmentView, warnings };
      },
    );
    void this.ctx.mailer.flush();
    return out;
  }

  /** A dry run for drag-and-drop and forms: would this booking go through, and what would it warn about? */
  async check(auth: AuthContext, body: z.infer<typeof bookingBody>, excludeId: string | null = null) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
    const { patientId, sendConfirmation: _s, ...input } = body;
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'appointment.check', objectType: 'appointment', objectId: excludeId },
      async (trx) => {
        const p = await getPatient(trx, patientId);
        const clinicTz = await clinicTimeZone(trx);
        const r = await resolveCandidate(
          trx,
          excludeId ?? randomUUID(),
          { patientId, enquiryId: null, patientEnquiryId: p?.enquiry_id ?? null },
          input,
          { clinicTz },
        );
        if (!r.candidate)
          return { ok: false, conflicts: [], problems: r.problems, warnings: [], allowedOverlaps: [] };
        const conflicts = await findConflicts(trx, r.candidate, excludeId);
        const warnings = await bookingWarnings(trx, r.candidate, this.ctx.clock.now());
        return {
          ok: conflicts.length === 0,
          conflicts,
          problems: [],
          warnings,
          allowedOverlaps: await allowedOverlaps(trx, r.candidate, excludeId),
        };
      },
    );
  }

  /**
   * Runs `fn` on one appointment with the right scope: a patient's visit through `withPatient`; a visit a
   * prospective patient booked before having a record, for staff holding the permission. Missing and
   * out-of-scope visits answer the same 404.
   */
  async withAppointment<T>(
    auth: AuthContext,
    id: string,
    perm: Permission,
    action: AuditAction,
    fn: (trx: Executor, a: repo.AppointmentRow) => Promise<T>,
  ): Promise<T> {
    const { db, clock } = this.ctx;
    const found = await repo.getAppointment(db, id);
    const patientId = found ? await repo.effectivePatientId(db, found) : null;
    const entry = { action, objectType: 'appointment', objectId: id };
    const load = async (trx: Executor) => (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
    if (found && patientId)
      return withPatient(db, clock, auth, patientId, perm, entry, async (trx) => fn(trx, await load(trx)));
    if (!found || auth.role === 'patient' || !auth.permissions.has(perm)) {
      await db.transaction().execute((trx) =>
        appendAudit(trx, clock, auth, {
          ...entry,
          outcome: found ? 'denied' : 'failed',
          detail: { error: 'not_found_or_forbidden' },
        }),
      );
      throw notFound('appointment');
    }
    return db.transaction().execute(async (trx) => {
      const value = await fn(trx, await load(trx));
      await appendAudit(trx, clock, auth, { ...entry, detail: { enquiryId: found.enquiry_id } });
      return value;
    });
  }

  /** A dry run of a move, for drag-and-drop previews: nothing is saved (visit-changes.ts). */
  checkMove(auth: AuthContext, id: string, body: z.infer<typeof moveBody>) {
    return checkMove(this.ctx, this, auth, id, body);
  }

  /** Moves a booked visit (visit-changes.ts). */
  move(auth: AuthContext, id: string, body: z.infer<typeof moveBody>) {
    return moveVisit(this.ctx, this, auth, id, body);
  }

  /** The clinic cancels a visit (visit-changes.ts). */
  cancel(auth: AuthContext, id: string, body: z.infer<typeof cancelBody>) {
    return cancelVisit(this.ctx, this, auth, id, body);
  }

  /** Shared by staff, portal and emailed-link cancellations. */
  async markCancelled(
    trx: Executor,
    a: repo.AppointmentRow,
    opts: { reason: string; by: string | null; kind: 'clinic' | 'patient'; late: boolean },
  ) {
    if (a.status !== 'booked' && a.status !== 'checked_in')
      throw conflict(`This visit is already ${a.status.replace('_', ' ')}.`);
    const now = this.now();
    const res = await repo.updateAppointment(trx, a.id, Number(a.version), {
      status: 'cancelled',
      cancel_reason: opts.reason,
      cancelled_by: opts.by,
      cancelled_by_kind: opts.kind,
      late_cancel: opts.late ? 1 : 0,
      status_changed_at: now,
      version: Number(a.version) + 1,
      sequence: Number(a.sequence) + 1,
      updated_at: now,
    });
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict('Someone else changed this visit at the same moment. Reload and try again.');
    await reminderRows.cancelPendingReminders(trx, a.id, 'The visit was cancelled', now);
  }

  /** Checks a patient in, marks a visit completed or a no-show, or puts it back (visit-changes.ts). */
  setStatus(auth: AuthContext, id: string, body: z.infer<typeof statusBody>) {
    return setVisitStatus(this.ctx, this, auth, id, body);
  }
}
