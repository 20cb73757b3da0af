// Hash-chain helpers for append-only records (ARCHITECTURE rule 6: the audit log and the controlled-
// substance ledger are insert-only and hash-chained, verifiable from the CLI).
//
// Each entry stores the hash of the previous entry (`prevHash`) and its own `hash`, computed over its
// content including `prevHash`. The hash function is injected so this module stays pure: the server
// passes a SHA-256 over `canonicalJson`, tests can pass anything deterministic.

export interface ChainEntry {
  prevHash: string | null;
  hash: string;
}

/**
 * Deterministic JSON for hashing: object keys sorted (by UTF-16 code units, JavaScript's default order),
 * no whitespace, `undefined` properties omitted (so an absent optional field and an undefined one hash the
 * same). Anything JSON cannot represent faithfully throws instead of being silently changed: non-finite
 * numbers, bigint, functions, symbols, undefined inside arrays, and non-plain objects such as Map or Set
 * (which JSON.stringify would turn into "{}"). Objects with toJSON (Date) use it.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, 'value');
}

function encode(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: non-finite number cannot be hashed`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: ${typeof value} cannot be represented in canonical JSON`);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item, i) => {
        if (item === undefined) throw new TypeError(`${path}[${i}]: undefined inside an array`);
        return encode(item, `${path}[${i}]`);
      })
      .join(',')}]`;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return encode(withJson.toJSON(), path);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${path}: only plain objects can be hashed`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(record[k], `${path}.${k}`)}`).join(',')}}`;
}

/** The text an entry's hash is computed over: everything except `hash` itself, canonically encoded. */
export function hashableContent(entry: object): string {
  const { hash: _ignored, ...rest } = entry as Record<string, unknown>;
  return canonicalJson(rest);
}

/** Seals the next entry: sets `prevHash` to the current head and computes `hash`. */
export function sealEntry<T extends object>(
  content: T,
  prevHash: string | null,
  hashFn: (unsealed: T & { prevHash: string | null }) => string,
): T & ChainEntry {
  const unsealed = { ...content, prevHash };
  return { ...unsealed, hash: hashFn(unsealed) };
}

export type ChainBreakReason =
  /** The entry's content no longer produces its stored hash: it was edited. */
  | 'hash_mismatch'
  /** The entry does not point at the entry before it: something was deleted or inserted before it. */
  | 'link_mismatch'
  /** Every link holds but the last hash is not the stored head: entries were cut off (or appended). */
  | 'head_mismatch'
  /** Fewer or more entries than the stored count. */
  | 'length_mismatch';

export type ChainVerification =
  | { ok: true; length: number; head: string | null }
  | {
      ok: false;
      index: number;
      reason: ChainBreakReason;
      expected: string | number | null;
      actual: string | number | null;
    };

export interface VerifyOptions {
  /** The head hash stored separately (e.g. in a checkpoint row); detects truncation of the tail. */
  expectedHead?: string | null;
  /** The entry count stored with the head, if any. */
  expectedLength?: number;
  /** What the first entry's prevHash must be; null unless the chain continues an archived one. */
  genesisPrevHash?: string | null;
}

/**
 * Walks the chain and names the first index where it breaks. An edited entry fails its own hash; a
 * deleted entry breaks the link of the entry that followed it; an inserted entry breaks the link of the
 * entry after it (or its own, if it points at the wrong predecessor); a truncated tail leaves a valid
 * chain whose last hash differs from the stored head (index = length: the first missing position).
 */
export function verifyChain<T extends ChainEntry>(
  entries: readonly T[],
  hashFn: (entry: T) => string,
  options: VerifyOptions = {},
): ChainVerification {
  let previous: string | null = options.genesisPrevHash ?? null;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as T;
    if (entry.prevHash !== previous) {
      return { ok: false, index, reason: 'link_mismatch', expected: previous, actual: entry.prevHash };
    }
    const computed = hashFn(entry);
    if (computed !== entry.hash) {
      return { ok: false, index, reason: 'hash_mismatch', expected: computed, actual: entry.hash };
    }
    previous = entry.hash;
  }
  const head = entries.length > 0 ? previous : null;
  if (options.expectedLength !== undefined && options.expectedLength !== entries.length) {
    return {
      ok: false,
      index: Math.min(options.expectedLength, entries.length),
      reason: 'length_mismatch',
      expected: options.expectedLength,
      actual: entries.length,
    };
  }
  if (options.expectedHead !== undefined && options.expectedHead !== head) {
    return {
      ok: false,
      index: entries.length,
      reason: 'head_mismatch',
      expected: options.expectedHead,
      actual: head,
    };
  }
  return { ok: true, length: entries.length, head };
}
