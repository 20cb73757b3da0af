import { Group, Paper, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlarm, IconClockHour4, IconHeartbeat, IconHourglass } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { type MonitoringRoute, monitoringState } from '../../../domain/vitals';
import { formatCountdown, formatSpan, formatTime, minutesAgo } from '../../lib/format';
import { liveVitals, vitalsOf } from './entries';
import type { ConsoleState } from './session-query';
import { useNow } from './use-now';

function Tile({
  label,
  icon,
  children,
  tone,
}: {
  label: string;
  icon: ReactNode;
  children: ReactNode;
  tone?: 'amber' | 'red';
}) {
  const border =
    tone === 'red'
      ? 'var(--mantine-color-red-7)'
      : tone === 'amber'
        ? 'var(--mantine-color-yellow-6)'
        : undefined;
  return (
    <Paper withBorder radius="md" p="md" style={border ? { borderColor: border, borderWidth: 2 } : undefined}>
      <Stack gap={4}>
        <Group gap={6} wrap="nowrap">
          <ThemeIcon
            variant="light"
            color={tone === 'red' ? 'red' : tone === 'amber' ? 'yellow' : 'lagoon'}
            size="md"
            aria-hidden="true"
          >
            {icon}
          </ThemeIcon>
          <Text fw={600} size="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            {label}
          </Text>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

const BIG = { fz: '2rem', fw: 700, lh: 1.15, style: { fontVariantNumeric: 'tabular-nums' } } as const;

/** Readable at arm's length: the last vitals and their age, time since the dose, and what is due next. */
export function StatusStrip({ state }: { state: ConsoleState }) {
  // Only this strip ticks every second, not the whole console (charts stay still). The clock is read at
  // render, so a reading saved a moment ago never looks like it is in the future.
  useNow(1000);
  const now = Date.now();
  const { session } = state;
  const vitals = liveVitals(state.entries);
  const last = vitals.at(-1);
  const v = last ? vitalsOf(last) : null;
  const dosed = session.firstDoseAt;
  // The same computation as the board, the worklist and the chart (domain/vitals/monitoring.ts), run here
  // each second: a fired rule's re-check leads the countdown, and a check past its time is an alert.
  const monitoring = monitoringState({
    route: session.route as MonitoringRoute,
    status: session.locked ? 'signed' : session.status,
    firstDoseAt: dosed,
    readings: vitals.map((e) => ({ ...vitalsOf(e), at: e.at, alerts: e.alerts })),
    rules: state.rules,
    now: new Date(now).toISOString(),
  });
  const cadence = monitoring.cadence;
  const due = dosed ? monitoring.due.slice(0, 2) : monitoring.due;
  const first = due[0];
  const dueMs = first ? Date.parse(first.dueAt) - now : 0;
  const closed = monitoring.closed || Boolean(session.dischargedAt);
  const overdue = !closed && Boolean(monitoring.overdue);
  const minimumMs = dosed ? Date.parse(dosed) + cadence.minimumMonitoringMinutes * 60_000 - now : null;

  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" data-testid="status-strip">
      <Tile label="Last vitals" icon={<IconHeartbeat size={18} />}>
        {v && last ? (
          <>
            <Text {...BIG} data-testid="last-vitals">
              {v.sbp !== undefined ? `${v.sbp}/${v.dbp ?? '—'}` : '—'}
            </Text>
            <Text fz="1.25rem" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {[
                v.hr !== undefined ? `HR ${v.hr}` : null,
                v.spo2 !== undefined ? `SpO2 ${v.spo2} %` : null,
                v.rr !== undefined ? `RR ${v.rr}` : null,
              ]
                .filter(Boolean)
                .join(' · ') || 'Blood pressure only'}
            </Text>
            <Text size="lg" data-testid="last-vitals-age">
              {minutesAgo(last.at, now)} · {formatTime(last.at)}
            </Text>
          </>
        ) : (
          <Text size="lg">None recorded yet</Text>
        )}
      </Tile>
      <Tile
        label={session.dischargedAt ? 'Monitored' : dosed ? 'Since the dose' : 'Dose'}
        icon={<IconClockHour4 size={18} />}
      >
        {dosed ? (
          <>
            <Text {...BIG}>
              {formatSpan(
                (session.dischargedAt ? Date.parse(session.dischargedAt) : now) - Date.parse(dosed),
              )}
            </Text>
            <Text size="lg">
              Given {formatTime(dosed)}
              {session.dischargedAt ? ` · left ${formatTime(session.dischargedAt)}` : ''}
            </Text>
          </>
        ) : (
          <Text {...BIG} fz="1.5rem">
            Not given yet
          </Text>
        )}
      </Tile>
      <Tile
        label="Due next"
        icon={overdue ? <IconAlarm size={18} /> : <IconHourglass size={18} />}
        tone={overdue ? 'red' : undefined}
      >
        {closed ? (
          <Text size="lg">Nothing: the patient was discharged.</Text>
        ) : first ? (
          <Stack gap={2} data-testid="due-next" data-overdue={overdue ? 'true' : 'false'}>
            <Text {...BIG} fz="1.75rem" c={overdue ? 'var(--mantine-color-error)' : undefined}>
              {overdue
                ? `Overdue ${formatCountdown(dueMs)}`
                : dueMs <= 0
                  ? 'Due now'
                  : `in ${formatCountdown(dueMs)}`}
            </Text>
            <Text size="lg" fw={600}>
              {first.label}
            </Text>
            {due[1] ? (
              <Text size="sm">
                Then: {due[1].label} at {formatTime(due[1].dueAt)}
              </Text>
            ) : null}
            {minimumMs !== null ? (
              <Text size="sm" data-testid="minimum-monitoring">
                {minimumMs > 0
                  ? `Minimum monitoring (${cadence.minimumMonitoringMinutes} min) ends ${formatTime(new Date(now + minimumMs).toISOString())}, in ${formatCountdown(minimumMs)}`
                  : `Minimum monitoring (${cadence.minimumMonitoringMinutes} min) reached`}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Text size="lg">Nothing outstanding</Text>
        )}
      </Tile>
    </SimpleGrid>
  );
}
