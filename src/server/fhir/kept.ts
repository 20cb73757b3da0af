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

const JSON_OF = new WeakMap<object, string>();

/** A resource's JSON; kept with it when the resource is frozen (it cannot change). */
export function resourceJson(r: Resource): string {
  const known = JSON_OF.get(r);
  if (known !== undefined) return known;
  const text = JSON.stringify(r);
  if (Object.isFrozen(r)) JSON_OF.set(r, text);
  return text;
}

/**
 * The JSON of an answer as the pieces it is made of, written at the end into one buffer of the answer's exact
 * size. Building it as one string instead made a rope of the pieces that Node then copied twice on V8's heap
 * (once to count its bytes, once joined to the headers to write it): in the Observation search, a tenth of
 * everything the server allocated, and the allocation rate is what sets how often the collector runs.
 */
class JsonPieces {
  private readonly pieces: string[] = [];
  private bytes = 0;

  add(text: string): void {
    this.pieces.push(text);
    this.bytes += Buffer.byteLength(text);
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    for (const p of this.pieces) at += out.write(p, at);
    return out;
  }
}

/** An object's JSON, member by member in its own order, the member named `inner` written by `own`. */
function writeMembers(out: JsonPieces, o: object, inner: string, own: (v: never) => void): void {
  let first = true;
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out.add(`${first ? '{' : ','}${JSON.stringify(k)}:`);
    first = false;
    if (k === inner) own(v as never);
    else out.add(JSON.stringify(v));
  }
  out.add(first ? '{}' : '}');
}

/**
 * The body a FHIR route answers with: the bytes of exactly `JSON.stringify(body)`, but a Bundle's entries'
 * resources (and a single resource) that are kept reuse their JSON.
 */
export function fhirJson(body: Resource): Buffer {
  const out = new JsonPieces();
  if (body.resourceType !== 'Bundle' || !Array.isArray(body.entry)) out.add(resourceJson(body));
  else
    writeMembers(out, body, 'entry', (entries: NonNullable<typeof body.entry>) => {
      out.add('[');
      for (let i = 0; i < entries.length; i++) {
        if (i > 0) out.add(',');
        writeEntry(out, entries[i] as Entry);
      }
      out.add(']');
    });
  return out.toBuffer();
}

type Entry = NonNullable<Bundle['entry']>[number];
/**
 * The head and tail of the last entry made for a kept resource, around its kept JSON: a search answers with the
 * same URL and mode again and again.
 */
const ENTRY_JSON_OF = new WeakMap<object, { fullUrl: string; mode: string; head: string; tail: string }>();

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

/** A search bundle's entry; for a kept resource in an entry of the usual three members, its pieces kept with it. */
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
    writeMembers(out, e, 'resource', (resource: Resource) => out.add(resourceJson(resource)));
    return;
  }
  let known = ENTRY_JSON_OF.get(r);
  if (!known || known.fullUrl !== e.fullUrl || known.mode !== mode) {
    known = {
      fullUrl: e.fullUrl as string,
      mode,
      head: `{"fullUrl":${JSON.stringify(e.fullUrl)},"resource":`,
      tail: `,"search":${JSON.stringify(e.search)}}`,
    };
    ENTRY_JSON_OF.set(r, known);
  }
  out.add(known.head);
  out.add(resourceJson(r));
  out.add(known.tail);
}

/**
 * Renderings kept by key. The caller keeps with each what it was made from and uses a hit only when that is the
 * same as what it would render from now (keptVitals in sources/care.ts), so a hit is exactly what rendering
 * again would give, whichever database or request it came from. Bounded: each value weighs `weigh(value)` (1
 * unless told), and past `max` in all, the oldest go first; a value heavier than `max` is not kept.
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
    // Only when over: walking a Map from its start passes the slots of entries deleted since it was last rebuilt.
    if (this.weight > this.max) {
      for (const [k, v] of this.map) {
        this.map.delete(k);
        this.weight -= this.weigh(v);
        if (this.weight <= this.max) break;
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
