import type { DoseLimit } from '../../../domain/dosing';
import type { ClinicRuleSet } from '../../../domain/rules';
import type { VitalRule } from '../../../domain/vitals';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';

/** One published version of the clinic's rules, parsed (each version was validated when published). */
export interface StoredRuleSet extends ClinicRuleSet {
  version: number;
  rules: VitalRule[];
  doseLimits: DoseLimit[];
  note: string | null;
  publishedBy: string | null;
  publishedByName: string | null;
  publishedAt: string;
}

const columns = [
  'r.version',
  'r.rules',
  'r.dose_limits',
  'r.note',
  'r.published_by',
  'r.published_at',
  'u.name',
] as const;

function base(db: Executor) {
  return db
    .selectFrom('clinic_rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.published_by')
    .select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

/**
 * Parsed rule and dose-limit lists by their stored text (issue #23): every vital sign saved is checked against
 * its session's rules, and parsing them was 3 % of a vital-sign write's CPU. Keyed by the text itself, so a
 * hit is exactly what parsing would give, whichever database or version it came from; frozen, since callers
 * share them. Versions are few (the table is append-only); the map is emptied if it ever holds more than 32.
 */
const parsedLists = new Map<string, readonly unknown[]>();
function parsedList<T>(text: string): T[] {
  let list = parsedLists.get(text);
  if (!list) {
    if (parsedLists.size >= 32) parsedLists.clear();
    list = deepFreeze(JSON.parse(text) as unknown[]);
    parsedLists.set(text, list);
  }
  return list as T[];
}
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** A rule set's stored vital-sign rules, parsed (shared and frozen, as `parse` gives them). */
export const vitalRulesFrom = (text: string): VitalRule[] => parsedList<VitalRule>(text);

const parse = (r: Row): StoredRuleSet => ({
  version: Number(r.version),
  rules: parsedList<VitalRule>(r.rules),
  doseLimits: parsedList<DoseLimit>(r.dose_limits),
  note: r.note,
  publishedBy: r.published_by,
  publishedByName: r.name ?? null,
  publishedAt: r.published_at,
});

// Read on every vital sign saved and every session started: compiled once (db/compiled-once.ts).
const latest = compiledOnce((db: Executor) => base(db).orderBy('r.version', 'desc').limit(1));
const byVersion = compiledOnce((db: Executor, version: number) => base(db).where('r.version', '=', version));

/** The version new sessions use: the latest published. Version 1 always exists (0018_rule_sets). */
export async function currentRuleSet(db: Executor): Promise<StoredRuleSet> {
  const [row] = await latest(db);
  if (!row) throw new Error('clinic_rule_sets is empty: run the migrations');
  return parse(row);
}

export async function ruleSetByVersion(db: Executor, version: number): Promise<StoredRuleSet | undefined> {
  const [row] = await byVersion(db, version);
  return row ? parse(row) : undefined;
}

/** Every version, newest first, with how many dosing sessions started with it. */
export async function listRuleSets(db: Executor) {
  const rows = await db
    .selectFrom('clinic_rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.published_by')
    .select((eb) => [
      'r.version',
      'r.note',
      'r.published_at',
      'u.name',
      eb
        .selectFrom('dosing_sessions as s')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('s.rule_set_version', '=', 'r.version')
        .as('sessions'),
    ])
    .orderBy('r.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    publishedAt: r.published_at,
    publishedByName: r.name ?? null,
    note: r.note,
    sessions: Number(r.sessions ?? 0),
  }));
}

export async function insertRuleSet(
  db: Executor,
  v: { version: number; set: ClinicRuleSet; note: string | null; by: string; at: string },
): Promise<void> {
  await db
    .insertInto('clinic_rule_sets')
    .values({
      version: v.version,
      rules: JSON.stringify(v.set.rules),
      dose_limits: JSON.stringify(v.set.doseLimits),
      note: v.note,
      published_by: v.by,
      published_at: v.at,
    })
    .execute();
}
