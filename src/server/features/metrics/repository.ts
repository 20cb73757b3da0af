import type { Db } from '../../db/dialect';

/** What the metrics read from the database at each scrape: counts only, never a row's contents. */
export async function outboxCounts(db: Db): Promise<{ pending: number; failing: number }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.count<number>('last_error').as('failing')])
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return { pending: Number(row?.pending ?? 0), failing: Number(row?.failing ?? 0) };
}

export const exportJobsByStatus = (db: Db) =>
  db
    .selectFrom('fhir_export_jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();

/** Sessions not ended, inside their absolute limit and seen within the idle limit. */
export async function activeSessionCount(db: Db, nowIso: string, idleSinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ended_at', 'is', null)
    .where('absolute_expires_at', '>', nowIso)
    .where('last_seen_at', '>', idleSinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
