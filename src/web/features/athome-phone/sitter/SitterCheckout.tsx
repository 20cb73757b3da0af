import { Button, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { SIDE_EFFECTS } from '../../../../contracts/sessions';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SideEffectsInput } from '../CheckoutForm';
import { YesNo } from '../inputs';
import { sendSitter } from './sitter-api';

type SideEffect = (typeof SIDE_EFFECTS)[number];

/** The sitter's own check-out: the patient settled, side effects they noticed, and whether they stayed. */
export function SitterCheckout({ patient, onDone }: { patient: string; onDone: () => void }) {
  const [settled, setSettled] = useState<boolean | null>(null);
  const [stayed, setStayed] = useState<boolean | null>(null);
  const [sideEffects, setSideEffects] = useState<SideEffect[]>([]);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    if (settled === null || stayed === null) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sendSitter({
        method: 'POST',
        path: '/api/sitter/check-out',
        body: {
          settled,
          stayedWholeSession: stayed,
          sideEffects,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        label: 'Your check-out',
        answers: 'check_out',
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack
      gap="lg"
      component="section"
      aria-labelledby="sitter-checkout-h"
      data-testid="sitter-checkout-form"
    >
      <Title order={2} size="h3" id="sitter-checkout-h">
        Your check-out
      </Title>
      <YesNo
        name="settled"
        label={`Does ${patient} seem settled, clear-headed and safe to be left?`}
        value={settled}
        onChange={setSettled}
        error={missing && settled === null ? 'Answer yes or no' : null}
      />
      <SideEffectsInput
        label="Side effects you noticed"
        description={`Tick any you saw in ${patient}. Leave them all empty if none.`}
        value={sideEffects}
        onChange={setSideEffects}
      />
      <YesNo
        name="stayed"
        label={`Did you stay with ${patient} for the whole session?`}
        value={stayed}
        onChange={setStayed}
        error={missing && stayed === null ? 'Answer yes or no' : null}
      />
      <Textarea
        label="Anything else for the care team (optional)"
        autosize
        minRows={2}
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <ErrorAlert error={error} title="Your check-out was not sent" />
      <Button size="lg" fullWidth loading={busy} onClick={() => void submit()}>
        Send my check-out
      </Button>
    </Stack>
  );
}
