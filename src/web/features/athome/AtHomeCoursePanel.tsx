import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BoardState } from '../../../domain/athome';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ScrollTable } from '../../components/ScrollTable';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime, formatTime, num } from '../../lib/format';
import { useMe } from '../../lib/session';
import { atHomeUrl, useAtHomeSessions } from './athome-query';
import { BookSessionForm } from './BookSessionForm';
import { boardLook } from './labels';
import { SupplySection } from './SupplySection';

/**
 * An at-home course's own part of the course card (issue #16): its at-home sessions with the dose history
 * (mg, troches, mg/kg and F × mg, the route-normalised dose compared across sessions), booking the next one,
 * and the take-home supply.
 */
export function AtHomeCoursePanel({
  patientId,
  courseId,
  active,
}: {
  patientId: string;
  courseId: string;
  active: boolean;
}) {
  const me = useMe().data;
  const can = (p: string) => me?.permissions.includes(p) ?? false;
  const list = useAtHomeSessions(patientId);
  const [booking, setBooking] = useState(false);
  const sessions = (list.data?.sessions ?? []).filter((s) => s.courseId === courseId);
  return (
    <Stack gap="lg" data-testid="athome-course">
      <Stack gap="sm" component="section" aria-labelledby={`athome-sessions-${courseId}`}>
        <Group justify="space-between" wrap="wrap">
          <Title order={4} size="h5" id={`athome-sessions-${courseId}`}>
            At-home sessions
          </Title>
          {active && can('session.run') && !booking ? (
            <Button
              variant="light"
              leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
              onClick={() => setBooking(true)}
            >
              Book at-home session
            </Button>
          ) : null}
        </Group>
        {booking ? (
          <BookSessionForm
            patientId={patientId}
            courseId={courseId}
            canOverride={can('orders.sign')}
            onClose={() => setBooking(false)}
          />
        ) : null}
        {list.isPending ? <Loading label="Loading the at-home sessions" /> : null}
        <ErrorAlert error={list.error} title="Could not load the at-home sessions" />
        {list.data && sessions.length === 0 ? <Text c="dimmed">No at-home sessions yet.</Text> : null}
        {sessions.length ? (
          <ScrollTable minWidth={720} label="At-home sessions and doses">
            <Table verticalSpacing="sm" striped data-testid="athome-sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Session</Table.Th>
                  <Table.Th scope="col">Booked for</Table.Th>
                  <Table.Th scope="col">Dose ordered</Table.Th>
                  <Table.Th scope="col">mg/kg</Table.Th>
                  <Table.Th scope="col">F × mg</Table.Th>
                  <Table.Th scope="col">Taken</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((s) => (
                  <Table.Tr key={s.id} data-testid="athome-session-row">
                    <Table.Th scope="row">
                      <Anchor component={Link} to={atHomeUrl(patientId, s.id)} fw={600}>
                        At-home session {s.number}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{formatDateTime(s.startsAt)}</Table.Td>
                    <Table.Td>
                      {s.order ? (
                        <>
                          {num(s.order.mg)} mg
                          <Text size="sm" c="dimmed">
                            {s.order.troches} troche{s.order.troches === 1 ? '' : 's'}
                          </Text>
                        </>
                      ) : (
                        <Text c="dimmed">Not signed</Text>
                      )}
                    </Table.Td>
                    <Table.Td>{s.order ? num(s.order.mgPerKg, 2) : '—'}</Table.Td>
                    <Table.Td>{s.order ? `${num(s.order.bioavailableMg, 1)} mg` : '—'}</Table.Td>
                    <Table.Td>
                      {s.dose ? (
                        <>
                          {formatTime(s.dose.takenAt)}
                          <Text size="sm" c="dimmed">
                            {s.dose.troches} troche{s.dose.troches === 1 ? '' : 's'}
                            {s.remainingTroches !== null ? ` · ${s.remainingTroches} left` : ''}
                          </Text>
                        </>
                      ) : (
                        <Text c="dimmed">—</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StateBadge look={boardLook(s.boardState as BoardState)} size="md" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : null}
        {sessions.length ? (
          <Text size="sm" c="dimmed">
            F × mg is the share of the dose expected to reach the circulation (sublingual bioavailability),
            the figure to compare with in-clinic doses by other routes.
          </Text>
        ) : null}
      </Stack>
      <SupplySection patientId={patientId} courseId={courseId} canWrite={can('clinical.write')} />
    </Stack>
  );
}
