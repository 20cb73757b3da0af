import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconChecklist, IconEye, IconPackage } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { resolveTaskBody } from '../../../contracts/athome';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { formatTime, timeAgo } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type AtHomeTask, atHomeUrl, useTaskAction } from './athome-query';
import { TASK_KIND_WORDS } from './labels';

type Task = AtHomeTask & { patientName?: string };

/** Closing an escalation needs its outcome written down (UX.md: never dismissible without a follow-up). */
function ResolveForm({ task, name, onCancel }: { task: Task; name: string; onCancel: () => void }) {
  const action = useTaskAction();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({ initialValues: { outcome: '' }, validate: zodResolver(resolveTaskBody) });
  return (
    <form
      noValidate
      aria-label={`Outcome for ${name}`}
      onSubmit={form.onSubmit((v) =>
        action.mutate(
          { patientId: task.patientId, taskId: task.id, outcome: v.outcome.trim() },
          {
            onSuccess: () =>
              notify({
                color: 'green',
                title: 'Escalation resolved',
                message: `Outcome recorded for ${name}.`,
              }),
            onError: (err) => setUnplaced(applyServerErrors(form, err)),
          },
        ),
      )}
    >
      <Stack gap="sm">
        <Textarea
          size="md"
          label="Outcome"
          description="Required. Who spoke to whom, what they found, and what happens next."
          required
          autosize
          minRows={2}
          {...form.getInputProps('outcome')}
        />
        {action.error ? (
          <ErrorAlert error={action.error} extra={unplaced} fieldLabels={{ outcome: 'Outcome' }} />
        ) : null}
        <Group gap="sm">
          <Button
            type="submit"
            color="red"
            loading={action.isPending}
            leftSection={<IconChecklist size={18} aria-hidden="true" />}
          >
            Record outcome and resolve
          </Button>
          <Button variant="default" onClick={onCancel} disabled={action.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * One at-home escalation (or a supply task): red with a word and an icon when urgent, the reason in the
 * server's words, who it is for, and acknowledge / resolve with the outcome.
 */
export function EscalationCard({
  task,
  canAct,
  showPatient,
}: {
  task: Task;
  canAct: boolean;
  showPatient: boolean;
}) {
  const [resolving, setResolving] = useState(false);
  const ack = useTaskAction();
  const name = task.patientName ?? 'this patient';
  const red = task.urgent && task.state !== 'resolved';
  const KindIcon = task.kind === 'supply' ? IconPackage : IconAlertTriangle;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="athome-escalation"
      data-state={task.state}
      style={
        red
          ? {
              borderColor: 'var(--mantine-color-red-outline)',
              borderLeft: '6px solid var(--mantine-color-red-filled)',
              background: 'var(--mantine-color-red-light)',
            }
          : undefined
      }
    >
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Badge
            color={red ? 'red.9' : task.urgent ? 'gray' : 'yellow'}
            variant={red ? 'filled' : 'light'}
            size="lg"
            styles={NO_CLIP}
            leftSection={<KindIcon size={14} aria-hidden="true" />}
          >
            {task.urgent ? 'Urgent' : 'Task'} · {TASK_KIND_WORDS[task.kind]}
          </Badge>
          {showPatient ? (
            <Text fw={700} component="h3" size="md" m={0}>
              {task.sessionId ? (
                <Anchor
                  component={Link}
                  to={atHomeUrl(task.patientId, task.sessionId)}
                  fw={700}
                  underline="always"
                  c="var(--mantine-color-text)"
                >
                  {name}
                </Anchor>
              ) : (
                name
              )}
            </Text>
          ) : null}
          {task.state === 'acknowledged' ? (
            <Badge
              color="yellow"
              variant="light"
              size="lg"
              styles={NO_CLIP}
              leftSection={<IconEye size={14} aria-hidden="true" />}
            >
              Acknowledged
            </Badge>
          ) : null}
          {task.state === 'resolved' ? (
            <Badge
              color="green"
              variant="light"
              size="lg"
              styles={NO_CLIP}
              leftSection={<IconChecklist size={14} aria-hidden="true" />}
            >
              Resolved
            </Badge>
          ) : null}
        </Group>
        <Text>{task.reason}</Text>
        <Text size="sm">
          Opened {formatTime(task.openedAt)} ({timeAgo(task.openedAt)}) · for{' '}
          {task.assignedTo?.name ?? 'the on-call clinician'}
        </Text>
        {task.acknowledged ? (
          <Text size="sm">
            Acknowledged by {task.acknowledged.by.name ?? 'a clinician'} at {formatTime(task.acknowledged.at)}
            .
          </Text>
        ) : null}
        {task.resolved ? (
          <Text size="sm">
            Resolved by {task.resolved.by.name ?? 'a clinician'} at {formatTime(task.resolved.at)}:{' '}
            {task.resolved.outcome}
          </Text>
        ) : null}
        {canAct && task.state !== 'resolved' ? (
          resolving ? (
            <ResolveForm task={task} name={name} onCancel={() => setResolving(false)} />
          ) : (
            <Stack gap="xs">
              <ErrorAlert error={ack.error} />
              <Group gap="sm">
                {task.state === 'open' ? (
                  <Button
                    color="red"
                    loading={ack.isPending}
                    onClick={() => ack.mutate({ patientId: task.patientId, taskId: task.id, outcome: null })}
                    aria-label={`Acknowledge the escalation for ${name}`}
                    leftSection={<IconEye size={18} aria-hidden="true" />}
                  >
                    Acknowledge
                  </Button>
                ) : null}
                <Button
                  variant="default"
                  onClick={() => setResolving(true)}
                  aria-label={`Resolve the escalation for ${name}`}
                >
                  Resolve…
                </Button>
              </Group>
            </Stack>
          )
        ) : null}
      </Stack>
    </Card>
  );
}
