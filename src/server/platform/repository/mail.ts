import type { Executor } from '../../db/dialect';
import type { OutboxTable } from '../../db/schema';

/** All SQL about the mail outbox (platform/mail.ts queues and delivers). */
export async function insertOutboxMessage(db: Executor, row: OutboxTable): Promise<void> {
  await db.insertInto('outbox').values(row).execute();
}

/** Messages not yet sent whose next attempt is due at `now`, oldest first (at most 50). */
export const dueOutboxMessages = (db: Executor, now: string) =>
  db
    .selectFrom('outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('created_at')
    .limit(50)
    .execute();

/** Claims a message for this sender: only the update that matches its previous state wins. */
export async function claimOutboxMessage(
  db: Executor,
  id: string,
  attempts: number,
  claimUntil: string,
): Promise<boolean> {
  const claimed = await db
    .updateTable('outbox')
    .set({ attempts: attempts + 1, next_attempt_at: claimUntil })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Sent: the row stays as the record of delivery (to, subject, when), its text is cleared (platform/mail.ts). */
export async function markOutboxSent(db: Executor, id: string, at: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ sent_at: at, last_error: null, body_text: '' })
    .where('id', '=', id)
    .execute();
}

export async function markOutboxFailed(db: Executor, id: string, message: string): Promise<void> {
  await db.updateTable('outbox').set({ last_error: message }).where('id', '=', id).execute();
}
