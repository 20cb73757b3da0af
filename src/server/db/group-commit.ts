import fs from 'node:fs';
import type SQLite from 'better-sqlite3';

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

  constructor(private readonly sqlite: SQLite.Database) {}

  /** Called after any statement that may have written: counts a commit when no transaction is left open. */
  afterWrite(): void {
    if (!this.sqlite.inTransaction) this.made++;
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
    this.fd ??= fs.openSync(`${this.sqlite.name}-wal`, 'r');
    await new Promise<void>((resolve, reject) =>
      fs.fdatasync(this.fd as number, (err) => (err ? reject(err) : resolve())),
    );
    this.fsyncs++;
    if (upTo > this.synced) this.synced = upTo;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
