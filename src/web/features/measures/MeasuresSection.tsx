import { Alert, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { AssignForm } from './AssignForm';
import { AssignmentsPanel } from './AssignmentsPanel';
import { useInstruments, usePatientMeasures } from './measures-query';
import { ResponsesPanel } from './ResponsesPanel';
import { SafetyTaskCard } from './SafetyTaskCard';
import { TrendCard } from './TrendPanel';

/**
 * The chart's measures (issue #4, DOMAIN.md §4): open safety tasks first, in red with their follow-up form;
 * then each instrument's trend (chart and table), what is assigned and due, and every completed response.
 */
export function MeasuresSection({ patientId }: { patientId: string }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('clinical.write') ?? false;
  const measures = usePatientMeasures(patientId);
  const instruments = useInstruments();
  const [assigning, setAssigning] = useState(false);

  if (measures.isPending) return <Loading label="Loading measures" />;
  if (measures.error) return <ErrorAlert error={measures.error} title="Could not load the measures" />;
  const m = measures.data;
  const open = m.safetyTasks.filter((t) => t.status === 'open');
  const resolved = m.safetyTasks.filter((t) => t.status === 'resolved');
  const library = instruments.data?.instruments ?? [];

  return (
    <Stack gap="xl" id="measures" data-testid="measures-section">
      {open.length ? (
        <Stack gap="sm" component="section" aria-labelledby="patient-safety-h">
          <Group gap="sm">
            <IconAlertTriangle size={22} aria-hidden="true" color="var(--mantine-color-red-text)" />
            <Title order={2} size="h4" id="patient-safety-h">
              Open safety tasks — not cleared for dosing
            </Title>
          </Group>
          {open.map((t) => (
            <SafetyTaskCard key={t.id} task={t} showPatient={false} canResolve={canWrite} />
          ))}
        </Stack>
      ) : null}

      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Score trends
          </Title>
          {canWrite && !assigning ? (
            <Button
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              onClick={() => setAssigning(true)}
            >
              Assign measures
            </Button>
          ) : null}
        </Group>
        {assigning ? (
          <AssignForm patientId={patientId} today={m.today} onDone={() => setAssigning(false)} />
        ) : null}
        {m.trends.filter((t) => t.points.length > 0).length === 0 ? (
          <Text c="dimmed">
            No completed measures yet. Trends appear here once a questionnaire is completed.
          </Text>
        ) : null}
        {m.trends
          .filter((t) => t.points.length > 0)
          .map((t) => (
            <TrendCard key={t.instrumentId} trend={t} />
          ))}
      </Stack>

      <ErrorAlert error={instruments.error} title="Could not load the instrument library" />
      <AssignmentsPanel
        patientId={patientId}
        assignments={m.assignments}
        instruments={library}
        canWrite={canWrite}
      />
      <ResponsesPanel
        patientId={patientId}
        responses={m.responses}
        instruments={library}
        canWrite={canWrite}
      />

      {resolved.length ? (
        <Stack gap="xs" component="section" aria-labelledby="resolved-safety-h">
          <Title order={2} size="h4" id="resolved-safety-h">
            Safety follow-ups documented
          </Title>
          <List
            spacing="xs"
            icon={<IconCircleCheck size={18} aria-hidden="true" color="var(--mantine-color-green-text)" />}
          >
            {resolved.map((t) => (
              <List.Item key={t.id} data-testid="resolved-safety-task">
                <Text span fw={600}>
                  {t.instrumentName}
                </Text>
                {`: ${t.message} `}
                <Text span c="dimmed" size="sm">
                  Raised {formatDateTime(t.createdAt)}; closed {formatDateTime(t.resolvedAt)} by{' '}
                  {t.resolvedBy?.name ?? '—'}.
                </Text>
                <Text size="sm">Follow-up: {t.followUp}</Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}

      {m.openSafetyTask && !open.length ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
          An open safety task blocks dosing for this patient.
        </Alert>
      ) : null}
    </Stack>
  );
}
