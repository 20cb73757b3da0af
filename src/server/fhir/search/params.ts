import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { badRequest, issue } from '../outcome';
import {
  type DatePrefix,
  matchDate,
  matchString,
  matchToken,
  normaliseReference,
  parseDateValue,
  type Range,
  type TokenValue,
} from './match';
import {
  COMMON_PARAMS,
  type Filter,
  type Loaded,
  type ParamDef,
  patientParam,
  type TypeDef,
} from './vocabulary';

/**
 * Parses a FHIR search query strictly: every parameter, modifier and value is checked, and anything this
 * server does not support is reported in one OperationOutcome (400) instead of being silently ignored,
 * because an ignored filter returns more data than the caller asked for.
 */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;
const MAX_VALUES = 100;
const MAX_PARAMS = 40;

export interface Include {
  param: string;
  def: ParamDef;
  target: string | null;
}

export interface ParsedSearch {
  filters: Filter[];
  count: number;
  offset: number;
  sort: { key: 'date' | '_id' | '_lastUpdated'; desc: boolean } | null;
  includes: Include[];
  /** Extra operation parameters the caller allowed (e.g. `_type` for $everything), raw. */
  extra: Record<string, string[]>;
}

/** Comma separates alternatives; `\,` is a literal comma. */
export function splitValues(raw: string): string[] {
  return raw
    .split(/(?<!\\),/)
    .map((v) => v.replace(/\\,/g, ','))
    .filter((v) => v !== '');
}

const RESULT_PARAMS = new Set(['_count', '_offset', '_sort', '_include', '_format', '_total']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);
const MODIFIERS: Record<string, (def: ParamDef, m: string) => boolean> = {
  string: (_d, m) => m === 'exact' || m === 'contains',
  reference: (d, m) => (d.targets ?? []).includes(m),
  token: () => false,
  date: () => false,
  uri: () => false,
};

function intArg(
  name: string,
  raw: string,
  min: number,
  max: number,
  problems: OperationOutcomeIssue[],
): number | null {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) {
    problems.push(issue('invalid', `${name} must be a whole number of at least ${min}.`, name));
    return null;
  }
  return Math.min(Number(raw), max);
}

export function parseSearch(
  t: TypeDef,
  query: URLSearchParams,
  opts: { extra?: string[] } = {},
): ParsedSearch {
  const problems: OperationOutcomeIssue[] = [];
  const out: ParsedSearch = {
    filters: [],
    count: DEFAULT_COUNT,
    offset: 0,
    sort: null,
    includes: [],
    extra: {},
  };
  const entries = [...query.entries()];
  if (entries.length > MAX_PARAMS)
    throw badRequest([issue('too-costly', `At most ${MAX_PARAMS} search parameters are accepted.`)]);
  for (const [key, raw] of entries) {
    const [name = '', modifier = null, ...more] = key.split(':');
    if (opts.extra?.includes(name) && !modifier) {
      out.extra[name] = [...(out.extra[name] ?? []), raw];
      continue;
    }
    if (RESULT_PARAMS.has(name)) {
      parseResultParam(t, name, modifier, raw, out, problems);
      continue;
    }
    const def = COMMON_PARAMS[name] ?? t.params[name];
    if (!def) {
      problems.push(
        issue(
          'not-supported',
          `Unknown search parameter "${name}" for ${t.type}. See the CapabilityStatement at /fhir/R4/metadata.`,
          name,
        ),
      );
      continue;
    }
    if (more.length || (modifier !== null && !MODIFIERS[def.kind]?.(def, modifier))) {
      problems.push(
        issue(
          'not-supported',
          `The modifier ":${[modifier, ...more].join(':')}" is not supported on "${name}".`,
          key,
        ),
      );
      continue;
    }
    const values = splitValues(raw);
    if (values.length === 0) continue; // FHIR: an empty parameter value is ignored
    if (values.length > MAX_VALUES) {
      problems.push(issue('too-costly', `At most ${MAX_VALUES} values per parameter.`, key));
      continue;
    }
    const filter: Filter = { name, def, modifier, values };
    if (def.kind === 'date') {
      const dates = values.map(parseDateValue);
      if (dates.some((d) => d === null)) {
        problems.push(
          issue(
            'invalid',
            `"${raw}" is not a date search value (YYYY, YYYY-MM, YYYY-MM-DD or an instant, optionally prefixed by eq, ne, gt, lt, ge, le, sa or eb).`,
            key,
          ),
        );
        continue;
      }
      filter.dates = dates as { prefix: DatePrefix; range: Range }[];
    }
    if (def.kind === 'reference') {
      const fallback = modifier ?? (def.targets?.length === 1 ? def.targets[0] : undefined);
      if (values.some((v) => normaliseReference(v, fallback) === null)) {
        problems.push(issue('invalid', `"${raw}" is not a reference (Type/id or id).`, key));
        continue;
      }
    }
    out.filters.push(filter);
  }
  if (problems.length) throw badRequest(problems);
  return out;
}

function parseResultParam(
  t: TypeDef,
  name: string,
  modifier: string | null,
  raw: string,
  out: ParsedSearch,
  problems: OperationOutcomeIssue[],
): void {
  if (modifier) {
    problems.push(issue('not-supported', `"${name}:${modifier}" is not supported.`, name));
    return;
  }
  switch (name) {
    case '_count': {
      const n = intArg(name, raw, 0, MAX_COUNT, problems);
      if (n !== null) out.count = n;
      return;
    }
    case '_offset': {
      const n = intArg(name, raw, 0, 10_000_000, problems);
      if (n !== null) out.offset = n;
      return;
    }
    case '_format':
      if (!JSON_FORMATS.has(raw))
        problems.push(issue('not-supported', 'Only JSON is served (_format=json).', name));
      return;
    case '_total':
      if (!['none', 'estimate', 'accurate'].includes(raw))
        problems.push(issue('invalid', '_total is none, estimate or accurate.', name));
      return;
    case '_sort': {
      const keys = raw.split(',');
      const m = /^(-?)(date|_id|_lastUpdated)$/.exec(keys[0] ?? '');
      if (keys.length > 1 || !m || (m[2] === 'date' && !t.sortDate)) {
        problems.push(
          issue(
            'not-supported',
            `Sorting ${t.type} is supported by ${t.sortDate ? 'date, ' : ''}_id or _lastUpdated (one key, "-" for descending).`,
            name,
          ),
        );
        return;
      }
      out.sort = { key: m[2] as 'date', desc: m[1] === '-' };
      return;
    }
    case '_include': {
      const [source, param = '', target = null, ...rest] = raw.split(':');
      const def = t.params[param];
      if (
        source !== t.type ||
        !def ||
        def.kind !== 'reference' ||
        rest.length ||
        (target !== null && !def.targets?.includes(target))
      ) {
        const allowed = Object.entries(t.params)
          .filter(([, d]) => d.kind === 'reference')
          .map(([p]) => `${t.type}:${p}`);
        problems.push(
          issue(
            'not-supported',
            `_include=${raw} is not supported. Supported: ${allowed.join(', ') || 'none'}.`,
            name,
          ),
        );
        return;
      }
      out.includes.push({ param, def, target });
      return;
    }
  }
}

const intersect = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => b.has(x)));

/** The patient ids a search names through `patient` / `subject` (intersected across parameters); null when none. */
export function patientsNamed(filters: Filter[]): string[] | null {
  let acc: Set<string> | null = null;
  for (const f of filters) {
    if (f.name !== 'patient' && f.name !== 'subject') continue;
    const ids = new Set(
      f.values
        .map((v) => normaliseReference(v, 'Patient'))
        .filter((r): r is string => r?.startsWith('Patient/') ?? false)
        .map((r) => r.slice(8)),
    );
    acc = acc === null ? ids : intersect(acc, ids);
  }
  return acc ? [...acc] : null;
}

/** The ids a search names through `_id`; null when none. */
export function idsNamed(filters: Filter[]): string[] | null {
  let acc: Set<string> | null = null;
  for (const f of filters) {
    if (f.name !== '_id') continue;
    const ids = new Set(f.values);
    acc = acc === null ? ids : intersect(acc, ids);
  }
  return acc ? [...acc] : null;
}

/** A reference filter's values as `Type/id`, worked out once per search rather than once per resource. */
const normalised = new WeakMap<Filter, (string | null)[]>();
function referencesOf(f: Filter): (string | null)[] {
  let refs = normalised.get(f);
  if (!refs) {
    const fallback = f.modifier ?? (f.def.targets?.length === 1 ? f.def.targets[0] : undefined);
    refs = f.values.map((v) => normaliseReference(v, fallback));
    normalised.set(f, refs);
  }
  return refs;
}

/** The patient ids a `patient` filter names (its `Patient/…` references), worked out once per search. */
const patientIds = new WeakMap<Filter, string[]>();
function patientIdsOf(f: Filter): string[] {
  let ids = patientIds.get(f);
  if (!ids) {
    ids = [];
    for (const r of referencesOf(f)) if (r?.startsWith('Patient/')) ids.push(r.slice(8));
    patientIds.set(f, ids);
  }
  return ids;
}

/**
 * Whether a loaded resource satisfies every filter. Run on each resource a search loaded, so written as loops
 * that allocate nothing of their own (issue #23: its closures and the `Patient/…` reference built for each
 * resource were an eighth of what an Observation search allocated).
 */
export function matches(l: Loaded, filters: Filter[]): boolean {
  for (const f of filters) if (!matchesOne(l, f)) return false;
  return true;
}

function matchesOne(l: Loaded, f: Filter): boolean {
  // `patient` is the record the loader found the resource in: compared by id, no reference made.
  if (f.def === patientParam) return l.patientId ? patientIdsOf(f).includes(l.patientId) : false;
  const got = f.def.get(l.resource, l);
  switch (f.def.kind) {
    case 'token':
      for (const v of f.values) if (matchToken(got as TokenValue[], v)) return true;
      return false;
    case 'reference': {
      const refs = got as string[];
      for (const want of referencesOf(f)) if (want !== null && refs.includes(want)) return true;
      return false;
    }
    case 'date':
      for (const d of f.dates ?? [])
        for (const r of got as Range[]) if (matchDate(r, d.prefix, d.range)) return true;
      return false;
    case 'string':
      for (const v of f.values) if (matchString(got as string[], v, f.modifier)) return true;
      return false;
    case 'uri':
      for (const v of f.values) if ((got as string[]).includes(v)) return true;
      return false;
    default:
      return false;
  }
}

/** Stable order: the chosen key, then the id (so pages never overlap or skip). */
export function sortLoaded(items: Loaded[], t: TypeDef, sort: ParsedSearch['sort']): Loaded[] {
  if (!sort || (sort.key === '_id' && !sort.desc)) return byId(items);
  const key = (r: Resource): string => {
    if (sort.key === '_id') return '';
    const v = sort.key === 'date' ? t.sortDate?.(r) : r.meta?.lastUpdated;
    return v ?? '';
  };
  const dir = sort.desc ? -1 : 1;
  const idDir = sort.key === '_id' ? dir : 1;
  // Each item's keys worked out once, not in every comparison.
  const keyed = items.map((l) => ({
    l,
    k: key(l.resource),
    id: `${l.resource.resourceType}/${l.resource.id}`,
  }));
  keyed.sort((a, b) => {
    if (a.k !== b.k) return (a.k < b.k ? -1 : 1) * dir;
    return a.id === b.id ? 0 : (a.id < b.id ? -1 : 1) * idDir;
  });
  return keyed.map((x) => x.l);
}
/** `Type/id` order, as a string comparison of the two would give, without making those strings. */
function idOrder(a: Resource, b: Resource): number {
  if (a.resourceType !== b.resourceType) {
    const x = `${a.resourceType}/${a.id}`;
    const y = `${b.resourceType}/${b.id}`;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const x = String(a.id);
  const y = String(b.id);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Items in id order: the search's default. A loader mostly hands them over in that order already (its rows by
 * id), and then they are returned as they are; each search does this, so it allocates nothing it need not.
 */
function byId(items: Loaded[]): Loaded[] {
  for (let i = 1; i < items.length; i++)
    if (idOrder((items[i - 1] as Loaded).resource, (items[i] as Loaded).resource) > 0)
      return [...items].sort((a, b) => idOrder(a.resource, b.resource));
  return items;
}

export type { Filter } from './vocabulary';
