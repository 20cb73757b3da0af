import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import CipherSQLite from 'better-sqlite3-multiple-ciphers';

/**
 * Opening the embedded database, plaintext or encrypted (issue #20, S19).
 *
 * With a key, the database and its WAL are encrypted page by page by SQLite3 Multiple Ciphers (the
 * better-sqlite3-multiple-ciphers driver, the same release as better-sqlite3) in SQLCipher 4 format
 * (`cipher=sqlcipher`, `legacy=4`: AES-256-CBC, HMAC-SHA512, PBKDF2-SHA512 with 256,000 iterations), so the files
 * open in the standard `sqlcipher` shell with `PRAGMA key = '<the key>'`. Without a key the plain better-sqlite3
 * driver opens it. Each way refuses the other kind of file before touching it, so a wrong or missing key
 * changes nothing on disk.
 */
export class DatabaseKeyError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** plaintext: an SQLite header; encrypted: anything else; empty: a new or empty file. */
export function sqliteFileKind(file: string): 'missing' | 'empty' | 'plaintext' | 'encrypted' {
  if (file === ':memory:' || !fs.existsSync(file)) return 'missing';
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n === 0) return 'empty';
    return n === 16 && head.equals(SQLITE_HEADER) ? 'plaintext' : 'encrypted';
  } finally {
    fs.closeSync(fd);
  }
}

/** The pragma string literal for a key: single quotes doubled. */
export const keyLiteral = (key: string) => `'${key.replaceAll("'", "''")}'`;

/** Opens `file` with the cipher settings and key, and proves the key by reading the schema. */
export function openKeyed(file: string, key: string, { readonly = false } = {}): SQLite.Database {
  const db = new CipherSQLite(file, { readonly }) as unknown as SQLite.Database;
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`key = ${keyLiteral(key)}`);
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens the database file for the app: plaintext without a key, encrypted with one. A new file given a key is
 * encrypted from its first byte. `variable` names the setting the key came from, for the error message.
 */
export function openSqliteFile(file: string, key?: string, variable = 'LIMINAL_DB_KEY'): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const kind = sqliteFileKind(file);
  if (!key) {
    if (kind === 'encrypted')
      throw new DatabaseKeyError(
        variable,
        `${file} is encrypted: set ${variable} (or ${variable}_FILE) to the key it was encrypted with`,
      );
    return new SQLite(file);
  }
  if (kind === 'plaintext')
    throw new DatabaseKeyError(
      variable,
      `${variable} is set but ${file} is not encrypted: run "liminal db encrypt" to encrypt it with this key, or unset ${variable}`,
    );
  try {
    return openKeyed(file, key);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB')
      throw new DatabaseKeyError(
        variable,
        `${variable} does not open ${file}: the key is wrong (nothing was changed on disk)`,
      );
    throw err;
  }
}
