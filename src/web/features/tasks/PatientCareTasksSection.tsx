import { Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useMe } from '../../lib/session';
import { CareTaskCard } from './CareTaskCard';
import { usePatientCareTasks } from './tasks-query';

/** The chart's care tasks: open ones first, then the resolved, each with who resolved it and the outcome. */
export function PatientCareTasksSection({ patientId }: { patientId: string }) {
  const me = useMe().data;
  const canRead = me?.permissions.includes('clinical.read') ?? false;
  const canAct = me?.permissions.includes('clinical.write') ?? false;
  const tasks = usePatientCareTasks(patientId, canRead);
  if (!canRead) return null;
  const list = tasks.data?.tasks ?? [];
  const open = list.filter((t) => t.state === 'open');
  const done = list.filter((t) => t.state === 'resolved');
  return (
    <Stack gap="md" component="section" aria-labelledby="chart-care-tasks-h" data-testid="chart-care-tasks">
      <Title order={2} size="h3" id="chart-care-tasks-h">
        Care tasks
      </Title>
      {tasks.isPending ? <Loading label="Loading care tasks" /> : null}
      <ErrorAlert error={tasks.error} title="Could not load care tasks" />
      {tasks.data && list.length === 0 ? (
        <Text c="dimmed">
          No care tasks. Crisis language in a shared journal entry or a message opens one here and on Today.
        </Text>
      ) : null}
      {open.map((t) => (
        <CareTaskCard key={t.id} task={t} showPatient={false} canAct={canAct} />
      ))}
      {done.length ? (
        <Title order={3} size="h4">
          Resolved
        </Title>
      ) : null}
      {done.map((t) => (
        <CareTaskCard key={t.id} task={t} showPatient={false} canAct={false} />
      ))}
    </Stack>
  );
}
