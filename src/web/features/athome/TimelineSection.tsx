import { Group, List, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconNote,
  IconPoint,
  IconUserCheck,
} from '@tabler/icons-react';
import { ScrollTable } from '../../components/ScrollTable';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime, formatTime } from '../../lib/format';
import { Section } from '../sessions/Section';
import type { AtHomeDetail, AtHomeEvent } from './athome-query';
import { actorWords, DUE_STATUS, dueItemWords, eventWords } from './labels';

function icon(e: AtHomeEvent) {
  if (e.kind === 'escalation' || e.kind === 'help' || e.ok === false || e.kind === 'hold')
    return { Icon: e.ok === false ? IconCircleX : IconAlertTriangle, color: 'red' };
  if (e.kind === 'note') return { Icon: IconNote, color: 'gray' };
  if (e.ok === true || e.kind === 'go' || e.kind === 'resolved')
    return { Icon: IconCircleCheck, color: 'green' };
  if (e.actorKind === 'staff') return { Icon: IconUserCheck, color: 'lagoon' };
  return { Icon: IconPoint, color: 'gray' };
}

/** Same day as the booking: the time alone; another day: the date too. */
function when(at: string, startsAt: string): string {
  return new Date(at).toDateString() === new Date(startsAt).toDateString()
    ? formatTime(at)
    : formatDateTime(at);
}

/** Everything that happened, oldest first, in plain words and local times: who, when, what. */
export function TimelineSection({ s }: { s: AtHomeDetail }) {
  const events = [...s.events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Section id="athome-timeline" title="Timeline">
      {events.length === 0 ? <Text c="dimmed">Nothing recorded yet.</Text> : null}
      <Stack
        gap={0}
        component="ol"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label="Timeline of the session"
      >
        {events.map((e) => {
          const look = icon(e);
          return (
            <Group
              key={e.id}
              component="li"
              gap="sm"
              wrap="nowrap"
              align="flex-start"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              data-testid="athome-event"
              data-kind={e.kind}
            >
              <Text fw={600} w={88} style={{ flexShrink: 0, fontVariantNumeric: 'tabular-nums' }}>
                {when(e.at, s.startsAt)}
              </Text>
              <ThemeIcon variant="light" color={look.color} size="sm" radius="xl" aria-hidden="true" mt={2}>
                <look.Icon size={14} />
              </ThemeIcon>
              <Stack gap={0} miw={0}>
                <Text>{eventWords(e, s)}</Text>
                <Text size="sm" c="dimmed">
                  {actorWords(e, s)}
                </Text>
              </Stack>
            </Group>
          );
        })}
      </Stack>
    </Section>
  );
}

/** What falls due and when: the check-in, the timed check-ins, the sitter's visual checks, the check-out. */
export function ScheduleSection({ s }: { s: AtHomeDetail }) {
  return (
    <Section id="athome-schedule" title="Check-ins due">
      {s.dose ? null : (
        <Text size="sm">
          Timed check-ins and the sitter’s visual checks are counted from the dose; their times appear once it
          is taken.
        </Text>
      )}
      {s.timeline.length ? (
        <ScrollTable minWidth={420} label="Check-ins due">
          <Table verticalSpacing="xs" striped data-testid="athome-schedule">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Due</Table.Th>
                <Table.Th scope="col">Escalates at</Table.Th>
                <Table.Th scope="col">State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.timeline.map((i) => (
                <Table.Tr key={i.key} data-status={i.status}>
                  <Table.Th scope="row" fw={500}>
                    {dueItemWords(i)}
                  </Table.Th>
                  <Table.Td>{formatTime(i.dueAt)}</Table.Td>
                  <Table.Td>{formatTime(i.missedAt)}</Table.Td>
                  <Table.Td>
                    <StateBadge look={DUE_STATUS[i.status]} size="md" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : null}
    </Section>
  );
}

/** A list of plain facts, "label: value", skipping the ones not known. */
export function Facts({ items }: { items: [string, string | null | undefined][] }) {
  return (
    <List spacing={4} listStyleType="none" p={0}>
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <List.Item key={k}>
            <Text span fw={600}>
              {k}:
            </Text>{' '}
            {v}
          </List.Item>
        ))}
    </List>
  );
}
