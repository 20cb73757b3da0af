import { Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconFlag } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { NO_CLIP } from '../../components/badges';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../lib/format';
import { ruleLines } from './charts/rule-lines';
import { shortName } from './labels';
import type { Trend } from './measures-query';

// Chart code (recharts) loads only when a trend is shown: never with the sign-in page or Today.
const TrendChart = lazy(() => import('./charts/TrendChart'));

type Point = Trend['points'][number];

function Status({ p }: { p: Point }) {
  const parts = [];
  if (p.isBaseline)
    parts.push(
      <Badge
        key="b"
        color="gray"
        variant="outline"
        leftSection={<IconFlag size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Baseline
      </Badge>,
    );
  if (p.remission)
    parts.push(
      <Badge
        key="rm"
        color="green"
        variant="light"
        leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Remission
      </Badge>,
    );
  else if (p.response)
    parts.push(
      <Badge
        key="rs"
        color="green"
        variant="light"
        leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Response
      </Badge>,
    );
  return parts.length ? <Group gap={4}>{parts}</Group> : <Text size="sm">—</Text>;
}

function change(p: Point): string {
  if (p.change === null) return '—';
  const sign = p.change > 0 ? '+' : '';
  const pct = p.percentChange === null ? '' : ` (${sign}${Math.round(p.percentChange)} %)`;
  return `${sign}${p.change}${pct}`;
}

function TrendTable({ trend, title }: { trend: Trend; title: string }) {
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table striped verticalSpacing="xs" data-testid="trend-table" data-instrument={trend.instrumentId}>
        <Table.Caption>{`${title} scores, oldest first`}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Completed</Table.Th>
            <Table.Th scope="col">Score</Table.Th>
            <Table.Th scope="col">Severity</Table.Th>
            <Table.Th scope="col">Change</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trend.points.map((p) => (
            <Table.Tr key={p.responseId} data-testid="trend-row">
              <Table.Th scope="row" fw={400}>
                {formatDateTime(p.at)}
              </Table.Th>
              <Table.Td fw={700}>{p.total}</Table.Td>
              <Table.Td>{p.band?.label ?? '—'}</Table.Td>
              <Table.Td>{change(p)}</Table.Td>
              <Table.Td>
                <Status p={p} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One instrument's trend: the chart and, beside it, the same data as a table (UX.md principle 4). */
export function TrendCard({ trend }: { trend: Trend }) {
  const title = shortName(trend.name);
  const last = trend.points[trend.points.length - 1];
  const lines = ruleLines(trend);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby={`trend-h-${trend.instrumentId}`}
      data-testid="trend-card"
    >
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4" id={`trend-h-${trend.instrumentId}`}>
            {title} trend
          </Title>
          {last ? (
            <Text>
              Latest{' '}
              <Text span fw={700}>
                {last.total}
              </Text>
              {last.band ? ` · ${last.band.label}` : ''} · {formatDateTime(last.at)}
            </Text>
          ) : null}
        </Group>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Suspense fallback={<Loading label="Loading the chart" />}>
            <TrendChart trend={trend} title={title} />
          </Suspense>
          <TrendTable trend={trend} title={title} />
        </SimpleGrid>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            How to read it
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              Shaded bands, darker as severity rises:{' '}
              {trend.bands.map((b) => `${b.label} ${b.min}–${b.max}`).join(', ')}. Source: {trend.bandSource}.
            </List.Item>
            {lines.map((l) => (
              <List.Item key={l.key}>
                {l.long}
                {l.source ? `. Source: ${l.source}.` : '.'}
              </List.Item>
            ))}
            {!trend.baseline ? (
              <List.Item>No baseline yet: the first completed score becomes the baseline.</List.Item>
            ) : null}
          </List>
        </Stack>
      </Stack>
    </Card>
  );
}
