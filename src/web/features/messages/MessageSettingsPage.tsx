import { Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { MessageSettings } from '../../../contracts/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError } from '../../lib/api';
import { useMessageSettings, useSaveMessageSettings } from './messages-query';

const fieldError = (err: unknown, field: string) =>
  err instanceof ApiError ? err.fieldErrors.find((f) => f.field === field)?.message : undefined;

/** The clinic's messaging settings: the answer time the portal states, and the canned replies. */
export default function MessageSettingsPage() {
  const q = useMessageSettings();
  const save = useSaveMessageSettings();
  const [value, setValue] = useState<MessageSettings | null>(null);
  const [savedOnce, setSavedOnce] = useState(false);
  useEffect(() => {
    if (q.data && !value) setValue(q.data);
  }, [q.data, value]);
  if (q.isPending || !value) return <Loading label="Loading the messaging settings" />;
  const setReply = (i: number, patch: Partial<MessageSettings['cannedReplies'][number]>) =>
    setValue({
      ...value,
      cannedReplies: value.cannedReplies.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    });
  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Messages setup</PageTitle>
        <Text c="dimmed">
          What patients are told about answers, and the replies the care team can send in one tap.
        </Text>
      </div>
      <ErrorAlert error={q.error} title="Could not load the settings" />
      <TextInput
        label="When the care team answers"
        description="Shown to patients as “Your care team answers …”."
        value={value.answerTime}
        onChange={(e) => setValue({ ...value, answerTime: e.currentTarget.value })}
        error={fieldError(save.error, 'answerTime')}
        maw={480}
      />
      <Title order={2} size="h4">
        Canned replies
      </Title>
      {value.cannedReplies.map((c, i) => (
        <Card key={c.id} withBorder radius="md" padding="md" data-testid="canned-reply">
          <Stack gap="xs">
            <TextInput
              label="Name"
              value={c.title}
              onChange={(e) => setReply(i, { title: e.currentTarget.value })}
              error={fieldError(save.error, `cannedReplies.${i}.title`)}
            />
            <Textarea
              label="Text sent to the patient"
              autosize
              minRows={2}
              value={c.body}
              onChange={(e) => setReply(i, { body: e.currentTarget.value })}
              error={fieldError(save.error, `cannedReplies.${i}.body`)}
            />
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              onClick={() =>
                setValue({ ...value, cannedReplies: value.cannedReplies.filter((_, j) => j !== i) })
              }
              style={{ alignSelf: 'flex-start' }}
            >
              Remove “{c.title || 'this reply'}”
            </Button>
          </Stack>
        </Card>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          onClick={() =>
            setValue({
              ...value,
              cannedReplies: [
                ...value.cannedReplies,
                { id: `reply-${Date.now().toString(36)}`, title: '', body: '' },
              ],
            })
          }
        >
          Add a canned reply
        </Button>
        <Button
          onClick={() => save.mutate(value, { onSuccess: () => setSavedOnce(true) })}
          loading={save.isPending}
        >
          Save
        </Button>
      </Group>
      <ErrorAlert error={save.error} title="The settings were not saved" />
      {savedOnce && !save.error ? <Text role="status">Saved.</Text> : null}
    </Stack>
  );
}
