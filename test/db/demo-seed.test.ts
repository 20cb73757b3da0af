import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/dialect';
import { verifyLedger } from '../../src/server/features/ledger/chain';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { FakeClock } from '../../src/server/platform/clock';
import { seedDemo } from '../../src/server/seed/demo';
import { createTestDatabase } from '../support/db';

describe('demo clinic seed', () => {
  it('seeds a living clinic through the real services, once, with intact chains', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      expect((await seedDemo(db, new FakeClock())).seeded).toBe(true);
      expect((await seedDemo(db, new FakeClock())).seeded).toBe(false);
      const count = async (
        table:
          | 'patients'
          | 'enquiries'
          | 'dosing_sessions'
          | 'measure_scores'
          | 'ledger_events'
          | 'appointments'
          | 'clinic_locations'
          | 'session_experience',
      ) =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('patients')).toBe(12);
      expect(await count('enquiries')).toBe(3);
      expect(await count('dosing_sessions')).toBe(9);
      expect(await count('appointments')).toBe(8); // a week of visits around today, booked through the rules
      expect(await count('clinic_locations')).toBe(1);
      // PHQ-9: Robin 5, Riley 4, Jordan 1, Casey 1; and both end-of-session ratings on the 8 finished sessions.
      expect(await count('measure_scores')).toBe(11 + 16);
      expect(await count('session_experience')).toBe(16);
      const inProgress = await db
        .selectFrom('dosing_sessions')
        .select('status')
        .where('status', '=', 'monitoring')
        .execute();
      expect(inProgress).toHaveLength(1);
      const robin = await db
        .selectFrom('measure_scores as s')
        .innerJoin('patients as p', 'p.id', 's.patient_id')
        .select(['s.total', 's.scored_at'])
        .where('p.first_name', '=', 'Robin')
        .where('s.instrument_id', '=', 'phq9')
        .orderBy('s.scored_at')
        .execute();
      expect(robin.map((r) => r.total)).toEqual([21, 17, 14, 11, 8]); // improving
      expect((await verifyAuditChain(db)).ok).toBe(true);
      expect((await verifyLedger(db)).ok).toBe(true);
    } finally {
      await tdb.close();
    }
  });

  it("draws every dose of the demo's sessions from the ledger, the session under way included, in date order", async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      expect((await seedDemo(db, new FakeClock())).seeded).toBe(true);
      const doses = (
        await db
          .selectFrom('session_entries as e')
          .innerJoin('dosing_sessions as s', 's.id', 'e.session_id')
          .select(['e.session_id', 'e.data', 's.status'])
          .where('e.kind', '=', 'administration')
          .execute()
      )
        .map((e) => ({
          ...e,
          d: JSON.parse(e.data) as {
            mg: number;
            phase: string;
            containerId: string | null;
            lot: string | null;
          },
        }))
        .filter((e) => e.d.phase !== 'infusion_stop');
      expect(doses).toHaveLength(10); // Robin 4 IM, Riley 3 IV, Jordan 2 devices, Casey's infusion under way
      expect(doses.filter((e) => e.status === 'monitoring')).toHaveLength(1);
      const events = await db
        .selectFrom('ledger_events')
        .select(['seq', 'at', 'type', 'container_id', 'session_id', 'quantity_ug', 'product_id', 'delta_ug'])
        .orderBy('seq')
        .execute();
      const drawn = events.filter((e) => e.type === 'administer');
      expect(drawn).toHaveLength(doses.length);
      for (const dose of doses) {
        expect(dose.d.containerId, `session ${dose.session_id}`).toBeTruthy();
        expect(dose.d.lot).toBeTruthy();
        expect(
          drawn.filter(
            (e) =>
              e.session_id === dose.session_id &&
              e.container_id === dose.d.containerId &&
              Number(e.quantity_ug) === Math.round(dose.d.mg * 1000),
          ),
        ).not.toHaveLength(0);
      }
      // The running log of each product reads in date order and ends at the stock on hand.
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
      const containers = await db
        .selectFrom('ledger_containers')
        .select(['product_id', 'balance_ug'])
        .execute();
      for (const productId of new Set(events.map((e) => e.product_id))) {
        const logged = events
          .filter((e) => e.product_id === productId)
          .reduce((n, e) => n + Number(e.delta_ug), 0);
        const onHand = containers
          .filter((c) => c.product_id === productId)
          .reduce((n, c) => n + Number(c.balance_ug), 0);
        expect(logged).toBe(onHand);
      }
      const verdict = await verifyLedger(db);
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
    } finally {
      await tdb.close();
    }
  });

  /** How many rows carry a record time (created, updated, status changed, audited) later than `at`, per column. */
  async function stampedAfter(db: Db, at: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const t of await db.introspection.getTables()) {
      for (const c of t.columns.filter(
        (x) =>
          ['created_at', 'updated_at', 'status_changed_at'].includes(x.name) ||
          (t.name === 'audit_log' && x.name === 'at'),
      )) {
        const r = await sql<{
          n: number | string;
        }>`select count(*) as n from ${sql.table(t.name)} where ${sql.ref(c.name)} > ${at}`.execute(db);
        out.set(`${t.name}.${c.name}`, Number(r.rows[0]?.n ?? 0));
      }
    }
    return out;
  }

  // Early morning on a weekday (before the demo's working day), a Saturday, late evening and the hour the clocks
  // go back: the seed records nothing as done later than now (a visit "booked" in the future once hid the portal's
  // "book again" card, which looks for visits booked after a cancellation).
  it.each([
    '2027-01-12T13:44:00.000Z',
    '2027-01-16T20:00:00.000Z',
    '2027-01-15T07:50:00.000Z',
    '2027-11-07T09:30:00.000Z',
  ])('seeded at %s, nothing is stamped later than the seeding instant', async (at) => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      const before = await stampedAfter(db, at);
      expect((await seedDemo(db, new FakeClock(at))).seeded).toBe(true);
      const after = await stampedAfter(db, at);
      const added = [...after]
        .filter(([k, n]) => n > (before.get(k) ?? 0))
        .map(([k, n]) => `${k}: ${n - (before.get(k) ?? 0)}`);
      expect(added).toEqual([]);
      expect(
        Number(
          (
            await db
              .selectFrom('appointments')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(8);
    } finally {
      await tdb.close();
    }
  });
});
