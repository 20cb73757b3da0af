import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden } from '../../platform/errors';
import type { Page, Source, WorkItem } from './items';
import { emergencyWindows } from './sections/emergency';
import { newEnquiries } from './sections/enquiries';
import { ledger } from './sections/ledger';
import { licences } from './sections/licences';
import { measuresDue, safetyTasks } from './sections/measures';
import { draftNotes } from './sections/notes';
import { activeSessions, remsDue, unsignedSessions } from './sections/sessions';
import { careTasks } from './sections/tasks';

// The staff worklist ("Today"): its sections, one file per source in sections/ (each reading the query of the
// feature that owns its table), paged by items.ts, ranked and audited here.

type SectionPerm = 'clinical.read' | 'enquiries.manage' | 'users.read' | 'ledger.read' | 'audit.read';

/**
 * The worklist's sections, in the order Today shows them. `title` names the items in a "N more …" line; each
 * section is read a page at a time (Today asks for the first page of each, then more of one section on demand).
 */
export const SECTIONS = [
  { key: 'safety', title: 'safety follow-ups', perm: 'clinical.read', fn: safetyTasks },
  { key: 'care_tasks', title: 'care tasks', perm: 'clinical.read', fn: careTasks },
  { key: 'sessions', title: 'sessions under way', perm: 'clinical.read', fn: activeSessions },
  { key: 'unsigned', title: 'session records to sign', perm: 'clinical.read', fn: unsignedSessions },
  { key: 'rems', title: 'REMS records to submit', perm: 'clinical.read', fn: remsDue },
  { key: 'notes', title: 'unsigned notes', perm: 'clinical.read', fn: draftNotes },
  { key: 'measures', title: 'questionnaires due', perm: 'clinical.read', fn: measuresDue },
  { key: 'enquiries', title: 'new enquiries', perm: 'enquiries.manage', fn: newEnquiries },
  { key: 'licences', title: 'expiring licences', perm: 'users.read', fn: licences },
  { key: 'ledger', title: 'controlled-substance tasks', perm: 'ledger.read', fn: ledger },
  { key: 'emergency', title: 'emergency access reviews', perm: 'audit.read', fn: emergencyWindows },
] as const satisfies readonly { key: string; title: string; perm: SectionPerm; fn: Source }[];

export type SectionKey = (typeof SECTIONS)[number]['key'];
export const SECTION_KEYS = SECTIONS.map((s) => s.key) as [SectionKey, ...SectionKey[]];

/** Items per section on the first page (Today) and the most one request may ask for. */
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface SectionSummary {
  key: SectionKey;
  title: string;
  /** Items of this section in this answer (after `offset`). */
  shown: number;
  offset: number;
  total: number;
  atLeast: boolean;
}

const RANK = { urgent: 0, due: 1, info: 2 };

export class WorklistService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * The first page of every section the user may act on, or (with `section`) one page of that section. Items
   * are ranked urgent → due → to do, then by date; `sections` says how many each section holds in all.
   */
  async list(
    auth: AuthContext,
    query: { section?: SectionKey | undefined; offset?: number | undefined; limit?: number | undefined } = {},
  ): Promise<{ items: WorkItem[]; sections: SectionSummary[]; generatedAt: string }> {
    if (auth.role === 'patient') throw forbidden();
    const now = this.ctx.clock.now();
    const page: Page = { offset: query.section ? (query.offset ?? 0) : 0, limit: query.limit ?? PAGE_SIZE };
    const chosen = SECTIONS.filter(
      (s) => auth.permissions.has(s.perm) && (!query.section || s.key === query.section),
    );
    if (query.section && !chosen.length) throw forbidden();
    const items: WorkItem[] = [];
    const sections: SectionSummary[] = [];
    for (const s of chosen) {
      const r = await s.fn(this.ctx.db, now, auth, page, this.ctx);
      items.push(...r.items);
      sections.push({
        key: s.key,
        title: s.title,
        shown: r.items.length,
        offset: page.offset,
        total: r.total,
        atLeast: r.atLeast,
      });
    }
    items.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.at ?? '').localeCompare(b.at ?? ''));
    // The worklist names patients: one audit entry for the view (per-patient reads happen on their charts).
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'worklist.read',
        detail: {
          items: items.length,
          ...(query.section ? { section: query.section, offset: page.offset } : {}),
        },
      }),
    );
    return { items, sections, generatedAt: now.toISOString() };
  }
}
