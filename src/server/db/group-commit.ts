import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { probe, secondsSince } from '../platform/probes';

/**
 * Group commit for the server's SQLite connection (issue #8). With synchronous=FULL every commit waits for
 * its own fsync of the WAL (~4.4 ms on this machine), one after another on the event loop: at most ~220
 * audited requests per second, reads included (each writes its audit entry). Instead the server's connection
 * commits with synchronous=NORMAL (the WAL is written, not yet synced) and every response waits for
 * `durable()`: one fdatasync of the WAL file, on libuv's thread pool, that covers every commit made before it
 * started. Many requests share one fsync, and the event loop keeps working while the disk does.
 *
 * What is acknowledged is as durable as with synchronous=FULL: a response (and so an acknowledged write, or
 * a read that saw other requests' commits) is sent only after the WAL frames of every commit before it are
 * on stable storage; WAL frames are checksummed, so recovery keeps exactly the synced prefix. Checkpoints
 * still sync the WAL before copying it and the database after (SQLite does this in NORMAL mode). What is not
 * acknowledged (a background job's bookkeeping, e.g. marking a reminder sent) may be lost to a power cut,
 * never to a process crash (kill -9 leaves the OS page cache intact).
 */
export class WalGroupCommit {
  /** Commits made (counted by the statement wrapper in connection.ts). */
  private made = 0;
  /** Commits known to be on stable storage. */
  private synced = 0;
  private inflight: Promise<void> | null = null;
  private fd: number | null = null;
  fsyncs = 0;

  private readonly checkpointer: BackgroundCheckpointer | null;

  constructor(
    private readonly sqlite: SQLite.Database,
    opts: { checkpointEvery?: number; restartEvery?: number; key?: string } = {},
  ) {
    this.checkpointer = opts.checkpointEvery
      ? new BackgroundCheckpointer(
          sqlite,
          opts.checkpointEvery,
          opts.restartEvery ?? opts.checkpointEvery * 5,
          opts.key,
        )
      : null;
  }

  /** Called after each commit (by the statement wrapper in connection.ts), outside any transaction. */
  committed(): void {
    this.made++;
    this.checkpointer?.committed();
  }

  /** Checkpoints the background worker has run (tests, diagnostics). */
  get checkpoints(): number {
    return this.checkpointer?.runs ?? 0;
  }

  /** Resolves once every commit made before the call is on stable storage. */
  async durable(): Promise<void> {
    const target = this.made;
    while (this.synced < target) {
      this.inflight ??= this.flush().finally(() => {
        this.inflight = null;
      });
      await this.inflight;
    }
  }

  private async flush(): Promise<void> {
    const upTo = this.made;
    const started = performance.now();
    this.fd ??= fs.openSync(`${this.sqlite.name}-wal`, 'r');
    await new Promise<void>((resolve, reject) =>
      fs.fdatasync(this.fd as number, (err) => (err ? reject(err) : resolve())),
    );
    this.fsyncs++;
    probe('group_commit_seconds', secondsSince(started));
    if (upTo > this.synced) this.synced = upTo;
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Checkpoints mostly off the event loop (issue #8). SQLite's automatic checkpoint runs inside the commit that
 * pushes the WAL past 1,000 pages: it copies them into the database and syncs both files, ~40 ms here during
 * which the event loop serves nothing; it was the p99 of every read (each read commits its audit entry).
 * Instead the server's connection turns automatic checkpoints off, and every `every` commits a worker thread
 * with its own connection runs `wal_checkpoint(PASSIVE)`, which copies the bulk of the WAL without blocking
 * the writer (SQLite: a checkpoint may run in a separate thread or process). A checkpoint that ran beside
 * writes never covers the frames written meanwhile, and the WAL only starts over once one has covered them
 * all, so every `restartEvery` commits the server's connection runs one itself, between two transactions:
 * it copies only what the worker has not, then the next commit starts the WAL from its beginning.
 * Durability is unchanged: commits are in the WAL, synced by group commit; a checkpoint only moves them into
 * the database file (syncing it). If the worker fails, automatic checkpoints are turned back on.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
if (workerData.key) {
  // An encrypted database (sqlite-open.ts): the same cipher settings and key as the app's connection.
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma("key = '" + workerData.key.replaceAll("'", "''") + "'");
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let ok = true;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    ok = false;
  }
  parentPort.postMessage(ok);
});
`;

class BackgroundCheckpointer {
  private worker: Worker | null;
  private since = 0;
  private sinceRestart = 0;
  private busy = false;
  private catchUp = false;
  runs = 0;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly every: number,
    private readonly restartEvery: number,
    key?: string,
  ) {
    const module = createRequire(import.meta.url).resolve(
      key ? 'better-sqlite3-multiple-ciphers' : 'better-sqlite3',
    );
    this.worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { module, file: sqlite.name, ...(key ? { key } : {}) },
    });
    this.worker.unref();
    this.worker.on('message', () => {
      this.busy = false;
      this.runs++;
      if (this.sinceRestart >= this.restartEvery) this.catchUp = true;
    });
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
    sqlite.pragma('wal_autocheckpoint = 0');
  }

  /** After each commit, outside any transaction. */
  committed(): void {
    if (!this.worker) return;
    this.sinceRestart++;
    if (this.catchUp) {
      this.catchUp = false;
      this.sinceRestart = 0;
      this.sqlite.pragma('wal_checkpoint(PASSIVE)');
      return;
    }
    if (++this.since < this.every || this.busy) return;
    this.since = 0;
    this.busy = true;
    this.worker.postMessage('checkpoint');
  }

  private fallBack(): void {
    if (!this.worker) return;
    this.worker = null;
    if (this.sqlite.open) this.sqlite.pragma('wal_autocheckpoint = 1000');
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    const exited = new Promise((resolve) => w.once('exit', resolve));
    w.postMessage('close');
    await exited;
  }
}

/**
 * Group commit for the server's PostgreSQL pool (issue #8). Every audited request appends to the audit hash
 * chain under one advisory lock (dialect.ts lockChain), held until its transaction commits; with
 * synchronous_commit=on each commit waits for its own WAL flush inside that lock, so audited requests
 * (reads included) went one fsync at a time: ~200–250/s. Instead the server's connections commit with
 * synchronous_commit=off (the commit is in the WAL, not yet flushed) and every response waits for
 * `durable()`: one flushing commit on a separate connection with synchronous_commit=on (`select
 * txid_current()` takes a transaction id, so its commit record must be flushed), which flushes the WAL up to
 * its own commit and so covers every commit made before it started. Concurrent requests share one flush,
 * outside the chain lock.
 *
 * What is acknowledged is as durable as with synchronous_commit=on: a response is sent only once the WAL
 * holding every commit before it is flushed; the WAL is replayed in order, so a crash keeps a prefix of
 * commits and the chain stays whole. As with SQLite's group commit, what is not acknowledged (a background
 * job's bookkeeping) may be lost to a power cut, never to a crash of this process. A transaction that reads
 * data committed but not yet flushed may act on it before it is durable; it then answers only after the same
 * flush, and if the database crashes first both are lost together.
 */
export class PgGroupFlush {
  /** Statements that may have committed something (counted by the client wrapper in connection.ts). */
  private made = 0;
  private synced = 0;
  private inflight: Promise<void> | null = null;
  flushes = 0;

  constructor(private readonly flushWith: () => Promise<unknown>) {}

  /** Called for every statement sent except plain reads and BEGIN: a write, COMMIT or ROLLBACK. */
  wrote(): void {
    this.made++;
  }

  /** Resolves once every commit made before the call is flushed. */
  async durable(): Promise<void> {
    const target = this.made;
    while (this.synced < target) {
      this.inflight ??= this.flush().finally(() => {
        this.inflight = null;
      });
      await this.inflight;
    }
  }

  private async flush(): Promise<void> {
    const upTo = this.made;
    const started = performance.now();
    await this.flushWith();
    this.flushes++;
    probe('group_commit_seconds', secondsSince(started));
    if (upTo > this.synced) this.synced = upTo;
  }
}
