/**
 * Search-parameter semantics (FHIR R4 §3.1.1.4), evaluated against rendered resources. Values extracted from
 * a resource are plain data; these functions say whether one search value matches them.
 */

export type ParamKind = 'token' | 'date' | 'reference' | 'string' | 'uri';

export interface TokenValue {
  system?: string | undefined;
  code?: string | undefined;
}

/** A time range in epoch milliseconds, end exclusive. */
export type Range = [number, number];

const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The range a FHIR date, dateTime or instant covers at its precision: '2026' is the whole year, '2026-11-25'
 * the whole (UTC) day, '2026-11-25T15:00:00Z' one second. Null when the text is not a valid FHIR date.
 */
export function dateRange(text: string): Range | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  if (h !== undefined && tz === undefined) return null; // a time needs a zone
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : 0;
  const day = d ? Number(d) : 1;
  if (month > 11 || day < 1 || day > 31) return null;
  if (h === undefined) {
    const start = Date.UTC(year, month, day);
    const end = d
      ? Date.UTC(year, month, day + 1)
      : mo
        ? Date.UTC(year, month + 1, 1)
        : Date.UTC(year + 1, 0, 1);
    if (new Date(start).getUTCMonth() !== month) return null; // 2026-02-30
    return [start, end];
  }
  const start = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz === 'Z' ? 'Z' : tz}`);
  if (Number.isNaN(start)) return null;
  const unit = frac ? 1 : s !== undefined ? 1000 : 60_000;
  return [start, start + unit];
}

export const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

/** Splits a date search value into its prefix and range; null when unreadable. */
export function parseDateValue(raw: string): { prefix: DatePrefix; range: Range } | null {
  const m = /^(eq|ne|gt|lt|ge|le|sa|eb)?(.+)$/.exec(raw);
  if (!m) return null;
  const range = dateRange(m[2] as string);
  return range ? { prefix: (m[1] as DatePrefix | undefined) ?? 'eq', range } : null;
}

/** Whether a resource's date range satisfies a prefixed search range (ranges end-exclusive). */
export function matchDate(target: Range, prefix: DatePrefix, search: Range): boolean {
  const [ts, te] = target;
  const [ss, se] = search;
  switch (prefix) {
    case 'eq':
      return ts >= ss && te <= se;
    case 'ne':
      return !(ts >= ss && te <= se);
    case 'gt':
      return te > se;
    case 'lt':
      return ts < ss;
    case 'ge':
      return te > ss;
    case 'le':
      return ts < se;
    case 'sa':
      return ts >= se;
    case 'eb':
      return te <= ss;
  }
}

/** token: `code`, `system|code`, `|code` (no system) or `system|` (any code in the system). */
export function matchToken(values: TokenValue[], raw: string): boolean {
  const bar = raw.indexOf('|');
  if (bar < 0) {
    for (const v of values) if (v.code === raw) return true;
    return false;
  }
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  return values.some((v) => {
    if (system === '' ? v.system !== undefined : v.system !== system) return false;
    return code === '' || v.code === code;
  });
}

/**
 * reference: `Type/id`, a bare `id`, or an absolute URL ending in `Type/id`, as the `Type/id` a resource's
 * reference is compared with (null: not a reference); a resource matches when it holds that reference.
 */
export function normaliseReference(raw: string, defaultType?: string): string | null {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(raw);
  if (m) return `${m[1]}/${m[2]}`;
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(raw) && defaultType) return `${defaultType}/${raw}`;
  return null;
}

/** Case- and accent-insensitive text, as FHIR string search compares. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** string: starts-with by default; `:exact` and `:contains` modifiers. */
export function matchString(values: string[], raw: string, modifier: string | null): boolean {
  if (modifier === 'exact') return values.includes(raw);
  const want = fold(raw);
  if (modifier === 'contains') return values.some((v) => fold(v).includes(want));
  // Each word of a value may start the match ("Prescott" matches "Dr. Priya Prescott").
  return values.some(
    (v) =>
      fold(v).startsWith(want) ||
      fold(v)
        .split(/[\s,]+/)
        .some((w) => w.startsWith(want)),
  );
}
