import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/server/platform/clock';
import { seedDemo } from '../../src/server/seed/demo';
import { createTestDatabase } from '../support/db';

/** The demo clinic has an at-home patient with a session today, its order signed and troches dispensed (issue #16). */
describe('demo at-home session', () => {
  it('Sam has an at-home session half an hour from now, an order of 2 troches and 12 taken home', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      const now = new Date('2027-01-12T18:30:00.000Z');
      expect((await seedDemo(db, new FakeClock(now))).seeded).toBe(true);
      const rows = await db
        .selectFrom('at_home_sessions as s')
        .innerJoin('patients as p', 'p.id', 's.patient_id')
        .select(['p.first_name', 's.state', 's.starts_at', 's.order_troches', 's.order_signed_at'])
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ first_name: 'Sam', state: 'scheduled', order_troches: 2 });
      expect(Date.parse(rows[0]?.starts_at ?? '') - now.getTime()).toBe(30 * 60_000);
      const dispensed = await db
        .selectFrom('ledger_events')
        .select('quantity_ug')
        .where('type', '=', 'dispense')
        .execute();
      expect(dispensed.map((d) => Number(d.quantity_ug))).toEqual([1_200_000]);
    } finally {
      await tdb.close();
    }
  });
});
