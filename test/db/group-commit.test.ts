import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connection';
import { migrateToLatest } from '../../src/server/db/migrate';
import { appendAudit, verifyAuditChain } from '../../src/server/platform/audit';
import { SYSTEM_META } from '../../src/server/platform/auth-context';
import { systemClock } from '../../src/server/platform/clock';
import { testEngine } from '../support/db';

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
              appendAudit(trx, systemClock, SYSTEM_META, { action: 'test.write', detail: { i } }),
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

  it('leaves other connections (CLI, tests) at synchronous=FULL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-gc-'));
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'x.db') });
    expect(h.sqlite?.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(h.durable).toBeUndefined();
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
