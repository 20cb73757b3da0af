import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import type { AppointmentRemindersTable } from '../../db/schema';
import { active } from './repository';

/** All SQL about visit reminders: planned, cancelled, claimed and sent by the reminder job, and their problems. */
export type ReminderRow = AppointmentRemindersTable;

export const insertReminders = (db: Executor, rows: ReminderRow[]) =>
  rows.length ? db.insertInto('appointment_reminders').values(rows).execute() : Promise.resolve([]);

/** Pending reminders of a visit that is moved, cancelled or over will never be sent. */
export const cancelPendingReminders = (db: Executor, appointmentId: string, reason: string, now: string) =>
  db
    .updateTable('appointment_reminders')
    .set({ status: 'cancelled', last_error: reason, updated_at: now })
    .where('appointment_id', '=', appointmentId)
    .where('status', '=', 'pending')
    .execute();

export const remindersOf = (db: Executor, appointmentIds: string[]) =>
  appointmentIds.length
    ? db
        .selectFrom('appointment_reminders')
        .selectAll()
        .where('appointment_id', 'in', appointmentIds)
        .orderBy('send_at')
        .execute()
    : Promise.resolve([]);

/**
 * Reminders that could not be delivered for visits that have not happened yet: staff follow them up. `visible`
 * is the caller's confidentiality condition on a patient id column (platform/confidential.ts), asked of the
 * visit's record and of the record made from its enquiry.
 */
export const reminderProblems = (
  db: Executor,
  now: string,
  visible: (column: string) => Expression<SqlBool>,
) =>
  db
    .selectFrom('appointment_reminders as m')
    .innerJoin('appointments as a', 'a.id', 'm.appointment_id')
    .leftJoin('patients as p', 'p.id', 'a.patient_id')
    .leftJoin('enquiries as e', 'e.id', 'a.enquiry_id')
    .selectAll('m')
    .select([
      'a.starts_at',
      'p.first_name as p_first',
      'p.last_name as p_last',
      'e.first_name as e_first',
      'e.last_name as e_last',
    ])
    .where('m.status', '=', 'failed')
    .where('a.status', 'in', active)
    .where('a.ends_at', '>', now)
    .where(visible('a.patient_id'))
    .where(visible('e.patient_id'))
    .orderBy('a.starts_at')
    .limit(200)
    .execute();

/** Skips a reminder still pending (1), or leaves one another sender took (0). */
export async function skipReminder(db: Executor, id: string, reason: string, now: string): Promise<number> {
  const r = await db
    .updateTable('appointment_reminders')
    .set({ status: 'skipped', last_error: reason, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const updateReminder = (db: Executor, id: string, patch: Partial<ReminderRow>) =>
  db.updateTable('appointment_reminders').set(patch).where('id', '=', id).execute();

export const dueReminders = (db: Executor, now: string, limit = 200) =>
  db
    .selectFrom('appointment_reminders as m')
    .innerJoin('appointments as a', 'a.id', 'm.appointment_id')
    .select([
      'm.id',
      'm.appointment_id',
      'm.kind',
      'm.send_at',
      'a.starts_at',
      'a.status as appointment_status',
    ])
    .where('m.status', '=', 'pending')
    .where('m.send_at', '<=', now)
    .orderBy('m.send_at')
    .limit(limit)
    .execute();

/** Claims a pending reminder for this sender: only the update that still finds it pending wins. */
export async function claimReminder(db: Executor, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('appointment_reminders')
    .set({ status: 'queued', attempts: sql`attempts + 1`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Queued or failing reminders with their outbox rows, to mirror the delivery state. */
export const deliveringReminders = (db: Executor) =>
  db
    .selectFrom('appointment_reminders as m')
    .innerJoin('outbox as o', 'o.id', 'm.outbox_id')
    .select(['m.id', 'm.status', 'o.sent_at', 'o.attempts', 'o.last_error'])
    .where('m.status', 'in', ['queued', 'failed'])
    .limit(500)
    .execute();
