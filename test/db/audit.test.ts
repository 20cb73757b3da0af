import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/contracts/audit-actions';
import { isPostgres } from '../../src/server/db/dialect';
import {
  type AuditRow,
  appendAudit,
  auditHash,
  ChainVerifier,
  verifyAuditChain,
} from '../../src/server/platform/audit';
import { FakeClock } from '../../src/server/platform/clock';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
const clock = new FakeClock();
const actor = { ip: '10.0.0.1', requestId: 'req-1' };

beforeAll(async () => {
  tdb = await createTestDatabase();
  for (let i = 0; i < 40; i++) {
    await tdb.handle.db.transaction().execute((trx) =>
      appendAudit(trx, clock, actor, {
        action: `test.action${i % 4}` as AuditAction,
        objectType: 'thing',
        objectId: `o${i}`,
        detail: { i },
      }),
    );
    clock.advance(1000);
  }
});
afterAll(async () => {
  await tdb.close();
});

describe('append-only audit log (S4)', () => {
  it('the database refuses UPDATE and DELETE', async () => {
    const db = tdb.handle.db;
    await expect(
      db.updateTable('audit_log').set({ action: 'tampered' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set outcome = 'allowed'`.execute(db)).rejects.toThrow(/append-only/);
    if (isPostgres(db)) await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: true, checked: 40 });
  });

  it('a write that rolls back leaves no audit entry (same transaction)', async () => {
    const db = tdb.handle.db;
    const before = (await verifyAuditChain(db)).checked;
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, clock, actor, { action: 'test.rolled_back' as AuditAction });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await verifyAuditChain(db);
    expect(after.ok).toBe(true);
    expect(after.checked).toBe(before);
  });

  it('hashes any text the same way the verifier does (on PostgreSQL the database computes the link)', async () => {
    const db = tdb.handle.db;
    const texts = ['Zoë · naïve façade', '患者の記録', '🙂 \\ " \' \n\t', 'a'.repeat(5000)];
    for (const t of texts) {
      await db.transaction().execute((trx) =>
        appendAudit(
          trx,
          clock,
          { ...actor, ip: t.slice(0, 40) },
          {
            action: 'test.text' as AuditAction,
            objectId: t.slice(0, 60),
            detail: { reason: t, nested: { list: [t, 1, null] } },
          },
        ),
      );
    }
    // Arbitrary printable text (PostgreSQL cannot store NUL, refused earlier by the API) in the detail.
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((x) => !x.includes('\u0000')),
        async (t) => {
          await db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, clock, actor, { action: 'test.text' as AuditAction, detail: { t } }),
            );
        },
      ),
      { numRuns: 25 },
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('concurrent writers keep one unbroken chain', async () => {
    const db = tdb.handle.db;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db
          .transaction()
          .execute((trx) =>
            appendAudit(trx, clock, actor, { action: 'test.concurrent' as AuditAction, objectId: `c${i}` }),
          ),
      ),
    );
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(true);
  });
});

describe('tamper detection on a copy', () => {
  let rows: AuditRow[];
  let head: { seq: number; hash: string; count: number };
  beforeAll(async () => {
    rows = (await tdb.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()) as AuditRow[];
    const h = await tdb.handle.db
      .selectFrom('chain_heads')
      .selectAll()
      .where('chain', '=', 'audit')
      .executeTakeFirstOrThrow();
    head = { seq: Number(h.seq), hash: h.hash, count: Number(h.count) };
  });
  const verify = (copy: AuditRow[], h = head) => {
    const v = new ChainVerifier();
    for (const r of copy) if (!v.push(r)) break;
    return v.finish(h);
  };

  it('a clean copy verifies (no false alarms)', () => {
    expect(verify(rows).ok).toBe(true);
  });

  const FIELDS = [
    'at',
    'actor_id',
    'actor_role',
    'patient_id',
    'action',
    'object_type',
    'object_id',
    'outcome',
    'ip',
    'request_id',
    'detail',
    'prev_hash',
    'hash',
  ] as const;
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('edit' as const),
      index: fc.nat(),
      field: fc.constantFrom(...FIELDS),
      value: fc.string({ minLength: 1, maxLength: 20 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), index: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), index: fc.nat(), rehash: fc.boolean() }),
    fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), index: fc.nat() }),
  );

  it('detects every one of many random edits, deletions, insertions and truncations', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const copy = rows.map((r) => ({ ...r }));
        const n = copy.length;
        if (m.kind === 'edit') {
          const i = m.index % n;
          const row = copy[i] as AuditRow;
          const old = String(row[m.field] ?? '');
          const value = m.value === old ? `${m.value}x` : m.value;
          (row as unknown as Record<string, unknown>)[m.field] = value;
        } else if (m.kind === 'delete') {
          copy.splice(m.index % n, 1);
        } else if (m.kind === 'insert') {
          // A forged entry, even one with a correct hash over its own contents, breaks the next link.
          const i = m.index % (n + 1);
          const prev = i === 0 ? '0'.repeat(64) : (copy[i - 1] as AuditRow).hash;
          const forged = {
            ...(copy[Math.min(i, n - 1)] as AuditRow),
            id: 'forged',
            action: 'forged',
            prev_hash: prev,
          };
          if (m.rehash) {
            const { seq: _s, hash: _h, ...f } = forged;
            forged.hash = auditHash(f);
          }
          copy.splice(i, 0, forged);
        } else if (m.kind === 'truncate') {
          copy.length = m.keep % n;
        } else {
          const i = m.index % (n - 1);
          const a = copy[i] as AuditRow;
          copy[i] = copy[i + 1] as AuditRow;
          copy[i + 1] = a;
        }
        const v = verify(copy);
        expect(v.ok).toBe(false);
        expect(v.firstBroken?.reason).toBeTruthy();
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('names the first broken entry in the real database, from the CLI verifier', async () => {
    const db = tdb.handle.db;
    // Simulate an attacker with direct database access: remove the guard, edit one entry.
    if (isPostgres(db)) {
      await sql.raw('alter table audit_log disable trigger audit_log_append_only').execute(db);
    } else {
      await sql.raw('drop trigger audit_log_no_update').execute(db);
    }
    const target = rows[10] as AuditRow;
    await db.updateTable('audit_log').set({ detail: '{"i":999}' }).where('seq', '=', target.seq).execute();
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toMatchObject({ seq: Number(target.seq), id: target.id });
    expect(verdict.checked).toBe(10);
  });
});
