import type { Trend } from '../measures-query';

export interface RuleLine {
  key: 'baseline' | 'response' | 'remission';
  y: number;
  /** On the chart. */
  short: string;
  /** In the legend under it, with the rule's source. */
  long: string;
  source?: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The horizontal lines a trend chart draws: the baseline, and where the instrument's response and remission
 * rules (DOMAIN.md §4) put the threshold for this patient, e.g. PHQ-9 baseline 18 → response at 9 or below
 * (a 50 % drop), remission below 5.
 */
export function ruleLines(trend: Trend): RuleLine[] {
  const out: RuleLine[] = [];
  const base = trend.baseline?.total;
  if (base !== undefined) {
    out.push({ key: 'baseline', y: base, short: `Baseline ${base}`, long: `Baseline: ${base}` });
  }
  const r = trend.responseRule;
  if (r && base !== undefined) {
    const y =
      r.kind === 'percentDrop'
        ? base * (1 - r.value / 100)
        : r.kind === 'absoluteDrop'
          ? base - r.value
          : r.value;
    if (y >= trend.range.min) {
      out.push({
        key: 'response',
        y: round(y),
        short: `Response ≤ ${round(y)}`,
        long: `Response: ${r.text} (${round(y)} or lower for this patient)`,
        source: r.source,
      });
    }
  }
  const m = trend.remissionRule;
  if (m && (m.kind === 'below' || m.kind === 'atOrBelow')) {
    out.push({
      key: 'remission',
      y: m.kind === 'below' ? m.value - 0.5 : m.value + 0.5,
      short: m.kind === 'below' ? `Remission < ${m.value}` : `Remission ≤ ${m.value}`,
      long: `Remission: ${m.text}`,
      source: m.source,
    });
  } else if (m) {
    out.push({ key: 'remission', y: Number.NaN, short: '', long: `Remission: ${m.text}`, source: m.source });
  }
  return out;
}
