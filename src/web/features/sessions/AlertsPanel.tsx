import { Stack, Text, Title } from '@mantine/core';
import { liveVitals, localAlerts, ruleFor, type Vitals } from './entries';
import type { QueuedWrite } from './offline-queue';
import { RuleAlert } from './RuleAlert';
import type { ConsoleState } from './session-query';

/**
 * In-session alerts, the moment a value crosses a threshold: the server's verdict on the latest reading,
 * plus readings still waiting in the queue, checked on this device so an alert shows even offline.
 */
export function AlertsPanel({ state, queued }: { state: ConsoleState; queued: QueuedWrite[] }) {
  const { session } = state;
  if (!session.firstDoseAt || session.locked) return null;
  const latest = liveVitals(state.entries).at(-1);
  const saved =
    latest && latest.at >= session.firstDoseAt ? latest.alerts.filter((a) => a.level === 'alert') : [];
  const pending = queued
    .filter((q) => (q.body.entry as { kind?: string } | undefined)?.kind === 'vitals')
    .flatMap((q) =>
      localAlerts(((q.body.entry as { vitals: Vitals }).vitals ?? {}) as Vitals, 'in_session', state.rules),
    );
  const earlier = state.entries.filter(
    (e) => e.kind === 'vitals' && e.id !== latest?.id && e.alerts.length,
  ).length;
  if (!saved.length && !pending.length) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="alerts-heading" data-testid="alerts-panel">
      <Title order={2} size="h3" id="alerts-heading" c="var(--mantine-color-error)">
        Alerts on the latest reading
      </Title>
      {saved.map((f) => (
        <RuleAlert key={f.ruleId} fired={f} rule={ruleFor(state.rules, f.ruleId)} route={session.route} />
      ))}
      {pending.map((f) => (
        <RuleAlert
          key={`local-${f.ruleId}`}
          fired={f}
          rule={ruleFor(state.rules, f.ruleId)}
          route={session.route}
          local
        />
      ))}
      {earlier ? (
        <Text size="sm" c="dimmed">
          {earlier} earlier reading{earlier === 1 ? '' : 's'} with alerts are in the timeline below.
        </Text>
      ) : null}
    </Stack>
  );
}
