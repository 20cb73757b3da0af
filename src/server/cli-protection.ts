import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, ConfigError, randomKey } from './config';
import type { Db } from './db/dialect';
import { DatabaseInUseError, encryptInPlace, rekeyInPlace } from './db/encryption';
import { sqliteFileKind } from './db/sqlite-open';
import {
  BackupError,
  checkReceipt,
  ProtectionService,
  ReceiptError,
  readReceipt,
  restoreBackup,
  writeBackupSync,
} from './features/protection';
import { openDatabase } from './main';
import { systemClock } from './platform/clock';
import type { AppContext } from './platform/context';
import { Mailer } from './platform/mail';
import { loadSecretKey } from './platform/secret-key';

/**
 * Data protection on the command line (issue #20): `db status|encrypt|rekey`, `backup`, `restore`, `receipt`,
 * and the receipt check that `verify-audit --receipt` and `ledger verify --receipt` run.
 */
export function registerProtectionCommands(program: Command, config: () => Config): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const fail = (message: string, code = 2): never => {
    process.stderr.write(`liminal: ${message}\n`);
    process.exit(code);
  };
  const sqliteOnly = (cfg: Config, what: string) => {
    if (cfg.engine !== 'sqlite')
      fail(
        `${what} is for the embedded SQLite database. On PostgreSQL, encryption at rest is the server's disk or volume encryption, and backups are pg_dump's (see the README, "Data protection").`,
      );
  };

  const db = program.command('db').description('The embedded database file: encryption at rest');
  db.command('status')
    .description('Say whether the database file is encrypted and which settings apply')
    .action(() => {
      const cfg = config();
      sqliteOnly(cfg, 'db status');
      const kind = sqliteFileKind(cfg.sqliteFile);
      out(`Database: ${cfg.sqliteFile}`);
      out(
        `File: ${kind === 'encrypted' ? 'encrypted' : kind === 'plaintext' ? 'PLAINTEXT (not encrypted)' : 'not created yet'}`,
      );
      out(
        `LIMINAL_DB_KEY: ${cfg.dbKey ? 'set' : 'not set'}; LIMINAL_BACKUP_KEY: ${cfg.LIMINAL_BACKUP_KEY ? 'set' : 'not set'}`,
      );
      if (kind === 'plaintext' && cfg.dbKey)
        out('Run "liminal db encrypt" (with Liminal stopped) to encrypt it.');
    });

  db.command('encrypt')
    .description('Encrypt a plaintext database in place with LIMINAL_DB_KEY (stop Liminal first; crash-safe)')
    .action(() => {
      const cfg = config();
      sqliteOnly(cfg, 'db encrypt');
      if (!cfg.dbKey) fail('set LIMINAL_DB_KEY (or LIMINAL_DB_KEY_FILE) to the key to encrypt with');
      try {
        const r = encryptInPlace(cfg.sqliteFile, cfg.dbKey as string);
        out(
          `Encrypted ${cfg.sqliteFile}: ${r.tables} tables, ${r.rows} rows verified, in ${r.ms} ms. Start Liminal with the same LIMINAL_DB_KEY.`,
        );
        out(
          'Older backups and copies made before now are still plaintext: replace them with "liminal backup" and delete them.',
        );
      } catch (err) {
        fail((err as Error).message, err instanceof DatabaseInUseError ? 3 : 2);
      }
    });

  db.command('rekey')
    .description(
      'Re-encrypt the database with a new key (stop Liminal first; crash-safe), then set LIMINAL_DB_KEY to it',
    )
    .option('--new-key-file <file>', 'a file holding the new key (or set LIMINAL_DB_NEW_KEY)')
    .action((opts: { newKeyFile?: string }) => {
      const cfg = config();
      sqliteOnly(cfg, 'db rekey');
      if (!cfg.dbKey) fail('set LIMINAL_DB_KEY to the current key');
      const variable = opts.newKeyFile ? '--new-key-file' : 'LIMINAL_DB_NEW_KEY';
      const raw = opts.newKeyFile ? readFile(opts.newKeyFile) : process.env.LIMINAL_DB_NEW_KEY;
      if (!raw) fail('give the new key with --new-key-file <file> or LIMINAL_DB_NEW_KEY');
      const valid = randomKey.safeParse((raw as string).trim());
      if (!valid.success) fail(`the new key (${variable}) ${valid.error.issues[0]?.message}`);
      try {
        const r = rekeyInPlace(cfg.sqliteFile, cfg.dbKey as string, (raw as string).trim());
        out(`Re-encrypted ${cfg.sqliteFile} with the new key (${r.rows} rows verified, ${r.ms} ms).`);
        out(
          'Now set LIMINAL_DB_KEY to the new key before starting Liminal. Backups keep the key they were made with.',
        );
      } catch (err) {
        fail((err as Error).message, err instanceof DatabaseInUseError ? 3 : 2);
      }
    });

  program
    .command('backup')
    .description(
      'Write an encrypted backup with a signed manifest while the app runs (SQLite); explains pg_dump for PostgreSQL',
    )
    .argument('<file>', 'where to write the backup')
    .option('--plaintext', 'write a copy that is NOT encrypted (only for data that is not real)')
    .option('--json', 'print the manifest as JSON')
    .action(async (file: string, opts: { plaintext?: boolean; json?: boolean }) => {
      const cfg = config();
      if (cfg.engine === 'postgres') {
        out(
          [
            "This installation uses PostgreSQL: back it up with PostgreSQL's own tools, which take a consistent snapshot",
            'while the app runs, e.g.',
            `  pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
            'and restore with pg_restore --clean --dbname="$DATABASE_URL" <file>, then vacuumdb --analyze --dbname="$DATABASE_URL"',
            '(a restored table is slow to count until it is vacuumed). Encrypt the dump (e.g. with age or gpg)',
            'and keep it off the server. For point-in-time recovery use WAL archiving (the PostgreSQL manual,',
            '"Continuous Archiving").',
          ].join('\n'),
        );
        return;
      }
      if (sqliteFileKind(cfg.sqliteFile) === 'missing') fail(`no database at ${cfg.sqliteFile}`);
      const secretKey = loadSecretKey(cfg);
      const receiptDir = path.join(cfg.dataDir, 'receipts');
      const { latestReceiptFile } = await import('./features/protection/receipts');
      const receiptFile = latestReceiptFile(receiptDir);
      let receipt = null;
      if (receiptFile) {
        try {
          receipt = readReceipt(receiptFile, secretKey);
        } catch {
          receipt = null; // a receipt this installation cannot authenticate is not put in the manifest
        }
      }
      try {
        const r = writeBackupSync({
          sqliteFile: cfg.sqliteFile,
          workDir: cfg.dataDir,
          target: file,
          ...(cfg.dbKey ? { dbKey: cfg.dbKey } : {}),
          ...(cfg.LIMINAL_BACKUP_KEY ? { backupKey: cfg.LIMINAL_BACKUP_KEY } : {}),
          ...(opts.plaintext ? { plaintext: true } : {}),
          receipt,
        });
        if (opts.json) out(JSON.stringify(r.manifest));
        else {
          const m = r.manifest;
          const rows = Object.values(m.rowCounts).reduce((a, b) => a + b, 0);
          out(
            `Backup written to ${r.file} in ${r.ms} ms (integrity: ok; ${m.cipher === 'none' ? 'NOT encrypted' : `encrypted with ${m.key}`}).`,
          );
          out(
            `${Object.keys(m.rowCounts).length} tables, ${rows} rows; audit ${m.chains.audit?.count ?? 0} entries, ledger ${m.chains.ledger?.count ?? 0}; SHA-256 ${m.sha256}.`,
          );
          out(`Check it: liminal restore --dry-run ${r.file}`);
        }
      } catch (err) {
        if (err instanceof BackupError && err.variable)
          throw new ConfigError([{ variable: err.variable, message: err.message }]);
        fail((err as Error).message);
      }
    });

  program
    .command('restore')
    .description(
      'Check a backup (key, checksum, integrity, rows, both chains) and, unless --dry-run, restore it into a stopped DATA_DIR',
    )
    .argument('<file>', 'the backup')
    .option('--dry-run', 'run every check and replace nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const cfg = config();
      sqliteOnly(cfg, 'restore');
      try {
        const report = await restoreBackup({
          file,
          sqliteFile: cfg.sqliteFile,
          ...(cfg.dbKey ? { dbKey: cfg.dbKey } : {}),
          ...(cfg.LIMINAL_BACKUP_KEY ? { backupKey: cfg.LIMINAL_BACKUP_KEY } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
        });
        if (opts.json) out(JSON.stringify(report));
        else {
          for (const c of report.checks) out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
          if (!report.ok) out('Refused: nothing was replaced.');
          else if (report.restored)
            out(
              `Restored into ${cfg.sqliteFile}${report.previous ? `; the previous database is kept at ${report.previous}` : ''}.`,
            );
          else out('Dry run: every check passed; nothing was replaced.');
        }
        process.exitCode = report.ok ? 0 : 1;
      } catch (err) {
        fail((err as Error).message, err instanceof DatabaseInUseError ? 3 : 2);
      }
    });

  program
    .command('receipt')
    .description(
      'Issue a chain receipt now (audit and ledger heads, signed): saved under DATA_DIR/receipts and mailed to every admin',
    )
    .action(async () => {
      const cfg = config();
      const handle = openDatabase(cfg);
      try {
        const { migrateToLatest } = await import('./db/migrate');
        await migrateToLatest(handle.db);
        const ctx = cliContext(cfg, handle.db);
        const file = await new ProtectionService(ctx).issueReceipt();
        out(`Chain receipt written to ${file} and queued for every admin's email.`);
      } finally {
        await handle.close();
      }
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([{ variable: '--new-key-file', message: `cannot read ${file}` }]);
  }
}

/** What the receipt service needs outside the server: the database, the clock, the outbox, the secret key. */
function cliContext(cfg: Config, db: Db): AppContext {
  const log = { info() {}, warn() {}, error() {}, debug() {} } as unknown as FastifyBaseLogger;
  return {
    config: cfg,
    db,
    clock: systemClock,
    mailer: new Mailer(db, systemClock, { from: cfg.MAIL_FROM, log }),
    secretKey: loadSecretKey(cfg),
    log,
  } as unknown as AppContext;
}

/** `--receipt <file>`: the chain must still hold the receipt's head. Prints the outcome; true when it does. */
export async function verifyAgainstReceipt(
  db: Db,
  cfg: Config,
  file: string,
  chain: 'audit' | 'ledger',
): Promise<boolean> {
  let receipt: ReturnType<typeof readReceipt>;
  try {
    receipt = readReceipt(file, loadSecretKey(cfg));
  } catch (err) {
    if (err instanceof ReceiptError) {
      process.stdout.write(`Receipt REFUSED: ${err.message}\n`);
      return false;
    }
    throw err;
  }
  const r = await checkReceipt(db, receipt, chain);
  process.stdout.write(
    r.ok
      ? `Receipt of ${receipt.at}: the ${chain === 'audit' ? 'audit log' : 'ledger'} still holds its head (seq ${receipt[chain]?.seq ?? '-'}), unchanged.\n`
      : `Receipt of ${receipt.at}: FAILED — ${r.reason}\n`,
  );
  return r.ok;
}
