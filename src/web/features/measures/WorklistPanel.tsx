import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4, IconInfoCircle, IconListCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import {
  useWorklist,
  useWorklistPages,
  type WorkItem,
  type WorklistSection,
  worklistHref,
} from './measures-query';

const SEVERITY = {
  urgent: { word: 'Urgent', color: 'red', icon: IconAlertTriangle },
  due: { word: 'Due', color: 'yellow', icon: IconClockHour4 },
  info: { word: 'To do', color: 'gray', icon: IconInfoCircle },
} as const;
const RANK = { urgent: 0, due: 1, info: 2 } as const;
const FIRST = 12;
/** Sections that clinical staff see in their own panels above (safety follow-ups, the board of sessions). */
const OWN_PANEL = new Set(['safety', 'sessions', 'care_tasks']);
/** Items per section in one answer (the API's page size). */
const PAGE = 50;

/** "1,000+" when the server stopped counting. */
const count = (n: number, atLeast: boolean) => `${n.toLocaleString()}${atLeast ? '+' : ''}`;

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
    clinical &&
    (i.kind === 'safety_task' ||
      i.kind === 'care_task' ||
      (i.kind === 'session_in_progress' && i.severity !== 'urgent'));
  const worklist = useWorklist(canRead);
  const [all, setAll] = useState(false);
  // Later pages of long sections, asked for one at a time ("Show 50 more").
  const [pages, setPages] = useState<{ key: string; offset: number }[]>([]);
  const more = useWorklistPages(pages);
  if (!canRead) return null;
  const seen = new Set<string>();
  const items = [...(worklist.data?.items ?? []), ...more.flatMap((q) => q.data?.items ?? [])]
    .filter((i) => !shownAbove(i) && !seen.has(i.id) && seen.add(i.id))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const shown = all ? items : items.slice(0, FIRST);
  // How far each section has been read: the first page, plus every later page that has come.
  // A section past the server's count cap (`atLeast`) goes on until a page comes back short.
  const loaded = new Map<string, { section: WorklistSection; through: number; ended: boolean }>();
  for (const s of worklist.data?.sections ?? [])
    loaded.set(s.key, { section: s, through: s.shown, ended: s.shown < PAGE });
  for (const q of more)
    for (const s of q.data?.sections ?? []) {
      const l = loaded.get(s.key);
      if (!l) continue;
      l.through = Math.max(l.through, s.offset + s.shown);
      if (s.shown < PAGE) l.ended = true;
    }
  const partial = [...loaded.values()].filter(
    ({ section, through, ended }) =>
      !ended && (through < section.total || section.atLeast) && !(clinical && OWN_PANEL.has(section.key)),
  );
  const loadingMore = more.some((q) => q.isFetching && !q.data);
  const moreError = more.find((q) => q.error)?.error ?? null;
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
      {partial.map(({ section, through }) => (
        <Group key={section.key} gap="sm" data-testid="worklist-more" data-section={section.key}>
          <Text size="sm" c="dimmed">
            {`Showing ${through.toLocaleString()} of ${count(section.total, section.atLeast)} ${section.title}.`}
          </Text>
          <Button
            variant="light"
            size="xs"
            loading={loadingMore}
            onClick={() => {
              setAll(true);
              setPages((p) => [...p, { key: section.key, offset: through }]);
            }}
          >
            {`Show ${section.atLeast ? PAGE : Math.min(PAGE, section.total - through)} more`}
          </Button>
        </Group>
      ))}
      <ErrorAlert error={moreError} title="Could not load more of the worklist" />
    </Stack>
  );
}
