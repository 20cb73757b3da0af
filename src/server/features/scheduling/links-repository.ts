import type { Executor } from '../../db/dialect';
import type {
  AppointmentLinksTable,
  AppointmentMailTable,
  BookingInvitesTable,
  IcalFeedsTable,
} from '../../db/schema';

/**
 * All SQL about what scheduling sends out of the clinic: self-booking links, the emailed "confirm or cancel"
 * visit links, the calendar files attached to visit emails, and staff calendar feeds. Every link and feed is
 * stored as the hash of its token only.
 */
export type BookingInviteRow = BookingInvitesTable;
export type VisitLinkRow = AppointmentLinksTable;
export type VisitMailRow = AppointmentMailTable;
export type CalendarFeedRow = IcalFeedsTable;

// ── Self-booking links ──
export async function insertBookingInvite(db: Executor, row: BookingInviteRow): Promise<void> {
  await db.insertInto('booking_invites').values(row).execute();
}

export const findBookingInvite = (db: Executor, tokenHash: string) =>
  db.selectFrom('booking_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Spends the link on the visit it booked; false when it was already used (two racing uses cannot both pass). */
export async function spendBookingInvite(
  db: Executor,
  id: string,
  appointmentId: string,
  now: string,
): Promise<boolean> {
  const used = await db
    .updateTable('booking_invites')
    .set({ used_at: now, appointment_id: appointmentId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

// ── Emailed visit links ──
export async function insertVisitLink(db: Executor, row: VisitLinkRow): Promise<void> {
  await db.insertInto('appointment_links').values(row).execute();
}

export const findVisitLink = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('appointment_links')
    .select(['appointment_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();

// ── Calendar files attached to visit emails ──
export async function insertVisitMail(db: Executor, row: VisitMailRow): Promise<void> {
  await db.insertInto('appointment_mail').values(row).execute();
}

export const attachmentsOf = (db: Executor, outboxId: string) =>
  db
    .selectFrom('appointment_mail')
    .select(['filename', 'content_type', 'content'])
    .where('outbox_id', '=', outboxId)
    .execute();

export async function deleteAttachmentsOf(db: Executor, outboxId: string): Promise<void> {
  await db.deleteFrom('appointment_mail').where('outbox_id', '=', outboxId).execute();
}

// ── Staff calendar feeds ──
/** The user's newest feed still in use, if any. */
export const activeFeedOf = (db: Executor, userId: string) =>
  db
    .selectFrom('ical_feeds')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

/** Revokes every feed of the user still in use; how many there were. */
export async function revokeFeedsOf(db: Executor, userId: string, by: string, now: string): Promise<number> {
  const res = await db
    .updateTable('ical_feeds')
    .set({ revoked_at: now, revoked_by: by })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return res.reduce((n, r) => n + Number(r.numUpdatedRows), 0);
}

export async function insertFeed(db: Executor, row: CalendarFeedRow): Promise<void> {
  await db.insertInto('ical_feeds').values(row).execute();
}

/** A feed still in use, with its owner's account. */
export const liveFeed = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('ical_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.id', 'f.user_id', 'u.name', 'u.status', 'u.role'])
    .where('f.token_hash', '=', tokenHash)
    .where('f.revoked_at', 'is', null)
    .executeTakeFirst();
