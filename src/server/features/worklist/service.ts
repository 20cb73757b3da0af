import { type SelectQueryBuilder, sql } from 'kysely';
import { toLocal } from '../../../domain/scheduling/time';
import { dateWords, instantWords } from '../../../domain/scheduling/zone-words';
import type { SafetyFlagKind } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { forbidden } from '../../platform/errors';
import { getSetting } from '../../platform/settings';
import { WorklistService as LedgerWorklist } from '../ledger/worklist';
import { monitorSessions } from '../sessions/monitoring';

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
interface SectionPage {
  items: WorkItem[];
  total: number;
  /** True when there are more than `total` (the count stopped at the cap). */
  atLeast: boolean;
}

type Source = (
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
async function paged<R>(
  trx: Executor,
  // biome-ignore lint/suspicious/noExplicitAny: the helper takes any source's query; rows are typed by R
  q: SelectQueryBuilder<Database, any, R>,
  page: Page,
  map: (r: R) => WorkItem,
  /** The same rows without the joins that only feed the page's columns (for long sections: cheaper to count). */
  // biome-ignore lint/suspicious/noExplicitAny: as `q`
  countFrom: SelectQueryBuilder<Database, any, any> = q,
): Promise<SectionPage> {
  const rows = (await q.limit(page.limit).offset(page.offset).execute()) as R[];
  const items = rows.map(map);
  if (page.offset === 0 && rows.length < page.limit) return { items, total: rows.length, atLeast: false };
  // The order stays: it makes both engines walk the section's index and stop at the cap (without it,
  // PostgreSQL expected the first 1,001 matches early in a sequential scan and read the whole table).
  const counted = countFrom
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(COUNT_CAP + 1);
  const row = await trx
    .selectFrom(counted.as('c'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { items, total: Math.min(n, COUNT_CAP), atLeast: n > COUNT_CAP };
}

/** A section whose items are computed in full (few by nature: stock, licences, review windows), paged here. */
const whole = (all: WorkItem[], page: Page): SectionPage => ({
  items: all.slice(page.offset, page.offset + page.limit),
  total: all.length,
  atLeast: false,
});

/** Sessions in these states are over; every other state is a session under way. */
const CLOSED_SESSION_STATUSES = ['discharged', 'signed'];

/**
 * `column not in (values)` written as the ranges between the values, which both engines answer from an index
 * (SQLite scans the whole index for NOT IN: 6 ms for 24 k sessions, against 0.1 ms for the ranges).
 */
function notIn(column: string, values: string[]) {
  const v = [...new Set(values)].sort();
  const col = sql.ref(column);
  const ranges = [sql`${col} < ${v[0]}`, sql`${col} > ${v[v.length - 1]}`];
  for (let i = 0; i + 1 < v.length; i++) ranges.push(sql`(${col} > ${v[i]} and ${col} < ${v[i + 1]})`);
  return sql<boolean>`(${sql.join(ranges, sql` or `)})`;
}

/**
 * Items about a confidential record the user may not open are left out (platform/confidential.ts): each links
 * to a chart that would answer 404, and the name alone would give the record away. Filtered in each query, so
 * a source's limit counts only what is shown.
 */
const openable = (auth: AuthContext, now: Date, column: string) =>
  mayOpenSql(auth, now.toISOString(), column);

/** Sessions and routes in words on Today. */
const ROUTE_WORDS: Record<string, string> = {
  iv: 'IV infusion',
  im: 'IM injection',
  sublingual: 'Sublingual',
  oral: 'Oral',
  esketamine: 'Esketamine nasal spray',
};
const SESSION_STATUS_WORDS: Record<string, string> = {
  pre_dose: 'before the dose',
  dosing: 'dose ordered',
  monitoring: 'monitoring',
};

const name = (r: { first_name: string | null; last_name: string | null }) =>
  r.first_name ? `${r.first_name} ${r.last_name}` : null;

const safetyTasks: Source = (trx, now, auth, page) =>
  paged(
    trx,
    trx
      .selectFrom('measure_safety_tasks as t')
      .innerJoin('patients as p', 'p.id', 't.patient_id')
      .select(['t.id', 't.level', 't.message', 't.created_at', 't.patient_id', 'p.first_name', 'p.last_name'])
      .where('t.status', '=', 'open')
      .where(openable(auth, now, 't.patient_id'))
      .orderBy('t.created_at')
      .orderBy('t.id'),
    page,
    (t) => ({
      id: `safety:${t.id}`,
      kind: 'safety_task',
      severity: 'urgent',
      title: t.level === 'emergency' ? 'Emergency safety follow-up' : 'Urgent safety follow-up',
      detail: t.message,
      patientId: t.patient_id,
      patientName: name(t),
      link: `/app/patients/${t.patient_id}?tab=measures`,
      at: t.created_at,
    }),
  );

/** What a session item is called, from its most urgent safety flag (the same flags as the board and the chart). */
const SESSION_TITLES: Record<SafetyFlagKind, string> = {
  hold: 'Pre-dose hold in a session',
  overdue: 'Monitoring overdue in a session',
  alerts: 'Session with alerts',
};

/**
 * Sessions under way, those on a pre-dose hold first. A session with a safety alert (a hold, monitoring
 * overdue, readings that fired a rule) is urgent, said in the same words as on the board and in the chart.
 */
const activeSessions: Source = async (trx, now, auth, page) => {
  const rows = new Map<
    string,
    {
      id: string;
      route: string;
      status: string;
      first_dose_at: string | null;
      hold: string | null;
      rule_set_version: number | null;
    }
  >();
  const section = await paged(
    trx,
    trx
      .selectFrom('dosing_sessions as s')
      .innerJoin('patients as p', 'p.id', 's.patient_id')
      .select([
        's.id',
        's.patient_id',
        's.route',
        's.status',
        's.hold',
        's.started_at',
        's.first_dose_at',
        's.rule_set_version',
        'p.first_name',
        'p.last_name',
      ])
      .where(notIn('s.status', CLOSED_SESSION_STATUSES))
      .where(openable(auth, now, 's.patient_id'))
      .orderBy(sql`case when s.hold is null then 1 else 0 end`)
      .orderBy('s.started_at')
      .orderBy('s.id'),
    page,
    (s) => {
      rows.set(`session:${s.id}`, s);
      return {
        id: `session:${s.id}`,
        kind: 'session_in_progress',
        severity: 'info',
        title: 'Session in progress',
        detail: `${ROUTE_WORDS[s.route] ?? s.route} · ${SESSION_STATUS_WORDS[s.status] ?? s.status.replace(/_/g, ' ')}`,
        patientId: s.patient_id,
        patientName: name(s),
        link: `/app/patients/${s.patient_id}/sessions/${s.id}`,
        at: s.started_at,
      };
    },
  );
  const watched = await monitorSessions(trx, [...rows.values()], now.toISOString());
  for (const item of section.items) {
    const row = rows.get(item.id);
    const safety = row ? watched.get(row.id)?.safety : undefined;
    const first = safety?.flags[0];
    if (!safety || !first) continue;
    item.severity = 'urgent';
    item.title = SESSION_TITLES[first.kind];
    item.detail = `${item.detail} · ${safety.flags.map((f) => f.text).join(' · ')}`;
  }
  return section;
};

const unsignedSessions: Source = (trx, now, auth, page) =>
  paged(
    trx,
    trx
      .selectFrom('dosing_sessions as s')
      .innerJoin('patients as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.patient_id', 's.discharged_at', 'p.first_name', 'p.last_name'])
      .where(sql<boolean>`s.status = 'discharged'`) // literal: the dosing_sessions_unsigned index (0016)
      .where(openable(auth, now, 's.patient_id'))
      .orderBy('s.discharged_at')
      .orderBy('s.id'),
    page,
    (s) => ({
      id: `unsigned:${s.id}`,
      kind: 'session_unsigned',
      severity: 'due',
      title: 'Session record to sign',
      detail: 'Discharged; the prescriber has not signed the record.',
      patientId: s.patient_id,
      patientName: name(s),
      link: `/app/patients/${s.patient_id}/sessions/${s.id}`,
      at: s.discharged_at,
    }),
  );

/** Esketamine REMS records not yet submitted, the longest-dosed (most overdue) first. */
const remsDue: Source = async (trx, now, auth, page) => {
  const zone = await getSetting(trx, 'clinic.timezone');
  return paged(
    trx,
    trx
      .selectFrom('dosing_sessions as s')
      .innerJoin('patients as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.patient_id', 's.first_dose_at', 'p.first_name', 'p.last_name'])
      // Literal values, so both engines read the dosing_sessions_rems_due index (migration 0016).
      .where(sql<boolean>`s.route = 'esketamine'`)
      .where('s.discharged_at', 'is not', null)
      .where('s.rems_submitted_at', 'is', null)
      .where(openable(auth, now, 's.patient_id'))
      .orderBy('s.first_dose_at')
      .orderBy('s.id'),
    page,
    (s) => {
      const due = new Date(Date.parse(s.first_dose_at as string) + 7 * 86_400_000);
      const days = Math.ceil((due.getTime() - now.getTime()) / 86_400_000);
      return {
        id: `rems:${s.id}`,
        kind: 'rems_due',
        severity: days <= 2 ? 'urgent' : 'due',
        title: 'Esketamine REMS record to submit',
        detail:
          days >= 0
            ? `Due in ${days} day${days === 1 ? '' : 's'} (${dateWords(toLocal(due, zone).date)}).`
            : `Overdue by ${-days} day${days === -1 ? '' : 's'}.`,
        patientId: s.patient_id,
        patientName: name(s),
        link: `/app/patients/${s.patient_id}/sessions/${s.id}#rems`,
        at: due.toISOString(),
      };
    },
  );
};

const draftNotes: Source = (trx, now, auth, page) =>
  paged(
    trx,
    trx
      .selectFrom('therapy_notes as n')
      .innerJoin('patients as p', 'p.id', 'n.patient_id')
      .select(['n.id', 'n.kind', 'n.patient_id', 'n.session_date', 'p.first_name', 'p.last_name'])
      .where('n.status', '=', 'draft')
      .where('n.author_id', '=', auth.userId)
      .where(openable(auth, now, 'n.patient_id'))
      .orderBy('n.session_date')
      .orderBy('n.id'),
    page,
    (n) => ({
      id: `note:${n.id}`,
      kind: 'note_unsigned',
      severity: 'due',
      title: `Unsigned ${n.kind} note`,
      detail: `Session of ${dateWords(n.session_date)}.`,
      patientId: n.patient_id,
      patientName: name(n),
      link: `/app/patients/${n.patient_id}/notes/${n.id}`,
      at: n.session_date,
    }),
  );

/**
 * Open assignments, due longest ago first. One query per open status, each reading the (status, due_on) index
 * in order and stopping at the end of the page, then merged: with `status in (…)` the database had to fetch
 * and sort every open assignment of the clinic (7,652 at 5,000 patients, ~23 ms on SQLite) to keep a page.
 */
const measuresDue: Source = async (trx, now, auth, page) => {
  const today = now.toISOString().slice(0, 10);
  const open = [];
  let total = 0;
  let atLeast = false;
  for (const status of ['due', 'in_progress']) {
    const rows = trx
      .selectFrom('measure_assignments as a')
      .where('a.status', '=', status)
      .where('a.due_on', '<=', today)
      .where(openable(auth, now, 'a.patient_id'))
      .orderBy('a.due_on')
      .orderBy('a.id');
    const part = await paged(
      trx,
      rows
        .innerJoin('patients as p', 'p.id', 'a.patient_id')
        .select([
          'a.id',
          'a.instrument_id',
          'a.due_on',
          'a.overdue_on',
          'a.patient_id',
          'p.first_name',
          'p.last_name',
        ]),
      { offset: 0, limit: page.offset + page.limit },
      (a) => {
        const overdue = a.overdue_on <= today;
        return {
          id: `measure:${a.id}`,
          kind: 'measure_due',
          severity: overdue ? 'due' : 'info',
          title: `${a.instrument_id.toUpperCase()} ${overdue ? 'overdue' : 'due'}`,
          detail: `Due ${dateWords(a.due_on)}.`,
          patientId: a.patient_id,
          patientName: name(a),
          link: `/app/patients/${a.patient_id}?tab=measures`,
          at: a.due_on,
        } satisfies WorkItem;
      },
      rows, // counted without the names: up to 1,001 index entries, no patient rows
    );
    open.push(...part.items);
    total += part.total;
    atLeast ||= part.atLeast;
  }
  open.sort((x, y) => (x.at ?? '').localeCompare(y.at ?? '') || x.id.localeCompare(y.id));
  return {
    items: open.slice(page.offset, page.offset + page.limit),
    total: Math.min(total, COUNT_CAP),
    atLeast: atLeast || total > COUNT_CAP,
  };
};

/** New enquiries, urgent ones (suicidal thoughts reported) first. */
const newEnquiries: Source = (trx, _now, _auth, page) =>
  paged(
    trx,
    trx
      .selectFrom('enquiries')
      .select(['id', 'urgent', 'first_name', 'last_name', 'created_at'])
      .where('status', '=', 'new')
      .orderBy('urgent', 'desc')
      .orderBy('created_at')
      .orderBy('id'),
    page,
    (e) => ({
      id: `enquiry:${e.id}`,
      kind: 'enquiry_new',
      severity: e.urgent ? 'urgent' : 'info',
      title: e.urgent ? 'Urgent enquiry: suicidal thoughts reported' : 'New enquiry',
      detail: 'Contact the person and record the outcome.',
      patientId: null,
      patientName: `${e.first_name} ${e.last_name}`,
      link: `/app/enquiries/${e.id}`,
      at: e.created_at,
    }),
  );

const licences: Source = (trx, now, _auth, page) => {
  const until = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
  return paged(
    trx,
    trx
      .selectFrom('staff_licences as l')
      .innerJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.id', 'l.state', 'l.licence_type', 'l.expires_on', 'u.name', 'u.id as user_id'])
      .where('l.removed_at', 'is', null)
      .where('u.status', '=', 'active')
      .where('l.expires_on', '<=', until)
      .orderBy('l.expires_on')
      .orderBy('l.id'),
    page,
    (l) => ({
      id: `licence:${l.id}`,
      kind: 'licence_expiring',
      severity: l.expires_on < now.toISOString().slice(0, 10) ? 'urgent' : 'due',
      title: `${l.name}: ${l.licence_type} licence (${l.state}) expires ${dateWords(l.expires_on)}`,
      detail: 'Record the renewed licence.',
      patientId: null,
      patientName: null,
      link: '/app/admin/users',
      at: l.expires_on,
    }),
  );
};

const mg = (ug: number) => `${Math.round(ug / 10) / 100} mg`;

/** The controlled-substance record's deadlines and problems (the ledger computes them; listed here). */
const ledger: Source = async (_trx, _now, auth, page, ctx) => {
  const w = await new LedgerWorklist(ctx).worklist(auth, 60);
  const items: WorkItem[] = [];
  const sev = (s: string) =>
    (s === 'overdue' ? 'urgent' : s === 'due_soon' ? 'due' : 'info') as WorkItem['severity'];
  for (const t of w.theftLoss) {
    if (!t.deaNotice.done)
      items.push({
        id: `ledger:dea:${t.eventId}`,
        kind: 'ledger_theft_loss',
        severity: 'urgent',
        title: 'Notify the DEA of a theft or loss',
        detail: `${mg(t.quantityUg)} discovered ${dateWords(t.discoveredOn)}; notice due ${dateWords(t.deaNotice.dueOn)} (21 CFR 1301.76(b)).`,
        patientId: null,
        patientName: null,
        link: '/app/ledger#theft-loss',
        at: t.deaNotice.dueOn,
      });
    if (!t.form106.done)
      items.push({
        id: `ledger:106:${t.eventId}`,
        kind: 'ledger_form_106',
        severity: sev(t.form106.status) === 'info' ? 'due' : sev(t.form106.status),
        title: 'File DEA Form 106',
        detail: `Due ${dateWords(t.form106.dueOn)}.`,
        patientId: null,
        patientName: null,
        link: '/app/ledger#theft-loss',
        at: t.form106.dueOn,
      });
  }
  for (const d of w.openDiscrepancies)
    items.push({
      id: `ledger:disc:${d.countEventId}`,
      kind: 'ledger_discrepancy',
      severity: 'urgent',
      title: 'Count discrepancy to resolve',
      detail: `Counted ${mg(d.observedUg)}, expected ${mg(d.expectedUg)} on ${dateWords(d.localDate)}. Resolve with a witnessed adjustment or a theft/loss report.`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#discrepancies',
      at: d.localDate,
    });
  if (w.inventory.status !== 'ok')
    items.push({
      id: 'ledger:biennial',
      kind: 'ledger_inventory',
      severity: sev(w.inventory.status),
      title: 'Biennial controlled-substance inventory',
      detail: `Due ${dateWords(w.inventory.dueOn)} (${w.inventory.source}).`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#inventory',
      at: w.inventory.dueOn,
    });
  for (const l of w.expiringLots)
    items.push({
      id: `ledger:lot:${l.lotId}`,
      kind: 'ledger_expiring_lot',
      severity: l.expired ? 'urgent' : 'due',
      title: `${l.productName} lot ${l.lotNumber} ${l.expired ? 'expired' : 'expires'} ${dateWords(l.expiresOn)}`,
      detail: `${mg(l.balanceUg)} in stock.`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#stock',
      at: l.expiresOn,
    });
  for (const p of w.lowStock)
    items.push({
      id: `ledger:low:${p.productId}`,
      kind: 'ledger_low_stock',
      severity: 'due',
      title: `Low stock: ${p.productName}`,
      detail: `${mg(p.balanceUg)} left (reorder below ${mg(p.thresholdUg)}).`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#stock',
      at: null,
    });
  return whole(items, page);
};

/**
 * Emergency access windows (S17) for admins to review: open ones on top, then those of the last 7 days.
 * No patient name (admins do not read charts); the link opens the window's flagged audit entries.
 */
const emergencyWindows: Source = async (trx, now, _auth, page) => {
  const zone = await getSetting(trx, 'clinic.timezone');
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const nowIso = now.toISOString();
  const all = (
    await trx
      .selectFrom('emergency_access as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.patient_id', 'e.opened_at', 'e.expires_at', 'e.ended_at', 'u.name'])
      .where('e.opened_at', '>=', since)
      .orderBy('e.opened_at', 'desc')
      .execute()
  ).map((e) => {
    const open = !e.ended_at && e.expires_at > nowIso;
    return {
      id: `emergency:${e.id}`,
      kind: 'emergency_access',
      severity: open ? 'urgent' : 'due',
      title: open ? `Emergency access open: ${e.name}` : `Review emergency access by ${e.name}`,
      detail: open
        ? `Opened ${instantWords(e.opened_at, zone)}; closes ${instantWords(e.expires_at, zone)}. Every action is flagged in the audit log.`
        : `Opened ${instantWords(e.opened_at, zone)}; closed ${instantWords(e.ended_at ?? e.expires_at, zone)}.`,
      patientId: null,
      patientName: null,
      link: `/app/admin/audit?emergency=true&patientId=${e.patient_id}`,
      at: e.opened_at,
    } satisfies WorkItem;
  });
  // Windows still open first (urgent), then the week's closed ones, newest first.
  return whole(
    [...all.filter((e) => e.severity === 'urgent'), ...all.filter((e) => e.severity !== 'urgent')],
    page,
  );
};

type SectionPerm = 'clinical.read' | 'enquiries.manage' | 'users.read' | 'ledger.read' | 'audit.read';

/**
 * The worklist's sections, in the order Today shows them. `title` names the items in a "N more …" line; each
 * section is read a page at a time (Today asks for the first page of each, then more of one section on demand).
 */
export const SECTIONS = [
  { key: 'safety', title: 'safety follow-ups', perm: 'clinical.read', fn: safetyTasks },
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
