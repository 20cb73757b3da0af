import { Group, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../../lib/api';
import { SaveIndicator } from '../courses/SaveIndicator';
import type { SaveState } from '../courses/use-note-autosave';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

const draftKey = (sessionId: string) => `liminal-session-narrative:${sessionId}`;

/** The therapist's narrative of the session, saved as they type and kept on the device until it lands. */
export function NarrativePanel({ state }: { state: ConsoleState }) {
  const { session, permissions } = state;
  const qc = useQueryClient();
  const [text, setText] = useState(
    () => localStorage.getItem(draftKey(session.id)) ?? session.narrative ?? '',
  );
  const [status, setStatus] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(text);
  const retryMs = useRef(2000);
  const editable = permissions.canNarrate && !session.locked;

  const save = async () => {
    const sending = latest.current;
    if (!sending.trim()) return;
    setStatus('saving');
    try {
      await api.put(`${sessionPath(session.patientId, session.id)}/narrative`, { text: sending });
      retryMs.current = 2000;
      setSavedAt(new Date().toISOString());
      if (latest.current === sending) {
        localStorage.removeItem(draftKey(session.id));
        setStatus('saved');
      }
      void qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) });
    } catch (err) {
      const transient = !isApiError(err) || err.status === 0 || err.status >= 500 || err.status === 429;
      setStatus(transient ? 'retrying' : 'error');
      if (transient) {
        timer.current = window.setTimeout(() => void save(), retryMs.current);
        retryMs.current = Math.min(retryMs.current * 2, 30_000);
      }
    }
  };

  // A draft left on this device (a reload before it reached the server) is sent on arrival.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount
  useEffect(() => {
    if (editable && localStorage.getItem(draftKey(session.id)) !== null && text !== (session.narrative ?? ''))
      void save();
    return () => window.clearTimeout(timer.current);
  }, []);

  if (!editable) {
    return (
      <Section id="narrative" title="Therapist narrative">
        {session.narrative ? (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{session.narrative}</Text>
        ) : (
          <Text c="dimmed">No narrative written.</Text>
        )}
      </Section>
    );
  }
  return (
    <Section
      id="narrative"
      title="Therapist narrative"
      aside={text.trim() ? <SaveIndicator state={status} savedAt={savedAt} /> : null}
    >
      <Textarea
        label="What happened in the session, in your words"
        description="Saved as you type."
        autosize
        minRows={5}
        size="md"
        value={text}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          latest.current = value;
          try {
            localStorage.setItem(draftKey(session.id), value);
          } catch {
            // storage unavailable: the editor still holds the text
          }
          setStatus('saving');
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void save(), 800);
        }}
      />
      {status === 'error' ? (
        <Group>
          <Text c="var(--mantine-color-error)" role="alert">
            The narrative could not be saved. Your text is kept on this device.
          </Text>
        </Group>
      ) : null}
    </Section>
  );
}
