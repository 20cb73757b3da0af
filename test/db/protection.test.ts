import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditAction } from '../../src/contracts/audit-actions';
import { type ConfigError, loadConfig } from '../../src/server/config';
import { connect } from '../../src/server/db/connection';
import { sqliteFileKind } from '../../src/server/db/sqlite-open';
import { appendAudit } from '../../src/server/platform/audit';
import { systemClock } from '../../src/server/platform/clock';
import { buildTestApp, type TestApp } from '../support/app';
import { liminalCommand } from '../support/cli';
import { testEngine } from '../support/db';
import { registerSecret } from '../support/secrets';

/**
 * Data protection (issue #20; SECURITY.md S16, S19, S20): the embedded database encrypted at rest, wrong and
 * missing keys, encrypt and rekey in place (with kill -9 at every step), encrypted backups and restore drills,
 * tampered backups refused, and chain receipts that catch a cut or rewritten chain.
 */
const run = promisify(execFile);
const CLI = liminalCommand();
const KEY = 'k3y-Alpha-7f9c2e41b8d05a6e3c1f9b7d2a8e4c60';
const KEY2 = 'k3y-Bravo-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const BACKUP_KEY = 'bkp-Charlie-9e8d7c6b5a493827160f1e2d3c4b5a69';
const SECRET = 'protection-test-secret-'.padEnd(44, 'p');
registerSecret(KEY);
registerSecret(KEY2);
registerSecret(BACKUP_KEY);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', LIMINAL_SECRET_KEY: SECRET, ...env },
      cwd: process.cwd(),
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number | string; stdout: string; stderr: string; signal?: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, signal: e.signal };
  }
}

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), `lim-${p}-`));
const bytesOf = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
const holds = (buf: Buffer, s: string) =>
  buf.includes(Buffer.from(s, 'utf8')) || buf.includes(Buffer.from(s, 'utf16le'));
const sqliteOnly = testEngine() === 'sqlite' ? describe : describe.skip;
// Each test drives the command line (a process per command) against a whole demo clinic.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

// The demo clinic, seeded once; each test works on its own copy.
let seeded: string | undefined;
async function seededDir() {
  if (!seeded) {
    seeded = tmp('seed');
    const r = await cli(['seed', '--demo'], { DATA_DIR: seeded });
    expect(r.code, r.stderr).toBe(0);
  }
  const dir = tmp('data');
  fs.copyFileSync(path.join(seeded, 'liminal.db'), path.join(dir, 'liminal.db'));
  return dir;
}

/** encryptInPlace in a process of its own (no app start-up), killed at `step`. */
async function encryptChild(file: string, step: string) {
  try {
    await run(process.execPath, ['--import', 'tsx', 'test/support/encrypt-child.ts', file, KEY], {
      env: { ...process.env, LIMINAL_TEST_CRASH_AT: step },
      cwd: process.cwd(),
    });
    return { signal: null };
  } catch (err) {
    return { signal: (err as { signal?: string }).signal ?? null };
  }
}

async function counts(file: string, key?: string) {
  const h = connect({ engine: 'sqlite', sqliteFile: file, ...(key ? { sqliteKey: key } : {}) });
  try {
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      h.db,
    );
    const out: Record<string, number> = {};
    for (const { name } of tables.rows)
      out[name] = Number(
        (await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(h.db)).rows[0]?.n,
      );
    const heads = await sql<{
      chain: string;
      hash: string;
    }>`select chain, hash from chain_heads order by chain`.execute(h.db);
    return { rows: out, heads: heads.rows };
  } finally {
    await h.close();
  }
}

describe('configuration of keys and PostgreSQL TLS', () => {
  const base = { LIMINAL_SECRET_KEY: SECRET };
  const issue = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return null;
    } catch (err) {
      return (err as ConfigError).issues;
    }
  };
  it('a short or patterned key is refused naming the variable; a good one is taken; a key file works', () => {
    expect(issue({ LIMINAL_DB_KEY: 'short' })?.[0]?.variable).toBe('LIMINAL_DB_KEY');
    expect(issue({ LIMINAL_DB_KEY: 'ab'.repeat(20) })?.[0]?.message).toMatch(/does not look random/);
    expect(issue({ LIMINAL_BACKUP_KEY: 'x'.repeat(40) })?.[0]?.variable).toBe('LIMINAL_BACKUP_KEY');
    expect(loadConfig({ ...base, LIMINAL_DB_KEY: KEY }).dbKey).toBe(KEY);
    const f = path.join(tmp('key'), 'db.key');
    fs.writeFileSync(f, `${KEY}\n`);
    expect(loadConfig({ ...base, LIMINAL_DB_KEY_FILE: f }).dbKey).toBe(KEY);
    expect(issue({ LIMINAL_DB_KEY_FILE: '/nonexistent/key' })?.[0]?.variable).toBe('LIMINAL_DB_KEY_FILE');
    expect(issue({ LIMINAL_DB_KEY: KEY, LIMINAL_DB_KEY_FILE: f })?.[0]?.variable).toBe('LIMINAL_DB_KEY_FILE');
  });

  it('a remote PostgreSQL without TLS is refused unless allowed; loopback, a Unix socket and sslmode=require are fine', () => {
    const remote = 'postgres://app@db.clinic.example:5432/liminal';
    expect(issue({ DATABASE_URL: remote })?.[0]).toMatchObject({ variable: 'DATABASE_URL' });
    expect(issue({ DATABASE_URL: remote })?.[0]?.message).toMatch(/without TLS/);
    expect(issue({ DATABASE_URL: `${remote}?sslmode=require` })).toBeNull();
    expect(issue({ DATABASE_URL: `${remote}?sslmode=disable` })).not.toBeNull();
    expect(issue({ DATABASE_URL: remote, DATABASE_ALLOW_INSECURE: 'true' })).toBeNull();
    expect(issue({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' })).toBeNull();
    expect(issue({ DATABASE_URL: 'postgres://postgres@localhost/x' })).toBeNull();
    expect(issue({ DATABASE_URL: 'postgres://postgres@[::1]:5432/x' })).toBeNull();
    // The host parameter wins over the URL's host: a Unix socket's folder is this machine, another name is not.
    expect(issue({ DATABASE_URL: 'postgres://postgres@localhost/x?host=/var/run/postgresql' })).toBeNull();
    expect(
      issue({ DATABASE_URL: 'postgres://postgres@localhost/x?host=db.clinic.example' })?.[0]?.message,
    ).toMatch(/without TLS/);
  });
});

sqliteOnly('the database encrypted at rest (S19)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LIMINAL_DB_KEY: KEY });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('canary: neither a patient name nor a note appears in the database file, WAL, shared memory or a backup', async () => {
    const name = 'Zanzibarquux';
    const noteText = 'Vorpalnoodle mentioned on the phone';
    registerSecret(name);
    registerSecret(noteText);
    const desk = await t.loginAs('front_desk');
    const sent = await t.anon.post('/api/public/enquiries', {
      firstName: 'Ada',
      lastName: name,
      email: 'ada.z@example.test',
      phone: '(555) 010-4455',
      state: 'CA',
      dateOfBirth: '1984-02-03',
      concerns: ['depression'],
      consentToContact: true,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const list = (await desk.get('/api/enquiries')).json().enquiries as { id: string; lastName: string }[];
    const enquiry = list.find((e) => e.lastName === name);
    expect(enquiry).toBeDefined();
    const note = await desk.post(`/api/enquiries/${enquiry?.id}/notes`, { body: noteText });
    expect(note.statusCode, note.body).toBe(201);
    // The app shows both.
    const shown = (await desk.get(`/api/enquiries/${enquiry?.id}`)).body;
    expect(shown).toContain(name);
    expect(shown).toContain(noteText);

    const file = t.db.location;
    const sqlite = t.db.handle.sqlite as NonNullable<typeof t.db.handle.sqlite>;
    sqlite.pragma('wal_checkpoint(PASSIVE)');
    await desk.post(`/api/enquiries/${enquiry?.id}/notes`, { body: `${noteText} again` });
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(sqliteFileKind(file)).toBe('encrypted');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      const b = bytesOf(f);
      expect(holds(b, name), f).toBe(false);
      expect(holds(b, noteText), f).toBe(false);
      expect(holds(b, 'SQLite format 3'), f).toBe(false);
    }
    // And a backup made while the app holds the file open.
    const backup = path.join(tmp('bk'), 'live.backup');
    const r = await cli(['backup', backup], { DATA_DIR: path.dirname(file), LIMINAL_DB_KEY: KEY });
    // The CLI reads DATA_DIR/liminal.db: point it at the test file instead.
    expect(r.code).not.toBe(0);
    const { writeBackupSync } = await import('../../src/server/features/protection');
    writeBackupSync({ sqliteFile: file, workDir: path.dirname(file), target: backup, dbKey: KEY });
    const b = bytesOf(backup);
    expect(holds(b, name)).toBe(false);
    expect(holds(b, noteText)).toBe(false);
  });
});

sqliteOnly('keys, encrypt and rekey on the command line', () => {
  it('encrypts a plaintext demo database in place; it then opens only with its key; rekey rotates it', async () => {
    const dir = await seededDir();
    const file = path.join(dir, 'liminal.db');
    const before = await counts(file);
    expect(sqliteFileKind(file)).toBe('plaintext');
    expect((await cli(['db', 'encrypt'], { DATA_DIR: dir })).stderr).toMatch(/LIMINAL_DB_KEY/);
    const enc = await cli(['db', 'encrypt'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY });
    expect(enc.code, enc.stderr).toBe(0);
    expect(enc.stdout).toMatch(/Encrypted .* rows verified/);
    expect(sqliteFileKind(file)).toBe('encrypted');
    expect(await counts(file, KEY)).toEqual(before);

    // Missing key, wrong key: stop with the variable named, and nothing on disk changes.
    const hash = () => [file, `${file}-wal`].map((f) => bytesOf(f).toString('base64')).join('|');
    const h0 = hash();
    const none = await cli(['verify-audit'], { DATA_DIR: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/LIMINAL_DB_KEY: .* is encrypted/);
    const wrong = await cli(['verify-audit'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY2 });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/LIMINAL_DB_KEY: LIMINAL_DB_KEY does not open .*the key is wrong/);
    expect(hash()).toBe(h0);
    const ok = await cli(['verify-audit'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY });
    expect(ok.code, ok.stderr).toBe(0);

    // A key set on a plaintext database says to encrypt it.
    const plainDir = await seededDir();
    const refused = await cli(['verify-audit'], { DATA_DIR: plainDir, LIMINAL_DB_KEY: KEY });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not encrypted: run "liminal db encrypt"/);

    // Rekey.
    const rekey = await cli(['db', 'rekey'], {
      DATA_DIR: dir,
      LIMINAL_DB_KEY: KEY,
      LIMINAL_DB_NEW_KEY: KEY2,
    });
    expect(rekey.code, rekey.stderr).toBe(0);
    expect((await cli(['verify-audit'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY })).code).toBe(2);
    expect((await cli(['verify-audit'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY2 })).code).toBe(0);
    expect(await counts(file, KEY2)).toEqual(before);
    const weak = await cli(['db', 'rekey'], {
      DATA_DIR: dir,
      LIMINAL_DB_KEY: KEY2,
      LIMINAL_DB_NEW_KEY: 'short',
    });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/LIMINAL_DB_NEW_KEY/);
  });

  it('refuses to encrypt a database another process has open', async () => {
    const dir = await seededDir();
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'liminal.db') });
    try {
      const r = await cli(['db', 'encrypt'], { DATA_DIR: dir, LIMINAL_DB_KEY: KEY });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/in use: stop Liminal first/);
    } finally {
      await h.close();
    }
    expect(sqliteFileKind(path.join(dir, 'liminal.db'))).toBe('plaintext');
  });

  it('kill -9 at every step of encrypt leaves a usable database, and running it again finishes the job', async () => {
    const source = await seededDir();
    const original = await counts(path.join(source, 'liminal.db'));
    for (const step of ['locked', 'copied', 'keyed', 'verified', 'sidecars-removed', 'swapped']) {
      const dir = tmp(`crash-${step}`);
      fs.copyFileSync(path.join(source, 'liminal.db'), path.join(dir, 'liminal.db'));
      const killed = await cli(['db', 'encrypt'], {
        DATA_DIR: dir,
        LIMINAL_DB_KEY: KEY,
        LIMINAL_TEST_CRASH_AT: step,
      });
      expect(killed.signal, step).toBe('SIGKILL');
      const file = path.join(dir, 'liminal.db');
      const kind = sqliteFileKind(file);
      // Before the swap the original is untouched; from the swap on, the encrypted copy is in place.
      expect(kind, step).toBe(step === 'swapped' ? 'encrypted' : 'plaintext');
      expect(await counts(file, kind === 'encrypted' ? KEY : undefined), step).toEqual(original);
      if (kind === 'plaintext') expect((await encryptChild(file, 'none')).signal, step).toBeNull();
      expect(await counts(file, KEY), step).toEqual(original);
      expect(fs.readdirSync(dir).filter((n) => n.includes('rewriting'))).toEqual([]);
    }
  });
});

sqliteOnly('backups and restore drills (S16)', () => {
  const kinds = [
    { name: 'an encrypted database, backed up with its own key', db: KEY, backup: undefined },
    { name: 'an encrypted database, backed up with a separate backup key', db: KEY, backup: BACKUP_KEY },
    { name: 'a plaintext database, backed up with a backup key', db: undefined, backup: BACKUP_KEY },
  ] as const;

  it.each(kinds)(
    'restores $name: same rows in every table, chains verify and match the manifest',
    async (k) => {
      const dir = await seededDir();
      if (k.db) expect((await cli(['db', 'encrypt'], { DATA_DIR: dir, LIMINAL_DB_KEY: k.db })).code).toBe(0);
      const env: Record<string, string> = {
        DATA_DIR: dir,
        ...(k.db ? { LIMINAL_DB_KEY: k.db } : {}),
        ...(k.backup ? { LIMINAL_BACKUP_KEY: k.backup } : {}),
      };
      const receipt = await cli(['receipt'], env);
      expect(receipt.code, receipt.stderr).toBe(0);
      const live = await counts(path.join(dir, 'liminal.db'), k.db);
      const file = path.join(tmp('bk'), 'clinic.backup');
      const made = await cli(['backup', file, '--json'], env);
      expect(made.code, made.stderr).toBe(0);
      const manifest = JSON.parse(made.stdout);
      expect(manifest.cipher).toBe('sqlcipher-4');
      expect(manifest.key).toBe(k.backup ? 'LIMINAL_BACKUP_KEY' : 'LIMINAL_DB_KEY');
      expect(manifest.receipt?.audit?.count).toBeGreaterThan(0);
      // Nothing readable in the backup.
      const body = bytesOf(file);
      expect(holds(body, 'SQLite format 3')).toBe(false);
      expect(holds(body, 'Robin')).toBe(false);

      // Restore into a fresh, stopped DATA_DIR with the installation's keys.
      const target = tmp('restore');
      const renv = {
        DATA_DIR: target,
        ...(k.db ? { LIMINAL_DB_KEY: k.db } : {}),
        ...(k.backup ? { LIMINAL_BACKUP_KEY: k.backup } : {}),
      };
      const dry = await cli(['restore', file, '--dry-run'], renv);
      expect(dry.code, dry.stdout + dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/Dry run: every check passed/);
      expect(fs.existsSync(path.join(target, 'liminal.db'))).toBe(false);
      const done = await cli(['restore', file], renv);
      expect(done.code, done.stdout + done.stderr).toBe(0);
      for (const check of [
        'key and manifest',
        'checksum',
        'integrity check',
        'rows per table',
        'audit chain',
        'ledger chain',
        'chain receipt',
      ])
        expect(done.stdout).toMatch(new RegExp(`ok +${check}`));
      const restored = path.join(target, 'liminal.db');
      expect(sqliteFileKind(restored)).toBe(k.db ? 'encrypted' : 'plaintext');
      expect(await counts(restored, k.db)).toEqual(live);
      expect((await cli(['verify-audit'], renv)).code).toBe(0);
      expect((await cli(['ledger', 'verify'], renv)).code).toBe(0);
    },
  );

  it('backs up while writes go on, and refuses without a key unless --plaintext; never overwrites', async () => {
    const dir = await seededDir();
    const env = { DATA_DIR: dir, LIMINAL_BACKUP_KEY: BACKUP_KEY };
    const live = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'liminal.db') });
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing) {
        await live.db.transaction().execute((trx) =>
          appendAudit(trx, systemClock, null, {
            action: 'test.write' as AuditAction,
            objectId: String(i++),
          }),
        );
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const file = path.join(tmp('bk'), 'during.backup');
    const during = await cli(['backup', file], env);
    writing = false;
    await writer;
    await live.close();
    expect(during.code, during.stderr).toBe(0);
    expect(during.stdout).toMatch(/integrity: ok; encrypted with LIMINAL_BACKUP_KEY/);
    const check = await cli(['restore', file, '--dry-run'], {
      DATA_DIR: tmp('r'),
      LIMINAL_BACKUP_KEY: BACKUP_KEY,
    });
    expect(check.code, check.stdout).toBe(0);

    const noKey = await cli(['backup', path.join(tmp('bk'), 'x.backup')], { DATA_DIR: dir });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/LIMINAL_BACKUP_KEY: backups are encrypted/);
    const plain = await cli(['backup', path.join(tmp('bk'), 'p.backup'), '--plaintext'], { DATA_DIR: dir });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/NOT encrypted/);
    expect((await cli(['backup', file], env)).code).toBe(2);
  });

  it('a tampered backup is refused with the reason, and nothing is replaced', async () => {
    const dir = await seededDir();
    const env = { DATA_DIR: dir, LIMINAL_BACKUP_KEY: BACKUP_KEY };
    const file = path.join(tmp('bk'), 'clinic.backup');
    expect((await cli(['backup', file], env)).code).toBe(0);
    const target = tmp('restore');
    const renv = { DATA_DIR: target, LIMINAL_BACKUP_KEY: BACKUP_KEY };

    const flipped = `${file}.flipped`;
    const b = bytesOf(file);
    const headerEnd = b.indexOf(10, b.indexOf(10) + 1) + 1;
    b[headerEnd + 5000] = (b[headerEnd + 5000] as number) ^ 0xff;
    fs.writeFileSync(flipped, b);
    const r1 = await cli(['restore', flipped], renv);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/FAIL checksum: .*altered or damaged/);

    const edited = `${file}.edited`;
    const text = bytesOf(file);
    const first = text.indexOf(10);
    const second = text.indexOf(10, first + 1);
    const manifest = JSON.parse(text.subarray(first + 1, second).toString('utf8'));
    manifest.rowCounts.audit_log += 1;
    fs.writeFileSync(
      edited,
      Buffer.concat([
        text.subarray(0, first + 1),
        Buffer.from(JSON.stringify(manifest)),
        text.subarray(second),
      ]),
    );
    const r2 = await cli(['restore', edited], renv);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/FAIL key and manifest: .*does not verify with LIMINAL_BACKUP_KEY/);

    const r3 = await cli(['restore', file], { DATA_DIR: target, LIMINAL_BACKUP_KEY: KEY2 });
    expect(r3.code).toBe(1);
    expect(r3.stdout).toMatch(/the key is wrong, or the manifest was altered/);
    expect(fs.readdirSync(target)).toEqual([]);
  });
});

sqliteOnly('chain receipts (S20)', () => {
  it('no false alarm across 1,000 appends; a cut tail and a rewritten middle fail with the reason', async () => {
    const dir = await seededDir();
    const env = { DATA_DIR: dir };
    const file = path.join(dir, 'liminal.db');
    const { ProtectionService } = await import('../../src/server/features/protection');
    const { makeReceipt, writeReceipt, checkReceipt } = await import(
      '../../src/server/features/protection/receipts'
    );
    const { loadSecretKey } = await import('../../src/server/platform/secret-key');
    const key = loadSecretKey(loadConfig({ DATA_DIR: dir, LIMINAL_SECRET_KEY: SECRET }));
    expect(ProtectionService).toBeDefined();
    const h = connect({ engine: 'sqlite', sqliteFile: file });
    const receipts = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 100 === 0) receipts.push(await makeReceipt(h.db, key, new Date()));
      await h.db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, systemClock, null, { action: 'test.write' as AuditAction, objectId: String(i) }),
        );
    }
    for (const r of receipts) expect((await checkReceipt(h.db, r, 'audit')).ok).toBe(true);
    const latest = await makeReceipt(h.db, key, new Date());
    const receiptFile = writeReceipt(path.join(dir, 'receipts'), latest);
    await h.close();
    expect((await cli(['verify-audit', '--receipt', receiptFile], env)).code).toBe(0);

    // A forged receipt (edited count) is refused by its signature.
    const forged = path.join(dir, 'forged.json');
    fs.writeFileSync(forged, JSON.stringify({ ...latest, audit: { ...latest.audit, count: 1 } }));
    const f = await cli(['verify-audit', '--receipt', forged], env);
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/Receipt REFUSED: .*signature does not match/);

    // Cut the tail, head record included (the chain alone then still verifies).
    const cut = tmp('cut');
    fs.copyFileSync(file, path.join(cut, 'liminal.db'));
    const c = connect({ engine: 'sqlite', sqliteFile: path.join(cut, 'liminal.db') });
    const headSeq = latest.audit?.seq as number;
    c.sqlite?.exec(`drop trigger audit_log_no_delete; delete from audit_log where seq > ${headSeq - 50};`);
    const last = c.sqlite?.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as {
      seq: number;
      hash: string;
    };
    const n = Number(c.sqlite?.prepare('select count(*) from audit_log').pluck().get());
    c.sqlite
      ?.prepare("update chain_heads set seq = ?, hash = ?, count = ? where chain = 'audit'")
      .run(last.seq, last.hash, n);
    await c.close();
    const cutEnv = { DATA_DIR: cut };
    const plainVerify = await cli(['verify-audit'], cutEnv);
    expect(plainVerify.code, 'without the receipt the cut is invisible').toBe(0);
    const r1 = await cli(['verify-audit', '--receipt', receiptFile], cutEnv);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/no longer contains it \(entries were cut\)/);

    // Rewrite an entry in the middle and re-hash everything after it.
    const rw = tmp('rewrite');
    fs.copyFileSync(file, path.join(rw, 'liminal.db'));
    const { auditHash } = await import('../../src/server/platform/audit');
    const w = connect({ engine: 'sqlite', sqliteFile: path.join(rw, 'liminal.db') });
    const db = w.sqlite as NonNullable<typeof w.sqlite>;
    db.exec('drop trigger audit_log_no_update;');
    const rows = db.prepare('select * from audit_log order by seq').all() as Record<string, unknown>[];
    let prev = '';
    let changed = false;
    for (const row of rows) {
      if (Number(row.seq) === Math.floor(headSeq / 2)) {
        row.object_id = 'rewritten';
        changed = true;
      }
      if (changed) {
        row.prev_hash = prev;
        const { seq: _s, hash: _h, ...fields } = row;
        row.hash = auditHash(fields as never);
        db.prepare('update audit_log set object_id = ?, prev_hash = ?, hash = ? where seq = ?').run(
          row.object_id,
          row.prev_hash,
          row.hash,
          row.seq,
        );
      }
      prev = row.hash as string;
    }
    const tail = rows.at(-1) as Record<string, unknown>;
    db.prepare("update chain_heads set hash = ? where chain = 'audit'").run(tail.hash);
    await w.close();
    const rwEnv = { DATA_DIR: rw };
    expect(
      (await cli(['verify-audit'], rwEnv)).code,
      'a consistent rewrite passes the chain check alone',
    ).toBe(0);
    const r2 = await cli(['verify-audit', '--receipt', receiptFile], rwEnv);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/no longer has the hash the receipt .* recorded \(the chain was rewritten/);
  });

  it('ledger verify --receipt holds for the demo ledger and fails when its tail is cut', async () => {
    const dir = await seededDir();
    const env = { DATA_DIR: dir };
    const r = await cli(['receipt'], env);
    expect(r.code, r.stderr).toBe(0);
    const receiptFile = r.stdout.match(/written to (\S+) and/)?.[1] as string;
    const ok = await cli(['ledger', 'verify', '--receipt', receiptFile], env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/still holds its head/);
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'liminal.db') });
    h.sqlite?.exec(
      'drop trigger ledger_events_no_delete; delete from ledger_events where seq = (select max(seq) from ledger_events);',
    );
    await h.close();
    const bad = await cli(['ledger', 'verify', '--receipt', receiptFile], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/no longer contains it/);
  });
});
