import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck, IconDeviceFloppy, IconShare } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { JOURNAL_LIMITS } from '../../../domain/journal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { CrisisResources } from '../public/CrisisNotice';
import { createEntry, type JournalEntryOut, refreshJournal, saveEntry, shareEntry } from './journal-query';

type SaveState = 'idle' | 'typing' | 'saving' | 'saved' | 'failed';

/**
 * Writing one entry: saved to the server as the patient types (after a short pause), privately; "Saved"
 * shows when the server has it. Crisis language shows crisis resources at once. Sharing is a separate choice.
 */
export function EntryEditor({
  kind,
  promptKey,
  label,
  description,
  existing,
  onDone,
}: {
  kind: 'intention' | 'reflection' | 'free';
  promptKey: string | null;
  label: string;
  description?: string;
  existing?: JournalEntryOut;
  onDone: () => void;
}) {
  const [text, setText] = useState(existing?.body ?? '');
  const [state, setState] = useState<SaveState>(existing ? 'saved' : 'idle');
  const [entry, setEntry] = useState<JournalEntryOut | undefined>(existing);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [alerted, setAlerted] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ text, entry });
  latest.current = { text, entry };
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const save = async (): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const run = async () => {
      const { text: body, entry: current } = latest.current;
      if (!body.trim()) {
        setState('idle');
        return;
      }
      setState('saving');
      try {
        const r = current
          ? await saveEntry(current.id, { body, version: current.version })
          : await createEntry({ kind, body, promptKey });
        latest.current.entry = r.entry;
        setEntry(r.entry);
        if (r.careTeamAlerted) setAlerted(true);
        setFieldError(undefined);
        setError(null);
        setState(latest.current.text === body ? 'saved' : 'typing');
      } catch (err) {
        setState('failed');
        if (err instanceof ApiError && err.fieldErrors.length)
          setFieldError(err.fieldErrors.map((f) => f.message).join(' '));
        else setError(err);
      }
    };
    inFlight.current = run().finally(() => {
      inFlight.current = null;
    });
    await inFlight.current;
    if (again.current) {
      again.current = false;
      await save();
    }
  };

  const onChange = (value: string) => {
    setText(value);
    setState('typing');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void save(), 700);
  };

  const finish = async () => {
    window.clearTimeout(timer.current);
    await save();
    await refreshJournal();
    onDone();
  };

  const share = async () => {
    window.clearTimeout(timer.current);
    await save();
    const current = latest.current.entry;
    if (!current) return;
    try {
      const r = await shareEntry(current.id);
      setEntry(r.entry);
      latest.current.entry = r.entry;
      if (r.careTeamAlerted) setAlerted(true);
      await refreshJournal();
    } catch (err) {
      setError(err);
    }
  };

  const count = [...text].length;
  const words: Record<SaveState, string> = {
    idle: 'Saved privately as you type',
    typing: 'Saving…',
    saving: 'Saving…',
    saved: 'Saved',
    failed: 'Not saved',
  };

  return (
    <Stack gap="sm" data-testid="journal-editor">
      {entry?.crisis ? (
        <CrisisResources title="You don’t have to carry this alone">
          <Text>
            {entry.shared
              ? alerted
                ? 'You shared this entry, so your care team has been told and will reach out.'
                : 'You shared this entry with your care team.'
              : 'This entry is private: no one at the clinic has been told. If you would like your care team to know, share it or call the clinic.'}
          </Text>
        </CrisisResources>
      ) : null}
      <Textarea
        label={label}
        description={description}
        autosize
        minRows={5}
        size="md"
        value={text}
        onChange={(ev) => onChange(ev.currentTarget.value)}
        onBlur={() => {
          if (state === 'typing') {
            window.clearTimeout(timer.current);
            void save();
          }
        }}
        error={fieldError}
        data-autofocus
      />
      <Group justify="space-between" gap="xs">
        <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="journal-save-state">
          {state === 'saved' ? (
            <IconCheck size={16} aria-hidden="true" />
          ) : (
            <IconDeviceFloppy size={16} aria-hidden="true" />
          )}
          <Text size="sm" c={state === 'failed' ? 'red' : 'dimmed'}>
            {words[state]}
            {entry && !entry.shared ? ' · private' : ''}
            {entry?.shared ? ' · shared with your care team' : ''}
          </Text>
        </Group>
        <Text size="sm" c={count > JOURNAL_LIMITS.maxChars ? 'red' : 'dimmed'}>
          {count.toLocaleString()} / {JOURNAL_LIMITS.maxChars.toLocaleString()}
        </Text>
      </Group>
      <ErrorAlert error={error} title="Your entry was not saved" />
      <Group gap="sm">
        <Button size="md" onClick={() => void finish()} disabled={!text.trim()}>
          Done
        </Button>
        {entry && !entry.shared ? (
          <Button
            size="md"
            variant="default"
            leftSection={<IconShare size={18} aria-hidden="true" />}
            onClick={() => void share()}
          >
            Share with my care team
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
