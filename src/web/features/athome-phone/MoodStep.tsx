import { Group, Text, Textarea } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { CheckInIntention } from '../journal/CheckInIntention';
import { clearDraft, useDraft } from './drafts';
import { ScaleInput } from './inputs';
import { type AtHomeSession, sendPatient } from './patient-api';
import { StepFrame } from './StepFrame';

interface Draft {
  mood: number | null;
  intention: string;
}

/** Step 1: today's mood (0–10) and an intention in the patient's own words, kept as a draft as they type. */
export function MoodStep({
  session,
  onSaved,
  focusOnMount,
}: {
  session: AtHomeSession;
  onSaved: () => void;
  focusOnMount: boolean;
}) {
  const [draft, setDraft, draftState] = useDraft<Draft>(session.id, 'mood', () => ({
    mood: session.checkIn.mood,
    intention: session.checkIn.intention ?? '',
  }));
  const [errors, setErrors] = useState<{ mood?: string; intention?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const next = async () => {
    const e: typeof errors = {};
    if (draft.mood === null) e.mood = 'Choose a number from 0 to 10';
    if (!draft.intention.trim()) e.intention = 'Write your intention, in a few words';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setError(null);
    try {
      await sendPatient(session.id, {
        method: 'PUT',
        path: '/check-in/mood',
        body: { mood: draft.mood, intention: draft.intention.trim() },
        label: `Mood ${draft.mood} and intention`,
        answers: 'mood',
      });
      clearDraft(session.id, 'mood');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        const placed: typeof errors = {};
        for (const f of err.fieldErrors) {
          const k = f.field.replace(/^body\./, '');
          if (k === 'mood' || k === 'intention') placed[k] = f.message;
        }
        setErrors(placed);
        if (Object.keys(placed).length) return;
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <StepFrame
      step="mood"
      title="How are you today?"
      focusOnMount={focusOnMount}
      next={{ label: 'Next', onClick: () => void next(), loading: busy }}
    >
      <ScaleInput
        name="mood"
        label="Your mood right now"
        low="very low"
        high="very good"
        value={draft.mood}
        onChange={(mood) => {
          setDraft({ ...draft, mood });
          setErrors({ ...errors, mood: undefined });
        }}
        error={errors.mood}
      />
      <CheckInIntention
        sessionType="at_home_session"
        sessionId={session.id}
        onUse={(intention) => {
          setDraft({ ...draft, intention });
          setErrors({ ...errors, intention: undefined });
        }}
      />
      <Textarea
        label="Your intention for today"
        description="In your own words: what you would like to bring to this session."
        autosize
        minRows={3}
        maxLength={1000}
        value={draft.intention}
        onChange={(ev) => {
          setDraft({ ...draft, intention: ev.currentTarget.value });
          if (errors.intention) setErrors({ ...errors, intention: undefined });
        }}
        error={errors.intention}
        size="md"
      />
      <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="draft-state">
        <IconDeviceFloppy size={16} aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {draftState === 'saved'
            ? 'Draft saved on this phone'
            : draftState === 'typing'
              ? 'Saving your draft…'
              : 'Your words are kept on this phone as you type'}
        </Text>
      </Group>
      <ErrorAlert error={error} title="Your answers were not sent" />
    </StepFrame>
  );
}
