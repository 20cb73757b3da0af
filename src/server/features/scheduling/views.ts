import type { z } from 'zod';
import type { calendarQuery, todayQuery } from '../../../contracts/scheduling';
import { addDays, localDayBounds, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { hiddenPatients, mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { forbidden, invalid } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { readinessForVisit } from '../courses';
import { getPatient } from '../patients';
import { BookingService } from './booking';
import { loadViews } from './booking-results';
import {
  maskAppointment,
  personName,
  presentAppointment,
  presentLocation,
  presentReminder,
  presentTimeOff,
  presentType,
  visitPatientId,
} from './present';
import * as ref from './reference-repository';
import * as reminderRows from './reminders-repository';
import * as repo from './repository';
import { sessionsForCalendar } from './sessions-repository';
import { clinicTimeZone, getSchedulingSettings } from './settings';

/**
 * What staff screens read: the pickers' reference data, day/week calendars by site, room or clinician, the
 * Today board, a patient's visits with their reminders, and undeliverable reminders. Each read of patient
 * data leaves one audit entry.
 */
const EVER = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };

export class ViewService {
  private readonly booking: BookingService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
  }

  private staffOnly(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.read')) throw forbidden();
  }

  /**
   * Confidential records in the calendars (platform/confidential.ts): a visit of a record the user may not open
   * keeps its block, masked; its undeliverable reminders are left out (following them up needs the chart).
   */
  private async hiddenOf(
    trx: Executor,
    auth: AuthContext,
    rows: repo.ListedAppointment[],
  ): Promise<Set<string>> {
    return hiddenPatients(trx, auth, this.ctx.clock.now().toISOString(), rows.map(visitPatientId));
  }

  private problems(trx: Executor, auth: AuthContext) {
    const now = this.ctx.clock.now().toISOString();
    return reminderRows.reminderProblems(trx, now, (column) => mayOpenSql(auth, now, column));
  }

  async resources(auth: AuthContext) {
    this.staffOnly(auth);
    const { db, clock } = this.ctx;
    const timezone = await clinicTimeZone(db);
    const rooms = await ref.listRooms(db, true);
    const clinicians = await ref.activeClinicians(db);
    const licences = await ref.licencesOn(
      db,
      clinicians.map((c) => c.id),
      toLocal(clock.now(), timezone).date,
    );
    return {
      timezone,
      locations: (await ref.listLocations(db, true)).map((l) => presentLocation(l, rooms)),
      types: (await ref.listTypes(db, true)).map(presentType),
      clinicians: clinicians.map((c) => ({
        ...c,
        licensedStates: [...new Set(licences.filter((l) => l.user_id === c.id).map((l) => l.state))].sort(),
      })),
      settings: await getSchedulingSettings(db),
    };
  }

  async calendar(auth: AuthContext, q: z.infer<typeof calendarQuery>) {
    this.staffOnly(auth);
    const { db, clock } = this.ctx;
    let tz = await clinicTimeZone(db);
    let locationId = q.locationId;
    if (q.roomId) {
      const room = await ref.getRoom(db, q.roomId);
      if (!room) throw invalid('roomId', 'No such room');
      locationId ??= room.location_id;
    }
    if (locationId) {
      const l = await ref.getLocation(db, locationId);
      if (!l) throw invalid('locationId', 'No such site');
      tz = l.timezone;
    }
    const to = addDays(q.from, q.days - 1);
    const bounds = { start: localDayBounds(q.from, tz).start, end: localDayBounds(to, tz).end };
    return db.transaction().execute(async (trx) => {
      // A site's calendar also shows the clinic's video and phone visits (they have no site).
      const rows = await repo.listAppointments(trx, {
        ...bounds,
        locationId: q.locationId,
        withRemote: true,
        roomId: q.roomId,
        userId: q.userId,
        includeCancelled: q.includeCancelled === 'true',
      });
      const staff = await repo.staffOf(
        trx,
        rows.map((r) => r.id),
      );
      const off = q.userId
        ? await ref.timeOffOverlapping(trx, [q.userId], bounds.start, bounds.end)
        : await ref.allTimeOffOverlapping(trx, bounds.start, bounds.end);
      const hidden = await this.hiddenOf(trx, auth, rows);
      const appointments = rows.map((r) => {
        const view = presentAppointment(r, staff);
        return hidden.has(visitPatientId(r) ?? '') ? maskAppointment(view) : view;
      });
      await appendAudit(trx, clock, auth, {
        action: 'appointment.calendar',
        objectType: 'appointment',
        detail: {
          from: q.from,
          days: q.days,
          results: rows.length,
          masked: appointments.filter((a) => a.masked).length,
        },
      });
      return { timezone: tz, from: q.from, to, appointments, timeOff: off.map(presentTimeOff) };
    });
  }

  async today(auth: AuthContext, q: z.infer<typeof todayQuery>) {
    this.staffOnly(auth);
    const { db, clock } = this.ctx;
    let tz = await clinicTimeZone(db);
    if (q.locationId) {
      const l = await ref.getLocation(db, q.locationId);
      if (!l) throw invalid('locationId', 'No such site');
      tz = l.timezone;
    }
    const date = q.date ?? toLocal(clock.now(), tz).date;
    const bounds = localDayBounds(date, tz);
    return db.transaction().execute(async (trx) => {
      const rows = await repo.listAppointments(trx, {
        ...bounds,
        locationId: q.locationId,
        includeCancelled: true,
      });
      const staff = await repo.staffOf(
        trx,
        rows.map((r) => r.id),
      );
      const reminders = await reminderRows.remindersOf(
        trx,
        rows.map((r) => r.id),
      );
      // Dosing visits link to the console: the patient's session started that day, or one still open.
      const dosingPatients = [
        ...new Set(
          rows.filter((r) => r.type_category === 'dosing' && r.patient_id).map((r) => r.patient_id as string),
        ),
      ];
      const sessions = await sessionsForCalendar(trx, dosingPatients, bounds.start, bounds.end);
      const hidden = await this.hiddenOf(trx, auth, rows);
      const appointments = [];
      for (const r of rows) {
        if (hidden.has(visitPatientId(r) ?? '')) {
          // Busy, nothing more: no readiness (it reads the chart), reminder problems or session link.
          appointments.push({
            ...maskAppointment(presentAppointment(r, staff)),
            readiness: null,
            reminderProblems: [],
            sessionId: null,
          });
          continue;
        }
        const sessionId =
          r.type_category === 'dosing'
            ? (sessions.find((s) => s.patient_id === r.patient_id)?.id ?? null)
            : null;
        // Until its session starts, a dosing visit shows the readiness gate; after, the console shows the one it started with.
        const readiness =
          r.type_category === 'dosing' &&
          r.patient_id &&
          !sessionId &&
          (r.status === 'booked' || r.status === 'checked_in')
            ? await readinessForVisit(trx, r.patient_id, r.starts_at, clock.now())
            : null;
        appointments.push({
          ...presentAppointment(r, staff),
          readiness,
          reminderProblems: reminders
            .filter((m) => m.appointment_id === r.id && m.status === 'failed')
            .map(presentReminder),
          sessionId,
        });
      }
      const problems = (await this.problems(trx, auth)).map((m) => ({
        ...presentReminder(m),
        patientName: personName(m),
        startsAt: m.starts_at,
      }));
      await appendAudit(trx, clock, auth, {
        action: 'appointment.today',
        objectType: 'appointment',
        detail: { date, results: rows.length },
      });
      return { date, timezone: tz, appointments, reminderProblems: problems };
    });
  }

  async forPatient(auth: AuthContext, patientId: string) {
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.read',
      { action: 'appointment.list' },
      async (trx) => {
        if (auth.role === 'patient') throw forbidden();
        const p = await getPatient(trx, patientId);
        const rows = await repo.listAppointments(trx, {
          ...EVER,
          patientId,
          enquiryId: p?.enquiry_id ?? null,
          includeCancelled: true,
        });
        const staff = await repo.staffOf(
          trx,
          rows.map((r) => r.id),
        );
        const reminders = await reminderRows.remindersOf(
          trx,
          rows.map((r) => r.id),
        );
        return {
          appointments: rows.map((r) => ({
            ...presentAppointment(r, staff),
            reminders: reminders.filter((m) => m.appointment_id === r.id).map(presentReminder),
          })),
        };
      },
    );
  }

  async get(auth: AuthContext, id: string) {
    this.staffOnly(auth);
    return this.booking.withAppointment(auth, id, 'patients.read', 'appointment.read', async (trx) => {
      const [view] = await loadViews(trx, [id]);
      const reminders = await reminderRows.remindersOf(trx, [id]);
      return { ...(view as NonNullable<typeof view>), reminders: reminders.map(presentReminder) };
    });
  }

  async reminderProblems(auth: AuthContext) {
    this.staffOnly(auth);
    const { db, clock } = this.ctx;
    return db.transaction().execute(async (trx) => {
      const rows = await this.problems(trx, auth);
      await appendAudit(trx, clock, auth, {
        action: 'appointment.reminder_problems',
        objectType: 'appointment',
        detail: { results: rows.length },
      });
      return {
        reminders: rows.map((m) => ({
          ...presentReminder(m),
          patientName: personName(m),
          startsAt: m.starts_at,
        })),
      };
    });
  }
}
