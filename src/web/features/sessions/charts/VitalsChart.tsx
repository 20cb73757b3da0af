import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Stack, Text } from '@mantine/core';
import type { VitalPoint, VitalThreshold } from './chart-data';

interface Props {
  points: VitalPoint[];
  thresholds: VitalThreshold[];
  xLabel: string;
}

function Chart({
  title,
  points,
  series,
  thresholds,
  xLabel,
  unit,
}: Props & {
  title: string;
  series: { name: 'sbp' | 'dbp' | 'hr' | 'spo2'; label: string; color: string }[];
  unit: string;
}) {
  const names = series.map((s) => s.name as string);
  const lines = thresholds.filter((t) => names.includes(t.vital));
  const values = points.flatMap((p) =>
    names.map((n) => p[n as 'sbp']).filter((v): v is number => typeof v === 'number'),
  );
  const all = [...values, ...lines.map((l) => l.value)];
  const lo = Math.floor((Math.min(...all) - 10) / 10) * 10;
  const hi = Math.ceil((Math.max(...all) + 10) / 10) * 10;
  return (
    <Stack gap={4}>
      <Text fw={600}>{title}</Text>
      <div
        role="img"
        aria-label={`${title} over time, with the rule thresholds drawn as dashed lines. The table view lists the same values.`}
      >
        <LineChart
          h={220}
          data={points}
          dataKey="minute"
          series={series.map((s) => ({ name: s.name, label: s.label, color: s.color }))}
          curveType="linear"
          connectNulls
          withLegend
          unit={unit}
          xAxisLabel={xLabel}
          xAxisProps={{ type: 'number', domain: ['dataMin', 'dataMax'], allowDecimals: false }}
          yAxisProps={{ domain: [lo, hi] }}
          referenceLines={lines.map((l) => ({
            y: l.value,
            color: l.level === 'hold' ? 'orange.8' : 'red.8',
            label: `${l.label} ${l.comparator} ${l.value}`,
            labelPosition: 'insideTopRight',
            strokeDasharray: '6 4',
          }))}
          tooltipAnimationDuration={0}
        />
      </div>
    </Stack>
  );
}

/** Vital signs over the session with the clinic's thresholds drawn (UX.md principle 4). */
export default function VitalsChart(props: Props) {
  return (
    <Stack gap="lg">
      <Chart
        {...props}
        title="Blood pressure (mmHg)"
        unit=""
        series={[
          { name: 'sbp', label: 'Systolic', color: 'lagoon.7' },
          { name: 'dbp', label: 'Diastolic', color: 'grape.6' },
        ]}
      />
      <Chart
        {...props}
        title="Heart rate (bpm) and SpO2 (%)"
        unit=""
        series={[
          { name: 'hr', label: 'Heart rate', color: 'lagoon.7' },
          { name: 'spo2', label: 'SpO2', color: 'grape.6' },
        ]}
      />
    </Stack>
  );
}
