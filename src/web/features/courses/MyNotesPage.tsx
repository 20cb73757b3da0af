import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconNotes, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate, formatDateTime } from '../../lib/format';
import { dayLabel, timeLabel, todayIn, zoneName } from '../scheduling/labels';
import { chartUrl, noteUrl } from './course-query';
import { NOTE_KIND_LABELS } from './labels';
import { VisitNoteActions } from './VisitNoteActions';
import { type NoteSectionKey, type NoteTodoItem, useNotesTodo } from './visit-note-query';

const PAGE = 25;

/** "Today, 2:00 PM" or "Tue 24 Nov, 2:00 PM": a visit's local date and time in words. */
function when(v: NonNullable<NoteTodoItem['visit']>): string {
  const day = v.localDate === todayIn(v.timezone) ? 'Today' : dayLabel(v.localDate);
  return `${day}, ${timeLabel(v.localStart)}`;
}

function ToWrite({ item }: { item: NoteTodoItem }) {
  const v = item.visit;
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      bg="var(--mantine-color-body)"
      data-testid="note-to-write"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {v ? when(v) : '—'}
            </Text>
            <Anchor component={Link} to={chartUrl(item.patientId)} fw={600}>
              {item.patientName}
            </Anchor>
          </Group>
          <Text size="sm">{v?.typeName ?? 'Therapy visit'}</Text>
        </Stack>
        {v ? (
          <div style={{ flex: '1 1 320px', maxWidth: 520 }}>
            <VisitNoteActions
              compact
              appointmentId={v.id}
              patientId={item.patientId}
              note={null}
              offers={item.offers}
              explanation={item.explanation}
            />
          </div>
        ) : null}
      </Group>
    </Card>
  );
}

function Draft({ item }: { item: NoteTodoItem }) {
  const n = item.note;
  if (!n) return null;
  const kind = `${NOTE_KIND_LABELS[n.kind] ?? n.kind} note${n.kind === 'integration' && n.dosingSessionNumber ? ` after session ${n.dosingSessionNumber}` : ''}`;
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      bg="var(--mantine-color-body)"
      data-testid="note-draft"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700}>{item.visit ? when(item.visit) : formatDate(n.sessionDate)}</Text>
            <Anchor component={Link} to={chartUrl(item.patientId)} fw={600}>
              {item.patientName}
            </Anchor>
            <Badge color="yellow" variant="light" styles={NO_CLIP}>
              Draft
            </Badge>
          </Group>
          <Text size="sm">
            {kind} · last saved {formatDateTime(n.updatedAt)}
          </Text>
        </Stack>
        <Button
          size="xs"
          variant="light"
          component={Link}
          to={noteUrl(item.patientId, n.id)}
          leftSection={<IconPencil size={16} aria-hidden="true" />}
        >
          Continue and sign
        </Button>
      </Group>
    </Card>
  );
}

const SECTION_TEXT: Record<NoteSectionKey, { empty: string; intro: string }> = {
  to_write: {
    intro: 'Your preparation and integration visits, up to today, that have no note yet. Newest first.',
    empty: 'Every visit you held has a note.',
  },
  drafts: {
    intro: 'Notes you started and have not signed. Only you can finish and sign them.',
    empty: 'No drafts waiting.',
  },
};

function Section({ section }: { section: NoteSectionKey }) {
  const [offset, setOffset] = useState(0);
  const q = useNotesTodo({ section, offset, limit: PAGE });
  const s = q.data?.sections[0];
  const id = `notes-${section}-h`;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby={id}
      data-testid={`notes-${section}`}
    >
      <Group gap="sm" mb={4}>
        <Title order={2} size="h4" id={id}>
          {section === 'to_write' ? 'Notes to write' : 'Drafts to sign'}
        </Title>
        {s ? (
          <Badge variant="light" color={s.total ? 'yellow' : 'green'} styles={NO_CLIP}>
            {s.total}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {SECTION_TEXT[section].intro}
      </Text>
      {q.isPending ? <Loading label="Loading your notes" /> : null}
      <ErrorAlert error={q.error} title="Could not load your notes" />
      {s && s.total === 0 ? <Text>{SECTION_TEXT[section].empty}</Text> : null}
      {s?.items.length ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {s.items.map((i) =>
            section === 'to_write' ? <ToWrite key={i.id} item={i} /> : <Draft key={i.id} item={i} />,
          )}
        </Stack>
      ) : null}
      {s && s.total > PAGE ? (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">
            {`${offset + 1}–${Math.min(offset + PAGE, s.total)} of ${s.total}`}
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={offset + PAGE >= s.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Older
            </Button>
          </Group>
        </Group>
      ) : null}
    </Card>
  );
}

/** The therapist's notes across their patients: visits held without a note, and drafts to sign. */
export default function MyNotesPage() {
  const first = useNotesTodo({ section: 'to_write', offset: 0, limit: PAGE });
  const tz = first.data?.timezone;
  return (
    <Stack gap="lg">
      <div>
        <Group gap="sm">
          <IconNotes size={28} aria-hidden="true" />
          <PageTitle mb={4}>My notes</PageTitle>
        </Group>
        <Text c="dimmed">{`Across all your patients.${tz ? ` Times are the clinic’s (${zoneName(tz)}).` : ''}`}</Text>
      </div>
      <Section section="to_write" />
      <Section section="drafts" />
    </Stack>
  );
}
