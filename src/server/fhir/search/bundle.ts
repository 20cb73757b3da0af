import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';

/**
 * searchset Bundles with paging links. Paging is by offset over a stably sorted result (see sortLoaded), so
 * the `next` link of one page and the `previous` link of the next meet exactly.
 */
export interface PageInput {
  /** Base URL of the FHIR API, e.g. https://clinic.example/fhir/R4 */
  base: string;
  /** Path under the base that was searched: `Observation`, `Patient/123/$everything`. */
  path: string;
  /** The query as received (its `_offset` is replaced in the links). */
  query: URLSearchParams;
  total: number;
  offset: number;
  count: number;
  matches: Resource[];
  includes: Resource[];
  now: string;
}

function pageUrl(p: PageInput, offset: number): string {
  const q = new URLSearchParams([...p.query.entries()].filter(([k]) => k !== '_offset'));
  if (offset > 0) q.set('_offset', String(offset));
  const s = q.toString();
  return `${p.base}/${p.path}${s ? `?${s}` : ''}`;
}

export const fullUrl = (base: string, r: Resource) => `${base}/${r.resourceType}/${r.id}`;

export function searchBundle(p: PageInput): Bundle {
  const link: BundleLink[] = [
    { relation: 'self', url: pageUrl(p, p.offset) },
    { relation: 'first', url: pageUrl(p, 0) },
  ];
  if (p.count > 0 && p.offset > 0)
    link.push({ relation: 'previous', url: pageUrl(p, Math.max(0, p.offset - p.count)) });
  if (p.count > 0 && p.offset + p.count < p.total)
    link.push({ relation: 'next', url: pageUrl(p, p.offset + p.count) });
  if (p.count > 0 && p.total > 0)
    link.push({ relation: 'last', url: pageUrl(p, Math.floor((p.total - 1) / p.count) * p.count) });
  const entry: BundleEntry[] = [
    ...p.matches.map((resource) => ({
      fullUrl: fullUrl(p.base, resource),
      resource,
      search: { mode: 'match' as const },
    })),
    ...p.includes.map((resource) => ({
      fullUrl: fullUrl(p.base, resource),
      resource,
      search: { mode: 'include' as const },
    })),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: p.now },
    total: p.total,
    link,
    ...(entry.length ? { entry } : {}),
  };
}
