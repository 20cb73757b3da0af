import { Alert, Button, Card, Group, List, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormErrors, useForm } from '@mantine/form';
import { IconGavel } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { screeningDecisionBody } from '../../../../contracts/patients';
import { decisionAllowed } from '../../../../domain/screening/evaluate';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { zodResolver } from '../../../components/form';
import { ApiError, api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { refreshChartAndScreening, type Screening } from '../patient-query';
import { LEVEL } from './screening-badges';

interface Values {
  decision: '' | 'cleared' | 'not_cleared';
  reasons: Record<string, string>;
  note: string;
}

const checkBody = zodResolver(screeningDecisionBody);

/**
 * The prescriber's decision. Clearing needs a written reason for every relative rule and interacting
 * medicine; an absolute rule or a missing answer makes clearing impossible — the same check the server runs
 * (domain/screening decisionAllowed), so the form says so before anything is sent.
 */
export function DecisionForm({ patientId, screening }: { patientId: string; screening: Screening }) {
  const queryClient = useQueryClient();
  const { evaluation } = screening;
  const absolute = evaluation.reasons.filter((r) => r.level === 'absolute');
  const overridable = evaluation.reasons.filter((r) => r.level !== 'absolute');
  const canClear = absolute.length === 0 && evaluation.missing.length === 0;
  const [recordErrors, setRecordErrors] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);

  const toBody = (v: Values) => ({
    decision: v.decision as 'cleared' | 'not_cleared',
    overrides:
      v.decision === 'cleared'
        ? overridable.map((r) => ({ ruleId: r.ruleId, reason: (v.reasons[r.ruleId] ?? '').trim() }))
        : [],
    note: v.note.trim() || null,
  });

  const form = useForm<Values>({
    initialValues: { decision: '', reasons: {}, note: '' },
    validate: (v) => {
      if (!v.decision) return { decision: 'Choose cleared or not cleared' };
      const errors: FormErrors = { ...checkBody(toBody(v)) };
      delete errors.overrides;
      const check = decisionAllowed(evaluation, { status: v.decision, overrides: toBody(v).overrides });
      for (const e of check.errors) {
        if (e.ruleId && overridable.some((r) => r.ruleId === e.ruleId))
          errors[`reasons.${e.ruleId}`] = 'Write why you accept this';
        else errors.decision = e.message;
      }
      return errors;
    },
  });

  const decide = useMutation({
    mutationFn: (v: Values) =>
      api.post(`/api/patients/${patientId}/screening/decisions`, toBody(v), {
        schema: z.object({ id: z.string() }),
      }),
    onSuccess: (_r, v) => {
      setConfirming(false);
      form.reset();
      setRecordErrors([]);
      notify({
        color: 'green',
        title: 'Decision recorded',
        message:
          v.decision === 'cleared' ? 'The patient is cleared for treatment.' : 'Recorded as not cleared.',
      });
      void refreshChartAndScreening(queryClient, patientId);
    },
    onError: (err) => {
      if (!(err instanceof ApiError) || err.status !== 422) return;
      const errors: FormErrors = {};
      const record: string[] = [];
      for (const f of err.fieldErrors) {
        const field = f.field.replace(/^body\./, '');
        if (field.startsWith('overrides.')) errors[`reasons.${field.slice('overrides.'.length)}`] = f.message;
        else record.push(f.message);
      }
      form.setErrors(errors);
      setRecordErrors(record);
      setConfirming(false);
    },
  });

  const v = form.getValues();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="decision-h">
      <form noValidate aria-label="Screening decision" onSubmit={form.onSubmit(() => setConfirming(true))}>
        <Stack gap="md">
          <Title order={2} size="h4" id="decision-h">
            Prescriber decision
          </Title>
          {decide.error && !(decide.error instanceof ApiError && decide.error.status === 422) ? (
            <ErrorAlert error={decide.error} />
          ) : null}
          {recordErrors.length ? (
            <Alert color="red" variant="light" role="alert" title="The server refused this decision">
              <List size="sm">
                {recordErrors.map((m) => (
                  <List.Item key={m}>{m}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Radio.Group
            label="Decision"
            value={v.decision}
            onChange={(x) => form.setFieldValue('decision', x as Values['decision'])}
            error={form.errors.decision}
            description={
              absolute.length
                ? `Cannot be cleared: ${absolute.map((r) => r.label).join(', ')} is an absolute contraindication.`
                : evaluation.missing.length
                  ? 'Cannot be cleared until the missing answers are recorded.'
                  : undefined
            }
          >
            <Group gap="xl" mt={8}>
              <Radio value="cleared" label="Cleared for treatment" disabled={!canClear} />
              <Radio value="not_cleared" label="Not cleared" />
            </Group>
          </Radio.Group>

          {v.decision === 'cleared' && overridable.length ? (
            <Stack gap="sm">
              <Text fw={600}>Why you accept each of these ({overridable.length})</Text>
              {overridable.map((r) => (
                <Textarea
                  key={r.ruleId}
                  label={r.label}
                  description={LEVEL[r.level].label}
                  required
                  autosize
                  minRows={2}
                  data-testid={`override-${r.ruleId}`}
                  {...form.getInputProps(`reasons.${r.ruleId}`)}
                  value={v.reasons[r.ruleId] ?? ''}
                />
              ))}
            </Stack>
          ) : null}
          <Textarea label="Note (optional)" autosize minRows={2} {...form.getInputProps('note')} />
          <Group>
            <Button type="submit" leftSection={<IconGavel size={18} aria-hidden="true" />}>
              Record decision
            </Button>
          </Group>
        </Stack>
      </form>

      <ConfirmModal
        opened={confirming}
        title={v.decision === 'cleared' ? 'Clear this patient for treatment?' : 'Record “not cleared”?'}
        confirmLabel="Record decision"
        loading={decide.isPending}
        error={decide.error instanceof ApiError && decide.error.status === 422 ? null : decide.error}
        onConfirm={() => decide.mutate(form.getValues())}
        onClose={() => !decide.isPending && setConfirming(false)}
      >
        <Stack gap="xs">
          <Text>
            Your decision is recorded with your name and the time, against today&rsquo;s screening result. It
            cannot be edited; if the record changes, the decision is marked out of date and a new one is
            needed.
          </Text>
          {v.decision === 'cleared' && overridable.length ? (
            <>
              <Text>You accept:</Text>
              <List size="sm">
                {overridable.map((r) => (
                  <List.Item key={r.ruleId}>
                    <strong>{r.label}</strong>: {v.reasons[r.ruleId]}
                  </List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Stack>
      </ConfirmModal>
    </Card>
  );
}
