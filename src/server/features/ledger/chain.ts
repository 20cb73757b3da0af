import {
  applyEvent,
  canonicalJson,
  EMPTY_LEDGER,
  type LedgerEvent,
  type LedgerState,
  verifyChain,
} from '../../../domain/ledger';
import { type Db, type Executor, lockChain } from '../../db/dialect';
import { sha256 } from '../../platform/crypto';
import {
  allContainers,
  type EventRow,
  eventPage,
  insertEventRow,
  ledgerHead,
  type NewEventRow,
  setLedgerHead,
} from './repository';

/**
 * The ledger's hash chain (SECURITY S4; 21 CFR 1304.04 asks that records be kept complete and readily
 * retrievable — a chain makes any later edit, removal or insertion evident). Each row's hash covers every
 * column but `seq` and `hash`, including `prev_hash`; the `chain_heads` row named 'ledger' holds the last
 * hash and the count, so cutting entries off the end is detected too.
 */
export const LEDGER_GENESIS = '0'.repeat(64);

export type HashedFields = Omit<NewEventRow, 'hash'>;

export function ledgerHash(fields: HashedFields): string {
  return sha256(canonicalJson({ ...fields }));
}

/** Appends one sealed row. The caller holds the transaction; this takes the chain lock (PostgreSQL). */
export async function appendChained(
  trx: Executor,
  fields: Omit<HashedFields, 'prev_hash'>,
): Promise<EventRow> {
  await lockChain(trx, 'ledger');
  const head = await ledgerHead(trx);
  const sealed: HashedFields = { ...fields, prev_hash: head?.hash ?? LEDGER_GENESIS };
  const row: NewEventRow = { ...sealed, hash: ledgerHash(sealed) };
  const seq = await insertEventRow(trx, row);
  await setLedgerHead(trx, Boolean(head), {
    seq,
    hash: row.hash,
    count: Number(head?.count ?? 0) + 1,
    updated_at: row.at,
  });
  return { ...row, seq };
}

export interface LedgerVerdict {
  ok: boolean;
  checked: number;
  head: string;
  firstBroken?: { seq: number | null; id: string | null; reason: string };
  projection: Array<{ containerId: string; cachedUg: number; eventsUg: number; reason: string }>;
}

const REASONS: Record<string, string> = {
  link_mismatch:
    'its link to the previous entry does not match (an entry before it was removed, added or changed)',
  hash_mismatch: 'its contents do not match its hash (edited)',
};

const toEntry = (r: EventRow) => {
  const { seq: _seq, ...rest } = r;
  return { ...rest, prevHash: r.prev_hash };
};
const entryHash = (e: ReturnType<typeof toEntry>) => {
  const { prevHash: _p, hash: _h, ...fields } = e;
  return ledgerHash(fields);
};

/**
 * Checks rows in chain order, a page at a time (the pure verifyChain per page, each page continuing from the
 * last good hash), so a long ledger is never held in memory. It also replays every event through the domain
 * rules, so the balances it ends with are the sum of the events, to compare with the cached ones.
 */
export class LedgerChainVerifier {
  private prev = LEDGER_GENESIS;
  private checked = 0;
  private broken: LedgerVerdict['firstBroken'];
  private state: LedgerState = EMPTY_LEDGER;
  private readonly findings: LedgerVerdict['projection'] = [];

  push(rows: EventRow[]): boolean {
    if (this.broken) return false;
    const result = verifyChain(rows.map(toEntry), entryHash, { genesisPrevHash: this.prev });
    const good = result.ok ? rows : rows.slice(0, result.index);
    for (const row of good) {
      let event: LedgerEvent | null = null;
      try {
        event = parsePayload(row);
      } catch {
        event = null;
      }
      const applied = event ? applyEvent(this.state, event) : null;
      if (applied?.ok) this.state = applied.state;
      else
        this.findings.push({
          containerId: row.container_id,
          cachedUg: 0,
          eventsUg: 0,
          reason: `event ${row.id} breaks the ledger rules (${applied ? (applied.ok ? '' : applied.error.code) : 'unreadable'})`,
        });
    }
    this.checked += good.length;
    if (good.length) this.prev = (good[good.length - 1] as EventRow).hash;
    if (!result.ok) {
      const bad = rows[result.index];
      this.broken = {
        seq: bad ? Number(bad.seq) : null,
        id: bad?.id ?? null,
        reason: REASONS[result.reason] ?? result.reason,
      };
      return false;
    }
    return true;
  }

  /** `head` is the recorded chain head; `containers` the cached balances to compare (optional). */
  finish(
    head: { seq: number; hash: string; count: number } | undefined,
    containers: Array<{ id: string; balance_ug: number; location_id: string }> = [],
  ): LedgerVerdict {
    let firstBroken = this.broken;
    if (!firstBroken && head && (head.hash !== this.prev || Number(head.count) !== this.checked)) {
      firstBroken = {
        seq: Number(head.seq),
        id: null,
        reason: `the recorded head (${Number(head.count)} entries) does not match the ledger (${this.checked} entries): entries were cut off the end`,
      };
    } else if (!firstBroken && !head && this.checked > 0) {
      firstBroken = { seq: null, id: null, reason: 'the chain head record is missing' };
    }
    const projection = [...this.findings];
    if (!firstBroken) {
      for (const c of containers) {
        const s = this.state.containers[c.id];
        const eventsUg = s?.balanceUg ?? 0;
        const cachedUg = Number(c.balance_ug);
        if (eventsUg !== cachedUg)
          projection.push({
            containerId: c.id,
            cachedUg,
            eventsUg,
            reason: 'cached balance differs from the sum of its events',
          });
        else if (s && s.locationId !== c.location_id)
          projection.push({
            containerId: c.id,
            cachedUg,
            eventsUg,
            reason: 'cached location differs from its events',
          });
      }
    }
    return {
      ok: !firstBroken && projection.length === 0,
      checked: this.checked,
      head: this.prev,
      ...(firstBroken ? { firstBroken } : {}),
      projection,
    };
  }
}

/** Verifies the stored ledger: chain, head, and cached balances against the sum of events. */
export async function verifyLedger(db: Db, pageSize = 1000): Promise<LedgerVerdict> {
  const verifier = new LedgerChainVerifier();
  let afterSeq = -1;
  for (;;) {
    const rows = await eventPage(db, afterSeq, pageSize);
    if (!verifier.push(rows)) return verifier.finish(undefined);
    if (rows.length) afterSeq = Number((rows[rows.length - 1] as EventRow).seq);
    if (rows.length < pageSize) break;
  }
  const head = await ledgerHead(db);
  return verifier.finish(
    head ? { seq: Number(head.seq), hash: head.hash, count: Number(head.count) } : undefined,
    await allContainers(db),
  );
}

export const parsePayload = (row: Pick<EventRow, 'payload'>): LedgerEvent =>
  JSON.parse(row.payload) as LedgerEvent;
