import type SQLite from 'better-sqlite3';
import { rowCounts } from '../../db/encryption';
import type { ChainHead } from './receipts';

/**
 * The reads a backup makes of the copy it has just written (a raw SQLite connection, outside the app's Kysely
 * pool, possibly in a worker thread): its rows per table, chain heads and schema version.
 */

export const tableRows = (db: SQLite.Database): Record<string, number> => Object.fromEntries(rowCounts(db));

export function snapshotHeads(db: SQLite.Database): { audit: ChainHead | null; ledger: ChainHead | null } {
  const rows = db.prepare('select chain, seq, hash, count from chain_heads').all() as {
    chain: string;
    seq: number;
    hash: string;
    count: number;
  }[];
  const pick = (chain: string) => {
    const h = rows.find((r) => r.chain === chain);
    return h ? { seq: Number(h.seq), hash: h.hash, count: Number(h.count) } : null;
  };
  return { audit: pick('audit'), ledger: pick('ledger') };
}

/** The newest migration applied (the schema version a restore must be able to run). */
export function schemaVersion(db: SQLite.Database): string | null {
  const v = db.prepare('select max(name) from kysely_migration').pluck().get();
  return typeof v === 'string' ? v : null;
}
