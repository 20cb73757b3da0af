import { Alert, Group, List, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconInfoTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { exposureCurve } from '../../../contracts/sessions';
import { PK_MODELS, type PkModelId } from '../../../domain/exposure/parameters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ScrollTable } from '../../components/ScrollTable';
import { api } from '../../lib/api';
import { formatTime, num } from '../../lib/format';
import { vitalPoints, vitalThresholds } from './charts/chart-data';
import { vitalLabel } from './entries';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

// Chart code (recharts) loads only when a chart is shown: never with the sign-in page or the table view.
const VitalsChart = lazy(() => import('./charts/VitalsChart'));
const ExposureChart = lazy(() => import('./charts/ExposureChart'));

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

const MODELS = [
  { value: 'kamp', label: 'Kamp 2020' },
  { value: 'clements', label: 'Clements' },
  { value: 'domino', label: 'Domino' },
];

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
  const d = curve.data;
  return (
    <Section
      id="exposure"
      title="Expected exposure"
      aside={<ViewToggle label="Show exposure as" value={view} onChange={setView} />}
    >
      <Alert
        color="yellow"
        variant="light"
        icon={<IconInfoTriangle aria-hidden="true" />}
        title="Educational estimate — not a dosing tool"
        data-testid="exposure-caveat"
      >
        {d?.caveat ?? 'An estimate from published population models, not a measured level.'}
      </Alert>
      <Group gap="sm">
        <Text fw={600} id="pk-model">
          Model
        </Text>
        <SegmentedControl aria-labelledby="pk-model" value={model} onChange={setModel} data={MODELS} />
      </Group>
      {curve.isPending ? <Loading label="Loading the estimate" /> : null}
      <ErrorAlert error={curve.error} title="Could not compute the estimate" />
      {d && view === 'chart' ? (
        <Suspense fallback={<Loading label="Loading the chart" />}>
          <ExposureChart points={d.points} nowMinute={d.nowMinute} />
        </Suspense>
      ) : null}
      {d && view === 'table' ? (
        <ScrollTable minWidth={360} label="Exposure estimate table">
          <Table striped verticalSpacing="xs" data-testid="exposure-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Minutes after the dose</Table.Th>
                <Table.Th scope="col">Estimated mg/L</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.points
                .filter((p) => p.minute % 10 === 0)
                .map((p) => (
                  <Table.Tr key={p.minute}>
                    <Table.Th scope="row" fw={400}>
                      {p.minute}
                    </Table.Th>
                    <Table.Td>{p.mgPerL.toFixed(3)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : null}
      {d ? (
        <Stack gap={4}>
          <Text>
            Peak about {num(d.peak.mgPerL, 3)} mg/L at minute {Math.round(d.peak.minute)}
            {d.nowMinute !== null
              ? `; now is minute ${Math.round(d.nowMinute)}`
              : '; the clock starts at the first dose'}
            . Model: {PK_MODELS[d.model as PkModelId]?.label ?? 'a published population model'}.
          </Text>
          <Text size="sm" fw={600}>
            Sources
          </Text>
          <List size="sm">
            {d.sources.map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Section>
  );
}
