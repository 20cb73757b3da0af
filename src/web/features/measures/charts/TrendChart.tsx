import { useComputedColorScheme } from '@mantine/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { Trend } from '../measures-query';
import { ruleLines } from './rule-lines';

const DAY = 86_400_000;
const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const MARKER_TEXT = {
  response: 'Response',
  remission: 'Remission',
  response_lost: 'Response lost',
  remission_lost: 'Remission lost',
} as const;

const INK = 'var(--mantine-color-text)';
const DIM = 'var(--mantine-color-dimmed)';

/** "Mild depression", "Moderate depression" … → "Mild", "Moderate": the shared last word goes (the table keeps it). */
function shortBandLabels(labels: string[]): (label: string) => string {
  const last = (l: string) => l.split(' ').slice(-1)[0] ?? '';
  const common =
    labels.length > 1 && labels.every((l) => l.includes(' ') && last(l) === last(labels[0] ?? ''));
  return (l) => (common ? l.slice(0, l.lastIndexOf(' ')) : l);
}

/**
 * One instrument's scores over time (DOMAIN.md §4): the severity bands drawn behind the line in shades of
 * grey (red is kept for safety alerts), the baseline as a dashed line, the response and remission
 * thresholds as dotted lines, and the points where response or remission was reached (or lost) marked and
 * named. The table beside it carries the same data for screen readers.
 */
export default function TrendChart({ trend, title }: { trend: Trend; title: string }) {
  // Lines light enough to see on the dim theme's dark background, dark enough on white.
  const dark = useComputedColorScheme('light') === 'dark';
  const LINE = dark ? 'var(--mantine-color-lagoon-3)' : 'var(--mantine-color-lagoon-8)';
  const GOOD = dark ? 'var(--mantine-color-green-5)' : 'var(--mantine-color-green-8)';
  const data = trend.points.map((p) => ({ t: Date.parse(p.at), total: p.total, id: p.responseId }));
  const times = data.map((d) => d.t);
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  // A single point still gets a readable time axis: a week either side.
  const pad = hi - lo < DAY ? 7 * DAY : (hi - lo) * 0.06;
  const { min, max } = trend.range;
  const baselinePoint = trend.baseline ? data.find((d) => d.id === trend.baseline?.responseId) : undefined;
  const lines = ruleLines(trend).filter((l) => Number.isFinite(l.y));
  const topSeverity = Math.max(1, ...trend.bands.map((b) => b.severity));
  const bandLabel = shortBandLabels(trend.bands.map((b) => b.label));

  return (
    <div
      role="img"
      aria-label={`${title}: scores over time with severity bands, baseline and thresholds. The table lists the same data.`}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart
          data={data}
          margin={{ top: 16, right: 116, bottom: 8, left: 0 }}
          accessibilityLayer={false}
        >
          {trend.bands.map((b) => (
            <ReferenceArea
              key={b.label}
              y1={Math.max(min, b.min - 0.5)}
              y2={Math.min(max, b.max + 0.5)}
              fill="var(--mantine-color-gray-6)"
              fillOpacity={0.04 + (0.2 * b.severity) / topSeverity}
              ifOverflow="hidden"
              label={{ value: bandLabel(b.label), position: 'right', fill: DIM, fontSize: 11 }}
            />
          ))}
          <CartesianGrid
            stroke="var(--mantine-color-default-border)"
            strokeDasharray="2 4"
            vertical={false}
          />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[lo - pad, hi + pad]}
            tickFormatter={(t: number) => dayLabel.format(new Date(t))}
            tick={{ fill: DIM, fontSize: 12 }}
            stroke={DIM}
          />
          <YAxis
            domain={[min, max]}
            allowDecimals={false}
            tick={{ fill: DIM, fontSize: 12 }}
            stroke={DIM}
            width={36}
          />
          {lines.map((l) => (
            <ReferenceLine
              key={l.key}
              y={l.y}
              stroke={l.key === 'baseline' ? INK : GOOD}
              strokeDasharray={l.key === 'baseline' ? '8 4' : '2 3'}
              strokeWidth={1.5}
              ifOverflow="hidden"
              label={{ value: l.short, position: 'insideTopLeft', fill: INK, fontSize: 11 }}
            />
          ))}
          <Line
            dataKey="total"
            stroke={LINE}
            strokeWidth={2.5}
            dot={{ r: 5, fill: LINE, stroke: 'var(--mantine-color-body)', strokeWidth: 2 }}
            isAnimationActive={false}
          />
          {baselinePoint ? (
            <ReferenceDot
              x={baselinePoint.t}
              y={baselinePoint.total}
              r={8}
              fill="var(--mantine-color-body)"
              stroke={INK}
              strokeWidth={2}
              label={{ value: 'Baseline', position: 'top', fill: INK, fontSize: 12 }}
            />
          ) : null}
          {trend.markers.map((m) => (
            <ReferenceDot
              key={`${m.kind}-${m.responseId}`}
              x={Date.parse(m.at)}
              y={m.total}
              r={9}
              fill="none"
              stroke={m.kind.endsWith('_lost') ? INK : GOOD}
              strokeWidth={3}
              label={{
                value: MARKER_TEXT[m.kind],
                position: 'bottom',
                fill: INK,
                fontSize: 12,
                fontWeight: 600,
              }}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
