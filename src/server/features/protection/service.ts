import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import type { DataProtectionStatus } from '../../../contracts/protection';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden } from '../../platform/errors';
import { expireIdempotencyKeys } from '../../platform/idempotency';
import { expireSessionRecords } from '../../platform/sessions';
import { type BackupManifest, type BackupOptions, openBackup } from './backup';
import { latestReceiptFile, makeReceipt, readReceipt, writeReceipt } from './receipts';
import * as repo from './repository';

/** Receipts are issued once a day (and at the first start). */
export const RECEIPT_EVERY_HOURS = 24;
const BACKUP_NAME = /^liminal-\d{8}-\d{6}\.backup$/;

type Run = NonNullable<DataProtectionStatus['backups']['lastRun']>;

/**
 * Data protection in the running server (issue #20): scheduled encrypted backups (off the event loop, in a
 * worker thread), the daily chain receipt, and what the admin's page shows about both and about encryption at
 * rest. The commands that change the database file (encrypt, rekey, restore) are the CLI's: they need the app
 * stopped.
 */
export class ProtectionService {
  private lastRun: Run | null = null;
  private running: Promise<Run> | null = null;

  constructor(private readonly ctx: AppContext) {}

  get receiptDir(): string {
    return path.join(this.ctx.config.dataDir, 'receipts');
  }

  private backupKeyName(): 'LIMINAL_BACKUP_KEY' | 'LIMINAL_DB_KEY' | null {
    const c = this.ctx.config;
    return c.LIMINAL_BACKUP_KEY ? 'LIMINAL_BACKUP_KEY' : c.dbKey ? 'LIMINAL_DB_KEY' : null;
  }

  async status(auth: AuthContext): Promise<DataProtectionStatus> {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const c = this.ctx.config;
    const engine = this.ctx.handle.engine;
    const receiptFile = latestReceiptFile(this.receiptDir);
    let last: DataProtectionStatus['receipts']['last'] = null;
    if (receiptFile) {
      try {
        const r = readReceipt(receiptFile, this.ctx.secretKey);
        last = { at: r.at, auditEntries: r.audit?.count ?? null, ledgerEntries: r.ledger?.count ?? null };
      } catch {
        last = null;
      }
    }
    return {
      engine,
      demo: c.LIMINAL_DEMO,
      encryption: engine === 'postgres' ? 'postgres' : c.dbKey ? 'on' : 'off',
      backups: {
        scheduled: Boolean(
          engine === 'sqlite' && c.BACKUP_DIR && c.BACKUP_EVERY_HOURS && this.backupKeyName(),
        ),
        everyHours: c.BACKUP_EVERY_HOURS ?? null,
        keep: c.BACKUP_KEEP,
        encryptedWith: this.backupKeyName(),
        running: this.running !== null,
        lastRun: this.lastRun,
        recent: this.listBackups().slice(0, 10),
      },
      receipts: { last, everyHours: RECEIPT_EVERY_HOURS },
      retryRecords: { keepHours: c.IDEMPOTENCY_KEEP_HOURS },
      signInRecords: { keepDays: c.SESSION_RECORDS_KEEP_DAYS },
    };
  }

  /** This process's last backup run, for /metrics. */
  lastBackupRun(): Run | null {
    return this.lastRun;
  }

  /** The backups in BACKUP_DIR, newest first, from their manifests (unreadable files are skipped). */
  listBackups(): DataProtectionStatus['backups']['recent'] {
    const dir = this.ctx.config.BACKUP_DIR;
    if (!dir || !fs.existsSync(dir)) return [];
    const keys = { backupKey: this.ctx.config.LIMINAL_BACKUP_KEY, dbKey: this.ctx.config.dbKey };
    const out: DataProtectionStatus['backups']['recent'] = [];
    for (const name of fs
      .readdirSync(dir)
      .filter((n) => BACKUP_NAME.test(n))
      .sort()
      .reverse()) {
      let m: BackupManifest;
      try {
        m = openBackup(path.join(dir, name), keys).manifest;
      } catch {
        continue;
      }
      out.push({
        at: m.createdAt,
        bytes: m.bytes,
        encryptedWith: m.key,
        auditEntries: m.chains.audit?.count ?? null,
        ledgerEntries: m.chains.ledger?.count ?? null,
      });
    }
    return out;
  }

  /** An admin's "Back up now" (the schedule's own runs call run("schedule")). */
  async backupNow(auth: AuthContext): Promise<Run> {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    if (this.ctx.handle.engine !== 'sqlite')
      throw conflict(
        "This clinic runs on PostgreSQL: back it up with PostgreSQL's own tools (see the README).",
      );
    if (!this.ctx.config.BACKUP_DIR) throw conflict('No backup folder is set (BACKUP_DIR).');
    if (!this.backupKeyName())
      throw conflict('Backups are encrypted and no key is set: set LIMINAL_BACKUP_KEY (or LIMINAL_DB_KEY).');
    return this.run('admin', auth);
  }

  /** One backup at a time: a second request while one runs waits for it. */
  run(trigger: Run['trigger'], auth: AuthContext | null = null): Promise<Run> {
    this.running ??= this.runOnce(trigger, auth).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(trigger: Run['trigger'], auth: AuthContext | null): Promise<Run> {
    const { config, clock } = this.ctx;
    const dir = config.BACKUP_DIR as string;
    const now = clock.now();
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const receiptFile = latestReceiptFile(this.receiptDir);
    let receipt = null;
    if (receiptFile) {
      try {
        receipt = readReceipt(receiptFile, this.ctx.secretKey);
      } catch {
        receipt = null;
      }
    }
    const opts: BackupOptions = {
      // The open database's own file (the same as config.sqliteFile, except in tests).
      sqliteFile: this.ctx.handle.sqlite?.name ?? config.sqliteFile,
      workDir: config.dataDir,
      target: path.join(dir, `liminal-${stamp}.backup`),
      ...(config.dbKey ? { dbKey: config.dbKey } : {}),
      ...(config.LIMINAL_BACKUP_KEY ? { backupKey: config.LIMINAL_BACKUP_KEY } : {}),
      receipt,
      now,
    };
    const result = await runInWorker(opts);
    const run: Run = {
      at: now.toISOString(),
      ok: result.ok,
      ms: result.ok ? result.ms : null,
      bytes: result.ok ? result.bytes : null,
      error: result.ok ? null : result.error,
      trigger,
    };
    this.lastRun = run;
    await appendAudit(this.ctx.db, clock, auth, {
      action: result.ok ? 'backup.create' : 'backup.fail',
      objectType: 'backup',
      detail: result.ok ? { trigger, bytes: result.bytes, ms: result.ms } : { trigger, error: result.error },
    });
    if (result.ok) this.prune();
    else this.ctx.log.error({ trigger }, 'backup failed; see the admin data-protection page');
    return run;
  }

  /** Keeps the newest BACKUP_KEEP scheduled backups. */
  private prune(): void {
    const dir = this.ctx.config.BACKUP_DIR as string;
    const names = fs
      .readdirSync(dir)
      .filter((n) => BACKUP_NAME.test(n))
      .sort()
      .reverse();
    for (const old of names.slice(this.ctx.config.BACKUP_KEEP))
      fs.rmSync(path.join(dir, old), { force: true });
  }

  /** Writes today's chain receipt to DATA_DIR/receipts and mails it to every admin; audited. */
  async issueReceipt(auth: AuthContext | null = null): Promise<string> {
    const { db, clock, mailer, secretKey } = this.ctx;
    return db.transaction().execute(async (trx) => {
      const receipt = await makeReceipt(trx, secretKey, clock.now());
      const file = writeReceipt(this.receiptDir, receipt);
      const admins = await repo.activeAdmins(trx);
      for (const a of admins)
        await mailer.enqueue(trx, {
          to: a.email,
          subject: `Liminal chain receipt ${receipt.at.slice(0, 10)}`,
          text: receiptMail(receipt),
          relatedType: 'chain_receipt',
        });
      await appendAudit(trx, clock, auth, {
        action: 'chain_receipt.issue',
        objectType: 'chain_receipt',
        detail: {
          auditEntries: receipt.audit?.count ?? 0,
          ledgerEntries: receipt.ledger?.count ?? 0,
          mailedTo: admins.length,
        },
      });
      return file;
    });
  }

  /**
   * Removes Idempotency-Key records older than IDEMPOTENCY_KEEP_HOURS (platform/idempotency.ts) and, when any
   * went, records how many in the audit log. Returns the count.
   */
  async expireIdempotencyKeys(): Promise<number> {
    const { db, clock, config } = this.ctx;
    const keepHours = config.IDEMPOTENCY_KEEP_HOURS;
    const removed = await expireIdempotencyKeys(db, clock.now(), keepHours);
    await this.auditExpiry('idempotency.expire', 'idempotency_key', { removed, keepHours });
    return removed;
  }

  /**
   * Removes sign-in records over for longer than SESSION_RECORDS_KEEP_DAYS (platform/sessions.ts) and, when any
   * went, records how many in the audit log. Returns the count.
   */
  async expireSessionRecords(): Promise<number> {
    const { db, clock, config } = this.ctx;
    const keepDays = config.SESSION_RECORDS_KEEP_DAYS;
    const removed = await expireSessionRecords(db, clock.now(), keepDays);
    await this.auditExpiry('auth.sessions_expire', 'session', { removed, keepDays });
    return removed;
  }

  /** One audit entry (the system's) for an expiry that removed something; nothing when it removed nothing. */
  private async auditExpiry(
    action: 'idempotency.expire' | 'auth.sessions_expire',
    objectType: string,
    detail: { removed: number } & Record<string, number>,
  ): Promise<void> {
    if (detail.removed === 0) return;
    const { db, clock } = this.ctx;
    await db.transaction().execute((trx) => appendAudit(trx, clock, null, { action, objectType, detail }));
  }

  /** Whether a receipt is due: none yet, or the newest is a day old. */
  receiptDue(): boolean {
    const file = latestReceiptFile(this.receiptDir);
    if (!file) return true;
    let at: number;
    try {
      at = Date.parse(readReceipt(file, this.ctx.secretKey).at);
    } catch {
      return true; // unreadable or issued under another key: issue a good one
    }
    return this.ctx.clock.now().getTime() - at >= RECEIPT_EVERY_HOURS * 3_600_000;
  }

  /** Whether a scheduled backup is due. */
  backupDue(): boolean {
    const c = this.ctx.config;
    if (
      this.ctx.handle.engine !== 'sqlite' ||
      !c.BACKUP_DIR ||
      !c.BACKUP_EVERY_HOURS ||
      !this.backupKeyName()
    )
      return false;
    const newest = fs.existsSync(c.BACKUP_DIR)
      ? fs
          .readdirSync(c.BACKUP_DIR)
          .filter((n) => BACKUP_NAME.test(n))
          .sort()
          .at(-1)
      : undefined;
    if (!newest) return true;
    const mtime = fs.statSync(path.join(c.BACKUP_DIR, newest)).mtimeMs;
    return this.ctx.clock.now().getTime() - mtime >= c.BACKUP_EVERY_HOURS * 3_600_000;
  }
}

function receiptMail(r: Awaited<ReturnType<typeof makeReceipt>>): string {
  return [
    "This is the clinic's daily chain receipt. Keep this email: it lets anyone check later that the audit log and",
    'the controlled-substance ledger were not cut short or rewritten. It holds no patient information.',
    '',
    `Audit log: ${r.audit?.count ?? 0} entries. Ledger: ${r.ledger?.count ?? 0} entries.`,
    '',
    'To check, save the lines below as receipt.json and run:',
    '  liminal verify-audit --receipt receipt.json',
    '  liminal ledger verify --receipt receipt.json',
    '',
    JSON.stringify(r, null, 2),
  ].join('\n');
}

type WorkerResult = { ok: true; file: string; ms: number; bytes: number } | { ok: false; error: string };

/** Runs writeBackupSync in a worker thread (the TypeScript source under tsx in development and tests). */
function runInWorker(opts: BackupOptions): Promise<WorkerResult> {
  const ts = import.meta.url.endsWith('.ts');
  // Compiled (npm run build:server), the worker is its own file beside cli.mjs.
  const url = new URL(ts ? './backup-worker.ts' : './backup-worker.mjs', import.meta.url);
  return new Promise((resolve) => {
    const worker = new Worker(url, { workerData: opts, ...(ts ? { execArgv: ['--import', 'tsx'] } : {}) });
    let settled = false;
    worker.once('message', (m: WorkerResult) => {
      settled = true;
      resolve(m);
    });
    worker.once('error', (err) => {
      if (!settled) resolve({ ok: false, error: err.message });
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) resolve({ ok: false, error: `the backup worker stopped (exit code ${code})` });
      settled = true;
    });
  });
}

/**
 * The server's background jobs, checked every 15 minutes: a receipt when one is due, a backup when one is due, and
 * Idempotency-Key records and sign-in records past their keeping time removed.
 */
export function startProtectionJobs(
  app: FastifyInstance,
  svc: ProtectionService,
  tickMs = 15 * 60_000,
  firstMs = 30_000,
): void {
  let current: Promise<unknown> | null = null;
  const tick = () => {
    if (current) return;
    // Each step on its own: a receipt or backup that fails does not hold back the others until the next tick.
    const steps: [string, () => Promise<unknown>][] = [
      ['receipt', async () => svc.receiptDue() && (await svc.issueReceipt())],
      ['backup', async () => svc.backupDue() && (await svc.run('schedule'))],
      ['retry records', () => svc.expireIdempotencyKeys()],
      ['sign-in records', () => svc.expireSessionRecords()],
    ];
    current = (async () => {
      for (const [step, run] of steps)
        await run().catch((err: unknown) =>
          app.log.warn(
            { step, err: err instanceof Error ? err.message.slice(0, 200) : 'error' },
            'data-protection job failed; will retry',
          ),
        );
    })().finally(() => {
      current = null;
    });
  };
  const first = setTimeout(tick, firstMs);
  const timer = setInterval(tick, tickMs);
  first.unref();
  timer.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(timer);
    await current;
  });
}
