import type { Executor } from '../../db/dialect';
import { getSetting } from '../../platform/settings';
import type { ClinicInfo } from '../present/common';
import { type DatePrefix, matchToken, type TokenValue } from '../search/match';
import type { LoadFilter } from '../search/vocabulary';

/** A filter that can match nothing (an empty id or patient list): loaders return [] without a query. */
export const matchesNothing = (f: LoadFilter): boolean => f.patientIds?.length === 0 || f.ids?.length === 0;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Only ids that could be row ids reach SQL (a FHIR id could be anything 1-64 characters long). */
export const uuidsOf = (ids: readonly string[] | null | undefined): string[] | null =>
  ids ? ids.filter((i) => UUID_RE.test(i)) : null;

/**
 * What `code` filters allow, as a test on a resource's codings (every `code` parameter must hold; any of its
 * comma-separated values may); null when the search has none.
 */
export function codeTest(f: LoadFilter): ((tokens: TokenValue[]) => boolean) | null {
  const codes = (f.search ?? []).filter((x) => x.name === 'code' && x.def.kind === 'token' && !x.modifier);
  if (!codes.length) return null;
  return (tokens) => codes.every((c) => c.values.some((v) => matchToken(tokens, v)));
}

/** A day of slack either side: stored instants may carry other offsets or precisions than the search value. */
const SLACK_MS = 86_400_000;

/**
 * Bounds on a resource's instant (an ISO 8601 string column) implied by the search's `date` filters, widened
 * by a day so that comparing strings in SQL never drops a match; undefined where a side is unbounded (`ne`
 * gives no bound). Exact matching happens afterwards on the rendered resource.
 */
export function dateBounds(f: LoadFilter, name = 'date'): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const filter of (f.search ?? []).filter((x) => x.name === name && x.def.kind === 'date')) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const { prefix, range } of filter.dates ?? []) {
      const [start, end] = range;
      // The earliest and latest instants a value with this prefix can match (Infinity: unbounded).
      const bounds: Record<DatePrefix, [number, number]> = {
        eq: [start, end],
        ne: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
        gt: [end - SLACK_MS, Number.POSITIVE_INFINITY],
        ge: [start - SLACK_MS, Number.POSITIVE_INFINITY],
        sa: [end, Number.POSITIVE_INFINITY],
        lt: [Number.NEGATIVE_INFINITY, start],
        le: [Number.NEGATIVE_INFINITY, end],
        eb: [Number.NEGATIVE_INFINITY, start],
      };
      const [a, b] = bounds[prefix];
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    // Alternatives widen (the union); repeated parameters narrow (each must hold). Only four-digit years
    // compare as strings ('+010000-…' sorts before '2026-…'): anything else is left unbounded.
    const iso = (ms: number) => {
      const d = new Date(ms);
      return Number.isNaN(d.getTime()) || !/^\d{4}-/.test(d.toISOString()) ? undefined : d.toISOString();
    };
    const from = Number.isFinite(lo) ? iso(lo - SLACK_MS) : undefined;
    const to = Number.isFinite(hi) ? iso(hi + SLACK_MS) : undefined;
    if (from !== undefined && (out.from === undefined || from > out.from)) out.from = from;
    if (to !== undefined && (out.to === undefined || to < out.to)) out.to = to;
  }
  return out;
}

export async function clinicInfo(db: Executor): Promise<ClinicInfo> {
  return {
    name: (await getSetting(db, 'clinic.name')) || 'Clinic',
    phone: await getSetting(db, 'clinic.phone'),
    email: await getSetting(db, 'clinic.email'),
  };
}

/** Wraps a presenter so that one unreadable row is skipped instead of failing the whole request or export. */
export function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

export type { Loaded, LoadedList, Loader, LoadFilter } from '../search/vocabulary';
