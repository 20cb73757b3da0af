import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type {
  hoursBody,
  locationBody,
  roomBody,
  schedulingSettings,
  timeOffBody,
  typeBody,
} from '../../../contracts/scheduling';
import { type Executor, fromBool, isUniqueViolation } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { presentLocation, presentRoom, presentTimeOff, presentType } from './present';
import * as ref from './reference-repository';
import { clinicTimeZone, getSchedulingSettings, setSchedulingSettings } from './settings';

/** The admin's side of scheduling: sites, rooms and chairs, appointment types, policy, staff hours and time off. */
export class SchedulingAdminService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** Runs a settings change with its audit entry in one transaction; unique clashes become 409s. */
  private async write<T>(
    auth: AuthContext,
    action: AuditAction,
    objectType: string,
    objectId: string | null,
    fn: (trx: Executor) => Promise<T>,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const value = await fn(trx);
        await appendAudit(trx, this.ctx.clock, auth, { action, objectType, objectId, detail });
        return value;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('That name or code is already in use.');
      throw err;
    }
  }

  async locations(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const rooms = await ref.listRooms(this.ctx.db);
    return { locations: (await ref.listLocations(this.ctx.db)).map((l) => presentLocation(l, rooms)) };
  }

  private locationRow(b: z.infer<typeof locationBody>) {
    return {
      name: b.name,
      address_line1: b.addressLine1,
      address_line2: b.addressLine2 ?? null,
      city: b.city,
      state: b.state,
      postal_code: b.postalCode,
      phone: b.phone ?? null,
      timezone: b.timezone,
      esketamine_certified: fromBool(b.esketamineCertified),
      active: fromBool(b.active),
    };
  }

  async createLocation(auth: AuthContext, body: z.infer<typeof locationBody>) {
    const id = randomUUID();
    return this.write(auth, 'scheduling.location_create', 'location', id, async (trx) => {
      const row = { id, ...this.locationRow(body), created_at: this.now(), updated_at: this.now() };
      await ref.insertLocation(trx, row);
      return presentLocation(row, []);
    });
  }

  async updateLocation(auth: AuthContext, id: string, body: z.infer<typeof locationBody>) {
    return this.write(auth, 'scheduling.location_update', 'location', id, async (trx) => {
      const res = await ref.updateLocation(trx, id, { ...this.locationRow(body), updated_at: this.now() });
      if (Number(res.numUpdatedRows) !== 1) throw notFound('site');
      const row = (await ref.getLocation(trx, id)) as ref.LocationRow;
      return presentLocation(row, await ref.listRooms(trx));
    });
  }

  async addRoom(auth: AuthContext, locationId: string, body: z.infer<typeof roomBody>) {
    const id = randomUUID();
    return this.write(auth, 'scheduling.room_create', 'room', id, async (trx) => {
      if (!(await ref.getLocation(trx, locationId))) throw notFound('site');
      const row = {
        id,
        location_id: locationId,
        name: body.name,
        kind: body.kind,
        active: fromBool(body.active),
        created_at: this.now(),
        updated_at: this.now(),
      };
      await ref.insertRoom(trx, row);
      return presentRoom(row);
    });
  }

  async updateRoom(auth: AuthContext, id: string, body: z.infer<typeof roomBody>) {
    return this.write(auth, 'scheduling.room_update', 'room', id, async (trx) => {
      const res = await ref.updateRoom(trx, id, {
        name: body.name,
        kind: body.kind,
        active: fromBool(body.active),
        updated_at: this.now(),
      });
      if (Number(res.numUpdatedRows) !== 1) throw notFound('room');
      return presentRoom((await ref.getRoom(trx, id)) as ref.RoomRow);
    });
  }

  async types(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return { types: (await ref.listTypes(this.ctx.db)).map(presentType) };
  }

  private typeRow(b: z.infer<typeof typeBody>) {
    return {
      name: b.name,
      patient_label: b.patientLabel,
      category: b.category,
      route: b.category === 'dosing' ? b.route : null,
      default_minutes: b.defaultMinutes,
      min_minutes: b.minMinutes,
      max_minutes: b.maxMinutes,
      modalities: JSON.stringify([...new Set(b.modalities)]),
      room_kinds: JSON.stringify([...new Set(b.roomKinds)]),
      room_required: fromBool(b.roomRequired),
      staff: JSON.stringify(b.staff),
      certified_site_required: fromBool(b.certifiedSiteRequired),
      patient_bookable: fromBool(b.patientBookable),
      after_dosing: fromBool(b.afterDosing ?? b.category === 'integration'),
      instructions: b.instructions,
      active: fromBool(b.active),
    };
  }

  async createType(auth: AuthContext, body: z.infer<typeof typeBody>) {
    const id = randomUUID();
    return this.write(auth, 'scheduling.type_create', 'appointment_type', id, async (trx) => {
      await ref.insertType(trx, {
        id,
        code: body.code,
        ...this.typeRow(body),
        version: 1,
        created_at: this.now(),
        updated_at: this.now(),
      });
      return presentType((await ref.getType(trx, id)) as ref.TypeDef);
    });
  }

  async updateType(auth: AuthContext, id: string, body: z.infer<typeof typeBody>) {
    return this.write(auth, 'scheduling.type_update', 'appointment_type', id, async (trx) => {
      const current = await ref.getType(trx, id);
      if (!current) throw notFound('appointment type');
      // Course proposals find types by code, so a code never changes; booked visits keep their type.
      if (body.code !== current.code) throw invalid('code', 'The code of an existing type cannot change');
      if (body.version !== undefined && body.version !== current.version)
        throw conflict('Someone else changed this type since you opened it. Reload to see the change.', {
          currentVersion: current.version,
        });
      const res = await ref.updateType(trx, id, current.version, {
        ...this.typeRow(body),
        version: current.version + 1,
        updated_at: this.now(),
      });
      if (Number(res.numUpdatedRows) !== 1)
        throw conflict('Someone else changed this type at the same moment. Reload and try again.');
      return presentType((await ref.getType(trx, id)) as ref.TypeDef);
    });
  }

  async settings(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return getSchedulingSettings(this.ctx.db);
  }

  async updateSettings(auth: AuthContext, body: z.infer<typeof schedulingSettings>) {
    const value = {
      ...body,
      reminderOffsetsMinutes: [...new Set(body.reminderOffsetsMinutes)].sort((a, b) => b - a),
    };
    return this.write(
      auth,
      'scheduling.settings_update',
      'settings',
      'scheduling.policy',
      async (trx) => {
        await setSchedulingSettings(trx, value, auth.userId, this.now());
        return value;
      },
      {
        reminderOffsetsMinutes: value.reminderOffsetsMinutes,
        patientCancelNoticeHours: value.patientCancelNoticeHours,
        selfBookingEnabled: value.selfBookingEnabled,
      },
    );
  }

  private async staffMember(trx: Executor, userId: string) {
    const u = (await ref.staffUsers(trx, [userId]))[0];
    if (!u || u.role === 'patient') throw notFound('staff member');
    return u;
  }

  /** Admins hold `settings.manage` but not `patients.read`, so the booking screens' resource list is not theirs. */
  async staff(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return { timezone: await clinicTimeZone(this.ctx.db), staff: await ref.activeClinicians(this.ctx.db) };
  }

  async availability(auth: AuthContext, userId: string) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const { db } = this.ctx;
    const u = await this.staffMember(db, userId);
    const hours = await ref.hoursOf(db, [userId]);
    const off = await ref.timeOffOverlapping(
      db,
      [userId],
      new Date(this.ctx.clock.now().getTime() - 30 * 86_400_000).toISOString(),
      '9999-12-31T00:00:00.000Z',
    );
    return {
      userId: u.id,
      name: u.name,
      role: u.role,
      hours: hours.map((h) => ({
        id: h.id,
        locationId: h.location_id,
        weekday: Number(h.weekday),
        start: h.start_time,
        end: h.end_time,
        timezone: h.timezone,
      })),
      timeOff: off.map(presentTimeOff),
    };
  }

  async setHours(auth: AuthContext, userId: string, body: z.infer<typeof hoursBody>) {
    await this.write(
      auth,
      'scheduling.hours_update',
      'user',
      userId,
      async (trx) => {
        await this.staffMember(trx, userId);
        const clinicTz = await clinicTimeZone(trx);
        const rows = [];
        for (const [i, w] of body.hours.entries()) {
          const loc = w.locationId ? await ref.getLocation(trx, w.locationId) : null;
          if (w.locationId && !loc) throw invalid(`hours.${i}.locationId`, 'No such site');
          rows.push({
            id: randomUUID(),
            user_id: userId,
            location_id: w.locationId,
            weekday: w.weekday,
            start_time: w.start,
            end_time: w.end,
            timezone: loc?.timezone ?? clinicTz,
            created_at: this.now(),
          });
        }
        await ref.replaceHours(trx, userId, rows);
      },
      { windows: body.hours.length },
    );
    return this.availability(auth, userId);
  }

  async addTimeOff(auth: AuthContext, userId: string, body: z.infer<typeof timeOffBody>) {
    const id = randomUUID();
    return this.write(
      auth,
      'scheduling.time_off_add',
      'user',
      userId,
      async (trx) => {
        const u = await this.staffMember(trx, userId);
        const row = {
          id,
          user_id: userId,
          starts_at: body.startsAt,
          ends_at: body.endsAt,
          reason: body.reason ?? null,
          created_by: auth.userId,
          created_at: this.now(),
          removed_at: null,
        };
        await ref.insertTimeOff(trx, row);
        return presentTimeOff({ ...row, user_name: u.name });
      },
      { timeOffId: id },
    );
  }

  async removeTimeOff(auth: AuthContext, userId: string, timeOffId: string) {
    return this.write(
      auth,
      'scheduling.time_off_remove',
      'user',
      userId,
      async (trx) => {
        if (!(await ref.removeTimeOff(trx, userId, timeOffId, this.now()))) throw notFound('time off');
        return { ok: true as const };
      },
      { timeOffId },
    );
  }
}
