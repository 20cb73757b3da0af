import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connect } from '../../db/connection';
import { DatabaseInUseError, fsyncFile } from '../../db/encryption';
import { openKeyed, openSqliteFile, sqliteFileKind } from '../../db/sqlite-open';
import { verifyAuditChain } from '../../platform/audit';
import { verifyLedger } from '../ledger';
import { type BackupManifest, extractDatabase, openBackup, rekeyRestored } from './backup';
import { checkReceipt } from './receipts';
import { schemaVersion, snapshotHeads, tableRows } from './snapshot-repository';

/**
 * `liminal restore` (issue #20): every check runs on a copy of the backup's database inside DATA_DIR before the
 * installation's database is touched — the key opens the manifest, the database part matches its checksum,
 * SQLite's integrity check, the rows per table, both hash chains verify end to end and end at the manifest's
 * heads (and hold its receipt's heads). Only then is the copy put under the installation's key and renamed over
 * the database, the previous file kept beside it. `dryRun` does every check and replaces nothing.
 */

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RestoreReport {
  ok: boolean;
  checks: RestoreCheck[];
  manifest?: BackupManifest;
  restored: boolean;
  /** Where the database it replaced was moved. */
  previous?: string;
}

export interface RestoreOptions {
  file: string;
  sqliteFile: string;
  dbKey?: string;
  backupKey?: string;
  dryRun?: boolean;
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreReport> {
  const checks: RestoreCheck[] = [];
  const fail = (name: string, detail: string): RestoreReport => {
    checks.push({ name, ok: false, detail });
    return { ok: false, checks, restored: false };
  };
  let opened: ReturnType<typeof openBackup>;
  try {
    opened = openBackup(o.file, { backupKey: o.backupKey, dbKey: o.dbKey });
  } catch (err) {
    return fail('key and manifest', (err as Error).message);
  }
  const { manifest } = opened;
  checks.push({
    name: 'key and manifest',
    ok: true,
    detail:
      opened.keyName === 'none'
        ? 'a plaintext backup: its manifest is not signed'
        : `the manifest is signed with ${opened.keyName}`,
  });

  const dir = path.dirname(o.sqliteFile);
  fs.mkdirSync(dir, { recursive: true });
  const work = path.join(dir, `.restoring-${randomBytes(6).toString('hex')}.db`);
  const cleanup = () => {
    for (const f of [work, `${work}-journal`, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
  };
  try {
    try {
      extractDatabase(o.file, opened, work);
    } catch (err) {
      return fail('checksum', (err as Error).message);
    }
    checks.push({
      name: 'checksum',
      ok: true,
      detail: `${manifest.bytes} bytes, SHA-256 matches the manifest`,
    });

    // Integrity, rows and heads, read from the copy.
    let db: ReturnType<typeof openSqliteFile>;
    try {
      db = opened.key ? openKeyed(work, opened.key, { readonly: true }) : openSqliteFile(work);
    } catch (err) {
      return fail('key opens the database', (err as Error).message);
    }
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') return fail('integrity check', String(integrity));
      checks.push({ name: 'integrity check', ok: true, detail: 'ok' });
      const rows = tableRows(db);
      const diff = Object.keys({ ...rows, ...manifest.rowCounts }).filter(
        (t) => rows[t] !== manifest.rowCounts[t],
      );
      if (diff.length)
        return fail(
          'rows per table',
          `${diff.length} table(s) differ from the manifest: ${diff
            .slice(0, 5)
            .map((t) => `${t} ${rows[t] ?? 'missing'} (manifest ${manifest.rowCounts[t] ?? 'missing'})`)
            .join(', ')}`,
        );
      const total = Object.values(rows).reduce((a, b) => a + b, 0);
      checks.push({
        name: 'rows per table',
        ok: true,
        detail: `${Object.keys(rows).length} tables, ${total} rows, as the manifest says`,
      });
      const heads = snapshotHeads(db);
      if (JSON.stringify(heads) !== JSON.stringify(manifest.chains))
        return fail('chain heads', "the database's recorded chain heads differ from the manifest's");
      if (schemaVersion(db) !== manifest.schemaVersion)
        return fail(
          'schema version',
          `the database is at ${schemaVersion(db)}, the manifest says ${manifest.schemaVersion}`,
        );
    } finally {
      db.close();
    }

    // Both chains, entry by entry, through the app's own verifiers.
    const h = connect({
      engine: 'sqlite',
      sqliteFile: work,
      ...(opened.key ? { sqliteKey: opened.key } : {}),
    });
    try {
      const audit = await verifyAuditChain(h.db);
      if (!audit.ok)
        return fail(
          'audit chain',
          `broken at seq ${audit.firstBroken?.seq ?? '?'}: ${audit.firstBroken?.reason}`,
        );
      if (manifest.chains.audit && audit.head !== manifest.chains.audit.hash)
        return fail('audit chain', "the chain does not end at the manifest's head");
      checks.push({
        name: 'audit chain',
        ok: true,
        detail: `${audit.checked} entries verify, head as in the manifest`,
      });
      const ledger = await verifyLedger(h.db);
      if (!ledger.ok)
        return fail(
          'ledger chain',
          `broken: ${ledger.firstBroken?.reason ?? 'balances differ from the events'}`,
        );
      if (manifest.chains.ledger && ledger.head !== manifest.chains.ledger.hash)
        return fail('ledger chain', "the chain does not end at the manifest's head");
      checks.push({
        name: 'ledger chain',
        ok: true,
        detail: `${ledger.checked} entries verify, balances equal their events, head as in the manifest`,
      });
      if (manifest.receipt) {
        for (const chain of ['audit', 'ledger'] as const) {
          const r = await checkReceipt(h.db, manifest.receipt, chain);
          if (!r.ok) return fail('chain receipt', r.reason ?? 'does not match');
        }
        checks.push({
          name: 'chain receipt',
          ok: true,
          detail: `holds the heads of the receipt of ${manifest.receipt.at}`,
        });
      }
    } finally {
      await h.close();
    }
    // The verifiers' connection put the copy in WAL mode: fold it back into the one file.
    const fold = opened.key ? openKeyed(work, opened.key) : openSqliteFile(work);
    try {
      fold.pragma('wal_checkpoint(TRUNCATE)');
      fold.pragma('journal_mode = DELETE');
    } finally {
      fold.close();
    }

    if (o.dryRun) return { ok: true, checks, manifest, restored: false };

    // Replace: under the installation's key, then swapped in; the previous database kept beside it.
    rekeyRestored(work, opened.key, o.dbKey);
    const verify = o.dbKey ? openKeyed(work, o.dbKey, { readonly: true }) : openSqliteFile(work);
    try {
      if (verify.pragma('integrity_check', { simple: true }) !== 'ok')
        return fail('re-encrypted copy', 'failed its integrity check');
    } finally {
      verify.close();
    }
    checks.push({
      name: 'installation key',
      ok: true,
      detail: o.dbKey ? 'encrypted with LIMINAL_DB_KEY' : 'plaintext (no LIMINAL_DB_KEY is set)',
    });
    fsyncFile(work);
    let previous: string | undefined;
    if (sqliteFileKind(o.sqliteFile) !== 'missing') {
      assertNotInUse(o.sqliteFile, o.dbKey);
      previous = `${o.sqliteFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(o.sqliteFile, previous);
      for (const s of ['-wal', '-shm'])
        if (fs.existsSync(o.sqliteFile + s)) fs.renameSync(o.sqliteFile + s, previous + s);
    }
    fs.renameSync(work, o.sqliteFile);
    fsyncFile(dir);
    return { ok: true, checks, manifest, restored: true, ...(previous ? { previous } : {}) };
  } finally {
    cleanup();
  }
}

/** The database must not be open in a running app while it is replaced. */
function assertNotInUse(file: string, key: string | undefined): void {
  let db: ReturnType<typeof openSqliteFile>;
  try {
    db = openSqliteFile(file, key);
  } catch {
    return; // a file the installation's key does not open is not in use by this installation
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new DatabaseInUseError(`${file} is in use: stop Liminal before restoring`);
    throw err;
  } finally {
    db.close();
  }
}
