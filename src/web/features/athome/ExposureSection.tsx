import { Alert, Group, List, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconInfoTriangle } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { PK_MODELS, type PkModelId } from '../../../domain/exposure/parameters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ScrollTable } from '../../components/ScrollTable';
import { num } from '../../lib/format';
import { Section } from '../sessions/Section';
import { type AtHomeDetail, useAtHomeExposure } from './athome-query';

// The console's chart (recharts loads only when a chart is shown).
const ExposureChart = lazy(() => import('../sessions/charts/ExposureChart'));

const MODELS = [
  { value: 'kamp', label: 'Kamp 2020' },
  { value: 'clements', label: 'Clements' },
  { value: 'domino', label: 'Domino' },
];

/**
 * The expected-exposure curve of the ordered sublingual dose, as the clinic console shows it: an educational
 * estimate, labelled as one, with "now" marked once the dose is taken, and a table beside the chart.
 */
export function ExposureSection({ s }: { s: AtHomeDetail }) {
  const [view, setView] = useState('chart');
  const [model, setModel] = useState('kamp');
  const curve = useAtHomeExposure(s.patientId, s.id, model, Boolean(s.exposureInputs));
  const d = curve.data;
  return (
    <Section
      id="athome-exposure"
      title="Expected exposure"
      aside={
        s.exposureInputs ? (
          <SegmentedControl
            aria-label="Show exposure as"
            value={view}
            onChange={setView}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
          />
        ) : null
      }
    >
      {!s.exposureInputs ? (
        <Text>The estimate appears once the prescriber signs the order.</Text>
      ) : (
        <>
          <Alert
            color="yellow"
            variant="light"
            icon={<IconInfoTriangle aria-hidden="true" />}
            title="Educational estimate — not a dosing tool"
            data-testid="exposure-caveat"
          >
            {d?.caveat ?? 'An estimate from published population models, not a measured level.'}
          </Alert>
          <Text size="sm">
            {num(s.exposureInputs.doseMg)} mg sublingual at {num(s.exposureInputs.weightKg, 1)} kg
            {s.exposureInputs.doseTakenAt ? '' : ' · the clock starts when the dose is taken'}.
          </Text>
          <Group gap="sm">
            <Text fw={600} id="athome-pk-model">
              Model
            </Text>
            <SegmentedControl
              aria-labelledby="athome-pk-model"
              value={model}
              onChange={setModel}
              data={MODELS}
            />
          </Group>
          {curve.isPending ? <Loading label="Loading the estimate" /> : null}
          <ErrorAlert error={curve.error} title="Could not compute the estimate" />
          {d && view === 'chart' ? (
            <Suspense fallback={<Loading label="Loading the chart" />}>
              <ExposureChart points={d.points} nowMinute={d.nowMinute} />
            </Suspense>
          ) : null}
          {d && view === 'table' ? (
            <ScrollTable minWidth={320} label="Exposure estimate table">
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
                {d.nowMinute !== null ? `; now is minute ${Math.round(d.nowMinute)}` : ''}. Model:{' '}
                {PK_MODELS[d.model as PkModelId]?.label ?? 'a published population model'}.
              </Text>
              <Text size="sm" fw={600}>
                Sources
              </Text>
              <List size="sm">
                {d.sources.map((src) => (
                  <List.Item key={src}>{src}</List.Item>
                ))}
              </List>
            </Stack>
          ) : null}
        </>
      )}
    </Section>
  );
}
