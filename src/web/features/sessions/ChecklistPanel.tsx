import {
  Button,
  Checkbox,
  Group,
  List,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconClipboardList } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { checklistBody } from '../../../contracts/sessions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api } from '../../lib/api';
import { MET, NOT_MET } from '../courses/labels';
import { useChart } from '../patients/patient-query';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

const PREGNANCY = [
  { value: 'not_pregnant', label: 'Not pregnant' },
  { value: 'pregnant', label: 'Pregnant' },
  { value: 'not_applicable', label: 'Not applicable' },
  { value: 'unknown', label: 'Unknown' },
];
const formSchema = checklistBody.extend({
  weightKg: z.coerce
    .number()
    .min(20, 'Weight must be at least 20 kg')
    .max(350, 'Weight must be at most 350 kg'),
});

/** The pre-dose checklist: fasting, escort and ride home, medicines since the last visit, pregnancy, weight today. */
export function ChecklistPanel({ state }: { state: ConsoleState }) {
  const { session, permissions } = state;
  const qc = useQueryClient();
  const chart = useChart(session.patientId);
  const c = session.checklist;
  const editableNow = permissions.canRun && !session.firstDoseAt && !session.locked;
  const [editing, setEditing] = useState(!c && editableNow);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: {
      fasting: c?.fasting ?? false,
      escortName: c?.escortName ?? '',
      rideArranged: c?.rideArranged ?? false,
      medicationsSinceLastVisit: c?.medicationsSinceLastVisit ?? '',
      pregnancyStatus:
        c?.pregnancyStatus ?? (chart.data?.clinical?.pregnancyStatus as 'unknown' | undefined) ?? 'unknown',
      weightKg:
        c?.weightKg !== undefined
          ? String(c.weightKg)
          : chart.data?.clinical?.weightKg
            ? String(chart.data.clinical.weightKg)
            : '',
    },
    validate: zodResolver(formSchema),
  });
  // The chart's recorded weight is a starting point when it arrives after the form opened.
  const chartWeight = chart.data?.clinical?.weightKg;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once, only while the field is empty
  useEffect(() => {
    if (chartWeight && !form.getValues().weightKg) form.setFieldValue('weightKg', String(chartWeight));
  }, [chartWeight]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.put(`${sessionPath(session.patientId, session.id)}/checklist`, {
        ...v,
        weightKg: Number(v.weightKg),
      }),
    onSuccess: async () => {
      setEditing(false);
      setUnplaced(null);
      await qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  const summary = c ? (
    <List spacing={4} listStyleType="none" data-testid="checklist-summary">
      <List.Item>Fasting as instructed: {c.fasting ? 'yes' : 'no'}</List.Item>
      <List.Item>
        Escort: {c.escortName || 'none named'} · ride home arranged: {c.rideArranged ? 'yes' : 'no'}
      </List.Item>
      <List.Item>Medicines since the last visit: {c.medicationsSinceLastVisit || 'none reported'}</List.Item>
      <List.Item>Pregnancy: {PREGNANCY.find((p) => p.value === c.pregnancyStatus)?.label}</List.Item>
      <List.Item>
        <Text span fw={700} size="lg">
          Weight today: {c.weightKg} kg
        </Text>
      </List.Item>
    </List>
  ) : (
    <Text c="dimmed">Not completed yet{permissions.canRun ? '' : ' (the nurse completes it)'}.</Text>
  );

  return (
    <Section
      id="checklist"
      title="Pre-dose checklist"
      look={
        c
          ? { ...MET, label: 'Complete' }
          : { ...NOT_MET, label: 'To do', color: 'yellow', Icon: IconClipboardList }
      }
      aside={
        editableNow && c && !editing ? (
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : null
      }
    >
      {editing && editableNow ? (
        <form noValidate aria-label="Pre-dose checklist" onSubmit={form.onSubmit((v) => save.mutate(v))}>
          <Stack>
            <Checkbox
              size="lg"
              label="Fasting as instructed"
              {...form.getInputProps('fasting', { type: 'checkbox' })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Escort’s name"
                description="Who takes the patient home"
                {...form.getInputProps('escortName')}
              />
              <TextInput
                label="Weight today (kg)"
                description="Used for the mg/kg dose"
                inputMode="decimal"
                required
                {...form.getInputProps('weightKg')}
              />
            </SimpleGrid>
            <Checkbox
              size="lg"
              label="Ride home arranged (no driving today)"
              {...form.getInputProps('rideArranged', { type: 'checkbox' })}
            />
            <Textarea
              label="Medicines since the last visit"
              description="New, changed or extra doses (e.g. a benzodiazepine last night)"
              autosize
              minRows={2}
              {...form.getInputProps('medicationsSinceLastVisit')}
            />
            <Radio.Group label="Pregnancy status" {...form.getInputProps('pregnancyStatus')}>
              <Group mt="xs" gap="lg">
                {PREGNANCY.map((p) => (
                  <Radio key={p.value} value={p.value} label={p.label} size="md" />
                ))}
              </Group>
            </Radio.Group>
            {save.error ? <ErrorAlert error={save.error} extra={unplaced} /> : null}
            <Group>
              <Button
                type="submit"
                size="lg"
                leftSection={<IconCircleCheck size={20} aria-hidden="true" />}
                loading={save.isPending}
              >
                Save checklist
              </Button>
              {c ? (
                <Button variant="default" size="lg" onClick={() => setEditing(false)}>
                  Cancel
                </Button>
              ) : null}
            </Group>
          </Stack>
        </form>
      ) : (
        summary
      )}
    </Section>
  );
}
