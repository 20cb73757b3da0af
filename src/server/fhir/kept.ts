import type { Bundle, Resource } from '@medplum/fhirtypes';
import { databaseOf, type Executor } from '../db/dialect';

/**
 * Resources rendered once and kept for the next request, and the JSON of responses that carry them (issue #23:
 * in a FHIR Observation search, rendering the readings and serialising the bundle were a fifth of the server's
 * work, and a client polling a record asks for the same readings again and again).
 *
 * A kept resource is deeply frozen, so nothing can change it once shared; its JSON is then computed once and kept
 * beside it (a WeakMap: it goes when the resource goes). A response is serialised by {@link fhirJson}, which
 * splices the kept JSON of such resources into the bundle's bytes instead of serialising them again.
 */

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * The JSON kept with a frozen resource, as bytes (off V8's heap; an answer copies them in): `bytes` from `at` to
 * `end` is the resource's JSON. When `fullUrl` is set, `bytes` whole is the search-bundle entry that carries the
 * resource with that URL and mode, the form a search answers with again and again.
 */
interface KeptJson {
  bytes: Buffer;
  at: number;
  end: number;
  fullUrl: string | null;
  mode: string | null;
}
const KEPT_JSON = new WeakMap<object, KeptJson>();

/** Text as bytes of its own: not a slice of Node's shared pool, which one kept value would hold whole. */
function ownBytes(...texts: (string | [Buffer, number, number])[]): Buffer {
  let size = 0;
  for (const t of texts) size += typeof t === 'string' ? Buffer.byteLength(t) : t[2] - t[1];
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const t of texts) at += typeof t === 'string' ? out.write(t, at) : t[0].copy(out, at, t[1], t[2]);
  return out;
}

/** The kept JSON of a frozen resource (made on first use); undefined for a resource that can still change. */
function keptJson(r: Resource): KeptJson | undefined {
  let kept = KEPT_JSON.get(r);
  if (kept === undefined && Object.isFrozen(r)) {
    const bytes = ownBytes(JSON.stringify(r));
    kept = { bytes, at: 0, end: bytes.length, fullUrl: null, mode: null };
    KEPT_JSON.set(r, kept);
  }
  return kept;
}

/** A resource's JSON; kept with it when the resource is frozen (it cannot change). */
export function resourceJson(r: Resource): string {
  const kept = keptJson(r);
  return kept ? kept.bytes.toString('utf8', kept.at, kept.end) : JSON.stringify(r);
}

/**
 * The JSON of an answer as the pieces it is made of (text, or kept bytes), written at the end into one buffer
 * of the answer's exact size. Building it as one string instead made a rope of the pieces that Node then
 * copied twice on V8's heap (once to count its bytes, once joined to the headers to write it): in the
 * Observation search, a third of everything the server allocated, and the allocation rate is what sets how
 * often the collector runs. Kept bytes are copied as they are, neither counted nor encoded again.
 */
class JsonPieces {
  private readonly pieces: (string | Buffer)[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private size = 0;

  text(text: string): void {
    this.pieces.push(text);
    this.starts.push(0);
    this.ends.push(0);
    this.size += Buffer.byteLength(text);
  }

  bytes(bytes: Buffer, start = 0, end = bytes.length): void {
    this.pieces.push(bytes);
    this.starts.push(start);
    this.ends.push(end);
    this.size += end - start;
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.size);
    let at = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      const p = this.pieces[i] as string | Buffer;
      if (typeof p === 'string') {
        at += out.write(p, at);
        continue;
      }
      const start = this.starts[i] as number;
      const end = this.ends[i] as number;
      if (start === 0 && end === p.length) out.set(p, at);
      else p.copy(out, at, start, end);
      at += end - start;
    }
    return out;
  }
}

/** A resource's JSON into an answer: its kept bytes, or serialised now. */
function writeResource(out: JsonPieces, r: Resource): void {
  const kept = keptJson(r);
  if (kept) out.bytes(kept.bytes, kept.at, kept.end);
  else out.text(JSON.stringify(r));
}

/** An object's JSON, member by member in its own order, the member named `inner` written by `own`. */
function writeMembers(out: JsonPieces, o: object, inner: string, own: (v: never) => void): void {
  let first = true;
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out.text(`${first ? '{' : ','}${JSON.stringify(k)}:`);
    first = false;
    if (k === inner) own(v as never);
    else out.text(JSON.stringify(v));
  }
  out.text(first ? '{}' : '}');
}

/**
 * The body a FHIR route answers with, exactly `JSON.stringify(body)`: a Bundle's as bytes assembled from its
 * pieces, its entries' kept resources reusing their JSON; a single resource as its kept bytes, or as text when it
 * is not kept. A small answer goes faster as one string than as bytes, which Node sends in a write of their own
 * after the headers (a Patient read took ~25 µs more that way, issue #23).
 */
export function fhirJson(body: Resource): Buffer | string {
  if (body.resourceType !== 'Bundle' || !Array.isArray(body.entry)) {
    const kept = keptJson(body);
    return kept ? kept.bytes.subarray(kept.at, kept.end) : JSON.stringify(body);
  }
  const out = new JsonPieces();
  writeMembers(out, body, 'entry', (entries: NonNullable<typeof body.entry>) => {
    out.text('[');
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) out.text(',');
      writeEntry(out, entries[i] as Entry);
    }
    out.text(']');
  });
  return out.toBuffer();
}

type Entry = NonNullable<Bundle['entry']>[number];
const USUAL_ENTRY = ['fullUrl', 'resource', 'search'];
const USUAL_SEARCH = ['mode'];

/** Whether an object's own enumerable keys are these, in this order (counted without making a list of them). */
function ownKeysAre(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * A search bundle's entry. For a kept resource in an entry of the usual three members, the whole entry is kept
 * (for the last URL and mode it was asked with) and copied in as it is.
 */
function writeEntry(out: JsonPieces, e: Entry): void {
  const r = e.resource;
  const mode = e.search?.mode;
  const usual =
    r &&
    Object.isFrozen(r) &&
    typeof e.fullUrl === 'string' &&
    mode !== undefined &&
    ownKeysAre(e.search as object, USUAL_SEARCH) &&
    ownKeysAre(e, USUAL_ENTRY);
  if (!usual) {
    writeMembers(out, e, 'resource', (resource: Resource) => writeResource(out, resource));
    return;
  }
  let kept = KEPT_JSON.get(r);
  if (!kept || kept.fullUrl !== e.fullUrl || kept.mode !== mode) {
    const head = `{"fullUrl":${JSON.stringify(e.fullUrl)},"resource":`;
    const tail = `,"search":${JSON.stringify(e.search)}}`;
    const bytes = kept
      ? ownBytes(head, [kept.bytes, kept.at, kept.end], tail)
      : ownBytes(head, JSON.stringify(r), tail);
    const at = Buffer.byteLength(head);
    const end = bytes.length - Buffer.byteLength(tail);
    kept = { bytes, at, end, fullUrl: e.fullUrl as string, mode };
    KEPT_JSON.set(r, kept);
  }
  out.bytes(kept.bytes);
}

/**
 * Renderings kept by key. The caller keeps with each what it was made from and uses a hit only when that is the
 * same as what it would render from now (keptVitals in sources/care.ts), so a hit is exactly what rendering
 * again would give, whichever database or request it came from. Bounded: each value weighs `weigh(value)` (1
 * unless told), and past `max` in all, the oldest go first, down to a sixteenth below `max`; a value heavier
 * than `max` is not kept.
 */
export class KeptRenderings<V> {
  private readonly map = new Map<string, V>();
  private weight = 0;
  constructor(
    private readonly max: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): V {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.weight -= this.weigh(old);
    }
    const w = this.weigh(value);
    if (w > this.max) return value;
    this.map.set(key, value);
    this.weight += w;
    // Only when over, and then down to a sixteenth below the bound: walking a Map from its start passes the slots
    // of every entry deleted since it was last rebuilt, so a walk for each value added, once the store was full,
    // went over thousands of them (issue #23: 3 % of an Observation search's busy time at 5,000 patients).
    if (this.weight > this.max) {
      const floor = this.max - Math.floor(this.max / 16);
      for (const [k, v] of this.map) {
        this.map.delete(k);
        this.weight -= this.weigh(v);
        if (this.weight <= floor) break;
      }
    }
    return value;
  }
}

/**
 * KeptRenderings of each database (`databaseOf`): what one database's rows rendered to is never offered for
 * another's, even where their ids are the same (a restored copy, tests built from one template).
 */
export function keptPerDatabase<V>(
  max: number,
  weigh?: (value: V) => number,
): (db: Executor) => KeptRenderings<V> {
  const stores = new WeakMap<object, KeptRenderings<V>>();
  return (db) => {
    const id = databaseOf(db);
    let kept = stores.get(id);
    if (!kept) {
      kept = new KeptRenderings<V>(max, weigh);
      stores.set(id, kept);
    }
    return kept;
  };
}
