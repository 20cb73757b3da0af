import { type Kysely, sql } from 'kysely';
import { DEFAULT_RULE_SET, ruleSetSchema } from '../../../domain/rules';
import { DEFAULT_HOME_CHECK_IN_RULES } from '../../../domain/vitals';
import { isPostgres, makeAppendOnly } from '../dialect';

// Frozen once merged. The clinic's safety rules (vital-sign holds and alerts, the at-home check-in limits,
// per-route dose limits) become versions the medical director publishes (issue #14):
//  - clinic_rule_sets: one row per version, insert-only (publishing never changes an earlier version);
//  - dosing_sessions.rule_set_version: the version a session started with, fixed once set, so a session is
//    evaluated with the same rules for its whole life whatever is published meanwhile.
// Version 1 is what the clinic used until now: the rule sets saved in settings (no screen wrote them, but a
// clinic may have set them by hand) when valid, else the shipped defaults as they stand when this migration
// runs. Later changes to the shipped defaults reach a clinic only when its medical director publishes them.
// Sessions that exist already used exactly those rules, so they are recorded as version 1.
// Needs 0001 (settings) and 0006 (dosing_sessions) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clinic_rule_sets')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('dose_limits', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, 'clinic_rule_sets');

  const saved = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', ['rules.vitals', 'rules.doseLimits'])
    .execute();
  const read = (key: string) => {
    const row = saved.find((r) => r.key === key);
    return row ? (JSON.parse(row.value) as unknown) : null;
  };
  const legacyRules = read('rules.vitals');
  const legacyLimits = read('rules.doseLimits');
  const candidate = {
    rules: Array.isArray(legacyRules)
      ? [...legacyRules, ...DEFAULT_HOME_CHECK_IN_RULES]
      : DEFAULT_RULE_SET.rules,
    doseLimits: Array.isArray(legacyLimits) ? legacyLimits : DEFAULT_RULE_SET.doseLimits,
  };
  const parsed = ruleSetSchema.safeParse(candidate);
  const fromSettings = parsed.success && (legacyRules !== null || legacyLimits !== null);
  const first = parsed.success ? parsed.data : DEFAULT_RULE_SET;
  await db
    .insertInto('clinic_rule_sets')
    .values({
      version: 1,
      rules: JSON.stringify(first.rules),
      dose_limits: JSON.stringify(first.doseLimits),
      note: fromSettings
        ? 'The rules in use before rule-set versions'
        : 'The shipped defaults, each with its source',
      published_by: null,
      published_at: new Date().toISOString(),
    })
    .execute();

  await db.schema
    .alterTable('dosing_sessions')
    .addColumn('rule_set_version', 'integer', (c) => c.references('clinic_rule_sets.version'))
    .execute();
  await db.updateTable('dosing_sessions').set({ rule_set_version: 1 }).execute();

  const message = 'dosing_sessions: the rule set a session started with is append-only';
  if (isPostgres(db)) {
    await sql
      .raw(`create or replace function liminal_refuse_rule_set_change() returns trigger language plpgsql as $$
begin
  raise exception '${message}' using errcode = 'P0001';
end $$;`)
      .execute(db);
    await sql
      .raw(
        `create trigger dosing_sessions_rule_set_fixed before update of rule_set_version on dosing_sessions for each row
         when (old.rule_set_version is not null and new.rule_set_version is distinct from old.rule_set_version)
         execute function liminal_refuse_rule_set_change();`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger dosing_sessions_rule_set_fixed before update of rule_set_version on dosing_sessions
         when old.rule_set_version is not null and new.rule_set_version is not old.rule_set_version
         begin select raise(abort, '${message}'); end;`,
      )
      .execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
