import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames } from '../../src/server/db/migrate';
import { createTestDatabase } from '../support/db';

describe('migrations', () => {
  it('migrate an empty database to head, and a second run applies nothing', async () => {
    const tdb = await createTestDatabase({ migrate: false });
    try {
      const first = await migrateToLatest(tdb.handle.db);
      expect(first.applied).toEqual(migrationNames());
      const second = await migrateToLatest(tdb.handle.db);
      expect(second.applied).toEqual([]);
      const r = await sql<{ n: number }>`select count(*) as n from users`.execute(tdb.handle.db);
      expect(Number(r.rows[0]?.n)).toBe(0);
    } finally {
      await tdb.close();
    }
  });
});
