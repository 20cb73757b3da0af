import { Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { promptSettings } from '../../../contracts/journal';
import {
  JOURNAL_PROMPT_SLOTS,
  type JournalPromptSlot,
  type JournalPromptTemplates,
} from '../../../domain/journal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError, api } from '../../lib/api';
import { notify } from '../../lib/notify';
import { queryClient } from '../../lib/session';
import { promptSettingsKey, usePromptSettings } from './journal-query';
import { dayTimeWords } from './words';

const SLOT_WORDS: Record<JournalPromptSlot, string> = {
  intention: 'Intention: before a dosing session (from the preparation session until the session starts)',
  reflection_evening: 'Reflection: the evening of the dosing session (from 6 pm)',
  reflection_day1: 'Reflection: the day after',
  reflection_day2: 'Reflection: two days after',
  reflection_day3: 'Reflection: three days after',
};

/** /app/admin/journal: the clinic's journal prompts, with the shipped defaults; each save is a new version. */
export default function JournalPromptsPage() {
  const q = usePromptSettings();
  const [values, setValues] = useState<JournalPromptTemplates | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data && !values) setValues(q.data.templates);
  }, [q.data, values]);

  const save = async () => {
    if (!values || !q.data) return;
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const r = await api.put(
        '/api/admin/journal/prompts',
        { templates: values, version: q.data.version },
        { schema: promptSettings },
      );
      queryClient.setQueryData(promptSettingsKey, r);
      notify({ message: 'Journal prompts saved', color: 'teal' });
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        const placed: Record<string, string> = {};
        for (const f of err.fieldErrors) placed[f.field.replace(/^(body\.)?templates\./, '')] = f.message;
        setErrors(placed);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={820}>
      <PageTitle>Journal prompts</PageTitle>
      <Text>
        What the patient portal invites patients to write before and after each dosing session. Patients may
        always write freely too. Entries stay private unless the patient shares them.
      </Text>
      {q.isPending ? <Loading label="Loading the prompts" /> : null}
      <ErrorAlert error={q.error} title="The prompts could not be loaded" />
      {q.data && values ? (
        <>
          <Text size="sm" c="dimmed">
            {q.data.version === 0
              ? 'In use: the prompts shipped with Liminal.'
              : `In use: version ${q.data.version}, saved ${q.data.savedAt ? dayTimeWords(q.data.savedAt) : ''}.`}
          </Text>
          {JOURNAL_PROMPT_SLOTS.map((slot) => (
            <Card
              key={slot}
              withBorder
              radius="md"
              padding="md"
              component="section"
              aria-labelledby={`prompt-${slot}`}
            >
              <Stack gap="sm">
                <Title order={2} size="h5" id={`prompt-${slot}`}>
                  {SLOT_WORDS[slot]}
                </Title>
                <TextInput
                  label="Title"
                  value={values[slot].title}
                  maxLength={120}
                  error={errors[`${slot}.title`]}
                  onChange={(e) =>
                    setValues({ ...values, [slot]: { ...values[slot], title: e.currentTarget.value } })
                  }
                />
                <Textarea
                  label="Prompt"
                  autosize
                  minRows={3}
                  maxLength={1000}
                  value={values[slot].body}
                  error={errors[`${slot}.body`]}
                  onChange={(e) =>
                    setValues({ ...values, [slot]: { ...values[slot], body: e.currentTarget.value } })
                  }
                />
                <Group>
                  <Button
                    variant="subtle"
                    size="sm"
                    leftSection={<IconRestore size={16} aria-hidden="true" />}
                    onClick={() => setValues({ ...values, [slot]: q.data.defaults[slot] })}
                  >
                    Use the shipped text
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
          <ErrorAlert error={error} title="The prompts were not saved" />
          <Group>
            <Button
              leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
              loading={busy}
              onClick={() => void save()}
            >
              Save as a new version
            </Button>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
