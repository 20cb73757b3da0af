import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/contracts/audit-actions';
import { appendAudit, verifyAuditChain } from '../../src/server/platform/audit';
import { AuditBatcher, auditBatcherOf, auditRead } from '../../src/server/platform/audit-batch';
import { FakeClock } from '../../src/server/platform/clock';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
const clock = new FakeClock();
const actor = (n: number) => ({ ip: '10.0.0.2', requestId: `req-${n}` });

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

const rows = () =>
  tdb.handle.db.selectFrom('audit_log').select(['request_id', 'action', 'outcome']).orderBy('seq').execute();

describe('audit entries of reads appended in groups (issue #23)', () => {
  it('concurrent reads share groups; every entry is stored once, in the order handed in, and the chain verifies', async () => {
    const db = tdb.handle.db;
    const batcher = auditBatcherOf(db);
    const groupsBefore = batcher.groups;
    // Interleaved with ordinary appends in their own transactions, as the server does.
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 50 === 49
          ? db
              .transaction()
              .execute((trx) =>
                appendAudit(trx, clock, actor(i), { action: 'test.write' as AuditAction, objectId: `w${i}` }),
              )
          : auditRead(db, clock, actor(i), { action: 'test.read' as AuditAction, objectId: `r${i}` }),
      ),
    );
    expect(new Set(ids).size).toBe(300);
    const stored = await rows();
    expect(stored).toHaveLength(300);
    // Each read's entry was stored once; the reads' entries keep the order they were handed in.
    const reads = stored.filter((r) => r.action === 'test.read').map((r) => Number(r.request_id?.slice(4)));
    expect(reads).toHaveLength(294);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    const groups = batcher.groups - groupsBefore;
    expect(groups).toBeGreaterThan(0);
    expect(groups).toBeLessThan(60); // 294 entries in far fewer transactions than entries
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 300 });
  });

  it('a group that fails is retried entry by entry: only the bad entry fails its request', async () => {
    const db = tdb.handle.db;
    const before = (await rows()).length;
    const batcher = new AuditBatcher(db);
    const good = (n: number) => ({
      id: crypto.randomUUID(),
      at: clock.now().toISOString(),
      actor_id: null,
      actor_role: null,
      patient_id: null,
      action: 'test.grouped',
      object_type: null,
      object_id: null,
      outcome: 'allowed',
      ip: null,
      request_id: `g-${n}`,
      emergency: 0,
      detail: null,
    });
    const dup = good(99);
    const results = await Promise.allSettled([
      batcher.add(good(1)),
      batcher.add(dup),
      batcher.add({ ...dup }), // the same id again: the database refuses it
      batcher.add(good(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await rows()).length).toBe(before + 3);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: before + 3 });
  });

  it('inside a caller’s transaction the entry goes with that transaction (rolled back with it)', async () => {
    const db = tdb.handle.db;
    const before = (await rows()).length;
    await expect(
      db.transaction().execute(async (trx) => {
        await auditRead(trx, clock, actor(1), { action: 'test.in_trx' as AuditAction });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await rows()).length).toBe(before);
  });
});
