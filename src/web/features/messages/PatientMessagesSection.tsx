import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { waitingWords } from '../../../domain/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../lib/format';
import { usePatientThreads } from './messages-query';

/** The chart's Messages tab: the patient's conversations with the care team, each opening in the inbox. */
export function PatientMessagesSection({ patientId }: { patientId: string }) {
  const q = usePatientThreads(patientId);
  if (q.isPending) return <Loading label="Loading messages" />;
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the messages" />;
  const now = new Date(q.data.generatedAt);
  if (!q.data.threads.length) return <Text>No messages with the care team yet.</Text>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Subject</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Handled by</Table.Th>
              <Table.Th scope="col">Last message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.threads.map((t) => (
              <Table.Tr key={t.id} data-testid="chart-thread">
                <Table.Th scope="row">
                  <Group gap="xs">
                    <Anchor
                      component={Link}
                      to={`/app/messages/${t.id}`}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {t.subject}
                    </Anchor>
                    {t.urgent ? (
                      <Badge color="red" variant="light">
                        Urgent
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Th>
                <Table.Td>
                  {t.state === 'closed' ? 'Closed' : (waitingWords(t.waitingSince, now) ?? 'Answered')}
                </Table.Td>
                <Table.Td>{t.handlerName ?? 'Nobody yet'}</Table.Td>
                <Table.Td>{formatDateTime(t.lastMessageAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
