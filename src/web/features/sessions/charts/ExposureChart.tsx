import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';

interface Props {
  points: { minute: number; mgPerL: number }[];
  nowMinute: number | null;
}

/** The expected-exposure curve with "now" marked. An educational estimate; the panel around it says so. */
export default function ExposureChart({ points, nowMinute }: Props) {
  return (
    <div
      role="img"
      aria-label="Estimated plasma concentration over time after the dose, with now marked. The table view lists the same values."
    >
      <LineChart
        h={240}
        data={points}
        dataKey="minute"
        series={[{ name: 'mgPerL', label: 'Estimated concentration (mg/L)', color: 'lagoon.7' }]}
        curveType="monotone"
        withDots={false}
        xAxisLabel="Minutes after the dose"
        yAxisLabel="mg/L (estimate)"
        xAxisProps={{ type: 'number', domain: [0, 'dataMax'], allowDecimals: false }}
        valueFormatter={(v) => v.toFixed(3)}
        referenceLines={
          nowMinute !== null
            ? [{ x: nowMinute, color: 'red.8', label: 'Now', labelPosition: 'insideTopRight' }]
            : []
        }
        tooltipAnimationDuration={0}
      />
    </div>
  );
}
