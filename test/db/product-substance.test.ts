import { type Migration, Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames } from '../../src/server/db/migrate';
import { createTestDatabase } from '../support/db';

/**
 * 0020 gives every ledger product its substance (issue #14: the console offers, and the server accepts, only
 * stock that fits the session's route). A clinic's existing products become ketamine unless their name or
 * NDC says esketamine.
 */
describe('migration 0020: the substance of products a clinic already has', () => {
  it('marks esketamine products by name or Spravato NDC, and every other product ketamine', async () => {
    const tdb = await createTestDatabase({ migrate: false });
    try {
      const db = tdb.handle.db;
      const modules: Record<string, Migration> = {};
      for (const name of migrationNames().filter((n) => n < '0020'))
        modules[name] = (await import(`../../src/server/db/migrations/${name}.ts`)) as Migration;
      const before = await new Migrator({
        db,
        provider: { getMigrations: async () => modules },
      }).migrateToLatest();
      expect(before.error).toBeUndefined();
      const user = 'u-1';
      await db
        .insertInto('users')
        .values({
          id: user,
          email: 'a@example.test',
          name: 'A',
          role: 'admin',
          status: 'active',
          password_hash: 'x',
          mfa_enabled: 0,
          mfa_secret_enc: null,
          mfa_pending_secret_enc: null,
          mfa_last_step: null,
          patient_id: null,
          can_break_glass: 0,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        })
        .execute();
      const product = (id: string, name: string, ndc: string) => ({
        id,
        name,
        ndc,
        form: 'solution',
        strength_ug_per_ml: 50_000,
        container_volume_ul: 10_000,
        unit_strength_ug: null,
        units_per_container: null,
        container_ug: 500_000,
        single_use: 0,
        low_stock_ug: null,
        created_by: user,
        created_at: '2026-01-01T00:00:00Z',
      });
      await db
        .insertInto('ledger_products')
        .values([
          product('p1', 'Ketamine HCl 50 mg/mL, 10 mL', '0409-2051-05'),
          product('p2', 'ESKETAMINE 28 mg device', '11111-111-11'),
          product('p3', 'Nasal spray (Spravato) 56 mg kit', '22222-222-22'),
          product('p4', 'Nasal device, clinic label', '50458-028-02'),
        ] as never)
        .execute();
      expect((await migrateToLatest(db)).applied).toContain('0020_product_substance');
      const rows = await db.selectFrom('ledger_products').select(['id', 'substance']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'p1', substance: 'ketamine' },
        { id: 'p2', substance: 'esketamine' },
        { id: 'p3', substance: 'esketamine' },
        { id: 'p4', substance: 'esketamine' },
      ]);
    } finally {
      await tdb.close();
    }
  });
});
