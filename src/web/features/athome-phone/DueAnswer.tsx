import { Button, Card, Collapse, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClockHour4 } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NO_SHRINK, WRAP_BUTTON } from './styles';
import type { SendResult } from './write-queue';

/**
 * One timed check-in or visual check that is due: a question, OK or Not OK with a tap, and an optional note.
 * "Not OK" alerts the on-call clinician (the screen says so before and after).
 */
export function DueAnswer({
  title,
  question,
  due,
  onAnswer,
  testId,
}: {
  title: string;
  question: string;
  /** "Due now", "Due 3 min ago": when it fell due, in words. */
  due: string;
  onAnswer: (ok: boolean, note: string) => Promise<SendResult>;
  testId?: string;
}) {
  const id = useId();
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const answer = (ok: boolean) => {
    setBusy(ok);
    setError(null);
    onAnswer(ok, note.trim()).then(
      () => setBusy(null),
      (err) => {
        setBusy(null);
        setError(err);
      },
    );
  };
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={`${id}-h`}
      style={{ borderColor: 'var(--mantine-color-orange-outline)' }}
      data-testid={testId ?? 'due-answer'}
    >
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconClockHour4
            size={22}
            aria-hidden="true"
            color="var(--mantine-color-orange-text)"
            style={NO_SHRINK}
          />
          <Title order={2} size="h4" id={`${id}-h`}>
            {title}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {due}
        </Text>
        <Text size="lg">{question}</Text>
        <Group grow gap="sm">
          <Button
            size="lg"
            px="xs"
            styles={WRAP_BUTTON}
            leftSection={<IconCheck size={20} aria-hidden="true" />}
            loading={busy === true}
            disabled={busy === false}
            onClick={() => answer(true)}
          >
            OK
          </Button>
          <Button
            size="lg"
            px="xs"
            styles={WRAP_BUTTON}
            color="red"
            variant="outline"
            leftSection={<IconAlertTriangle size={20} aria-hidden="true" />}
            loading={busy === false}
            disabled={busy === true}
            onClick={() => answer(false)}
          >
            Not OK
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          “Not OK” alerts the on-call clinician, who will call.
        </Text>
        {noteOpen ? null : (
          <Button variant="subtle" size="sm" onClick={() => setNoteOpen(true)} style={{ alignSelf: 'start' }}>
            Add a note (optional)
          </Button>
        )}
        <Collapse expanded={noteOpen}>
          <Textarea
            label="Note (optional)"
            autosize
            minRows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        </Collapse>
        <ErrorAlert error={error} title="Your answer was not saved" />
      </Stack>
    </Card>
  );
}
