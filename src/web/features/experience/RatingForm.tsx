import { Button, Group, Stack, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isApiError } from '../../lib/api';
import { ScaleInput } from '../athome-phone/inputs';
import {
  experienceKey,
  type Rating,
  type RatingInstrument,
  rateSession,
  shortRatingName,
} from './experience-query';

interface Props {
  path: string;
  instruments: RatingInstrument[];
  /** The session's current ratings: the form starts from them, and saving a changed one needs a reason. */
  ratings: Rating[];
  /** Words for the person answering ("you" on the phone, "the patient" on the console). */
  who: 'patient' | 'staff';
  onDone: () => void;
  onCancel?: () => void;
}

/**
 * Both end-of-session ratings on one form, each question a row of 0–10 tiles. Every question needs an answer;
 * a missing one is named on its question, and so is anything the server refuses. When the session is already
 * rated, only the instruments whose answers changed are sent, as corrections with the reason given.
 */
export function RatingForm({ path, instruments, ratings, who, onDone, onCancel }: Props) {
  const qc = useQueryClient();
  const existing = new Map(ratings.map((r) => [r.instrumentId, r]));
  const [values, setValues] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(
      instruments.flatMap((i) =>
        i.items.map((item) => [item.linkId, existing.get(i.id)?.answers[item.linkId] ?? null]),
      ),
    ),
  );
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const correcting = ratings.length > 0;

  const changed = (i: RatingInstrument) => {
    const before = existing.get(i.id);
    return !before || i.items.some((item) => before.answers[item.linkId] !== values[item.linkId]);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const i of instruments)
      for (const item of i.items)
        if (values[item.linkId] === null || values[item.linkId] === undefined)
          next[item.linkId] = 'Choose a number from 0 to 10';
    const toSend = instruments.filter(changed);
    if (correcting && toSend.some((i) => existing.has(i.id)) && !reason.trim())
      next.reason = 'Say why the rating is being changed';
    setErrors(next);
    if (Object.keys(next).length) return;
    setBusy(true);
    setError(null);
    try {
      for (const i of toSend) {
        const answers = Object.fromEntries(
          i.items.map((item) => [item.linkId, values[item.linkId] as number]),
        );
        const out = await rateSession(path, {
          instrumentId: i.id,
          answers,
          ...(existing.has(i.id) ? { reason: reason.trim() } : {}),
        });
        qc.setQueryData(experienceKey(path), out);
      }
      onDone();
    } catch (err) {
      if (isApiError(err) && err.fieldErrors.length) {
        const fields: Record<string, string> = {};
        for (const f of err.fieldErrors) fields[f.field.replace(/^answers\./, '')] ??= f.message;
        setErrors(fields);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {instruments.map((i) => (
          <Stack key={i.id} gap="md" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Title order={3} size="h5" component="legend">
              {shortRatingName(i.name)}
            </Title>
            {i.items.map((item) => (
              <ScaleInput
                key={item.linkId}
                name={item.linkId}
                label={item.text}
                low="not at all"
                high="extremely"
                value={values[item.linkId] ?? null}
                onChange={(v) => {
                  setValues((prev) => ({ ...prev, [item.linkId]: v }));
                  if (errors[item.linkId]) setErrors((prev) => ({ ...prev, [item.linkId]: '' }));
                }}
                error={errors[item.linkId] || null}
              />
            ))}
          </Stack>
        ))}
        {correcting ? (
          <Textarea
            label="Why is the rating being changed?"
            description="The first rating is kept in the record beside the correction."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason || null}
            maxLength={500}
            autosize
            minRows={2}
          />
        ) : null}
        <ErrorAlert error={error} title="The rating was not saved" />
        <Group gap="sm">
          <Button
            type="submit"
            loading={busy}
            size={who === 'patient' ? 'lg' : 'md'}
            fullWidth={who === 'patient'}
          >
            {correcting ? 'Save the correction' : 'Save the rating'}
          </Button>
          {onCancel ? (
            <Button
              variant="default"
              onClick={onCancel}
              size={who === 'patient' ? 'lg' : 'md'}
              fullWidth={who === 'patient'}
            >
              {who === 'patient' ? 'Not now' : 'Cancel'}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
