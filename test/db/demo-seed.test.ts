import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/server/features/ledger/chain';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { systemClock } from '../../src/server/platform/clock';
import { seedDemo } from '../../src/server/seed/demo';
import { createTestDatabase } from '../support/db';

describe('demo clinic seed', () => {
  it('seeds a living clinic through the real services, once, with intact chains', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      expect((await seedDemo(db, systemClock)).seeded).toBe(true);
      expect((await seedDemo(db, systemClock)).seeded).toBe(false);
      const count = async (table: 'patients' | 'enquiries' | 'dosing_sessions' | 'measure_scores' | 'ledger_events' | 'appointments' | 'clinic_locations') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count('patients')).toBe(12);
      expect(await count('enquiries')).toBe(3);
      expect(await count('dosing_sessions')).toBe(9);
      expect(await count('appointments')).toBe(8); // a week of visits around today, booked through the rules
      expect(await count('clinic_locations')).toBe(1);
      expect(await count('measure_scores')).toBe(11); // Robin 5, Riley 4, Jordan 1, Casey 1
      const inProgress = await db.selectFrom('dosing_sessions').select('status').where('status', '=', 'monitoring').execute();
      expect(inProgress).toHaveLength(1);
      const robin = await db
        .selectFrom('measure_scores as s')
        .innerJoin('patients as p', 'p.id', 's.patient_id')
        .select(['s.total', 's.scored_at'])
        .where('p.first_name', '=', 'Robin')
        .orderBy('s.scored_at')
        .execute();
      expect(robin.map((r) => r.total)).toEqual([21, 17, 14, 11, 8]); // improving
      expect((await verifyAuditChain(db)).ok).toBe(true);
      expect((await verifyLedger(db)).ok).toBe(true);
    } finally {
      await tdb.close();
    }
  });
});
