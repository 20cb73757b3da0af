import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import CipherSQLite from 'better-sqlite3-multiple-ciphers';
import { keyLiteral, openKeyed, sqliteFileKind } from './sqlite-open';

/**
 * Encrypting a plaintext database and rotating the key, in place and crash-safe (issue #20): the work is done on a
 * copy beside the database, the copy is verified (integrity check, the same rows in every table) and synced, and
 * only then renamed over the original, one atomic step. A crash (kill -9, power loss) before the rename leaves the
 * original as it was; after it, the new file. A copy left by a crash is removed by the next run.
 *
 * Both need the app stopped: the database is opened with an exclusive lock first, which fails while another
 * process has it open.
 */

export class DatabaseInUseError extends Error {}

export type InPlaceStep = 'locked' | 'copied' | 'keyed' | 'verified' | 'sidecars-removed' | 'swapped';

/** The crash test (test/db/encryption-crash.test.ts) kills the process at a named step through this variable. */
function reached(step: InPlaceStep): void {
  if (process.env.LIMINAL_TEST_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}

export interface InPlaceResult {
  tables: number;
  rows: number;
  ms: number;
}

export function encryptInPlace(file: string, key: string): InPlaceResult {
  const kind = sqliteFileKind(file);
  if (kind === 'encrypted')
    throw new Error(`${file} is already encrypted (use "liminal db rekey" to change its key)`);
  if (kind !== 'plaintext') throw new Error(`no database at ${file}`);
  return inPlace(file, {
    open: (f) => new SQLite(f),
    prepareCopy: (copy) => {
      const db = new CipherSQLite(copy) as unknown as SQLite.Database;
      try {
        db.pragma("cipher = 'sqlcipher'");
        db.pragma('legacy = 4');
        db.pragma(`rekey = ${keyLiteral(key)}`);
      } finally {
        db.close();
      }
    },
    verify: (f) => openKeyed(f, key, { readonly: true }),
  });
}

export function rekeyInPlace(file: string, oldKey: string, newKey: string): InPlaceResult {
  if (oldKey === newKey) throw new Error('the new key is the same as the current one');
  if (sqliteFileKind(file) !== 'encrypted')
    throw new Error(`${file} is not encrypted (use "liminal db encrypt")`);
  return inPlace(file, {
    open: (f) => openKeyed(f, oldKey),
    prepareCopy: (copy) => {
      const db = openKeyed(copy, oldKey);
      try {
        db.pragma(`rekey = ${keyLiteral(newKey)}`);
      } finally {
        db.close();
      }
    },
    verify: (f) => openKeyed(f, newKey, { readonly: true }),
  });
}

function inPlace(
  file: string,
  how: {
    open: (file: string) => SQLite.Database;
    prepareCopy: (copy: string) => void;
    verify: (file: string) => SQLite.Database;
  },
): InPlaceResult {
  const started = Date.now();
  const copy = `${file}.rewriting`;
  for (const f of [copy, `${copy}-journal`, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });

  // 1. Exclusive: nobody else has it open. Fold the WAL into the file and leave rollback-journal mode, so the
  //    file alone is the whole database (the app turns WAL back on when it opens it).
  const live = how.open(file);
  let before: Map<string, number>;
  try {
    live.pragma('busy_timeout = 0');
    live.pragma('locking_mode = EXCLUSIVE');
    try {
      live.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        throw new DatabaseInUseError(`${file} is in use: stop Liminal first`);
      throw err;
    }
    live.pragma('wal_checkpoint(TRUNCATE)');
    live.pragma('journal_mode = DELETE');
    before = rowCounts(live);
  } finally {
    live.close();
  }
  reached('locked');

  // 2. Work on a copy.
  fs.copyFileSync(file, copy);
  reached('copied');
  how.prepareCopy(copy);
  reached('keyed');

  // 3. Verify the copy opens with the new key, is intact, and holds the same rows; then make it durable.
  const check = how.verify(copy);
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the rewritten copy failed its integrity check (${integrity})`);
    const after = rowCounts(check);
    for (const [table, n] of before)
      if (after.get(table) !== n)
        throw new Error(`the rewritten copy lost rows in ${table} (${after.get(table)} of ${n})`);
  } finally {
    check.close();
  }
  fsyncFile(copy);
  reached('verified');

  // 4. Swap: the old WAL and shared-memory files (empty after the checkpoint) would not fit the new file.
  for (const f of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  reached('sidecars-removed');
  fs.renameSync(copy, file);
  fsyncFile(path.dirname(file));
  reached('swapped');
  return {
    tables: before.size,
    rows: [...before.values()].reduce((a, b) => a + b, 0),
    ms: Date.now() - started,
  };
}

/** Rows per table, for comparing a copy with its original. */
export function rowCounts(db: SQLite.Database): Map<string, number> {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((t) => [
      t,
      Number(
        db
          .prepare(`select count(*) from "${t.replaceAll('"', '""')}"`)
          .pluck()
          .get(),
      ),
    ]),
  );
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
