import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAlarm,
  IconAlertTriangle,
  IconCircleCheck,
  IconClockExclamation,
  IconFileCheck,
  IconHandStop,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { ScrollTable } from '../../components/ScrollTable';
import { StateBadge } from '../../components/StateBadge';
import { formatDate, num } from '../../lib/format';
import { type Course, type SessionSummary, sessionUrl } from './course-query';
import { lookOf, routeLabel, SESSION_STATUS } from './labels';

function Rems({ s }: { s: SessionSummary }) {
  if (!s.remsDueBy) return <Text c="dimmed">—</Text>;
  if (s.remsSubmittedAt)
    return (
      <Group gap={4} wrap="nowrap">
        <IconFileCheck size={18} aria-hidden="true" color="var(--mantine-color-green-7)" />
        <Text size="sm">Submitted {formatDate(s.remsSubmittedAt)}</Text>
      </Group>
    );
  const overdue = Date.parse(s.remsDueBy) < Date.now();
  return (
    <Group gap={4} wrap="nowrap">
      <IconClockExclamation
        size={18}
        aria-hidden="true"
        color={overdue ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-yellow-7)'}
      />
      <Text size="sm">
        {overdue ? 'Overdue since' : 'Due by'} {formatDate(s.remsDueBy)}
      </Text>
    </Group>
  );
}

function Safety({ s }: { s: SessionSummary }) {
  // Alerts now (a hold, monitoring overdue) come from the same computation as the board and the console.
  const now = s.safety.flags.filter((f) => f.kind !== 'alerts');
  if (!s.alerts && !s.adverseEvents && !now.length)
    return (
      <Group gap={4} wrap="nowrap">
        <IconCircleCheck size={18} aria-hidden="true" color="var(--mantine-color-green-7)" />
        <Text size="sm">None</Text>
      </Group>
    );
  return (
    <Stack gap={2}>
      {now.map((f) => (
        <Group key={f.kind} gap={4} wrap="nowrap" data-testid="session-safety-now" data-flag={f.kind}>
          {f.kind === 'hold' ? (
            <IconHandStop size={18} aria-hidden="true" color="var(--mantine-color-red-7)" />
          ) : (
            <IconAlarm size={18} aria-hidden="true" color="var(--mantine-color-red-7)" />
          )}
          <Text size="sm" fw={700} c="var(--mantine-color-error)">
            {f.text}
          </Text>
        </Group>
      ))}
      {s.alerts || s.adverseEvents ? (
        <Group gap={4} wrap="nowrap">
          <IconAlertTriangle size={18} aria-hidden="true" color="var(--mantine-color-red-7)" />
          <Text size="sm">
            {s.alerts ? `${s.alerts} alert${s.alerts === 1 ? '' : 's'}` : ''}
            {s.alerts && s.adverseEvents ? ', ' : ''}
            {s.adverseEvents ? `${s.adverseEvents} adverse event${s.adverseEvents === 1 ? '' : 's'}` : ''}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The course's dosing sessions: dose, route, peak vitals, alerts, adverse events, REMS record. */
export function SessionList({ patientId, course }: { patientId: string; course: Course }) {
  const esketamine = course.sessions.some((s) => s.remsDueBy);
  return (
    <Stack gap="sm" component="section" aria-labelledby={`sessions-${course.id}`}>
      <Title order={4} size="h5" id={`sessions-${course.id}`}>
        {course.setting === 'at_home' ? 'In-clinic dosing sessions' : 'Dosing sessions'}
      </Title>
      {course.sessions.length === 0 ? (
        <Text c="dimmed">
          {course.setting === 'at_home' ? 'No in-clinic dosing sessions.' : 'No dosing sessions yet.'}
        </Text>
      ) : (
        <ScrollTable minWidth={760} label="Dosing sessions">
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Session</Table.Th>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Dose</Table.Th>
                <Table.Th scope="col">Peak vitals</Table.Th>
                <Table.Th scope="col">Alerts and adverse events</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {esketamine ? <Table.Th scope="col">REMS record</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...course.sessions].reverse().map((s) => (
                <Table.Tr key={s.id} data-testid="session-row">
                  <Table.Th scope="row">
                    <Anchor component={Link} to={sessionUrl(patientId, s.id)} fw={600}>
                      Session {s.number}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{formatDate(s.firstDoseAt ?? s.startedAt)}</Table.Td>
                  <Table.Td>
                    {s.doseMg !== null ? `${num(s.doseMg)} mg` : 'No dose'}
                    <Text size="sm" c="dimmed">
                      {routeLabel(s.route)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {s.peakSbp !== null || s.peakHr !== null ? (
                      <Text size="sm">
                        {s.peakSbp !== null ? `SBP ${s.peakSbp}` : ''}
                        {s.peakSbp !== null && s.peakHr !== null ? ' · ' : ''}
                        {s.peakHr !== null ? `HR ${s.peakHr}` : ''}
                      </Text>
                    ) : (
                      <Text c="dimmed">—</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Safety s={s} />
                  </Table.Td>
                  <Table.Td>
                    <StateBadge look={lookOf(SESSION_STATUS, s.status)} size="md" />
                  </Table.Td>
                  {esketamine ? (
                    <Table.Td>
                      <Rems s={s} />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
