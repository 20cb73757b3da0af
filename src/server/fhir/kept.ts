import type { Resource } from '@medplum/fhirtypes';

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
    for (const e of entries) out += `${out ? ',' : ''}${members(e, 'resource', resourceJson)}`;
    return `[${out}]`;
  });
}

/**
 * Renderings kept by key. The caller keeps with each what it was made from and uses a hit only when that is the
 * same as what it would render from now (keptVitals in sources/care.ts), so a hit is exactly what rendering
 * again would give, whichever database or request it came from. Bounded: past `max`, the oldest go first.
 */
export class KeptRenderings<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): V {
    if (this.map.size >= this.max && !this.map.has(key)) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
    return value;
  }
}
