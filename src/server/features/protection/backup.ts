import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import CipherSQLite from 'better-sqlite3-multiple-ciphers';
import { fsyncFile } from '../../db/encryption';
import { keyLiteral, openKeyed, openSqliteFile } from '../../db/sqlite-open';
import type { ChainHead, ChainReceipt } from './receipts';
import { schemaVersion, snapshotHeads, tableRows } from './snapshot-repository';

/**
 * Encrypted backups of the embedded database (issue #20, S16). A backup is one file:
 *
 *   LIMINAL-BACKUP/1\n<manifest, one line of JSON>\n<the database, SQLCipher 4 format>
 *
 * The database part is a consistent snapshot (SQLite's VACUUM INTO, a read transaction, so the app keeps
 * running) encrypted with LIMINAL_BACKUP_KEY, or LIMINAL_DB_KEY when there is no separate backup key. Its
 * plaintext never reaches the backup directory: a plaintext database is snapshotted inside DATA_DIR (where the
 * plaintext already is) and encrypted there. The manifest — time, schema version, rows per table, the audit and
 * ledger chain heads, the latest chain receipt, the database part's size and SHA-256 — is signed with an HMAC
 * from the backup key, so changing a byte of either part is caught before a restore replaces anything.
 */

export const BACKUP_MAGIC = 'LIMINAL-BACKUP/1';

export interface BackupManifest {
  kind: 'liminal-backup';
  version: 1;
  createdAt: string;
  engine: 'sqlite';
  schemaVersion: string | null;
  /** Which setting's key encrypts the database part; none: a plaintext backup (--plaintext). */
  key: 'LIMINAL_BACKUP_KEY' | 'LIMINAL_DB_KEY' | 'none';
  cipher: 'sqlcipher-4' | 'none';
  bytes: number;
  sha256: string;
  rowCounts: Record<string, number>;
  chains: { audit: ChainHead | null; ledger: ChainHead | null };
  receipt: ChainReceipt | null;
  /** HMAC-SHA256 of the rest, keyed with the backup key; null for a plaintext backup. */
  mac: string | null;
}

export class BackupError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

export interface BackupOptions {
  sqliteFile: string;
  /** Where the snapshot is made before it is encrypted: DATA_DIR. */
  workDir: string;
  target: string;
  dbKey?: string;
  backupKey?: string;
  plaintext?: boolean;
  receipt?: ChainReceipt | null;
  now?: Date;
}

const manifestMac = (key: string, m: Omit<BackupManifest, 'mac'>) =>
  createHmac('sha256', key)
    .update(`${BACKUP_MAGIC}\n${JSON.stringify(m)}`)
    .digest('hex');

/** Writes a backup; synchronous (SQLite's snapshot and the cipher are), so the server runs it in a worker thread. */
export function writeBackupSync(o: BackupOptions): { file: string; manifest: BackupManifest; ms: number } {
  const started = Date.now();
  const key = o.backupKey ?? o.dbKey;
  if (!key && !o.plaintext)
    throw new BackupError(
      'backups are encrypted: set LIMINAL_BACKUP_KEY (or LIMINAL_DB_KEY) to a key of 32+ random characters, or pass --plaintext for a copy that is not encrypted',
      'LIMINAL_BACKUP_KEY',
    );
  const target = path.resolve(o.target);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.mkdirSync(o.workDir, { recursive: true });
  const snapshot = path.join(o.workDir, `.backup-${randomBytes(6).toString('hex')}.db`);
  const partial = `${target}.partial`;
  try {
    // 1. A consistent snapshot, encrypted with the database's key when it has one.
    const src = openSqliteFile(o.sqliteFile, o.dbKey);
    try {
      src.pragma('busy_timeout = 10000');
      src.exec(`VACUUM INTO ${keyLiteral(snapshot)}`);
    } finally {
      src.close();
    }
    // 2. Under the backup's own key.
    if (key && key !== o.dbKey) rekeyFile(snapshot, o.dbKey, key);
    // 3. What it holds, read from the snapshot itself.
    const check = key ? openKeyed(snapshot, key, { readonly: true }) : openPlain(snapshot);
    let rows: Record<string, number>;
    let chains: BackupManifest['chains'];
    let version: string | null;
    try {
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new BackupError(`the snapshot failed its integrity check (${integrity})`);
      rows = tableRows(check);
      chains = snapshotHeads(check);
      version = schemaVersion(check);
    } finally {
      check.close();
    }
    const { bytes, sha256 } = digestFile(snapshot);
    const body: Omit<BackupManifest, 'mac'> = {
      kind: 'liminal-backup',
      version: 1,
      createdAt: (o.now ?? new Date()).toISOString(),
      engine: 'sqlite',
      schemaVersion: version,
      key: !key ? 'none' : o.backupKey ? 'LIMINAL_BACKUP_KEY' : 'LIMINAL_DB_KEY',
      cipher: key ? 'sqlcipher-4' : 'none',
      bytes,
      sha256,
      rowCounts: rows,
      chains,
      receipt: o.receipt ?? null,
    };
    const manifest: BackupManifest = { ...body, mac: key ? manifestMac(key, body) : null };
    // 4. One file, written beside the target and renamed into place once synced.
    const fd = fs.openSync(partial, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`);
      copyInto(snapshot, fd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
    fsyncFile(path.dirname(target));
    return { file: target, manifest, ms: Date.now() - started };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    for (const f of [snapshot, `${snapshot}-journal`, `${snapshot}-wal`, `${snapshot}-shm`])
      fs.rmSync(f, { force: true });
  }
}

function openPlain(file: string): SQLite.Database {
  return openSqliteFile(file);
}

/** Re-encrypts a standalone database file (rollback-journal mode) from one key (none: plaintext) to another. */
function rekeyFile(file: string, from: string | undefined, to: string): void {
  const db = from ? openKeyed(file, from) : (new CipherSQLite(file) as unknown as SQLite.Database);
  try {
    if (!from) {
      db.pragma("cipher = 'sqlcipher'");
      db.pragma('legacy = 4');
    }
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey = ${keyLiteral(to)}`);
  } finally {
    db.close();
  }
}

function digestFile(file: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

function copyInto(file: string, out: number): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      fs.writeSync(out, buf, 0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

// ── Reading a backup ──

export interface OpenedBackup {
  manifest: BackupManifest;
  /** Byte offset of the database part. */
  offset: number;
  /** The setting whose key verified the manifest (none: a plaintext backup). */
  keyName: 'LIMINAL_BACKUP_KEY' | 'LIMINAL_DB_KEY' | 'none';
  key?: string;
}

/** Reads the header and authenticates the manifest with whichever configured key signed it. */
export function openBackup(file: string, keys: { backupKey?: string; dbKey?: string }): OpenedBackup {
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  const fd = fs.openSync(file, 'r');
  // The manifest is a few kilobytes: read 64 KiB, more only if its line has not ended (at most 4 MiB).
  let head = Buffer.alloc(0);
  let first = -1;
  let second = -1;
  try {
    const size = fs.fstatSync(fd).size;
    for (let want = 64 << 10; ; want *= 4) {
      head = Buffer.alloc(Math.min(size, want));
      fs.readSync(fd, head, 0, head.length, 0);
      first = head.indexOf(10);
      second = first < 0 ? -1 : head.indexOf(10, first + 1);
      if (second >= 0 || head.length >= Math.min(size, 4 << 20)) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (first < 0 || second < 0 || head.subarray(0, first).toString('latin1') !== BACKUP_MAGIC)
    throw new BackupError(`${file} is not a Liminal backup (no "${BACKUP_MAGIC}" header)`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(head.subarray(first + 1, second).toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${file}'s manifest is damaged (not JSON)`);
  }
  const offset = second + 1;
  if (manifest.key === 'none') return { manifest, offset, keyName: 'none' };
  const { mac, ...body } = manifest;
  const candidates: [OpenedBackup['keyName'], string | undefined][] = [
    ['LIMINAL_BACKUP_KEY', keys.backupKey],
    ['LIMINAL_DB_KEY', keys.dbKey],
  ];
  for (const [name, key] of candidates) {
    if (!key || typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) continue;
    if (timingSafeEqual(Buffer.from(manifestMac(key, body), 'hex'), Buffer.from(mac, 'hex')))
      return { manifest, offset, keyName: name, key };
  }
  throw new BackupError(
    `${file}'s manifest does not verify with ${manifest.key === 'LIMINAL_BACKUP_KEY' ? 'LIMINAL_BACKUP_KEY' : 'LIMINAL_DB_KEY'}: the key is wrong, or the manifest was altered`,
    manifest.key,
  );
}

/** Writes the database part to `out` and checks its size and SHA-256 against the manifest. */
export function extractDatabase(file: string, opened: OpenedBackup, out: string): void {
  const hash = createHash('sha256');
  const src = fs.openSync(file, 'r');
  const dst = fs.openSync(out, 'wx', 0o600);
  const buf = Buffer.alloc(1 << 20);
  let pos = opened.offset;
  let bytes = 0;
  try {
    for (;;) {
      const n = fs.readSync(src, buf, 0, buf.length, pos);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      fs.writeSync(dst, buf, 0, n);
      pos += n;
      bytes += n;
    }
    fs.fsyncSync(dst);
  } finally {
    fs.closeSync(src);
    fs.closeSync(dst);
  }
  const sha256 = hash.digest('hex');
  if (bytes !== opened.manifest.bytes || sha256 !== opened.manifest.sha256)
    throw new BackupError(
      `the database part does not match the manifest's checksum (${bytes} bytes, SHA-256 ${sha256.slice(0, 12)}…; expected ${opened.manifest.bytes} bytes, ${opened.manifest.sha256.slice(0, 12)}…): the backup was altered or damaged`,
    );
}

/** For the restore: re-encrypts the restored file under the installation's key (none: plaintext). */
export function rekeyRestored(file: string, from: string | undefined, to: string | undefined): void {
  if (from === to) return;
  if (to) {
    rekeyFile(file, from, to);
    return;
  }
  const db = from ? openKeyed(file, from) : openPlain(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma("rekey = ''");
  } finally {
    db.close();
  }
}
