import { type Db, isPostgres } from '../db/dialect';
import {
  type AuditInput,
  appendAudit,
  prepareAuditEntry,
  storeAuditEntries,
  type UnlinkedEntry,
} from './audit';
import type { AuthContext, RequestMeta } from './auth-context';
import type { Clock } from './clock';
import { probe, secondsSince } from './probes';

/** At most this many entries in one group (SQLite binds 15 parameters an entry). */
const MAX_GROUP = 500;

interface Waiting {
  entry: UnlinkedEntry;
  resolve: (id: string) => void;
  reject: (err: unknown) => void;
}

/**
 * The audit entries of reads, appended in groups (issue #23). A read changes nothing, so its entry need not
 * share a transaction with it; what S3 asks is that the entry is stored before the answer leaves. Every read
 * used to commit a transaction of its own to append one entry: a chain-lock acquisition, a read of the head, an
 * insert and a move of the head, one after another. Here entries arriving together (in the same turn of the
 * event loop, or while the previous group is being stored) are stored by one transaction: one lock, one read of
 * the head, the rows (SQLite: one prepared insert run once a row) or one database call (PostgreSQL, migration
 * 0030), one commit. Each caller's promise settles once its group has committed, and the response still waits
 * for the group commit's sync (db/group-commit.ts) like any other: what is acknowledged is as durable as before.
 * One group is stored at a time per connection; the chain's order is the order entries were handed in. If a
 * group fails, its entries are retried one by one, so one bad entry fails only its own request.
 */
export class AuditBatcher {
  private queue: Waiting[] = [];
  private running = false;
  private scheduled = false;
  groups = 0;
  entries = 0;

  constructor(private readonly db: Db) {}

  add(entry: UnlinkedEntry): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // The rest of this turn's requests join the group.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, MAX_GROUP);
        await this.store(group);
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Stores entries at the chain's head. PostgreSQL appends them in one statement (audit.ts), which is a
   * transaction of its own: sent alone it is one round trip instead of three (BEGIN, the append, COMMIT), and the
   * chain's lock, taken by the statement, is released at its commit inside the database instead of a round trip
   * later. SQLite reads and moves the head in a transaction.
   */
  private append(entries: UnlinkedEntry[]): Promise<void> {
    return isPostgres(this.db)
      ? storeAuditEntries(this.db, entries)
      : this.db.transaction().execute((trx) => storeAuditEntries(trx, entries));
  }

  private async store(group: Waiting[]): Promise<void> {
    const started = performance.now();
    try {
      await this.append(group.map((w) => w.entry));
      this.groups++;
      this.entries += group.length;
      probe('audit_append_seconds', secondsSince(started));
      for (const w of group) w.resolve(w.entry.id);
    } catch (err) {
      if (group.length === 1) {
        (group[0] as Waiting).reject(err);
        return;
      }
      for (const w of group) {
        try {
          await this.append([w.entry]);
          w.resolve(w.entry.id);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }
}

const batchers = new WeakMap<Db, AuditBatcher>();

/** The connection's batcher (one per database handle: a group is one transaction on it). */
export function auditBatcherOf(db: Db): AuditBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new AuditBatcher(db);
    batchers.set(db, b);
  }
  return b;
}

/**
 * Audits a read (or a refusal): the entry is stored, in a group with others arriving together, before this
 * resolves. An entry that records an idempotency key belongs with the change it keys, so it is appended in a
 * transaction of its own, as `appendAudit` does.
 */
export async function auditRead(
  db: Db,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
): Promise<string> {
  // Inside a transaction already (a caller's): the entry goes with it.
  if (db.isTransaction) return appendAudit(db, clock, actor, input);
  if ((input.outcome ?? 'allowed') === 'allowed' && actor?.idempotencyKey)
    return db.transaction().execute((trx) => appendAudit(trx, clock, actor, input));
  const entry = await prepareAuditEntry(db, clock, actor, input);
  return auditBatcherOf(db).add(entry);
}
