import type { OperationNodeSource } from 'kysely';
import type { AuditAction } from '../../contracts/audit-actions';
import {
  type Db,
  type Executor,
  fromBool,
  isPostgres,
  isUniqueViolation,
  lockChain,
  toBool,
} from '../db/dialect';
import type { IdempotencyKeysTable } from '../db/schema';
import type { AuthContext, RequestMeta } from './auth-context';
import type { Clock } from './clock';
import { canonicalJson, sha256, uuidV7 } from './crypto';
import { grantForAudit } from './emergency';
import { asAlreadyApplied, idempotencyKeyRow, keyRecorded, recordIdempotencyKey } from './idempotency';
import { probe, secondsSince } from './probes';
import * as repo from './repository/audit';

/**
 * The append-only, hash-chained audit log. Each entry stores the hash of the previous one; the database
 * refuses UPDATE/DELETE (see makeAppendOnly). Services call `append` inside the transaction that makes the
 * change, so the entry commits or rolls back with it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditInput {
  /** One of the named actions (contracts/audit-actions.ts): each has the words the audit log shows. */
  action: AuditAction;
  outcome?: AuditOutcome;
  patientId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  /** Non-PHI context only (ids, field names, counts, reasons typed by staff about access). */
  detail?: Record<string, unknown> | null;
}

export interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  patient_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  emergency: number;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

type HashedFields = Omit<AuditRow, 'seq' | 'hash'>;

/** What an entry's hash covers besides its link: the canonical JSON of its fields. */
const auditPayload = (rest: Omit<HashedFields, 'prev_hash'>): string =>
  canonicalJson({ ...rest, emergency: toBool(rest.emergency) ? 1 : 0 });

export function auditHash(row: HashedFields): string {
  const { prev_hash, ...rest } = row;
  return sha256(`${prev_hash}\n${auditPayload(rest)}`);
}

export async function appendAudit(
  trx: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
): Promise<string> {
  const started = performance.now();
  try {
    return await appendAuditEntry(trx, clock, actor, input);
  } finally {
    probe('audit_append_seconds', secondsSince(started)); // the metrics' audit-append latency
  }
}

/**
 * PostgreSQL (issue #23): a change that is one inserted row (`row`, a statement to embed), stored with its audit
 * entry and the request's idempotency key by one statement, which is its own transaction: no BEGIN and COMMIT
 * round trips, and the chain's lock held for that statement only. All three are stored, or none. A key already
 * stored is "already applied", as for any keyed write; `duplicate` says what a unique violation of the row
 * itself means to the caller.
 */
export async function appendAuditWithRow(
  db: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
  row: OperationNodeSource,
  duplicate: (err: unknown) => unknown,
): Promise<string> {
  const started = performance.now();
  try {
    const { entry, key } = await unlinkedEntry(db, clock, actor, input);
    try {
      await repo.appendAuditInDatabase(db, entry, auditPayload(entry), key, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw (err as { table?: string }).table === 'idempotency_keys' ? asAlreadyApplied(err) : duplicate(err);
    }
    if (key && actor) keyRecorded(actor);
    return entry.id;
  } finally {
    probe('audit_append_seconds', secondsSince(started));
  }
}

/** An entry's fields, everything but its link and hash (which depend on the chain's head when it is stored). */
export type UnlinkedEntry = Omit<HashedFields, 'prev_hash'>;

/**
 * What does not depend on the chain: the emergency flag, the idempotency key (recorded in `trx`, so with the
 * change it belongs to) and the entry's fields. Done before the chain's lock is taken, which is held until the
 * transaction commits (PostgreSQL): every audited request waits for it in turn, so it is kept short.
 */
export async function prepareAuditEntry(
  trx: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
): Promise<UnlinkedEntry> {
  const { entry, key } = await unlinkedEntry(trx, clock, actor, input);
  if (key && actor) await recordIdempotencyKey(trx, clock, actor, entry.id);
  return entry;
}

/** The entry's fields, and the idempotency key row its request should record with it (not yet stored). */
async function unlinkedEntry(
  trx: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
): Promise<{ entry: UnlinkedEntry; key: IdempotencyKeysTable | null }> {
  const auth = actor && 'userId' in actor ? actor : null;
  // S17: an entry about a patient on whom the actor holds an open emergency window is flagged, whatever wrote it.
  const grant = await grantForAudit(trx, auth, input.patientId, clock.now().toISOString());
  const detail = grant
    ? { ...(input.detail ?? {}), emergency: true, emergencyGrantId: grant.id }
    : input.detail;
  const id = uuidV7(); // time-ordered: the id index grows at its end
  const key =
    (input.outcome ?? 'allowed') === 'allowed' && actor ? idempotencyKeyRow(clock, actor, id) : null;
  const entry = {
    id,
    at: clock.now().toISOString(),
    actor_id: auth?.userId ?? null,
    actor_role: auth?.role ?? null,
    patient_id: input.patientId ?? null,
    action: input.action,
    object_type: input.objectType ?? null,
    object_id: input.objectId ?? null,
    outcome: input.outcome ?? 'allowed',
    ip: actor?.ip ?? null,
    request_id: actor?.requestId ?? null,
    emergency: fromBool(Boolean(grant) || (auth?.emergency ?? false)),
    detail: detail ? JSON.stringify(detail) : null,
  };
  return { entry, key };
}

async function appendAuditEntry(
  trx: Executor,
  clock: Clock,
  actor: AuthContext | RequestMeta | null,
  input: AuditInput,
): Promise<string> {
  if (isPostgres(trx)) {
    // One statement stores the request's idempotency key and appends the entry (issue #23: a round trip less
    // for every keyed write); the key is inserted first, as on SQLite, so a racing copy fails before the lock.
    const { entry, key } = await unlinkedEntry(trx, clock, actor, input);
    try {
      await repo.appendAuditInDatabase(trx, entry, auditPayload(entry), key);
    } catch (err) {
      throw key ? asAlreadyApplied(err) : err;
    }
    if (key && actor) keyRecorded(actor);
    return entry.id;
  }
  const entry = await prepareAuditEntry(trx, clock, actor, input);
  await storeAuditEntries(trx, [entry]);
  return entry.id;
}

/**
 * Links, hashes and stores entries at the chain's head, in the order given, inside `trx`. PostgreSQL: one
 * statement takes the chain's lock, links, hashes and stores them (migrations 0013 and 0030): the lock is then
 * held for that statement and the commit, not across a round trip per step; entries with nothing else to commit
 * may be sent on the pool itself, the statement being its own transaction (audit-batch.ts). An entry's time is
 * read before it waits for the lock, so along the chain a time may precede the one before it by that wait; the
 * chain's order is its sequence. SQLite: the connection runs one transaction at a time and the write lock
 * covers other processes; the rows go in by one prepared insert, run once a row (repository/audit.ts).
 */
export async function storeAuditEntries(trx: Executor, entries: UnlinkedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (isPostgres(trx)) {
    if (entries.length === 1) {
      const [entry] = entries as [UnlinkedEntry];
      await repo.appendAuditInDatabase(trx, entry, auditPayload(entry));
    } else {
      await repo.appendAuditManyInDatabase(
        trx,
        entries.map((e) => ({ ...e, payload: auditPayload(e) })),
      );
    }
    return;
  }
  await lockChain(trx, 'audit');
  const head = await repo.auditHead(trx);
  let prev = head?.hash ?? GENESIS_HASH;
  const rows = entries.map((entry) => {
    const fields: HashedFields = { ...entry, prev_hash: prev };
    prev = auditHash(fields);
    return { ...fields, hash: prev };
  });
  const seq = await repo.insertAuditEntries(trx, rows);
  const count = Number(head?.count ?? 0) + rows.length;
  const last = rows[rows.length - 1] as (typeof rows)[number];
  await repo.setAuditHead(trx, Boolean(head), { seq, hash: last.hash, count, updated_at: last.at });
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  head: string;
  firstBroken?: { seq: number | null; id: string | null; reason: string };
}

/**
 * Checks entries one at a time, in chain order, so a long log never has to be held in memory. Detects an
 * edited entry (hash mismatch), a removed or inserted one (broken link), and, given the recorded head,
 * entries cut off the end.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private checked = 0;
  private broken: ChainVerdict['firstBroken'];

  push(row: AuditRow): boolean {
    if (this.broken) return false;
    if (row.prev_hash !== this.prev) {
      this.broken = {
        seq: Number(row.seq),
        id: row.id,
        reason:
          'its link to the previous entry does not match (an entry before it was removed, added or changed)',
      };
      return false;
    }
    const { seq: _seq, hash, ...fields } = row;
    if (auditHash(fields) !== hash) {
      this.broken = {
        seq: Number(row.seq),
        id: row.id,
        reason: 'its contents do not match its hash (edited)',
      };
      return false;
    }
    this.prev = hash;
    this.checked++;
    return true;
  }

  finish(head: { seq: number; hash: string; count: number } | undefined): ChainVerdict {
    if (this.broken) return { ok: false, checked: this.checked, head: this.prev, firstBroken: this.broken };
    if (head && (head.hash !== this.prev || Number(head.count) !== this.checked)) {
      return {
        ok: false,
        checked: this.checked,
        head: this.prev,
        firstBroken: {
          seq: Number(head.seq),
          id: null,
          reason: `the recorded head (${Number(head.count)} entries) does not match the log (${this.checked} entries): entries were cut off the end`,
        },
      };
    }
    if (!head && this.checked > 0) {
      return {
        ok: false,
        checked: this.checked,
        head: this.prev,
        firstBroken: { seq: null, id: null, reason: 'the chain head record is missing' },
      };
    }
    return { ok: true, checked: this.checked, head: this.prev };
  }
}

/** Verifies the stored audit chain, reading it in pages. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  let lastSeq = -1;
  for (;;) {
    const rows = (await repo.auditPage(db, lastSeq, pageSize)) as AuditRow[];
    for (const row of rows) {
      if (!verifier.push(row)) return verifier.finish(undefined);
      lastSeq = Number(row.seq);
    }
    if (rows.length < pageSize) break;
  }
  const head = await repo.auditHead(db);
  return verifier.finish(
    head ? { seq: Number(head.seq), hash: head.hash, count: Number(head.count) } : undefined,
  );
}
