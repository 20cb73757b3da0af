import { Anchor, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconChecklist } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { resolveBody } from '../../../contracts/measures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { formatDateTime, timeAgo } from '../../lib/format';
import { notify } from '../../lib/notify';
import { UrgentBadge } from './labels';
import { chartMeasuresLink, patientName, type SafetyTask, useResolveSafetyTask } from './measures-query';

/** Closing a task needs the follow-up written down (UX.md: never dismissible without one). */
function ResolveForm({ task, onCancel }: { task: SafetyTask; onCancel: () => void }) {
  const resolve = useResolveSafetyTask();
  const form = useForm({
    initialValues: { followUp: '' },
    validate: (v) =>
      resolveBody.safeParse(v).success
        ? {}
        : { followUp: 'Write the follow-up: who assessed the patient, what they found and the plan' },
  });
  return (
    <form
      noValidate
      aria-label={`Follow-up for ${patientName(task.patient)}`}
      onSubmit={form.onSubmit((v) =>
        resolve.mutate(
          { id: task.id, followUp: v.followUp.trim() },
          {
            onSuccess: () =>
              notify({
                color: 'green',
                title: 'Follow-up recorded',
                message: `The safety task for ${patientName(task.patient)} is closed.`,
              }),
            onError: (err) => applyServerErrors(form, err),
          },
        ),
      )}
    >
      <Stack gap="sm">
        <ErrorAlert error={resolve.error} />
        <Textarea
          label="Follow-up"
          description="Required. Who assessed the patient, what they found, and the safety plan."
          required
          autosize
          minRows={3}
          size="md"
          {...form.getInputProps('followUp')}
        />
        <Group gap="sm">
          <Button
            type="submit"
            color="red"
            loading={resolve.isPending}
            leftSection={<IconChecklist size={18} aria-hidden="true" />}
          >
            Record follow-up and close task
          </Button>
          <Button variant="default" onClick={onCancel} disabled={resolve.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** An open safety task, in red with a word and an icon, the rule that raised it, and its follow-up form. */
export function SafetyTaskCard({
  task,
  showPatient,
  canResolve,
}: {
  task: SafetyTask;
  showPatient: boolean;
  canResolve: boolean;
}) {
  const [resolving, setResolving] = useState(false);
  const name = patientName(task.patient);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="safety-task"
      style={{
        borderColor: 'var(--mantine-color-red-outline)',
        borderLeft: '6px solid var(--mantine-color-red-filled)',
        background: 'var(--mantine-color-red-light)',
      }}
    >
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <UrgentBadge level={task.level} />
          <Text fw={700} component="h3" size="md" m={0}>
            {showPatient ? (
              <Anchor
                component={Link}
                to={chartMeasuresLink(task.patient.id)}
                fw={700}
                underline="always"
                c="var(--mantine-color-text)"
              >
                {name}
              </Anchor>
            ) : (
              'Safety follow-up needed'
            )}
            {showPatient ? (
              <Text span c="dimmed" fw={400} ff="monospace" ml="xs">
                {task.patient.chartNumber}
              </Text>
            ) : null}
          </Text>
        </Group>
        <Text>
          <IconAlertTriangle
            size={16}
            aria-hidden="true"
            style={{ verticalAlign: 'text-bottom', marginRight: 4 }}
          />
          {task.message}
        </Text>
        <Text size="sm">
          {task.instrumentName} · raised {timeAgo(task.createdAt)} ({formatDateTime(task.createdAt)})
        </Text>
        <Text size="sm" c="dimmed">
          Rule: {task.source}
        </Text>
        <Text size="sm" fw={600}>
          Not cleared for dosing until a clinician documents the follow-up.
        </Text>
        {canResolve ? (
          resolving ? (
            <ResolveForm task={task} onCancel={() => setResolving(false)} />
          ) : (
            <Group>
              <Button
                variant="default"
                onClick={() => setResolving(true)}
                aria-label={`Document follow-up for ${name}`}
              >
                Document follow-up
              </Button>
            </Group>
          )
        ) : (
          <Text size="sm">A clinician closes this task once the follow-up is documented.</Text>
        )}
      </Stack>
    </Card>
  );
}
