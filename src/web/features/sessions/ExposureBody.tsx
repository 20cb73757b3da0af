import { Alert, Group, List, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconInfoTriangle } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import type { z } from 'zod';
import type { exposureCurve } from '../../../contracts/sessions';
import { PK_MODELS, type PkModelId } from '../../../domain/exposure/parameters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ScrollTable } from '../../components/ScrollTable';
import { num } from '../../lib/format';

// recharts loads only when a chart is shown.
const ExposureChart = lazy(() => import('./charts/ExposureChart'));

const MODELS = [
  { value: 'kamp', label: 'Kamp 2020' },
  { value: 'clements', label: 'Clements' },
  { value: 'domino', label: 'Domino' },
];

/**
 * The expected-exposure estimate as the console and the at-home session page both show it: the caveat, the
 * model choice, the chart or its table, the peak and "now", and the sources. One component, so the two screens
 * cannot drift apart.
 */
export function ExposureBody({
  curve,
  view,
  model,
  onModel,
  modelId,
  beforeDose,
  children,
}: {
  curve: UseQueryResult<z.infer<typeof exposureCurve>>;
  view: string;
  model: string;
  onModel: (model: string) => void;
  /** Id of the "Model" label (unique on the page). */
  modelId: string;
  /** What the summary says while no dose has been taken ("now" is then unknown). */
  beforeDose: string;
  /** What the dose is, shown under the caveat. */
  children?: ReactNode;
}) {
  const d = curve.data;
  return (
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
      {children}
      <Group gap="sm">
        <Text fw={600} id={modelId}>
          Model
        </Text>
        <SegmentedControl aria-labelledby={modelId} value={model} onChange={onModel} data={MODELS} />
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
            {d.nowMinute !== null ? `; now is minute ${Math.round(d.nowMinute)}` : `; ${beforeDose}`}. Model:{' '}
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
  );
}
