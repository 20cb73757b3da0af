import { SegmentedControl, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { exposureCurve } from '../../../contracts/sessions';
import { Loading } from '../../components/Loading';
import { ScrollTable } from '../../components/ScrollTable';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { vitalPoints, vitalThresholds } from './charts/chart-data';
import { ExposureBody } from './ExposureBody';
import { vitalLabel } from './entries';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

// Chart code (recharts) loads only when a chart is shown: never with the sign-in page or the table view.
const VitalsChart = lazy(() => import('./charts/VitalsChart'));

type View = 'chart' | 'table';
function ViewToggle({ label, value, onChange }: { label: string; value: View; onChange: (v: View) => void }) {
  return (
    <SegmentedControl
      aria-label={label}
      value={value}
      onChange={(v) => onChange(v as View)}
      data={[
        { value: 'chart', label: 'Chart' },
        { value: 'table', label: 'Table' },
      ]}
    />
  );
}

export function VitalsPanel({ state }: { state: ConsoleState }) {
  const [view, setView] = useState<View>('chart');
  const { points, xLabel } = vitalPoints(state);
  const thresholds = vitalThresholds(state);
  const alertsAt = new Map(state.entries.map((e) => [e.at, e.alerts]));
  return (
    <Section
      id="vitals-chart"
      title="Vitals over time"
      aside={<ViewToggle label="Show vitals as" value={view} onChange={setView} />}
    >
      {points.length === 0 ? <Text c="dimmed">No readings yet.</Text> : null}
      {points.length > 0 && view === 'chart' ? (
        <Suspense fallback={<Loading label="Loading the chart" />}>
          <VitalsChart points={points} thresholds={thresholds} xLabel={xLabel} />
        </Suspense>
      ) : null}
      {points.length > 0 && view === 'table' ? (
        <ScrollTable minWidth={560} label="Vitals table">
          <Table striped verticalSpacing="xs" data-testid="vitals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Minute</Table.Th>
                <Table.Th scope="col">BP</Table.Th>
                <Table.Th scope="col">HR</Table.Th>
                <Table.Th scope="col">SpO2</Table.Th>
                <Table.Th scope="col">RR</Table.Th>
                <Table.Th scope="col">Rules fired</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.time}>
                  <Table.Th scope="row">{formatTime(p.time)}</Table.Th>
                  <Table.Td>{p.minute}</Table.Td>
                  <Table.Td>{p.sbp !== undefined ? `${p.sbp}/${p.dbp ?? '—'}` : '—'}</Table.Td>
                  <Table.Td>{p.hr ?? '—'}</Table.Td>
                  <Table.Td>{p.spo2 ?? '—'}</Table.Td>
                  <Table.Td>{p.rr ?? '—'}</Table.Td>
                  <Table.Td>
                    {(alertsAt.get(p.time) ?? [])
                      .map((a) => `${a.level === 'hold' ? 'Hold' : 'Alert'}: ${vitalLabel(a.vital)}`)
                      .join('; ') || 'None'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : null}
      {thresholds.length ? (
        <Text size="sm" c="dimmed">
          Lines: {thresholds.map((t) => `${t.label} ${t.comparator} ${t.value}`).join(' · ')}.
        </Text>
      ) : null}
    </Section>
  );
}

/** The expected-exposure curve: an educational estimate, labelled as one, with its caveat and sources. */
export function ExposurePanel({ state }: { state: ConsoleState }) {
  const [view, setView] = useState<View>('chart');
  const [model, setModel] = useState('kamp');
  const { session } = state;
  const curve = useQuery({
    queryKey: [...consoleKey(session.patientId, session.id), 'exposure', model, session.firstDoseAt],
    queryFn: ({ signal }) =>
      api.get(`${sessionPath(session.patientId, session.id)}/exposure`, {
        query: { model },
        schema: exposureCurve,
        signal,
      }),
    enabled: Boolean(session.order),
    refetchInterval: session.firstDoseAt && !session.dischargedAt ? 60_000 : false,
  });
  if (!session.order) return null;
  const _d = curve.data;
  return (
    <Section
      id="exposure"
      title="Expected exposure"
      aside={<ViewToggle label="Show exposure as" value={view} onChange={setView} />}
    >
      <ExposureBody
        curve={curve}
        view={view}
        model={model}
        onModel={setModel}
        modelId="pk-model"
        beforeDose="the clock starts at the first dose"
      />
    </Section>
  );
}
