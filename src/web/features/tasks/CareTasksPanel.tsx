import { Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconListCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useMe } from '../../lib/session';
import { CareTaskCard } from './CareTaskCard';
import { useOpenCareTasks } from './tasks-query';

/**
 * Care tasks on Today (issue #17): urgent ones (crisis language a patient shared or sent) on top in red, the
 * routine ones below, each closed only with a documented follow-up. Shown to clinicians.
 */
export function CareTasksPanel() {
  const me = useMe().data;
  const canRead = me?.permissions.includes('clinical.read') ?? false;
  const canAct = me?.permissions.includes('clinical.write') ?? false;
  const tasks = useOpenCareTasks(canRead);
  if (!canRead) return null;
  const list = tasks.data?.tasks ?? [];
  const urgent = list.filter((t) => t.urgent).length;
  // Nothing to show when there is nothing open: Today stays short (the worklist says "all caught up").
  if (tasks.data && list.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="care-tasks-h" data-testid="care-tasks-panel">
      <Group gap="sm">
        {urgent ? (
          <IconAlertTriangle size={24} aria-hidden="true" color="var(--mantine-color-red-text)" />
        ) : (
          <IconListCheck size={24} aria-hidden="true" />
        )}
        <Title order={2} size="h3" id="care-tasks-h">
          {`Care tasks (${list.length} open${urgent ? `, ${urgent} urgent` : ''})`}
        </Title>
      </Group>
      {tasks.isPending ? <Loading label="Loading care tasks" /> : null}
      <ErrorAlert error={tasks.error} title="Could not load care tasks" />
      {list.map((t) => (
        <CareTaskCard key={t.id} task={t} showPatient canAct={canAct} />
      ))}
      {tasks.data && list.length > 0 && !urgent ? (
        <Text size="sm" c="dimmed">
          No urgent tasks.
        </Text>
      ) : null}
    </Stack>
  );
}
