import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * A time-ordered UUID (version 7, RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74 random bits. Ids
 * made one after another sort after one another, so an index on them grows at its end instead of at a random
 * page (issue #23: every audited request inserts an entry, and a random id touched a page of the id index at
 * random, and wrote it, each time). The time it carries is the time the row records anyway.
 */
const POOL = 256; // ids' worth of random bytes drawn at once, as crypto.randomUUID keeps a cache
let pool = Buffer.alloc(0);
let used = POOL;
export function uuidV7(now = Date.now()): string {
  if (used >= POOL) {
    pool = randomBytes(16 * POOL);
    used = 0;
  }
  const b = Buffer.from(pool.subarray(used * 16, ++used * 16));
  b.writeUIntBE(now, 0, 6);
  b[6] = ((b[6] as number) & 0x0f) | 0x70; // version 7
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Derives the 32-byte AES key from the configured secret (any string of 32+ characters). */
export function deriveKey(secret: string): Buffer {
  return createHash('sha256').update(`liminal-at-rest:${secret}`).digest();
}

/** AES-256-GCM, for secrets that must be readable again (TOTP seeds). Format: v1.iv.tag.ciphertext */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

export function decryptSecret(key: Buffer, boxed: string): string {
  const [v, iv, tag, ct] = boxed.split('.');
  if (v !== 'v1' || !iv || !tag || !ct) throw new Error('Unrecognised secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Stable JSON (sorted keys) so a hash of a record does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
