import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { countUpTo, readPage } from './repository';

/**
 * The staff worklist ("Today", UX.md principle 1): urgent safety tasks on top, then what is due, each item
 * linking to where it is resolved. Sources are features' own tables; each section is shown only to roles
 * allowed to act on it. Severity: urgent (red) · due (amber) · info.
 */
export interface WorkItem {
  id: string;
  kind: string;
  severity: 'urgent' | 'due' | 'info';
  title: string;
  detail: string;
  patientId: string | null;
  patientName: string | null;
  link: string;
  at: string | null;
}

/** Which part of a section to read: the first page on Today, later pages when the user asks for more. */
export interface Page {
  offset: number;
  limit: number;
}

/** One section's page: its items and how many there are in all (counted up to {@link COUNT_CAP}). */
export interface SectionPage {
  items: WorkItem[];
  total: number;
  /** True when there are more than `total` (the count stopped at the cap). */
  atLeast: boolean;
}

/** A section's source: reads one page of its items. */
export type Source = (
  trx: Executor,
  now: Date,
  auth: AuthContext,
  page: Page,
  ctx: AppContext,
) => Promise<SectionPage>;

/**
 * Counting stops here: "1,000+ more" tells a clinic what it needs to know, and counting every open measure of a
 * 50,000-patient clinic on every Today refresh would cost more than the page itself.
 */
export const COUNT_CAP = 1000;

/**
 * Reads one page of an ordered query and, unless the page shows that it is the whole list, counts the rows
 * (up to the cap) with the same conditions.
 */
export async function paged<R>(
  trx: Executor,
  q: Parameters<typeof readPage<R>>[0],
  page: Page,
  map: (r: R) => WorkItem,
  /** The same rows without the joins that only feed the page's columns (for long sections: cheaper to count). */
  countFrom: Parameters<typeof countUpTo>[1] = q,
): Promise<SectionPage> {
  const rows = await readPage(q, page);
  const items = rows.map(map);
  if (page.offset === 0 && rows.length < page.limit) return { items, total: rows.length, atLeast: false };
  const n = await countUpTo(trx, countFrom, COUNT_CAP);
  return { items, total: Math.min(n, COUNT_CAP), atLeast: n > COUNT_CAP };
}

/** A section whose items are computed in full (few by nature: stock, licences, review windows), paged here. */
export const whole = (all: WorkItem[], page: Page): SectionPage => ({
  items: all.slice(page.offset, page.offset + page.limit),
  total: all.length,
  atLeast: false,
});

/**
 * Items about a confidential record the user may not open are left out (platform/confidential.ts): each links
 * to a chart that would answer 404, and the name alone would give the record away. Filtered in each query, so
 * a source's limit counts only what is shown.
 */
export const openable = (auth: AuthContext, now: Date) => (column: string) =>
  mayOpenSql(auth, now.toISOString(), column);

export const patientName = (r: { first_name: string | null; last_name: string | null }) =>
  r.first_name ? `${r.first_name} ${r.last_name}` : null;
