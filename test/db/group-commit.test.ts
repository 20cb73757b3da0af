import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/contracts/audit-actions';
import { loadConfig } from '../../src/server/config';
import { connect, openSqlite, withStatementCache } from '../../src/server/db/connection';
import { WalGroupCommit } from '../../src/server/db/group-commit';
import { migrateToLatest } from '../../src/server/db/migrate';
import type { Database } from '../../src/server/db/schema';
import { appendAudit, verifyAuditChain } from '../../src/server/platform/audit';
import { auditRead } from '../../src/server/platform/audit-batch';
import { SYSTEM_META } from '../../src/server/platform/auth-context';
import { systemClock } from '../../src/server/platform/clock';
import { createTestDatabase, testEngine } from '../support/db';

// The server's SQLite connection commits with synchronous=NORMAL and syncs the WAL once per group of commits
// before answering (src/server/db/group-commit.ts, issue #8). SQLite only.
describe.skipIf(testEngine() !== 'sqlite')('SQLite group commit', () => {
  it('commits without waiting, and durable() resolves once a sync covers every earlier commit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'x.db'), groupCommit: true });
    try {
      await migrateToLatest(h.db);
      expect(h.sqlite?.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(h.durable).toBeTypeOf('function');
      // Many concurrent audited writes, each answered only after durable(): all land, the chain verifies.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          h.db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, systemClock, SYSTEM_META, {
                action: 'test.write' as AuditAction,
                detail: { i },
              }),
            )
            .then(() => (h.durable as () => Promise<void>)()),
        ),
      );
      const verdict = await verifyAuditChain(h.db);
      expect(verdict).toMatchObject({ ok: true, checked: 40 });
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sizes the server connection’s page cache from SQLITE_CACHE_MB (64 MiB by default; issue #23)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
    const file = path.join(dir, 'x.db');
    const plain = connect({ engine: 'sqlite', sqliteFile: file, groupCommit: true });
    const small = connect({ engine: 'sqlite', sqliteFile: file, groupCommit: true, sqliteCacheMb: 16 });
    try {
      // A negative cache_size is KiB.
      expect(plain.sqlite?.pragma('cache_size', { simple: true })).toBe(-65536);
      expect(small.sqlite?.pragma('cache_size', { simple: true })).toBe(-16384);
    } finally {
      await plain.close();
      await small.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const env = { LIMINAL_SECRET_KEY: 'k'.repeat(10).concat('abcdefghijklmnopqrstuvwxyz0123456789') };
    expect(loadConfig({ ...env }).SQLITE_CACHE_MB).toBe(64);
    expect(loadConfig({ ...env, SQLITE_CACHE_MB: '24' }).SQLITE_CACHE_MB).toBe(24);
    expect(() => loadConfig({ ...env, SQLITE_CACHE_MB: '1' })).toThrow(/SQLITE_CACHE_MB/);
  });

  it('syncs after a transaction commits (COMMIT counts as a read-only statement to SQLite)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
    const sqlite = openSqlite(path.join(dir, 'x.db'));
    sqlite.pragma('synchronous = NORMAL');
    const group = new WalGroupCommit(sqlite);
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, 100, group) }),
    });
    try {
      await migrateToLatest(db);
      await group.durable();
      const before = group.fsyncs;
      await group.durable();
      expect(group.fsyncs).toBe(before); // nothing committed since: no sync
      await db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, systemClock, SYSTEM_META, { action: 'test.write' as AuditAction }),
        );
      await group.durable();
      expect(group.fsyncs).toBe(before + 1);
      await db.selectFrom('audit_log').selectAll().execute(); // a read commits nothing
      await group.durable();
      expect(group.fsyncs).toBe(before + 1);
      await db
        .insertInto('settings')
        .values({ key: 'k', value: 'v', updated_by: null, updated_at: '2026-01-01T00:00:00.000Z' })
        .execute();
      await group.durable(); // a write outside a transaction is a commit too
      expect(group.fsyncs).toBe(before + 2);
    } finally {
      await db.destroy();
      await group.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Encrypted (issue #20): the checkpoint worker opens the file with the same cipher settings and key.
  it.each([
    ['plaintext', undefined],
    ['encrypted', 'gc-key-Hotel-3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88'],
  ])(
    'checkpoints in a worker thread instead of inside a commit, keeping the WAL bounded (%s)',
    async (_kind, key) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
      const file = path.join(dir, 'x.db');
      const k = key ? { sqliteKey: key } : {};
      const h = connect({ engine: 'sqlite', sqliteFile: file, groupCommit: true, ...k });
      try {
        await migrateToLatest(h.db);
        // No automatic checkpoint inside a commit on the server's connection...
        expect(h.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
        // ...yet thousands of commits do not grow the WAL without bound: the background checkpoints let it restart.
        // (Without any checkpoint, 3,000 audited commits write ~85 MB of WAL frames here.)
        for (let i = 0; i < 3000; i++) {
          await h.db.transaction().execute((trx) =>
            appendAudit(trx, systemClock, SYSTEM_META, {
              action: 'test.write' as AuditAction,
              detail: { i },
            }),
          );
          if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5)); // let the worker's reply arrive
        }
        await (h.durable as () => Promise<void>)();
        expect(fs.statSync(`${file}-wal`).size).toBeLessThan(50 * 1024 * 1024);
        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, checked: 3000 });
      } finally {
        await h.close();
      }
      // Closed cleanly: the worker's connection is gone, and the last close folded the WAL into the database.
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      if (key) expect(fs.readFileSync(file).includes('test.write')).toBe(false);
      const again = connect({ engine: 'sqlite', sqliteFile: file, ...k });
      expect(
        Number(
          (
            await again.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(3000);
      await again.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );

  it('leaves other connections (CLI, tests) at synchronous=FULL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'x.db') });
    expect(h.sqlite?.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(h.durable).toBeUndefined();
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// The server's PostgreSQL pool commits with synchronous_commit=off and flushes the WAL once per group of
// commits before answering (PgGroupFlush in src/server/db/group-commit.ts). PostgreSQL only.
describe.skipIf(testEngine() !== 'postgres')('PostgreSQL group flush', () => {
  it('commits without waiting for the flush, and durable() flushes once for every commit before it', async () => {
    const tdb = await createTestDatabase();
    const h = connect({ engine: 'postgres', databaseUrl: tdb.location, poolSize: 4, groupCommit: true });
    try {
      const setting = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(h.db);
      expect(setting.rows[0]?.synchronous_commit).toBe('off');
      const syncs = h.syncs as () => number;
      const durable = h.durable as () => Promise<void>;
      await durable();
      const before = syncs();
      await h.db.selectFrom('audit_log').selectAll().execute(); // a read outside a transaction commits nothing
      await durable();
      expect(syncs()).toBe(before);
      await h.db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, systemClock, SYSTEM_META, { action: 'test.write' as AuditAction }),
        );
      await durable();
      expect(syncs()).toBe(before + 1);
      // An entry appended by a statement of its own, outside a transaction (a change stored in one statement,
      // a group of reads' entries: audit-batch.ts), is a commit too, although the statement starts with SELECT.
      await appendAudit(h.db, systemClock, SYSTEM_META, { action: 'test.write' as AuditAction });
      await durable();
      expect(syncs()).toBe(before + 2);
      await Promise.all(
        [1, 2, 3].map((i) =>
          auditRead(h.db, systemClock, SYSTEM_META, { action: 'test.write' as AuditAction, detail: { i } }),
        ),
      );
      await durable();
      expect(syncs()).toBe(before + 3);
      // Concurrent audited writes, each answered after durable(): at most one flush each (they share one when
      // they commit while a flush is under way), all land, the chain verifies.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          h.db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, systemClock, SYSTEM_META, {
                action: 'test.write' as AuditAction,
                detail: { i },
              }),
            )
            .then(durable),
        ),
      );
      expect(syncs() - before).toBeLessThanOrEqual(43);
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, checked: 45 });
    } finally {
      await h.close();
      await tdb.close();
    }
  });

  it('leaves other connections (CLI, tests) at synchronous_commit=on', async () => {
    const tdb = await createTestDatabase();
    try {
      const setting = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(
        tdb.handle.db,
      );
      expect(setting.rows[0]?.synchronous_commit).toBe('on');
      expect(tdb.handle.durable).toBeUndefined();
    } finally {
      await tdb.close();
    }
  });
});
