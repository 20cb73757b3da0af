import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001_platform';
import * as m0002 from './migrations/0002_patients';
import * as m0003 from './migrations/0003_measures';
import * as m0004 from './migrations/0004_ledger';
import * as m0005 from './migrations/0005_scheduling';
import * as m0006 from './migrations/0006_courses';
import * as m0007 from './migrations/0007_fhir';
import * as m0008 from './migrations/0008_idempotency';
import * as m0009 from './migrations/0009_scale_indexes';
import * as m0010 from './migrations/0010_query_indexes';
import * as m0011 from './migrations/0011_emergency_access';
import * as m0012 from './migrations/0012_retention_guards';
import * as m0013 from './migrations/0013_audit_append';
import * as m0014 from './migrations/0014_outcomes_index';
import * as m0015 from './migrations/0015_patient_outcomes';
import * as m0016 from './migrations/0016_worklist_pages';
import * as m0017 from './migrations/0017_screens_note_visits';
import * as m0018 from './migrations/0018_rule_sets';
import * as m0019 from './migrations/0019_visit_order';
import * as m0020 from './migrations/0020_product_substance';
import * as m0021 from './migrations/0021_at_home_sessions';
import * as m0022 from './migrations/0022_care_tasks';
import * as m0023 from './migrations/0023_journal';
import * as m0024 from './migrations/0024_messages';
import * as m0025 from './migrations/0025_session_experience';
import * as m0026 from './migrations/0026_course_outcomes';
import * as m0027 from './migrations/0027_billing';
import * as m0028 from './migrations/0028_claims';
import * as m0029 from './migrations/0029_course_outcome_cube';
import * as m0030 from './migrations/0030_audit_append_many';
import * as m0031 from './migrations/0031_sessions_expiry';

/**
 * Migrations are listed here in order; each file is frozen once merged. A static list (rather than reading
 * a folder) works the same from TypeScript sources, a bundle or a test.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_patients': m0002,
  '0003_measures': m0003,
  '0004_ledger': m0004,
  '0005_scheduling': m0005,
  '0006_courses': m0006,
  '0007_fhir': m0007,
  '0008_idempotency': m0008,
  '0009_scale_indexes': m0009,
  '0010_query_indexes': m0010,
  '0011_emergency_access': m0011,
  '0012_retention_guards': m0012,
  '0013_audit_append': m0013,
  '0014_outcomes_index': m0014,
  '0015_patient_outcomes': m0015,
  '0016_worklist_pages': m0016,
  '0017_screens_note_visits': m0017,
  '0018_rule_sets': m0018,
  '0019_visit_order': m0019,
  '0020_product_substance': m0020,
  '0021_at_home_sessions': m0021,
  '0022_care_tasks': m0022,
  '0023_journal': m0023,
  '0024_messages': m0024,
  '0025_session_experience': m0025,
  '0026_course_outcomes': m0026,
  '0027_billing': m0027,
  '0028_claims': m0028,
  '0029_course_outcome_cube': m0029,
  '0030_audit_append_many': m0030,
  '0031_sessions_expiry': m0031,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  // Unordered: migrations written in parallel (say 0010 merged after 0011 ran somewhere) still apply; each
  // one is independent of the others' order.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

export const migrationNames = (): string[] => Object.keys(MIGRATIONS);

/**
 * Migrations this build knows that the database has not applied (readiness: an empty list is current). One read
 * of Kysely's own bookkeeping table, so a readiness probe stays cheap; a database without it has applied nothing.
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(rows.map((r) => r.name));
  } catch (err) {
    if (
      await sql`select 1`.execute(db).then(
        () => true,
        () => false,
      )
    )
      applied = new Set(); // no table yet
    else throw err;
  }
  return migrationNames().filter((name) => !applied.has(name));
}
