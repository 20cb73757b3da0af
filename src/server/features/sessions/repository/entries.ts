import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { FiredForRecheck, VitalReading } from '../../../../domain/vitals';
import { compiledInsert, compiledOnce, compiledPerShape } from '../../../db/compiled-once';
import type { Executor } from '../../../db/dialect';
import type { Database, SessionEntriesTable } from '../../../db/schema';
import { PatientFirstRead } from '../../../platform/first-read';
import { type AccessCheckRow, accessCheckQuery } from '../../../platform/repository/patients';
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

/** An EntryFilter as positional arguments, so that its queries compile once per shape (db/compiled-once.ts). */
type FilterArgs = [
  sessionIds: readonly string[] | null,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
  kinds: readonly string[] | null,
  from: string | null,
  to: string | null,
  correctionsOnly: boolean,
];
const argsOf = (f: EntryFilter): FilterArgs => [
  f.sessionIds ?? null,
  f.patientIds ?? null,
  f.ids ?? null,
  f.kinds ?? null,
  f.from ?? null,
  f.to ?? null,
  f.correctionsOnly === true,
];

const conditions =
  (...[sessionIds, patientIds, ids, kinds, from, to, correctionsOnly]: FilterArgs) =>
  (eb: EntryScope): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [];
    if (sessionIds) all.push(eb('e.session_id', 'in', [...sessionIds]));
    if (patientIds) all.push(eb('e.patient_id', 'in', [...patientIds]));
    if (ids) all.push(eb('e.id', 'in', [...ids]));
    if (kinds) all.push(eb('e.kind', 'in', [...kinds]));
    if (from !== null) all.push(eb('e.at', '>=', from));
    if (to !== null) all.push(eb('e.at', '<=', to));
    if (correctionsOnly) all.push(eb('e.corrects_id', 'is not', null));
    return eb.and(all);
  };

const matchesNothing = (f: EntryFilter) =>
  f.sessionIds?.length === 0 || f.patientIds?.length === 0 || f.ids?.length === 0 || f.kinds?.length === 0;

/** The filter's entries, in the order they happened: by time, then by when they were recorded. */
const inTimeOrder =
  (f: FilterArgs) =>
  <O>(qb: SelectQueryBuilder<Database & { e: SessionEntriesTable }, 'e', O>) =>
    qb
      .where(conditions(...f))
      .orderBy('e.at')
      .orderBy('e.recorded_at')
      .orderBy('e.id');

// Read by every FHIR Observation search, chart and session screen: compiled once per shape (issue #23).
const entriesWhere = compiledPerShape((db: Executor, ...f: FilterArgs) =>
  db.selectFrom('session_entries as e').selectAll('e').$call(inTimeOrder(f)),
);
const entriesWithRouteWhere = compiledPerShape((db: Executor, ...f: FilterArgs) =>
  db
    .selectFrom('session_entries as e')
    .innerJoin('dosing_sessions as s', 's.id', 'e.session_id')
    .selectAll('e')
    .select('s.route')
    .$call(inTimeOrder(f)),
);

/** Entries in the order they happened: by time, then by when they were recorded. */
export async function sessionEntries(db: Executor, f: EntryFilter): Promise<EntryRow[]> {
  if (matchesNothing(f)) return [];
  return entriesWhere(db, ...argsOf(f));
}

/** What an entry says, without the alerts it fired or the key of the request that saved it. */
export type EntryRecord = Omit<EntryRow, 'alerts' | 'idempotency_key'>;
const recordsWhere = compiledPerShape((db: Executor, ...f: FilterArgs) =>
  db
    .selectFrom('session_entries as e')
    .select([
      'e.id',
      'e.session_id',
      'e.patient_id',
      'e.kind',
      'e.at',
      'e.data',
      'e.corrects_id',
      'e.recorded_by',
      'e.recorded_at',
    ])
    .$call(inTimeOrder(f)),
);

/** {@link sessionEntries} as records (a FHIR search reads a patient's readings: fewer columns, less to read). */
export async function sessionEntryRecords(db: Executor, f: EntryFilter): Promise<EntryRecord[]> {
  if (matchesNothing(f)) return [];
  return recordsWhere(db, ...argsOf(f));
}

/**
 * How many entries of a kind a patient has, and the latest one's time. Entries are insert-only (triggers refuse
 * updates and deletes on both engines), so a patient's entries of a kind only ever grow and the same count is the
 * same entries; the latest time, which the same index gives for nothing, also tells apart a record whose times
 * were rewritten with the triggers set aside. Read from the index alone (`session_entries_patient`), against
 * reading every entry.
 */
const ofPatientKind = (db: Executor, patientId: Expression<string> | string, kind: string) =>
  db.selectFrom('session_entries as e').where('e.patient_id', '=', patientId).where('e.kind', '=', kind);
/**
 * The tally's two columns, `<prefix>n` and `<prefix>latest`, as subqueries another statement can select: the
 * patient a value or a column of that statement (a search reads them with its access check: fhir/sources/facts.ts).
 */
export const entryTallyColumns = <P extends string = ''>(
  db: Executor,
  patientId: Expression<string> | string,
  kind: string,
  prefix = '' as P,
) =>
  [
    ofPatientKind(db, patientId, kind)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .as(`${prefix}n` as `${P}n`),
    ofPatientKind(db, patientId, kind)
      .select((eb) => eb.fn.max('e.at').as('latest'))
      .as(`${prefix}latest` as `${P}latest`),
  ] as const;
export type EntryTally = { count: number; tally: string };
/** The tally those columns read (a count is a string on PostgreSQL, `latest` null when there is no entry). */
export function entryTallyFrom(n: unknown, latest: unknown): EntryTally {
  const count = Number(n ?? 0);
  return { count, tally: `${count} ${latest ?? ''}` };
}
const tallyOf = compiledOnce((db: Executor, patientId: string, kind: string) =>
  db.selectNoFrom(entryTallyColumns(db, patientId, kind)),
);
export async function patientEntryTally(db: Executor, patientId: string, kind: string): Promise<EntryTally> {
  const [row] = await tallyOf(db, patientId, kind);
  return entryTallyFrom(row?.n, row?.latest);
}

/**
 * A patient's entries of a kind, ordered by id (as the engine's collation orders it: a caller relying on the
 * order checks it), with only what says what each holds and which it corrects: a search of a long record pages
 * by these and reads whole only the entries of its page (fhir/sources/care.ts).
 */
export type EntryOutline = Pick<EntryRow, 'id' | 'corrects_id' | 'data' | 'at'>;
const outlinesOf = compiledOnce((db: Executor, patientId: string, kind: string) =>
  db
    .selectFrom('session_entries as e')
    .select(['e.id', 'e.corrects_id', 'e.data', 'e.at'])
    .where('e.patient_id', '=', patientId)
    .where('e.kind', '=', kind)
    .orderBy('e.id'),
);
export async function patientEntryOutlines(
  db: Executor,
  patientId: string,
  kind: string,
): Promise<EntryOutline[]> {
  return outlinesOf(db, patientId, kind);
}

/** {@link patientEntryTally} of entries already read (all of a patient's entries of a kind). */
export function entryTallyOf(rows: readonly Pick<EntryRow, 'at'>[]): string {
  let latest = '';
  for (const r of rows) if (r.at > latest) latest = r.at;
  return `${rows.length} ${latest}`;
}

/** {@link sessionEntries} with the route of each entry's session (a dose is read with its route). */
export async function sessionEntriesWithRoute(
  db: Executor,
  f: EntryFilter,
): Promise<(EntryRow & { route: string })[]> {
  if (matchesNothing(f)) return [];
  return entriesWithRouteWhere(db, ...argsOf(f));
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

/** Every column of a session, each read as `session__<column>` beside the patient row's own (which shares names). */
const SESSION_COLUMNS = Object.keys({
  id: 1,
  course_id: 1,
  patient_id: 1,
  number: 1,
  route: 1,
  setting: 1,
  status: 1,
  readiness: 1,
  checklist: 1,
  weight_kg: 1,
  hold: 1,
  hold_override: 1,
  dose_order: 1,
  first_dose_at: 1,
  discharge: 1,
  discharged_at: 1,
  narrative: 1,
  rems: 1,
  rems_submitted_at: 1,
  signed_by: 1,
  signed_at: 1,
  started_by: 1,
  started_at: 1,
  version: 1,
  updated_at: 1,
  rule_set_version: 1,
} satisfies Record<keyof SessionRow, 1>) as (keyof SessionRow)[];
// Not `session__`, which a read folded into the sign-in session's statement leaves to that session's columns.
const PREFIX = 'dosing_session__';

/**
 * What saving an entry reads before it writes, in one statement with the access check's own row (issue #23; on
 * PostgreSQL one round trip instead of four): the patient row and its confidentiality mark, the patient's session
 * by id, the entry already saved under the idempotency key (if any), and the stored vital-sign rules of the
 * rule-set version the session started with. No row when there is no such patient; no session when the session
 * is not the patient's. The access check runs on this row (platform/scope.ts `withPatientChange`), and the route
 * folds it into the statement that reads the sign-in session (`entryContextRead`).
 */
const entryContextQuery = (db: Executor, patientId: string, sessionId: string, key: string) =>
  accessCheckQuery(db, patientId)
    .leftJoin('dosing_sessions as s', (j) => j.on('s.id', '=', sessionId).onRef('s.patient_id', '=', 'p.id'))
    .leftJoin('clinic_rule_sets as r', (j) =>
      j.on('r.version', '=', sql<number>`coalesce(s.rule_set_version, 1)`),
    )
    .select(SESSION_COLUMNS.map((c) => sql.ref<unknown>(`s.${c}`).as(`${PREFIX}${c}`)))
    .select((eb) => [
      eb.selectFrom('session_entries').select('id').where('idempotency_key', '=', key).as('existing_id'),
      eb
        .selectFrom('session_entries')
        .select('session_id')
        .where('idempotency_key', '=', key)
        .as('existing_session_id'),
      'r.rules as rule_set_rules',
    ]);
export type EntryContextRow = AccessCheckRow & {
  existing_id: string | null;
  existing_session_id: string | null;
  rule_set_rules: string | null;
};
/**
 * The access check's row with what saving an entry needs (the reader `withPatientChange` takes), for the
 * patient, the session and the entry's idempotency key. The entries route plans it from its path and its
 * `Idempotency-Key` header (which clients send equal to the body's key): on PostgreSQL the sign-in session's
 * statement reads it (platform/first-read.ts), and `readFor` takes it only when the body's key is that one.
 */
export const entryContextRead = new PatientFirstRead({
  query: entryContextQuery,
  decode: (row) => row as unknown as EntryContextRow,
  permission: 'session.run',
});
/** The session (undefined when it is not the patient's), the entry under the key and the rules, from that row. */
export function entryContextOf(row: Omit<EntryContextRow, 'confidential'>) {
  const r = row as unknown as Record<string, unknown>;
  const session =
    r[`${PREFIX}id`] === null
      ? undefined
      : (Object.fromEntries(SESSION_COLUMNS.map((c) => [c, r[`${PREFIX}${c}`]])) as unknown as SessionRow);
  return {
    session,
    existing: row.existing_id
      ? { id: row.existing_id, session_id: row.existing_session_id as string }
      : undefined,
    vitalRules: session && row.rule_set_rules !== null ? vitalRulesFrom(row.rule_set_rules) : null,
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
/** The same insert as a query, for PostgreSQL to store with the save's audit entry in one statement. */
export const entryInsertQuery = (db: Executor, row: EntryRow) => db.insertInto('session_entries').values(row);
