import { sql } from 'kysely';
import { ACTIVE_STATUSES } from '../../../domain/scheduling';
import { type Executor, isPostgres } from '../../db/dialect';
import type { AppointmentStaffTable, AppointmentsTable } from '../../db/schema';

/** All SQL about appointments: rows, the people they hold, clash queries and locks (reminders: reminders-repository.ts). */
export type AppointmentRow = AppointmentsTable;
export type StaffRow = AppointmentStaffTable;

export const active = [...ACTIVE_STATUSES] as string[];

/**
 * Serialises bookings that touch the same patient, clinician or room until this transaction ends, so a
 * clash check followed by an insert is atomic (exactly one of several racing bookings wins).
 * PostgreSQL: one transaction-scoped advisory lock per resource, taken in sorted order so two bookings
 * never wait on each other in a cycle; the two-key form keeps these locks apart from the audit and ledger
 * chain locks. SQLite: Kysely's single connection runs one transaction at a time, and the database's
 * write lock covers other processes, so there is nothing more to take.
 */
export async function lockResources(trx: Executor, keys: string[]): Promise<void> {
  if (!isPostgres(trx)) return;
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(7205, hashtext(${key}))`.execute(trx);
  }
}

export const getAppointment = (db: Executor, id: string) =>
  db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
export const insertAppointment = (db: Executor, row: AppointmentRow) =>
  db.insertInto('appointments').values(row).execute();
export const updateAppointment = (
  db: Executor,
  id: string,
  version: number,
  patch: Partial<AppointmentRow>,
) =>
  db
    .updateTable('appointments')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();

export const staffOf = (db: Executor, appointmentIds: string[]) =>
  appointmentIds.length
    ? db
        .selectFrom('appointment_staff as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.appointment_id', 's.user_id', 's.role', 's.hold', 'u.name'])
        .where('s.appointment_id', 'in', appointmentIds)
        .orderBy('s.role')
        .execute()
    : Promise.resolve([]);

export async function replaceStaff(
  db: Executor,
  appointmentId: string,
  staff: { userId: string; role: string; hold: string }[],
): Promise<void> {
  await db.deleteFrom('appointment_staff').where('appointment_id', '=', appointmentId).execute();
  if (staff.length) {
    await db
      .insertInto('appointment_staff')
      .values(
        staff.map((s) => ({ appointment_id: appointmentId, user_id: s.userId, role: s.role, hold: s.hold })),
      )
      .execute();
  }
}

/** The patient confirmed the visit (from the emailed link). */
export const markConfirmed = (db: Executor, id: string, at: string) =>
  db.updateTable('appointments').set({ confirmed_at: at }).where('id', '=', id).execute();

// ── Clash queries: active visits overlapping [start, end), other than `excludeId` ──
const overlapping = (db: Executor, start: string, end: string, excludeId: string | null) =>
  db
    .selectFrom('appointments as a')
    .where('a.status', 'in', active)
    .where('a.starts_at', '<', end)
    .where('a.ends_at', '>', start)
    .$if(excludeId !== null, (q) => q.where('a.id', '!=', excludeId as string));

/** The patient's (or the prospective patient's) visits in the window; an enquiry's visits count as the patient's. */
export const patientBusy = (
  db: Executor,
  who: { patientId: string | null; enquiryId: string | null },
  start: string,
  end: string,
  excludeId: string | null,
) =>
  overlapping(db, start, end, excludeId)
    .select(['a.id', 'a.starts_at', 'a.ends_at'])
    .where((eb) => {
      const ors = [];
      if (who.patientId) ors.push(eb('a.patient_id', '=', who.patientId));
      if (who.enquiryId) ors.push(eb('a.enquiry_id', '=', who.enquiryId));
      return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`;
    })
    .execute();

/** Visits that hold any of these people exclusively. */
export const staffBusy = (
  db: Executor,
  userIds: string[],
  start: string,
  end: string,
  excludeId: string | null,
) =>
  userIds.length
    ? overlapping(db, start, end, excludeId)
        .innerJoin('appointment_staff as s', 's.appointment_id', 'a.id')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['a.id', 'a.starts_at', 'a.ends_at', 's.user_id', 'u.name'])
        .where('s.user_id', 'in', userIds)
        .where('s.hold', '=', 'exclusive')
        .execute()
    : Promise.resolve([]);

/**
 * Every active visit in the window that involves any of these people, however it holds them (for saying
 * which overlaps the holds allow). Names no patient: only the visit's kind, time and site.
 */
export const staffOverlaps = (
  db: Executor,
  userIds: string[],
  start: string,
  end: string,
  excludeId: string | null,
) =>
  userIds.length
    ? overlapping(db, start, end, excludeId)
        .innerJoin('appointment_staff as s', 's.appointment_id', 'a.id')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .innerJoin('appointment_types as t', 't.id', 'a.type_id')
        .leftJoin('clinic_locations as l', 'l.id', 'a.location_id')
        .select([
          'a.id',
          'a.starts_at',
          'a.ends_at',
          'a.location_id',
          'a.modality',
          's.user_id',
          's.hold',
          'u.name',
          't.name as type_name',
          'l.name as location_name',
        ])
        .where('s.user_id', 'in', userIds)
        .orderBy('a.starts_at')
        .execute()
    : Promise.resolve([]);

export const roomBusy = (
  db: Executor,
  roomId: string,
  start: string,
  end: string,
  excludeId: string | null,
) =>
  overlapping(db, start, end, excludeId)
    .select(['a.id', 'a.starts_at', 'a.ends_at'])
    .where('a.room_id', '=', roomId)
    .execute();

/** Exclusive holds of one person over a longer range (free-slot search). */
export const busyIntervalsOf = (db: Executor, userId: string, start: string, end: string) =>
  overlapping(db, start, end, null)
    .innerJoin('appointment_staff as s', 's.appointment_id', 'a.id')
    .select(['a.starts_at as start', 'a.ends_at as end'])
    .where('s.user_id', '=', userId)
    .where('s.hold', '=', 'exclusive')
    .execute();

// ── Listing, joined with what a calendar shows ──
export interface ListFilter {
  start: string;
  end: string;
  locationId?: string;
  roomId?: string;
  userId?: string;
  patientId?: string;
  enquiryId?: string | null;
  includeCancelled?: boolean;
  ids?: string[];
  /** With `locationId`: also the visits that have no site (video and phone), which belong to every site's day. */
  withRemote?: boolean;
}

export function listAppointments(db: Executor, f: ListFilter) {
  let q = db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .leftJoin('patients as p', 'p.id', 'a.patient_id')
    .leftJoin('enquiries as e', 'e.id', 'a.enquiry_id')
    .leftJoin('clinic_locations as l', 'l.id', 'a.location_id')
    .leftJoin('clinic_rooms as r', 'r.id', 'a.room_id')
    .selectAll('a')
    .select([
      't.code as type_code',
      't.name as type_name',
      't.category as type_category',
      't.route as type_route',
      't.patient_label',
      't.instructions',
      'p.first_name as p_first',
      'p.last_name as p_last',
      'p.preferred_name as p_preferred',
      'p.chart_number',
      'p.email as p_email',
      'e.first_name as e_first',
      'e.last_name as e_last',
      'e.email as e_email',
      'e.patient_id as e_patient_id',
      'l.name as location_name',
      'l.address_line1',
      'l.address_line2',
      'l.city',
      'l.state as location_state',
      'l.postal_code',
      'r.name as room_name',
    ]);
  if (f.ids) q = q.where('a.id', 'in', f.ids.length ? f.ids : ['']);
  else q = q.where('a.starts_at', '<', f.end).where('a.ends_at', '>', f.start);
  if (f.locationId) {
    const loc = f.locationId;
    q = f.withRemote
      ? q.where((eb) => eb.or([eb('a.location_id', '=', loc), eb('a.location_id', 'is', null)]))
      : q.where('a.location_id', '=', loc);
  }
  if (f.roomId) q = q.where('a.room_id', '=', f.roomId);
  if (f.userId)
    q = q.where(
      'a.id',
      'in',
      db.selectFrom('appointment_staff').select('appointment_id').where('user_id', '=', f.userId),
    );
  if (f.patientId) {
    const { patientId, enquiryId } = f;
    q = q.where((eb) =>
      eb.or([
        eb('a.patient_id', '=', patientId),
        ...(enquiryId ? [eb.and([eb('a.patient_id', 'is', null), eb('a.enquiry_id', '=', enquiryId)])] : []),
      ]),
    );
  }
  if (!f.includeCancelled) q = q.where('a.status', '!=', 'cancelled');
  return q.orderBy('a.starts_at').orderBy('a.id').limit(2000).execute();
}
export type ListedAppointment = Awaited<ReturnType<typeof listAppointments>>[number];

/** The patient a visit belongs to: its own, or (for a self-booked consultation) the record made from the enquiry. */
export async function effectivePatientId(
  db: Executor,
  a: Pick<AppointmentRow, 'patient_id' | 'enquiry_id'>,
): Promise<string | null> {
  if (a.patient_id) return a.patient_id;
  if (!a.enquiry_id) return null;
  const p = await db
    .selectFrom('patients')
    .select('id')
    .where('enquiry_id', '=', a.enquiry_id)
    .executeTakeFirst();
  return p?.id ?? null;
}

// ── Read by the FHIR interface (fhir/sources) ───────────────────────────────────────────────────────
type Ids = readonly string[] | null;

/** Consultation visits of patients, by patient and id (null: any), in id order. */
export const consultationsWhere = (db: Executor, patientIds: Ids, ids: Ids) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select(['a.id', 'a.patient_id', 'a.starts_at', 'a.ends_at', 'a.location_id'])
    .select(['a.modality', 'a.status', 'a.updated_at'])
    .where('t.category', '=', 'consultation')
    .where('a.patient_id', 'is not', null)
    .$if(patientIds !== null, (q) => q.where('a.patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('a.id', 'in', ids as string[]))
    .orderBy('a.id')
    .execute();

/** Who takes part in these appointments (user ids, unordered). */
export const participantsOf = (db: Executor, appointmentIds: readonly string[]) =>
  appointmentIds.length
    ? db
        .selectFrom('appointment_staff')
        .select(['appointment_id', 'user_id'])
        .where('appointment_id', 'in', [...appointmentIds])
        .execute()
    : Promise.resolve([]);
