import { type Migration, Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames } from '../../src/server/db/migrate';
import { createTestDatabase } from '../support/db';

/**
 * Migrations written in parallel may be merged out of order (0011 applied on a database before 0010 exists).
 * The migrator accepts that: a database that already ran a later migration still applies an earlier one.
 * 0009 stands in for the late one here (0011 does not depend on it).
 */
describe('migration order', () => {
  it('a migration merged after a later-numbered one was applied still applies', async () => {
    const tdb = await createTestDatabase({ migrate: false });
    try {
      const all = migrationNames();
      const late = '0009_scale_indexes';
      expect(all).toContain(late);
      expect(all).toContain('0011_emergency_access');
      const modules: Record<string, Migration> = {};
      for (const name of all)
        modules[name] = (await import(`../../src/server/db/migrations/${name}.ts`)) as Migration;
      const { [late]: _held, ...early } = modules;
      const first = await new Migrator({
        db: tdb.handle.db,
        provider: { getMigrations: async () => early },
      }).migrateToLatest();
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.migrationName)).toContain('0011_emergency_access');
      const second = await migrateToLatest(tdb.handle.db);
      expect(second.applied).toEqual([late]);
    } finally {
      await tdb.close();
    }
  });
});
