import { Anchor, Badge, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { INBOX_FILTERS } from '../../../contracts/messages';
import { waitingWords } from '../../../domain/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime, timeAgo } from '../../lib/format';
import { type InboxFilter, useInbox } from './messages-query';

const FILTER_LABELS: Record<InboxFilter, string> = {
  all: 'All open',
  mine: 'Mine',
  unassigned: 'Unassigned',
  urgent: 'Urgent',
  closed: 'Closed',
};

/** The care team's inbox: threads by patient, urgent and longest waiting first, with how long each has waited. */
export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('filter') ?? 'all';
  const filter = ((INBOX_FILTERS as readonly string[]).includes(raw) ? raw : 'all') as InboxFilter;
  const q = useInbox(filter);
  const now = q.data ? new Date(q.data.generatedAt) : new Date();
  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Messages</PageTitle>
        <Text c="dimmed">
          Messages from patients to their care team. Urgent ones (crisis language) come first: contact the
          patient today.
        </Text>
      </div>
      <SegmentedControl
        aria-label="Show"
        value={filter}
        onChange={(v) => setParams(v === 'all' ? {} : { filter: v })}
        data={INBOX_FILTERS.map((f) => ({ value: f, label: FILTER_LABELS[f] }))}
        style={{ alignSelf: 'flex-start' }}
      />
      <ErrorAlert error={q.error} title="Could not load the messages" />
      {q.isPending ? <Loading label="Loading messages" /> : null}
      {q.data && q.data.threads.length === 0 ? <Text>No conversations here.</Text> : null}
      {q.data && q.data.threads.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Patient</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">Waiting</Table.Th>
                <Table.Th scope="col">Handled by</Table.Th>
                <Table.Th scope="col">Last message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.threads.map((t) => (
                <Table.Tr
                  key={t.id}
                  data-testid="inbox-thread"
                  data-urgent={t.urgent || undefined}
                  style={
                    t.urgent ? { boxShadow: 'inset 4px 0 0 var(--mantine-color-red-filled)' } : undefined
                  }
                >
                  <Table.Th scope="row" fw={600}>
                    <Anchor component={Link} to={`/app/messages/${t.id}`}>
                      {t.patientName}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>
                    <Group gap="xs">
                      {t.urgent ? (
                        <Badge color="red" variant="light">
                          Urgent
                        </Badge>
                      ) : null}
                      {t.unread ? (
                        <Badge color="blue" variant="light">
                          Unread
                        </Badge>
                      ) : null}
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {t.subject}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{waitingWords(t.waitingSince, now) ?? <Text size="sm">Answered</Text>}</Table.Td>
                  <Table.Td>
                    {t.handlerName ?? (
                      <Text size="sm" c="dimmed">
                        Nobody yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={t.lastMessageAt} title={formatDateTime(t.lastMessageAt)}>
                      {timeAgo(t.lastMessageAt, now.getTime())}
                    </time>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
