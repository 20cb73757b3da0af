import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowRight,
  IconChecklist,
  IconCircleCheck,
  IconMessage,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { resolveCareTaskBody } from '../../../contracts/tasks';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, timeAgo } from '../../lib/format';
import { notify } from '../../lib/notify';
import { ROLE_LABELS } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { useStaff } from '../patients/patient-query';
import { clearOutcomeDraft, useOutcomeDraft } from './outcome-draft';
import { type CareTask, sourceWords, useAssignCareTask, useResolveCareTask } from './tasks-query';

/** Closing a task needs the follow-up written down (UX.md: never dismissible without one). */
function ResolveForm({ task, onCancel }: { task: CareTask; onCancel: () => void }) {
  const resolve = useResolveCareTask();
  const [outcome, setOutcome, saved] = useOutcomeDraft(task.id);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!resolveCareTaskBody.safeParse({ outcome }).success) {
      setError('Write what was done: who contacted the patient, what they found and the plan.');
      return;
    }
    setError(null);
    resolve.mutate(
      { id: task.id, outcome: outcome.trim() },
      {
        onSuccess: () => {
          clearOutcomeDraft(task.id);
          notify({
            color: 'green',
            title: 'Follow-up recorded',
            message: `The care task for ${task.patient.name} is closed.`,
          });
        },
        onError: (err) => {
          const field = (err as { errors?: { field: string; message: string }[] }).errors?.find(
            (x) => x.field === 'outcome',
          );
          if (field) setError(`Follow-up ${field.message}`);
        },
      },
    );
  };
  return (
    <form noValidate aria-label={`Follow-up for ${task.patient.name}`} onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={resolve.error} />
        <Textarea
          label="Follow-up"
          description="Required. Who contacted the patient, what they found, and the plan."
          required
          autosize
          minRows={3}
          size="md"
          value={outcome}
          error={error}
          onChange={(e) => setOutcome(e.currentTarget.value)}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {saved ? 'Draft kept in this tab.' : ' '}
        </Text>
        <Group gap="sm">
          <Button
            type="submit"
            color={task.urgent ? 'red' : 'blue'}
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

const HOLDERS = new Set(['prescriber', 'nurse', 'therapist']);

/** Give the task to a named clinician (the server refuses anyone who may not open a confidential chart). */
function GiveTo({ task, onGive }: { task: CareTask; onGive: (userId: string | null) => void }) {
  const staff = useStaff();
  const clinicians = (staff.data?.staff ?? []).filter((u) => HOLDERS.has(u.role));
  if (!clinicians.length) return null;
  return (
    <NativeSelect
      label="Handled by"
      size="md"
      value={task.assignedTo?.id ?? ''}
      onChange={(e) => onGive(e.currentTarget.value || null)}
      data={[
        { value: '', label: 'Nobody yet' },
        ...clinicians.map((u) => ({ value: u.id, label: `${u.name} (${ROLE_LABELS[u.role] ?? u.role})` })),
      ]}
    />
  );
}

/**
 * One care task: urgent ones in red with a word and an icon, routine ones plain; what it is about in plain
 * words (never the patient's text), a link to where it is worked, who holds it, and the follow-up form.
 */
export function CareTaskCard({
  task,
  showPatient,
  canAct,
}: {
  task: CareTask;
  showPatient: boolean;
  canAct: boolean;
}) {
  const me = useMe().data;
  const [resolving, setResolving] = useState(false);
  const assign = useAssignCareTask();
  const open = task.state === 'open';
  const mine = task.assignedTo?.id === me?.user.id;
  const red = open && task.urgent;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="care-task"
      data-urgent={task.urgent ? 'true' : 'false'}
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
          {open ? (
            task.urgent ? (
              <Badge
                color="red"
                variant="filled"
                leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
                styles={NO_CLIP}
              >
                Urgent
              </Badge>
            ) : (
              <Badge
                color="yellow"
                variant="light"
                leftSection={<IconMessage size={12} aria-hidden="true" />}
                styles={NO_CLIP}
              >
                Follow up
              </Badge>
            )
          ) : (
            <Badge
              color="green"
              variant="light"
              leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
              styles={NO_CLIP}
            >
              Resolved
            </Badge>
          )}
          <Text fw={700} component="h3" size="md" m={0}>
            {showPatient ? `${task.patient.name} · ${task.title}` : task.title}
          </Text>
        </Group>
        <Text size="sm">
          Opened {timeAgo(task.openedAt)} ({formatDateTime(task.openedAt)})
          {task.openedBy ? ` by ${task.openedBy.name}` : ''}.{' '}
          {open
            ? task.assignedTo
              ? `Handled by ${mine ? 'you' : task.assignedTo.name}.`
              : 'Not yet taken by anyone.'
            : ''}
        </Text>
        {open ? (
          <Anchor
            component={Link}
            to={task.link}
            fw={600}
            underline="always"
            c="var(--mantine-color-text)"
            style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center', gap: 4 }}
          >
            {sourceWords(task)}
            <IconArrowRight size={16} aria-hidden="true" />
          </Anchor>
        ) : (
          <Stack gap={2}>
            <Text size="sm">
              Resolved by {task.resolvedBy?.name ?? 'unknown'} on {formatDateTime(task.resolvedAt)}.
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="care-task-outcome">
              <Text span fw={600}>
                Outcome:
              </Text>{' '}
              {task.outcome}
            </Text>
          </Stack>
        )}
        {open && task.urgent ? (
          <Text size="sm" fw={600}>
            Stays here until a clinician documents the follow-up.
          </Text>
        ) : null}
        <ErrorAlert error={assign.error} />
        {open && canAct ? (
          resolving ? (
            <ResolveForm task={task} onCancel={() => setResolving(false)} />
          ) : (
            <Stack gap="xs">
              <Group gap="sm">
                <Button
                  variant="default"
                  onClick={() => setResolving(true)}
                  aria-label={`Document follow-up for ${task.patient.name}`}
                >
                  Document follow-up
                </Button>
                {me && !mine ? (
                  <Button
                    variant="subtle"
                    loading={assign.isPending}
                    onClick={() => assign.mutate({ id: task.id, userId: me.user.id })}
                    aria-label={`Take the task for ${task.patient.name}`}
                  >
                    Take it
                  </Button>
                ) : null}
                {mine ? (
                  <Button
                    variant="subtle"
                    loading={assign.isPending}
                    onClick={() => assign.mutate({ id: task.id, userId: null })}
                  >
                    Hand it back
                  </Button>
                ) : null}
              </Group>
              <GiveTo task={task} onGive={(userId) => assign.mutate({ id: task.id, userId })} />
            </Stack>
          )
        ) : null}
      </Stack>
    </Card>
  );
}
