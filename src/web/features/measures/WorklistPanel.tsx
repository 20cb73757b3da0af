import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4, IconInfoCircle, IconListCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../patients/format';
import { useWorklist, type WorkItem, worklistHref } from './measures-query';

const SEVERITY = {
  urgent: { word: 'Urgent', color: 'red', icon: IconAlertTriangle },
  due: { word: 'Due', color: 'yellow', icon: IconClockHour4 },
  info: { word: 'To do', color: 'gray', icon: IconInfoCircle },
} as const;
const RANK = { urgent: 0, due: 1, info: 2 } as const;
const FIRST = 12;

function Item({ item }: { item: WorkItem }) {
  const s = SEVERITY[item.severity];
  const when = item.at ? (item.at.length === 10 ? formatDate(item.at) : formatDateTime(item.at)) : null;
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      bg="var(--mantine-color-body)"
      data-testid="worklist-item"
      data-kind={item.kind}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Badge
              color={s.color}
              variant="light"
              leftSection={<s.icon size={12} aria-hidden="true" />}
              styles={NO_CLIP}
            >
              {s.word}
            </Badge>
            <Anchor component={Link} to={worklistHref(item.link)} fw={600}>
              {item.title}
            </Anchor>
          </Group>
          <Text size="sm">
            {item.patientName ? <Text span fw={600}>{`${item.patientName} · `}</Text> : null}
            {item.detail}
          </Text>
        </Stack>
        {when ? (
          <Text size="sm" c="dimmed">
            {when}
          </Text>
        ) : null}
      </Group>
    </Card>
  );
}

/**
 * Everything else on Today's worklist (GET /api/worklist), urgent first, each linking to where it is done.
 * Safety tasks (with their follow-up form) and sessions in progress have their own panels above for clinical
 * staff, so they are left out here for them.
 */
export function WorklistPanel() {
  const me = useMe().data;
  const canRead = me?.permissions.includes('worklist.read') ?? false;
  // Clinical staff see safety tasks (with their follow-up form) and the board of sessions in progress above.
  const clinical = me?.permissions.includes('clinical.read') ?? false;
  // A session on hold stays on the worklist as well: it is urgent.
  const shownAbove = (i: WorkItem) =>
    clinical && (i.kind === 'safety_task' || (i.kind === 'session_in_progress' && i.severity !== 'urgent'));
  const worklist = useWorklist(canRead);
  const [all, setAll] = useState(false);
  if (!canRead) return null;
  const items = (worklist.data?.items ?? [])
    .filter((i) => !shownAbove(i))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <Stack gap="sm" component="section" aria-labelledby="worklist-h" data-testid="worklist-panel">
      <Group gap="sm">
        <IconListCheck size={24} aria-hidden="true" />
        <Title order={2} size="h3" id="worklist-h">
          Worklist
        </Title>
      </Group>
      {worklist.isPending ? <Loading label="Loading the worklist" /> : null}
      <ErrorAlert error={worklist.error} title="Could not load the worklist" />
      {worklist.data && items.length === 0 ? <Text c="dimmed">Nothing waiting. All caught up.</Text> : null}
      {shown.length ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {shown.map((i) => (
            <Item key={i.id} item={i} />
          ))}
        </Stack>
      ) : null}
      {items.length > FIRST ? (
        <Group>
          <Button variant="subtle" onClick={() => setAll((a) => !a)}>
            {all ? 'Show fewer' : `Show all ${items.length}`}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
