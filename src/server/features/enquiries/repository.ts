import type { Expression, SqlBool } from 'kysely';
import type { Executor } from '../../db/dialect';
import type { EnquiriesTable, EnquiryNotesTable } from '../../db/schema';

/** All SQL about enquiries from the public form and their notes. */
export type EnquiryRow = EnquiriesTable;
export type EnquiryNoteRow = EnquiryNotesTable;

export async function insertEnquiry(db: Executor, row: EnquiryRow): Promise<void> {
  await db.insertInto('enquiries').values(row).execute();
}

/**
 * A page of enquiries, urgent first then oldest first: those with `status`, or else the open ones (neither
 * converted nor declined). `visible` (on `enquiries.patient_id`) is the caller's confidentiality condition
 * (platform/confidential.ts); the count and the page share it.
 */
export async function listEnquiries(
  db: Executor,
  q: { status?: string; limit: number; offset: number },
  visible: Expression<SqlBool>,
): Promise<{ rows: EnquiryRow[]; total: number }> {
  let query = db.selectFrom('enquiries').where(visible);
  if (q.status) query = query.where('status', '=', q.status);
  else query = query.where('status', 'not in', ['converted', 'declined']);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('urgent', 'desc')
    .orderBy('created_at', 'asc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

/** The enquiry, when `visible` (on `enquiries.patient_id`) lets the caller see it. */
export const findEnquiry = (db: Executor, id: string, visible: Expression<SqlBool>) =>
  db.selectFrom('enquiries').selectAll().where('id', '=', id).where(visible).executeTakeFirst();

/** The enquiry, for scheduling's self-booking (which has no viewer to restrict it). */
export const getEnquiry = (db: Executor, id: string) =>
  db.selectFrom('enquiries').selectAll().where('id', '=', id).executeTakeFirst();

/** A new or contacted enquiry moves on once its consultation is booked. */
export async function markConsultationBooked(db: Executor, id: string, now: string): Promise<void> {
  await db
    .updateTable('enquiries')
    .set({ status: 'consultation_booked', updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['new', 'contacted'])
    .execute();
}

export async function updateEnquiry(db: Executor, id: string, patch: Partial<EnquiryRow>): Promise<void> {
  await db.updateTable('enquiries').set(patch).where('id', '=', id).execute();
}

/** The notes on an enquiry, oldest first, with their author's name. */
export const notesOf = (db: Executor, enquiryId: string) =>
  db
    .selectFrom('enquiry_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.status_change', 'n.created_at', 'u.name'])
    .where('n.enquiry_id', '=', enquiryId)
    .orderBy('n.created_at')
    .execute();

export async function insertNote(db: Executor, row: EnquiryNoteRow): Promise<void> {
  await db.insertInto('enquiry_notes').values(row).execute();
}

/** New enquiries, urgent ones (suicidal thoughts reported) first, then the oldest (a query, paged by the worklist). */
export const newEnquiriesQuery = (db: Executor) =>
  db
    .selectFrom('enquiries')
    .select(['id', 'urgent', 'first_name', 'last_name', 'created_at'])
    .where('status', '=', 'new')
    .orderBy('urgent', 'desc')
    .orderBy('created_at')
    .orderBy('id');
