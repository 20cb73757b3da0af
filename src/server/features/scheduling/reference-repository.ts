import type { Insertable } from 'kysely';
import type {
  ClinicalRole,
  DosingRoute,
  Modality,
  RoomKind,
  StaffRequirement,
  VisitCategory,
  WeeklyWindow,
} from '../../../domain/scheduling';
import { type Executor, toBool } from '../../db/dialect';
import type {
  AppointmentTypesTable,
  ClinicLocationsTable,
  ClinicRoomsTable,
  StaffHoursTable,
  StaffTimeOffTable,
} from '../../db/schema';

/** SQL for the reference data a calendar books against: sites, rooms, visit types, staff hours and time off. */

export type LocationRow = ClinicLocationsTable;
export type RoomRow = ClinicRoomsTable;
export type StaffHoursRow = StaffHoursTable;
export type TimeOffRow = StaffTimeOffTable;

export interface TypeDef {
  id: string;
  code: string;
  name: string;
  patientLabel: string;
  category: VisitCategory;
  route: DosingRoute | null;
  defaultMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  modalities: Modality[];
  roomKinds: RoomKind[];
  roomRequired: boolean;
  staff: StaffRequirement[];
  certifiedSiteRequired: boolean;
  patientBookable: boolean;
  /** Its visits follow the patient's dosing visit (integration): times offered to move one keep that order. */
  afterDosing: boolean;
  instructions: string;
  active: boolean;
  version: number;
}

const json = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export const typeDefOf = (r: AppointmentTypesTable): TypeDef => ({
  id: r.id,
  code: r.code,
  name: r.name,
  patientLabel: r.patient_label,
  category: r.category as VisitCategory,
  route: (r.route ?? null) as DosingRoute | null,
  defaultMinutes: Number(r.default_minutes),
  minMinutes: Number(r.min_minutes),
  maxMinutes: Number(r.max_minutes),
  modalities: json<Modality[]>(r.modalities, []),
  roomKinds: json<RoomKind[]>(r.room_kinds, []),
  roomRequired: toBool(r.room_required),
  staff: json<StaffRequirement[]>(r.staff, []),
  certifiedSiteRequired: toBool(r.certified_site_required),
  patientBookable: toBool(r.patient_bookable),
  afterDosing: toBool(r.after_dosing),
  instructions: r.instructions,
  active: toBool(r.active),
  version: Number(r.version),
});

// ── Locations and rooms ──
export const listLocations = (db: Executor, activeOnly = false) =>
  db
    .selectFrom('clinic_locations')
    .selectAll()
    .$if(activeOnly, (q) => q.where('active', '=', 1))
    .orderBy('name')
    .execute();
export const getLocation = (db: Executor, id: string) =>
  db.selectFrom('clinic_locations').selectAll().where('id', '=', id).executeTakeFirst();
export const insertLocation = (db: Executor, row: LocationRow) =>
  db.insertInto('clinic_locations').values(row).execute();
export const updateLocation = (db: Executor, id: string, patch: Partial<LocationRow>) =>
  db.updateTable('clinic_locations').set(patch).where('id', '=', id).executeTakeFirst();

export const listRooms = (db: Executor, activeOnly = false) =>
  db
    .selectFrom('clinic_rooms')
    .selectAll()
    .$if(activeOnly, (q) => q.where('active', '=', 1))
    .orderBy('name')
    .execute();
export const getRoom = (db: Executor, id: string) =>
  db.selectFrom('clinic_rooms').selectAll().where('id', '=', id).executeTakeFirst();
export const insertRoom = (db: Executor, row: RoomRow) => db.insertInto('clinic_rooms').values(row).execute();
export const updateRoom = (db: Executor, id: string, patch: Partial<RoomRow>) =>
  db.updateTable('clinic_rooms').set(patch).where('id', '=', id).executeTakeFirst();

// ── Appointment types ──
export const listTypes = async (db: Executor, activeOnly = false) =>
  (
    await db
      .selectFrom('appointment_types')
      .selectAll()
      .$if(activeOnly, (q) => q.where('active', '=', 1))
      .orderBy('category')
      .orderBy('name')
      .execute()
  ).map(typeDefOf);
export const getType = async (db: Executor, id: string) => {
  const r = await db.selectFrom('appointment_types').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? typeDefOf(r) : undefined;
};
export const getTypeByCode = async (db: Executor, code: string) => {
  const r = await db.selectFrom('appointment_types').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? typeDefOf(r) : undefined;
};
export const insertType = (db: Executor, row: Insertable<AppointmentTypesTable>) =>
  db.insertInto('appointment_types').values(row).execute();
export const updateType = (
  db: Executor,
  id: string,
  version: number,
  patch: Partial<AppointmentTypesTable>,
) =>
  db
    .updateTable('appointment_types')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();

// ── Staff ──
export interface StaffUser {
  id: string;
  name: string;
  role: string;
  status: string;
}
export const staffUsers = (db: Executor, ids: string[]): Promise<StaffUser[]> =>
  ids.length
    ? db.selectFrom('users').select(['id', 'name', 'role', 'status']).where('id', 'in', ids).execute()
    : Promise.resolve([]);
export const activeClinicians = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('status', '=', 'active')
    .where('role', 'in', ['prescriber', 'nurse', 'therapist'])
    .orderBy('name')
    .execute() as Promise<{ id: string; name: string; role: ClinicalRole }[]>;

/** Licences valid on a date (the visit's date, not today's). */
export const licencesOn = (db: Executor, userIds: string[], date: string, state?: string) =>
  userIds.length
    ? db
        .selectFrom('staff_licences')
        .select(['user_id', 'state', 'licence_type', 'expires_on'])
        .where('user_id', 'in', userIds)
        .$if(state !== undefined, (q) => q.where('state', '=', state as string))
        .where('removed_at', 'is', null)
        .where('expires_on', '>=', date)
        .execute()
    : Promise.resolve([]);

// ── Working hours and time off ──
export const hoursOf = (db: Executor, userIds: string[]) =>
  userIds.length
    ? db
        .selectFrom('staff_hours')
        .selectAll()
        .where('user_id', 'in', userIds)
        .orderBy('weekday')
        .orderBy('start_time')
        .execute()
    : Promise.resolve([]);

/** The member's weekly hours become exactly these windows. */
export async function replaceHours(db: Executor, userId: string, rows: StaffHoursRow[]): Promise<void> {
  await db.deleteFrom('staff_hours').where('user_id', '=', userId).execute();
  if (rows.length) await db.insertInto('staff_hours').values(rows).execute();
}

export async function windowsByUser(db: Executor, userIds: string[]): Promise<Map<string, WeeklyWindow[]>> {
  const out = new Map<string, WeeklyWindow[]>();
  for (const h of await hoursOf(db, userIds)) {
    const list = out.get(h.user_id) ?? [];
    list.push({
      weekday: Number(h.weekday),
      start: h.start_time,
      end: h.end_time,
      tz: h.timezone,
      locationId: h.location_id,
    });
    out.set(h.user_id, list);
  }
  return out;
}

export const timeOffOverlapping = (db: Executor, userIds: string[], start: string, end: string) =>
  userIds.length
    ? db
        .selectFrom('staff_time_off as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .selectAll('t')
        .select('u.name as user_name')
        .where('t.user_id', 'in', userIds)
        .where('t.removed_at', 'is', null)
        .where('t.starts_at', '<', end)
        .where('t.ends_at', '>', start)
        .orderBy('t.starts_at')
        .execute()
    : Promise.resolve([]);

export async function insertTimeOff(db: Executor, row: TimeOffRow): Promise<void> {
  await db.insertInto('staff_time_off').values(row).execute();
}

/** Removes the member's time off (kept in history); false when they have no such entry in force. */
export async function removeTimeOff(db: Executor, userId: string, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('staff_time_off')
    .set({ removed_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const allTimeOffOverlapping = (db: Executor, start: string, end: string) =>
  db
    .selectFrom('staff_time_off as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .select('u.name as user_name')
    .where('t.removed_at', 'is', null)
    .where('t.starts_at', '<', end)
    .where('t.ends_at', '>', start)
    .orderBy('t.starts_at')
    .execute();
