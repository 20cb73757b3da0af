import type { Bundle, Resource } from '@medplum/fhirtypes';
import { databaseOf, type Executor } from '../db/dialect';

/**
 * Resources rendered once and kept for the next request, and the JSON of responses that carry them (issue #23:
 * in a FHIR Observation search, rendering the readings and serialising the bundle were a fifth of the server's
 * work, and a client polling a record asks for the same readings again and again).
 *
 * A kept resource is deeply frozen, so nothing can change it once shared; its JSON is then computed once and kept
 * beside it (a WeakMap: it goes when the resource goes). A response is serialised by {@link fhirJson}, which
 * splices the kept JSON of such resources into the bundle's text instead of serialising them again.
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

/** An object's JSON, member by member in its own order, the member named `inner` made by `own`. */
function members(o: object, inner: string, own: (v: never) => string): string {
  let out = '';
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${k === inner ? own(v as never) : JSON.stringify(v)}`;
  }
  return `{${out}}`;
}

/**
 * The JSON a FHIR route answers with: exactly `JSON.stringify(body)`, but a Bundle's entries' resources (and a
 * single resource) that are kept reuse their JSON.
 */
export function fhirJson(body: Resource): string {
  if (body.resourceType !== 'Bundle' || !Array.isArray(body.entry)) return resourceJson(body);
  return members(body, 'entry', (entries: NonNullable<typeof body.entry>) => {
    let out = '';
    for (const e of entries) out += `${out ? ',' : ''}${entryJson(e)}`;
    return `[${out}]`;
  });
}

type Entry = NonNullable<Bundle['entry']>[number];
/** The last entry JSON made for a kept resource: a search answers with the same URL and mode again and again. */
const ENTRY_JSON_OF = new WeakMap<object, { fullUrl: string; mode: string; text: string }>();

/** A search bundle's entry as JSON; for a kept resource in an entry of the usual three members, kept with it. */
function entryJson(e: Entry): string {
  const r = e.resource;
  const mode = e.search?.mode;
  const usual =
    r &&
    Object.isFrozen(r) &&
    typeof e.fullUrl === 'string' &&
    mode !== undefined &&
    Object.keys(e.search as object).length === 1 &&
    Object.keys(e).join() === 'fullUrl,resource,search';
  if (!usual) return members(e, 'resource', resourceJson);
  const known = ENTRY_JSON_OF.get(r);
  if (known && known.fullUrl === e.fullUrl && known.mode === mode) return known.text;
  const text = members(e, 'resource', resourceJson);
  ENTRY_JSON_OF.set(r, { fullUrl: e.fullUrl as string, mode, text });
  return text;
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
