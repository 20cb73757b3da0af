import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainEntry, canonicalJson, hashableContent, sealEntry, verifyChain } from './index';

// What the server is expected to pass: SHA-256 over the canonical JSON of everything but `hash`.
const sha256 = (entry: object) => createHash('sha256').update(hashableContent(entry)).digest('hex');

interface Row extends ChainEntry {
  seq: number;
  payload: { type: string; quantityUg: number };
}

function buildChain(n: number): Row[] {
  const rows: Row[] = [];
  for (let seq = 0; seq < n; seq++) {
    rows.push(
      sealEntry(
        { seq, payload: { type: 'administer', quantityUg: 1000 * (seq + 1) } },
        rows.at(-1)?.hash ?? null,
        sha256,
      ),
    );
  }
  return rows;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and omits undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson(new Date('2026-03-02T14:00:00Z'))).toBe('"2026-03-02T14:00:00.000Z"');
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
    expect(canonicalJson(-0)).toBe('0');
  });

  it('refuses values JSON would silently change', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ m: new Map() })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('is independent of key insertion order and parses back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });
});

describe('verifyChain', () => {
  const chain = buildChain(6);
  const head = chain.at(-1)?.hash ?? null;

  it('accepts clean chains of any length, with or without the expected head', () => {
    for (let n = 0; n <= 6; n++) {
      const c = buildChain(n);
      const h = c.at(-1)?.hash ?? null;
      expect(verifyChain(c, sha256)).toEqual({ ok: true, length: n, head: h });
      expect(verifyChain(c, sha256, { expectedHead: h, expectedLength: n }).ok).toBe(true);
    }
  });

  it('names an edited entry', () => {
    const edited = chain.map((r) => ({ ...r, payload: { ...r.payload } }));
    const row = edited[3];
    if (row) row.payload.quantityUg = 1;
    expect(verifyChain(edited, sha256)).toMatchObject({ ok: false, index: 3, reason: 'hash_mismatch' });
  });

  it('names the entry after an edited-and-rehashed one', () => {
    const rewritten = [...chain];
    const old = chain[2] as Row;
    rewritten[2] = sealEntry({ seq: 2, payload: { type: 'waste', quantityUg: 5 } }, old.prevHash, sha256);
    expect(verifyChain(rewritten, sha256)).toMatchObject({ ok: false, index: 3, reason: 'link_mismatch' });
  });

  it('names the position of a deleted entry, including the first', () => {
    expect(verifyChain([...chain.slice(0, 2), ...chain.slice(3)], sha256)).toMatchObject({
      ok: false,
      index: 2,
      reason: 'link_mismatch',
    });
    expect(verifyChain(chain.slice(1), sha256)).toMatchObject({
      ok: false,
      index: 0,
      reason: 'link_mismatch',
    });
  });

  it('detects an inserted entry, whether or not it links to its predecessor', () => {
    const forged = sealEntry(
      { seq: 99, payload: { type: 'receive', quantityUg: 1 } },
      chain[1]?.hash ?? null,
      sha256,
    );
    const inserted = [...chain.slice(0, 2), forged, ...chain.slice(2)];
    // The forged entry is self-consistent; the break shows at the entry that followed it.
    expect(verifyChain(inserted, sha256)).toMatchObject({ ok: false, index: 3, reason: 'link_mismatch' });
    const careless = { ...forged, prevHash: 'x' };
    expect(verifyChain([...chain.slice(0, 2), careless, ...chain.slice(2)], sha256)).toMatchObject({
      index: 2,
      reason: 'link_mismatch',
    });
  });

  it('detects truncation and appended entries only through the stored head and length', () => {
    const truncated = chain.slice(0, 4);
    expect(verifyChain(truncated, sha256).ok).toBe(true); // a prefix is a valid chain on its own...
    expect(verifyChain(truncated, sha256, { expectedHead: head })).toMatchObject({
      ok: false,
      index: 4,
      reason: 'head_mismatch',
      expected: head,
      actual: chain[3]?.hash,
    });
    expect(verifyChain(truncated, sha256, { expectedLength: 6 })).toMatchObject({
      index: 4,
      reason: 'length_mismatch',
    });
    const appended = [...chain, sealEntry({ seq: 6, payload: { type: 'x', quantityUg: 1 } }, head, sha256)];
    expect(verifyChain(appended, sha256, { expectedHead: head })).toMatchObject({
      index: 7,
      reason: 'head_mismatch',
    });
    expect(verifyChain([], sha256, { expectedHead: head })).toMatchObject({
      index: 0,
      reason: 'head_mismatch',
    });
  });

  it('supports a chain that continues an archived one', () => {
    const rows = [sealEntry({ seq: 0, payload: { type: 'x', quantityUg: 1 } }, 'archived-head', sha256)];
    expect(verifyChain(rows, sha256).ok).toBe(false);
    expect(verifyChain(rows, sha256, { genesisPrevHash: 'archived-head' }).ok).toBe(true);
  });

  it('never raises a false alarm and always catches a single tampering (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.constantFrom('edit', 'delete', 'swap', 'truncate'),
        (n, pick, kind) => {
          const c = buildChain(n);
          const h = c.at(-1)?.hash ?? null;
          expect(verifyChain(c, sha256, { expectedHead: h }).ok).toBe(true);
          const i = pick % n;
          let tampered: Row[];
          if (kind === 'edit') {
            tampered = c.map((r, j) => (j === i ? { ...r, payload: { ...r.payload, quantityUg: -1 } } : r));
          } else if (kind === 'delete') {
            tampered = c.filter((_, j) => j !== i);
          } else if (kind === 'swap') {
            if (n < 2) return;
            const j = (i + 1) % n;
            tampered = [...c];
            [tampered[i], tampered[j]] = [c[j] as Row, c[i] as Row];
          } else {
            tampered = c.slice(0, i);
          }
          expect(verifyChain(tampered, sha256, { expectedHead: h }).ok).toBe(false);
        },
      ),
    );
  });
});
