import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlarm,
  IconAlertOctagon,
  IconCircleCheck,
  IconHandStop,
  IconStethoscope,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { NO_CLIP, WRAP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { formatTime, minutesAgo } from '../../lib/format';
import { lookOf, routeLabel, SESSION_STATUS } from '../courses/labels';
import { type ActiveSession, useActiveSessions } from './session-query';
import { useNow } from './use-now';

const FLAG_ICONS = { hold: IconHandStop, overdue: IconAlarm, alerts: IconAlertOctagon } as const;

/**
 * The session's safety alerts as the server words them (the same flags as the console, the worklist and the
 * chart): a pre-dose hold, monitoring overdue, readings with alerts. Red, each with its icon and words.
 */
function Safety({ s }: { s: ActiveSession }) {
  if (s.safety.level === 'ok')
    return (
      <Badge
        color="green"
        variant="light"
        size="lg"
        styles={NO_CLIP}
        leftSection={<IconCircleCheck size={14} aria-hidden="true" />}
      >
        No alerts
      </Badge>
    );
  return (
    <Stack gap={4} align="flex-start" data-testid="board-safety">
      {s.safety.flags.map((f) => {
        const Icon = FLAG_ICONS[f.kind];
        return (
          <Badge
            key={f.kind}
            color="red.9"
            variant="filled"
            size="lg"
            styles={WRAP}
            leftSection={<Icon size={14} aria-hidden="true" />}
            data-flag={f.kind}
          >
            {f.text}
          </Badge>
        );
      })}
    </Stack>
  );
}

function Room({ s, now }: { s: ActiveSession; now: number }) {
  const v = s.lastVitals;
  const red = s.safety.level === 'alert';
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component={Link}
      to={`/app/patients/${s.patientId}/sessions/${s.id}`}
      data-testid="board-card"
      aria-label={`${s.patientName}: open the session console`}
      style={red ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
          <Text fw={700} size="lg">
            {s.patientName}
          </Text>
          <StateBadge look={lookOf(SESSION_STATUS, s.status)} size="md" />
        </Group>
        <Text>
          {routeLabel(s.route)} ·{' '}
          {s.firstDoseAt
            ? `dose given ${formatTime(s.firstDoseAt)} (${minutesAgo(s.firstDoseAt, now)})`
            : `started ${formatTime(s.startedAt)}, not dosed yet`}
        </Text>
        {v ? (
          <Group gap="sm" align="baseline" wrap="wrap" style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Text fz="1.625rem" fw={700} lh={1.1}>
              {v.sbp ?? '—'}/{v.dbp ?? '—'}
            </Text>
            <Text fw={600} size="lg">
              HR {v.hr ?? '—'} · SpO2 {v.spo2 ?? '—'} %
            </Text>
          </Group>
        ) : (
          <Text fw={600}>No vitals yet</Text>
        )}
        {v ? <Text size="sm">Last vitals {minutesAgo(v.at, now)}</Text> : null}
        <Safety s={s} />
      </Stack>
    </Card>
  );
}

/**
 * The prescriber's board (UX.md "the prescriber"): every active session at a glance, a card per room,
 * each linking to its console. Refreshes every 15 seconds.
 */
export function ActiveSessionsBoard() {
  const q = useActiveSessions(true);
  const now = useNow(15_000);
  return (
    <Stack gap="sm" component="section" aria-labelledby="board-heading" data-testid="active-board">
      <Group gap="sm">
        <ThemeIcon variant="light" size="lg" radius="md" aria-hidden="true">
          <IconStethoscope size={20} />
        </ThemeIcon>
        <Title order={2} size="h3" id="board-heading">
          Sessions in progress
        </Title>
      </Group>
      {q.isPending ? <Loading label="Loading sessions in progress" /> : null}
      <ErrorAlert error={q.error} title="Could not load the sessions in progress" />
      {q.data && q.data.sessions.length === 0 ? (
        <Text c="dimmed">No dosing sessions in progress.</Text>
      ) : null}
      {q.data?.sessions.length ? (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
          {q.data.sessions.map((s) => (
            <Room key={s.id} s={s} now={now} />
          ))}
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}
