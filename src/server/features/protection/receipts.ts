import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Executor } from '../../db/dialect';
import * as repo from './repository';

/**
 * Chain receipts (issue #20, S20): the audit log and the ledger are hash chains, so an edit anywhere shows, but
 * whoever owns the database file could cut the tail (and the recorded head with it) or rewrite the chain from a
 * point on. A receipt records each chain's head — sequence number, hash, entry count — at a moment, signed with
 * an HMAC from the installation's secret key, and is kept outside the database: in DATA_DIR/receipts/, mailed to
 * every admin, and in each backup's manifest. A chain that no longer holds the receipt's head entry (cut before
 * it) or holds a different one there (rewritten) fails `verify-audit --receipt` / `ledger verify --receipt`.
 */

const head = z.object({
  seq: z.number().int().nonnegative(),
  hash: z.string().min(1),
  count: z.number().int().nonnegative(),
});
export type ChainHead = z.infer<typeof head>;

export const receiptSchema = z.object({
  kind: z.literal('liminal-chain-receipt'),
  version: z.literal(1),
  at: z.string(),
  audit: head.nullable(),
  ledger: head.nullable(),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ChainReceipt = z.infer<typeof receiptSchema>;

const macOf = (key: Buffer, r: Omit<ChainReceipt, 'mac'>) =>
  createHmac('sha256', key)
    .update(`liminal-chain-receipt\n${JSON.stringify([r.kind, r.version, r.at, r.audit, r.ledger])}`)
    .digest('hex');

/** The chains' heads now, signed. */
export async function makeReceipt(db: Executor, key: Buffer, at: Date): Promise<ChainReceipt> {
  const heads = await repo.chainHeads(db);
  const pick = (chain: string) => {
    const h = heads.find((x) => x.chain === chain);
    return h ? { seq: Number(h.seq), hash: h.hash, count: Number(h.count) } : null;
  };
  const body = {
    kind: 'liminal-chain-receipt' as const,
    version: 1 as const,
    at: at.toISOString(),
    audit: pick('audit'),
    ledger: pick('ledger'),
  };
  return { ...body, mac: macOf(key, body) };
}

export class ReceiptError extends Error {}

/** Reads and authenticates a receipt file; throws ReceiptError naming what is wrong. */
export function readReceipt(file: string, key: Buffer): ChainReceipt {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ReceiptError(`${file} is not a readable receipt (JSON)`);
  }
  const r = receiptSchema.safeParse(parsed);
  if (!r.success)
    throw new ReceiptError(`${file} is not a chain receipt (${r.error.issues[0]?.path.join('.')})`);
  const { mac, ...body } = r.data;
  const expected = Buffer.from(macOf(key, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex')))
    throw new ReceiptError(
      `${file}'s signature does not match: it was altered, or it was issued with another LIMINAL_SECRET_KEY`,
    );
  return r.data;
}

export interface ReceiptCheck {
  ok: boolean;
  reason?: string;
}

/** Does the chain still hold the receipt's head, unchanged, with at least as many entries? */
export async function checkReceipt(
  db: Executor,
  receipt: ChainReceipt,
  chain: 'audit' | 'ledger',
): Promise<ReceiptCheck> {
  const want = receipt[chain];
  if (!want) return { ok: true };
  const row =
    chain === 'audit' ? await repo.auditHashAt(db, want.seq) : await repo.ledgerHashAt(db, want.seq);
  const name = chain === 'audit' ? 'audit entry' : 'ledger entry';
  if (!row)
    return {
      ok: false,
      reason: `the receipt of ${receipt.at} names ${name} seq ${want.seq} as the head, and the chain no longer contains it (entries were cut)`,
    };
  if (row.hash !== want.hash)
    return {
      ok: false,
      reason: `${name} seq ${want.seq} no longer has the hash the receipt of ${receipt.at} recorded (the chain was rewritten up to there)`,
    };
  const heads = await repo.chainHeads(db);
  const now = heads.find((h) => h.chain === chain);
  if (!now || Number(now.count) < want.count)
    return {
      ok: false,
      reason: `the chain now has fewer entries (${now ? Number(now.count) : 0}) than the receipt of ${receipt.at} recorded (${want.count})`,
    };
  return { ok: true };
}

/** Writes a receipt under `dir` (created 0700), named by its time; the file's path. */
export function writeReceipt(dir: string, receipt: ChainReceipt): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `chain-receipt-${receipt.at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(receipt, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

/** The newest receipt file under `dir`, if any (names sort by time). */
export function latestReceiptFile(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const names = fs
    .readdirSync(dir)
    .filter((n) => /^chain-receipt-.*\.json$/.test(n))
    .sort();
  const last = names.at(-1);
  return last ? path.join(dir, last) : undefined;
}
