import type { Expression, SqlBool } from 'kysely';
import type { Executor } from '../../db/dialect';

/**
 * What billing reads of other features' tables to propose a visit's lines (issue #22): the visit (appointment and
 * type, its staff), the dosing or at-home session it stands for, the chart's diagnoses, and whether the patient
 * was seen before. Read-only: billing never writes a clinical record.
 */

export const appointmentForBilling = (db: Executor, id: string) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select([
      'a.id',
      'a.patient_id',
      'a.status',
      'a.starts_at',
      'a.ends_at',
      'a.timezone',
      'a.modality',
      't.name as type_name',
      't.category',
      't.route',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
export type BillingAppointment = NonNullable<Awaited<ReturnType<typeof appointmentForBilling>>>;

export const appointmentStaff = (db: Executor, appointmentId: string) =>
  db
    .selectFrom('appointment_staff')
    .select(['user_id', 'role'])
    .where('appointment_id', '=', appointmentId)
    .execute();

export const atHomeForBilling = (db: Executor, id: string) =>
  db
    .selectFrom('at_home_sessions')
    .select([
      'id',
      'patient_id',
      'appointment_id',
      'starts_at',
      'state',
      'order_mg',
      'order_signed_by',
      'dose_taken_at',
      'closed_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();

export const atHomeOfAppointment = (db: Executor, appointmentId: string) =>
  db
    .selectFrom('at_home_sessions')
    .select(['id', 'order_mg', 'order_signed_by', 'dose_taken_at', 'closed_at'])
    .where('appointment_id', '=', appointmentId)
    .executeTakeFirst();

export const sessionForBilling = (db: Executor, id: string) =>
  db
    .selectFrom('dosing_sessions')
    .select([
      'id',
      'patient_id',
      'number',
      'route',
      'status',
      'started_at',
      'first_dose_at',
      'discharged_at',
      'discharge',
      'dose_order',
      'signed_by',
    ])
    .where('id', '=', id)
    .executeTakeFirst();

/** The patient's completed dosing visits starting within a day of `at` (the caller keeps the one on its day). */
export const completedDosingVisitsNear = (db: Executor, patientId: string, at: string) => {
  const ms = Date.parse(at);
  return db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select(['a.id', 'a.starts_at', 'a.timezone'])
    .where('a.patient_id', '=', patientId)
    .where('t.category', '=', 'dosing')
    .where('a.status', '=', 'completed')
    .where('a.starts_at', '>', new Date(ms - 86_400_000).toISOString())
    .where('a.starts_at', '<', new Date(ms + 86_400_000).toISOString())
    .execute();
};

/** The patient's finished in-clinic sessions (discharged or signed), newest first. */
export const finishedSessionsOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'number', 'route', 'started_at', 'first_dose_at'])
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['discharged', 'signed'])
    .orderBy('started_at', 'desc')
    .execute();

/** The patient's in-clinic sessions started within a day of `at` (the caller keeps the one on the visit's day). */
export const sessionsNear = (db: Executor, patientId: string, at: string) => {
  const ms = Date.parse(at);
  return db
    .selectFrom('dosing_sessions')
    .select([
      'id',
      'route',
      'status',
      'started_at',
      'first_dose_at',
      'discharged_at',
      'discharge',
      'signed_by',
    ])
    .where('patient_id', '=', patientId)
    .where('started_at', '>', new Date(ms - 86_400_000).toISOString())
    .where('started_at', '<', new Date(ms + 86_400_000).toISOString())
    .orderBy('started_at')
    .execute();
};

export const diagnosesOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('patient_diagnoses')
    .select(['code', 'display'])
    .where('patient_id', '=', patientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** A completed visit of the patient in [since, before): CPT's "established patient" (seen within 3 years). */
export const seenBefore = async (
  db: Executor,
  patientId: string,
  since: string,
  before: string,
  except: string,
) =>
  (await db
    .selectFrom('appointments')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', '=', 'completed')
    .where('starts_at', '>=', since)
    .where('starts_at', '<', before)
    .where('id', '!=', except)
    .limit(1)
    .executeTakeFirst()) !== undefined;

/** The patient's completed visits, newest first (the Billing tab lists them with their lines). */
export const completedVisitsOf = (db: Executor, patientId: string, limit = 200) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select([
      'a.id',
      'a.starts_at',
      'a.timezone',
      'a.modality',
      't.name as type_name',
      't.category',
      't.route',
    ])
    .where('a.patient_id', '=', patientId)
    .where('a.status', '=', 'completed')
    .orderBy('a.starts_at', 'desc')
    .limit(limit)
    .execute();

/**
 * The billing worklist: completed visits with no line yet, or with lines still proposed, oldest first, with the
 * patient's name; confidential records the viewer may not open are left out inside the query.
 */
export const unreviewedVisits = (
  db: Executor,
  mayOpen: (column: string) => Expression<SqlBool>,
  limit: number,
  offset: number,
) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select([
      'a.id',
      'a.patient_id',
      'a.starts_at',
      'a.timezone',
      't.name as type_name',
      't.category',
      'p.first_name',
      'p.last_name',
      'p.preferred_name',
      'p.chart_number',
      (eb) =>
        eb
          .selectFrom('charge_lines as c')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('c.appointment_id', '=', 'a.id')
          .where('c.state', '=', 'proposed')
          .as('proposed'),
      (eb) =>
        eb
          .selectFrom('charge_lines as c')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('c.appointment_id', '=', 'a.id')
          .where('c.state', '=', 'final')
          .as('final'),
    ])
    .where('a.status', '=', 'completed')
    .where(mayOpen('a.patient_id'))
    .where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb.selectFrom('charge_lines as c').select('c.id').whereRef('c.appointment_id', '=', 'a.id'),
          ),
        ),
        eb.exists(
          eb
            .selectFrom('charge_lines as c')
            .select('c.id')
            .whereRef('c.appointment_id', '=', 'a.id')
            .where('c.state', '=', 'proposed'),
        ),
      ]),
    )
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();

export const userNames = async (db: Executor, ids: string[]) => {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};

/**
 * Every finished in-clinic session and completed visit, oldest first (the demo seed bills them all; a session
 * held in a completed visit resolves to that visit, and proposing twice is refused once its lines are final).
 */
export const visitsToBill = async (db: Executor) => {
  const sessions = await db
    .selectFrom('dosing_sessions')
    .select(['id', 'patient_id', 'started_at as at'])
    .where('status', 'in', ['discharged', 'signed'])
    .execute();
  const appts = await db
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'starts_at as at'])
    .where('status', '=', 'completed')
    .where('patient_id', 'is not', null)
    .execute();
  return [...sessions, ...appts]
    .map((r) => ({ id: r.id, patient_id: r.patient_id as string, at: r.at }))
    .sort((a, b) => a.at.localeCompare(b.at));
};
