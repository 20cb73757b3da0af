import { List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { SAFETY_QUESTIONS, type SafetyQuestionId } from '../../../domain/athome';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { clearDraft, useDraft } from './drafts';
import { YesNo } from './inputs';
import { type AtHomeSession, sendPatient } from './patient-api';
import { StepFrame } from './StepFrame';

type Answers = Partial<Record<SafetyQuestionId, boolean>>;

/**
 * Step 2: the safety questions, in the clinic's words (domain SAFETY_QUESTIONS), yes or no each. The answers
 * are kept on the phone until sent; a "no" says first what it means (today's dose is held) and is sent only
 * once the patient confirms.
 */
export function SafetyStep({
  session,
  onSaved,
  onBack,
  focusOnMount,
}: {
  session: AtHomeSession;
  onSaved: () => void;
  onBack: () => void;
  focusOnMount: boolean;
}) {
  const [answers, setAnswers] = useDraft<Answers>(session.id, 'safety', () => ({
    ...session.checkIn.safetyAnswers,
  }));
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const questions = session.checkIn.questions;
  const noes = SAFETY_QUESTIONS.filter((q) => answers[q.id] === false);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendPatient(session.id, {
        method: 'PUT',
        path: '/check-in/safety',
        body: { answers },
        label: 'Safety questions',
        answers: 'safety',
      });
      clearDraft(session.id, 'safety');
      setConfirming(false);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const next = () => {
    if (questions.some((q) => answers[q.id] === undefined)) {
      setMissing(true);
      return;
    }
    if (noes.length) setConfirming(true);
    else void send();
  };

  return (
    <StepFrame
      step="safety"
      title="A few safety questions"
      focusOnMount={focusOnMount}
      onBack={onBack}
      next={{ label: 'Next', onClick: next, loading: busy && !confirming }}
    >
      <Text>Answer each one honestly: “yes” means it is true for you today.</Text>
      <Stack gap="lg">
        {questions.map((q) => (
          <YesNo
            key={q.id}
            name={q.id}
            label={q.text}
            value={answers[q.id] ?? null}
            onChange={(v) => setAnswers({ ...answers, [q.id]: v })}
            error={missing && answers[q.id] === undefined ? 'Answer yes or no' : null}
          />
        ))}
      </Stack>
      {!confirming ? <ErrorAlert error={error} title="Your answers were not sent" /> : null}
      <ConfirmModal
        opened={confirming}
        title="Today’s session will be put on hold"
        confirmLabel="Send my answers"
        danger
        loading={busy}
        error={error}
        onConfirm={() => void send()}
        onClose={() => setConfirming(false)}
      >
        <Text mb="xs">You answered “no” to:</Text>
        <List mb="xs">
          {noes.map((q) => (
            <List.Item key={q.id}>
              {q.text} <strong>{q.ifNo}</strong>
            </List.Item>
          ))}
        </List>
        <Text>Your care team will be told. To change an answer, press Cancel.</Text>
      </ConfirmModal>
    </StepFrame>
  );
}
