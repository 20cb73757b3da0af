import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import type { Database } from '../../db/schema';

/** Reading a section's query (built by the feature that owns its table) a page at a time, and counting it. */

// biome-ignore lint/suspicious/noExplicitAny: any section's query; rows are typed by R
type SectionQuery<R> = SelectQueryBuilder<Database, any, R>;

export const readPage = async <R>(q: SectionQuery<R>, page: { offset: number; limit: number }) =>
  (await q.limit(page.limit).offset(page.offset).execute()) as R[];

/** How many rows the query has, counted up to `cap + 1` (so the caller can say "more than cap"). */
export async function countUpTo(db: Executor, q: SectionQuery<unknown>, cap: number): Promise<number> {
  // The order stays: it makes both engines walk the section's index and stop at the cap (without it,
  // PostgreSQL expected the first 1,001 matches early in a sequential scan and read the whole table).
  const counted = q
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(cap + 1);
  const row = await db
    .selectFrom(counted.as('c'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
