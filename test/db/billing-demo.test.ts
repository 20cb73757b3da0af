import { describe, expect, it } from 'vitest';
import { balanceOfPatient } from '../../src/server/features/billing';
import { FakeClock } from '../../src/server/platform/clock';
import { seedDemo } from '../../src/server/seed/demo';
import { createTestDatabase } from '../support/db';

describe('demo clinic billing (issue #22)', () => {
  it('every finished dosing session carries final charges; some are paid; a biller can sign in', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      await seedDemo(db, new FakeClock());
      const lines = await db
        .selectFrom('charge_lines')
        .select(['state', 'patient_id', 'code', 'dosing_session_id'])
        .execute();
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.every((l) => l.state === 'final')).toBe(true);
      const finished = await db
        .selectFrom('dosing_sessions')
        .select('id')
        .where('status', 'in', ['discharged', 'signed'])
        .execute();
      const billed = new Set(lines.map((l) => l.dosing_session_id));
      expect(finished.filter((s) => !billed.has(s.id))).toEqual([]);
      expect(new Set(lines.map((l) => l.code))).toContain('96372');
      const payments = await db.selectFrom('payments').select(['patient_id', 'amount_cents']).execute();
      expect(payments.length).toBeGreaterThan(0);
      for (const p of payments)
        expect((await balanceOfPatient(db, p.patient_id)).balanceCents).toBeGreaterThanOrEqual(0);
      const biller = await db
        .selectFrom('users')
        .select('role')
        .where('email', '=', 'biller@demo.liminal.test')
        .executeTakeFirst();
      expect(biller?.role).toBe('biller');
    } finally {
      await tdb.close();
    }
  });
});
