import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { FiredForRecheck, VitalReading } from '../../../../domain/vitals';
import { compiledInsert, compiledOnce } from '../../../db/compiled-once';
import type { Executor } from '../../../db/dialect';
import type { Database, SessionEntriesTable } from '../../../db/schema';
import { vitalRulesFrom } from '../../rules';
import type { SessionRow } from './sessions';

/**
 * Session entries (vitals, sedation, doses, notes …): insert-only, a correction being a new entry that names
 * the one it corrects. This file is their one reader and holds the one rule that applies corrections.
 */
export type EntryRow = SessionEntriesTable;

/** Which entries to read; every given condition must hold. An empty list matches nothing. */
export interface EntryFilter {
  sessionIds?: readonly string[];
  patientIds?: readonly string[] | null;
  ids?: readonly string[];
  kinds?: readonly string[];
  /** Bounds on the entry's time `at`, both inclusive. */
  from?: string;
  to?: string;
  /** Only the entries that correct another. */
  correctionsOnly?: boolean;
}

type EntryScope = ExpressionBuilder<Database & { e: SessionEntriesTable }, 'e'>;

const conditions =
  (f: EntryFilter) =>
  (eb: EntryScope): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [];
    if (f.sessionIds) all.push(eb('e.session_id', 'in', [...f.sessionIds]));
    if (f.patientIds) all.push(eb('e.patient_id', 'in', [...f.patientIds]));
    if (f.ids) all.push(eb('e.id', 'in', [...f.ids]));
    if (f.kinds) all.push(eb('e.kind', 'in', [...f.kinds]));
    if (f.from !== undefined) all.push(eb('e.at', '>=', f.from));
    if (f.to !== undefined) all.push(eb('e.at', '<=', f.to));
    if (f.correctionsOnly) all.push(eb('e.corrects_id', 'is not', null));
    return eb.and(all);
  };

const matchesNothing = (f: EntryFilter) =>
  f.sessionIds?.length === 0 || f.patientIds?.length === 0 || f.ids?.length === 0 || f.kinds?.length === 0;

/** Entries in the order they happened: by time, then by when they were recorded. */
export async function sessionEntries(db: Executor, f: EntryFilter): Promise<EntryRow[]> {
  if (matchesNothing(f)) return [];
  return db
    .selectFrom('session_entries as e')
    .selectAll('e')
    .where(conditions(f))
    .orderBy('e.at')
    .orderBy('e.recorded_at')
    .orderBy('e.id')
    .execute();
}

/** {@link sessionEntries} with the route of each entry's session (a dose is read with its route). */
export async function sessionEntriesWithRoute(
  db: Executor,
  f: EntryFilter,
): Promise<(EntryRow & { route: string })[]> {
  if (matchesNothing(f)) return [];
  return db
    .selectFrom('session_entries as e')
    .innerJoin('dosing_sessions as s', 's.id', 'e.session_id')
    .selectAll('e')
    .select('s.route')
    .where(conditions(f))
    .orderBy('e.at')
    .orderBy('e.recorded_at')
    .orderBy('e.id')
    .execute();
}

/**
 * Which entry corrected which: corrected entry id → the id of the entry that corrected it. The one rule for
 * corrections: an entry that any other entry names in `corrects_id` is no longer part of the live record.
 */
export function correctionsIn(rows: readonly Pick<EntryRow, 'id' | 'corrects_id'>[]): Map<string, string> {
  return new Map(rows.filter((r) => r.corrects_id).map((r) => [r.corrects_id as string, r.id]));
}

/** The live entries among `rows` (read together with their corrections): those no entry corrected. */
export function liveEntries<T extends Pick<EntryRow, 'id' | 'corrects_id'>>(
  rows: readonly T[],
  corrections: ReadonlyMap<string, string> = correctionsIn(rows),
): T[] {
  return rows.filter((r) => !corrections.has(r.id));
}

/** A live vital-sign reading with the rules it fired when it was saved. */
export type LiveReading = VitalReading & { at: string; alerts: FiredForRecheck[] };

/** The vital signs and alerts a vitals entry holds. */
export const readingOf = (e: Pick<EntryRow, 'at' | 'data' | 'alerts'>): LiveReading => ({
  ...(JSON.parse(e.data) as { vitals: VitalReading }).vitals,
  at: e.at,
  alerts: JSON.parse(e.alerts) as FiredForRecheck[],
});

/** Live vital-sign readings of each session (corrections applied), oldest first. */
export async function liveReadings(
  db: Executor,
  sessionIds: readonly string[],
): Promise<Map<string, LiveReading[]>> {
  const out = new Map<string, LiveReading[]>(sessionIds.map((id) => [id, []]));
  for (const e of liveEntries(await sessionEntries(db, { sessionIds, kinds: ['vitals'] })))
    out.get(e.session_id)?.push(readingOf(e));
  return out;
}

/**
 * What saving an entry reads before it writes, in one statement (issue #23; on PostgreSQL one round trip instead
 * of three): the patient's session by id, the entry already saved under the idempotency key (if any), and the
 * stored vital-sign rules of the rule-set version the session started with (null when that version is missing).
 * No row when the session is not the patient's.
 */
const entryContextRow = compiledOnce((db: Executor, patientId: string, sessionId: string, key: string) =>
  db
    .selectFrom('dosing_sessions as s')
    .leftJoin('clinic_rule_sets as r', (j) =>
      j.on('r.version', '=', sql<number>`coalesce(s.rule_set_version, 1)`),
    )
    .selectAll('s')
    .select((eb) => [
      eb.selectFrom('session_entries').select('id').where('idempotency_key', '=', key).as('existing_id'),
      eb
        .selectFrom('session_entries')
        .select('session_id')
        .where('idempotency_key', '=', key)
        .as('existing_session_id'),
      'r.rules as rule_set_rules',
    ])
    .where('s.id', '=', sessionId)
    .where('s.patient_id', '=', patientId),
);
export async function entryContext(db: Executor, patientId: string, sessionId: string, key: string) {
  const [row] = await entryContextRow(db, patientId, sessionId, key);
  if (!row) return undefined;
  const { existing_id, existing_session_id, rule_set_rules, ...session } = row;
  return {
    session: session as SessionRow,
    existing: existing_id ? { id: existing_id, session_id: existing_session_id as string } : undefined,
    vitalRules: rule_set_rules === null ? null : vitalRulesFrom(rule_set_rules),
  };
}

/** The entry saved under an idempotency key, if any (a retried save lands once). */
const entryByKey = compiledOnce((db: Executor, key: string) =>
  db.selectFrom('session_entries').select(['id', 'session_id']).where('idempotency_key', '=', key),
);
export const entryByIdempotencyKey = async (db: Executor, key: string) => (await entryByKey(db, key))[0];

/** An entry of this session, for a correction to name. */
export const entryOfSession = (db: Executor, sessionId: string, entryId: string) =>
  db
    .selectFrom('session_entries')
    .select(['id', 'kind'])
    .where('id', '=', entryId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();

// Every vital sign and note saved: compiled once (db/compiled-once.ts).
const entryInsert = compiledInsert('session_entries', [
  'id',
  'session_id',
  'patient_id',
  'kind',
  'at',
  'data',
  'alerts',
  'corrects_id',
  'idempotency_key',
  'recorded_by',
  'recorded_at',
]);
export const insertEntry = (db: Executor, row: EntryRow) => entryInsert(db, row);
