import { sql } from 'kysely';
import type { Executor } from '../../db/dialect';

/** The one query of the retention report: a kept table's size, oldest row and rows older than a cutoff. */
export async function tableAge(
  db: Executor,
  t: { table: string; at: string; where?: string },
  cutoff: string,
): Promise<{ n: number | string; oldest: string | null; past: number | string | null } | undefined> {
  // Table and column names come from the report's constant list (report.ts), never from input.
  const where = t.where ? sql.raw(`where ${t.where}`) : sql``;
  const at = sql.ref(t.at);
  const r = await sql<{ n: number | string; oldest: string | null; past: number | string | null }>`
      select count(*) as n, min(${at}) as oldest, sum(case when ${at} < ${cutoff} then 1 else 0 end) as past
      from ${sql.table(t.table)} ${where}`.execute(db);
  return r.rows[0];
}
