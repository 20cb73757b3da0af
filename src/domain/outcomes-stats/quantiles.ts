// Quantile bands and medians over the clinic's data.
//
// Band cut points are the sample quantiles by the inverse of the empirical distribution function (Hyndman RJ,
// Fan Y. Sample quantiles in statistical packages. Am Stat 1996;50(4):361-365, definition 1): the p-quantile is
// the smallest observed value x with F̂(x) ≥ p, i.e. the value of rank ⌈p·n⌉. It is always an observed value,
// so a band's edge is a dose or score that someone actually had. Bands are (previous cut, cut], the first
// closed below at the minimum: tied values always fall in the same band, so with many ties a band can hold
// more than its share, and equal cut points collapse (fewer bands rather than an empty one).
//
// The median is the usual one (definition 7 at p = ½): the middle value, or the mean of the two middle values.

/** Values with how many times each occurs (the server reads them grouped). */
export interface Weighted {
  value: number;
  count: number;
}

function sortedGroups(values: readonly Weighted[]): Weighted[] {
  const byValue = new Map<number, number>();
  for (const v of values) {
    if (!Number.isFinite(v.value)) throw new RangeError('values must be finite');
    if (v.count > 0) byValue.set(v.value, (byValue.get(v.value) ?? 0) + v.count);
  }
  return [...byValue.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
}

/** The value of rank r (1-based) in the sorted, weighted data. */
function valueOfRank(groups: readonly Weighted[], rank: number): number {
  let seen = 0;
  for (const g of groups) {
    seen += g.count;
    if (seen >= rank) return g.value;
  }
  return (groups[groups.length - 1] as Weighted).value;
}

/** Hyndman–Fan definition 1: the value of rank ⌈p·n⌉ (rank 1 at p = 0). */
export function quantileType1(values: readonly Weighted[], p: number): number | null {
  if (p < 0 || p > 1) throw new RangeError('p must be within 0 and 1');
  const groups = sortedGroups(values);
  const n = groups.reduce((s, g) => s + g.count, 0);
  if (!n) return null;
  return valueOfRank(groups, Math.max(1, Math.ceil(p * n - 1e-9)));
}

export interface Band {
  /** 0-based band number. */
  index: number;
  /** Lower edge: the smallest value in the data for the first band, else the previous cut (exclusive). */
  low: number;
  lowInclusive: boolean;
  /** Upper edge (inclusive): a cut point, or the largest value for the last band. */
  high: number;
}

/**
 * Up to `k` bands from the data's quantiles at 1/k, 2/k, …, (k−1)/k. Duplicate cut points (ties) collapse,
 * and a last cut equal to the maximum adds no empty band.
 */
export function quantileBands(values: readonly Weighted[], k: number): Band[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a whole number ≥ 1');
  const groups = sortedGroups(values);
  if (!groups.length) return [];
  const min = (groups[0] as Weighted).value;
  const max = (groups[groups.length - 1] as Weighted).value;
  const cuts: number[] = [];
  for (let i = 1; i < k; i++) {
    const c = quantileType1(groups, i / k) as number;
    if (c < max && (cuts.length === 0 || c > (cuts[cuts.length - 1] as number))) cuts.push(c);
  }
  const edges = [...cuts, max];
  return edges.map((high, index) => ({
    index,
    low: index === 0 ? min : (edges[index - 1] as number),
    lowInclusive: index === 0,
    high,
  }));
}

/** The band a value falls in (bands as quantileBands returns them); null outside them. */
export function bandOf(bands: readonly Band[], value: number): number | null {
  for (const b of bands) {
    if (value <= b.high && (b.lowInclusive ? value >= b.low : value > b.low)) return b.index;
  }
  return null;
}

/** The median of weighted values (the mean of the two middle values for an even count); null when empty. */
export function median(values: readonly Weighted[]): number | null {
  const groups = sortedGroups(values);
  const n = groups.reduce((s, g) => s + g.count, 0);
  if (!n) return null;
  if (n % 2 === 1) return valueOfRank(groups, (n + 1) / 2);
  return (valueOfRank(groups, n / 2) + valueOfRank(groups, n / 2 + 1)) / 2;
}
