import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { recordedResult } from '../../../contracts/measures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { shortName } from './labels';
import {
  type Answers,
  type Instrument,
  type MeasureResponse,
  measuresKey,
  measuresPath,
  safetyTasksKey,
  worklistKey,
} from './measures-query';
import { answerValue, isShown } from './questionnaire/logic';

/** A local date-time for `<input type="datetime-local">`, e.g. 2026-11-25T14:05. */
function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

interface Props {
  patientId: string;
  assignmentId: string;
  instrument: Instrument;
  /** Amend this completed response (a reason is then required); otherwise enter a paper form. */
  amend?: MeasureResponse;
  onClose: () => void;
}

/**
 * A paper form typed in by staff: every item as a number with its allowed answers beside it, so keyboard
 * entry is quick. A value outside the item's answers is named on its field, by the form and by the server.
 * Amending keeps the original response (shown as superseded) and records the reason.
 */
export function AnswersForm({ patientId, assignmentId, instrument, amend, onClose }: Props) {
  const queryClient = useQueryClient();
  const [raw, setRaw] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      instrument.items.map((i) => {
        const v = answerValue(amend?.answers[i.linkId]);
        return [i.linkId, v === undefined ? '' : String(v)];
      }),
    ),
  );
  const [completedAt, setCompletedAt] = useState(localNow);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const numbers: Answers = {};
  for (const [k, s] of Object.entries(raw))
    if (s.trim() !== '' && Number.isFinite(Number(s))) numbers[k] = Number(s);
  const shown = instrument.items.filter((i) => isShown(i, numbers));

  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.post(
        amend
          ? `${measuresPath(patientId)}/${assignmentId}/responses/${amend.id}/amend`
          : `${measuresPath(patientId)}/${assignmentId}/responses`,
        body,
        { schema: recordedResult },
      ),
    onSuccess: (r) => {
      notify({
        color: 'green',
        title: amend ? 'Amendment saved' : 'Paper form saved',
        message: `${shortName(instrument.name)} score ${r.score.total}${r.score.band ? ` (${r.score.band.label})` : ''}.`,
      });
      if (r.safetyTasks.length) {
        notify({
          color: 'red',
          title: 'Urgent safety task opened',
          message: 'An answer needs a clinician’s follow-up before further dosing.',
          autoClose: false,
        });
      }
      void queryClient.invalidateQueries({ queryKey: measuresKey(patientId) });
      void queryClient.invalidateQueries({ queryKey: safetyTasksKey });
      void queryClient.invalidateQueries({ queryKey: worklistKey });
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Record<string, string> = {};
      for (const f of e.fieldErrors)
        next[f.field.replace(/^body\./, '').replace(/^answers\./, '')] ??= f.message;
      setErrors(next);
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    const answers: Answers = {};
    for (const item of instrument.items) {
      const s = (raw[item.linkId] ?? '').trim();
      if (!shown.includes(item)) {
        if (s !== '') answers[item.linkId] = null;
        continue;
      }
      const allowed = item.options.map((o) => o.value);
      if (s === '') {
        if (item.required) next[item.linkId] = `Enter the answer (${allowed.join(', ')})`;
        continue;
      }
      const n = Number(s);
      if (!allowed.includes(n))
        next[item.linkId] = `${s} is not an allowed answer: enter ${allowed.join(', ')}`;
      else answers[item.linkId] = n;
    }
    if (amend && !reason.trim()) next.reason = 'Write why the answers are being changed';
    if (!amend) {
      const at = new Date(completedAt);
      if (!completedAt || Number.isNaN(at.getTime())) next.completedAt = 'Enter when the form was filled in';
      else if (at.getTime() > Date.now() + 60_000) next.completedAt = 'This cannot be in the future';
    }
    setErrors(next);
    if (Object.keys(next).length) return;
    save.mutate(
      amend
        ? { answers, reason: reason.trim() }
        : { answers, completedAt: new Date(completedAt).toISOString() },
    );
  };

  const name = shortName(instrument.name);
  return (
    <Modal
      opened
      onClose={onClose}
      title={amend ? `Amend ${name} answers` : `Enter a paper ${name}`}
      size="lg"
    >
      <form noValidate onSubmit={submit} aria-label={amend ? `Amend ${name} answers` : `Paper ${name}`}>
        <Stack gap="md">
          {amend ? (
            <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
              The original answers (completed {formatDateTime(amend.completedAt)}, score{' '}
              {amend.score?.total ?? '—'}) are kept and shown as superseded; the amendment and its reason are
              recorded with your name.
            </Alert>
          ) : (
            <TextInput
              type="datetime-local"
              label="When the patient filled it in"
              required
              value={completedAt}
              onChange={(e) => setCompletedAt(e.currentTarget.value)}
              error={errors.completedAt}
              maw={300}
            />
          )}
          {instrument.instructions ? <Text c="dimmed">{instrument.instructions}</Text> : null}
          {shown.map((item) => (
            <TextInput
              key={item.linkId}
              label={`${instrument.items.indexOf(item) + 1}. ${item.text}`}
              description={item.options.map((o) => `${o.value} = ${o.label}`).join(' · ')}
              required={item.required}
              inputMode="numeric"
              autoComplete="off"
              maw={560}
              styles={{ input: { maxWidth: 120 } }}
              value={raw[item.linkId] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setRaw((cur) => ({ ...cur, [item.linkId]: value }));
              }}
              error={errors[item.linkId]}
              data-testid={`answer-${item.linkId}`}
            />
          ))}
          {amend ? (
            <Textarea
              label="Reason for the amendment"
              description="For example: transcription error on item 4, checked against the paper form."
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          ) : null}
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {amend ? 'Save amendment' : 'Save answers'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
