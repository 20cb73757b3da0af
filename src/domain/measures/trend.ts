// An instrument's trend over time for the patient chart (DOMAIN.md §4): the scored totals in time order,
// the severity bands to draw behind them, the baseline, and response / remission judged against the
// baseline with the instrument's own rules (compareToBaseline). Pure: the server supplies the points.

import { compareToBaseline, scoreRange } from '../instruments/scoring';
import type { ChangeRule, InstrumentDefinition, SeverityBand, Sourced } from '../instruments/types';

export interface TrendInput {
  responseId: string;
  /** ISO instant the response was completed. */
  at: string;
  total: number;
  band: { label: string; severity: number } | null;
  /** Answered for an intake (baseline) assignment. */
  intake: boolean;
  scoringVersion: string;
}

export interface TrendPoint extends TrendInput {
  isBaseline: boolean;
  /** Null for the baseline and anything before it, or when the comparison is impossible. */
  change: number | null;
  percentChange: number | null;
  response: boolean | null;
  remission: boolean | null;
}

export interface TrendMarker {
  kind: 'response' | 'remission' | 'response_lost' | 'remission_lost';
  responseId: string;
  at: string;
  total: number;
}

export interface RuleSummary {
  kind: ChangeRule['kind'];
  value: number;
  /** Plain words for the chart legend, e.g. "at least a 50 % drop from baseline". */
  text: string;
  source: string;
}

export interface Trend {
  instrumentId: string;
  name: string;
  range: { min: number; max: number };
  bands: SeverityBand[];
  bandSource: string;
  baseline: { responseId: string; at: string; total: number } | null;
  points: TrendPoint[];
  markers: TrendMarker[];
  responseRule: RuleSummary | null;
  remissionRule: RuleSummary | null;
}

export function describeRule(rule: Sourced<ChangeRule> | undefined): RuleSummary | null {
  if (!rule) return null;
  switch (rule.kind) {
    case 'percentDrop':
      return {
        kind: rule.kind,
        value: rule.threshold,
        text: `at least a ${rule.threshold} % drop from baseline`,
        source: rule.source,
      };
    case 'absoluteDrop':
      return {
        kind: rule.kind,
        value: rule.value,
        text: `a drop of at least ${rule.value} points from baseline`,
        source: rule.source,
      };
    case 'below':
      return { kind: rule.kind, value: rule.value, text: `a score below ${rule.value}`, source: rule.source };
    case 'atOrBelow':
      return {
        kind: rule.kind,
        value: rule.value,
        text: `a score of ${rule.value} or less`,
        source: rule.source,
      };
  }
}

/**
 * The baseline is the earliest response answered for an intake assignment; without one, the earliest
 * response. Points are compared with it only if they come after it. Markers show where response or
 * remission is first reached, and where it is lost again (a relapse worth a look).
 */
export function buildTrend(def: InstrumentDefinition, inputs: readonly TrendInput[]): Trend {
  const sorted = [...inputs].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.responseId < b.responseId ? -1 : 1,
  );
  const baseline = sorted.find((p) => p.intake) ?? sorted[0] ?? null;
  const markers: TrendMarker[] = [];
  let responding = false;
  let remitted = false;
  const points = sorted.map((p): TrendPoint => {
    const after = baseline !== null && p !== baseline && p.at >= baseline.at;
    let cmp: ReturnType<typeof compareToBaseline> | null = null;
    if (after && baseline) {
      try {
        cmp = compareToBaseline(def, baseline.total, p.total);
      } catch {
        cmp = null; // a total from an older scoring version outside today's range: not comparable
      }
    }
    if (cmp) {
      const mark = (kind: TrendMarker['kind']) =>
        markers.push({ kind, responseId: p.responseId, at: p.at, total: p.total });
      if (cmp.response !== null && cmp.response !== responding)
        mark(cmp.response ? 'response' : 'response_lost');
      if (cmp.remission !== null && cmp.remission !== remitted)
        mark(cmp.remission ? 'remission' : 'remission_lost');
      responding = cmp.response ?? false;
      remitted = cmp.remission ?? false;
    }
    return {
      ...p,
      isBaseline: p === baseline,
      change: cmp?.change ?? null,
      percentChange: cmp?.percentChange ?? null,
      response: cmp?.response ?? null,
      remission: cmp?.remission ?? null,
    };
  });
  return {
    instrumentId: def.id,
    name: def.name,
    range: scoreRange(def),
    bands: def.scoring.bands.map((b) => ({ ...b })),
    bandSource: def.scoring.bandSource,
    baseline: baseline ? { responseId: baseline.responseId, at: baseline.at, total: baseline.total } : null,
    points,
    markers,
    responseRule: describeRule(def.scoring.response),
    remissionRule: describeRule(def.scoring.remission),
  };
}
