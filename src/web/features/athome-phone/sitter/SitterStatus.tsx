import { Alert, Card, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconClock, IconHandStop, IconHourglass, IconPill } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { clockTime, sinceWords } from '../words';
import type { SitterView } from './sitter-api';

const STEP_WORDS: Record<string, string> = {
  mood: 'mood and intention',
  safety: 'safety questions',
  reading: 'blood pressure',
  sitter: 'your confirmation',
};

function Line({
  icon,
  color,
  title,
  children,
}: {
  icon: ReactNode;
  color: string;
  title: string;
  children?: ReactNode;
}) {
  return (
    <Alert color={color} variant="light" icon={icon} title={title} data-testid="sitter-status">
      {children}
    </Alert>
  );
}

/** Where the session is, in words, for the sitter: only this session's status, nothing of the chart. */
export function SitterStatus({ view, now }: { view: SitterView; now: number }) {
  const p = view.patientFirstName;
  if (view.doseTakenAt)
    return (
      <Card withBorder radius="md" padding="lg" data-testid="sitter-status">
        <Stack gap={4} align="center">
          <Group gap="xs">
            <IconPill size={20} aria-hidden="true" />
            <Text size="sm" c="dimmed">
              {`${p} took the dose at ${clockTime(view.doseTakenAt)}`}
            </Text>
          </Group>
          <Text fz={32} fw={700} data-testid="sitter-since-dose">
            {sinceWords(view.doseTakenAt, now)}
          </Text>
          <Text size="sm" ta="center">
            Stay with {p} for the whole session. The screen asks you to look in on them regularly.
          </Text>
        </Stack>
      </Card>
    );
  if (view.state === 'held')
    return (
      <Line icon={<IconHandStop aria-hidden="true" />} color="red" title="The session is on hold">
        {`${p} should not take the dose. The care team will call ${p}.`}
      </Line>
    );
  if (view.checkIn.goGiven)
    return (
      <Line icon={<IconCircleCheck aria-hidden="true" />} color="green" title={`${p} has the go`}>
        {`${p} may take the dose now. Stay with them.`}
      </Line>
    );
  if (view.state === 'awaiting_go')
    return (
      <Line icon={<IconHourglass aria-hidden="true" />} color="blue" title="Waiting for a clinician’s go">
        {`${p}’s check-in is complete. ${p} takes the dose only once the go is given.`}
      </Line>
    );
  if (view.state === 'recheck')
    return (
      <Line
        icon={<IconHourglass aria-hidden="true" />}
        color="orange"
        title={`${p}’s blood pressure is being re-checked`}
      >
        {`The first reading was high: ${p} rests for 5 minutes and measures again.`}
      </Line>
    );
  const left = view.checkIn.missing.filter((m) => m !== 'sitter').map((m) => STEP_WORDS[m] ?? m);
  return (
    <Line icon={<IconClock aria-hidden="true" />} color="blue" title={`${p} is checking in`}>
      {left.length ? `Still to do: ${left.join(', ')}.` : `${p}’s check-in is being reviewed.`}
    </Line>
  );
}
