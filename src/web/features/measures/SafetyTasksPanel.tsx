import { Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useMe } from '../../lib/session';
import { useOpenSafetyTasks } from './measures-query';
import { SafetyTaskCard } from './SafetyTaskCard';

/**
 * The top of Today (UX.md principle 1): open safety tasks across the clinic, emergencies first, each in
 * red, linking to the chart, and closed only with a documented follow-up. Shown to clinical staff.
 */
export function SafetyTasksPanel() {
  const me = useMe().data;
  const canRead = me?.permissions.includes('clinical.read') ?? false;
  const canResolve = me?.permissions.includes('clinical.write') ?? false;
  const tasks = useOpenSafetyTasks(canRead);
  if (!canRead) return null;
  const list = tasks.data?.tasks ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="safety-tasks-h" data-testid="safety-tasks-panel">
      <Group gap="sm">
        {list.length ? (
          <IconAlertTriangle size={24} aria-hidden="true" color="var(--mantine-color-red-text)" />
        ) : (
          <IconShieldCheck size={24} aria-hidden="true" color="var(--mantine-color-green-text)" />
        )}
        <Title order={2} size="h3" id="safety-tasks-h">
          {list.length ? `Safety tasks (${list.length} open)` : 'Safety tasks'}
        </Title>
      </Group>
      {tasks.isPending ? <Loading label="Loading safety tasks" /> : null}
      <ErrorAlert error={tasks.error} title="Could not load safety tasks" />
      {tasks.data && list.length === 0 ? (
        <Text c="dimmed">No open safety tasks. Urgent answers on questionnaires appear here first.</Text>
      ) : null}
      {list.map((t) => (
        <SafetyTaskCard key={t.id} task={t} showPatient canResolve={canResolve} />
      ))}
    </Stack>
  );
}
