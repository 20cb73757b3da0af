import {
  ActionIcon,
  Button,
  Card,
  Fieldset,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { type FormErrors, useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { schedulingSettings } from '../../../../contracts/scheduling';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { Loading } from '../../../components/Loading';
import { SaveRow } from '../../../components/SaveRow';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { duration, focusFirstError } from './labels';
import {
  refreshScheduling,
  type SchedulingSettings,
  settingsKey,
  useSchedulingSettings,
} from './scheduling-admin-query';

const MAX_REMINDERS = 4;

interface PolicyValues {
  /** Each reminder as hours and minutes before the visit (the API takes minutes). */
  reminders: { hours: number | string; minutes: number | string }[];
  patientCancelNoticeHours: number | string;
  selfBookingEnabled: boolean;
  selfBookingDays: number | string;
  slotStepMinutes: number | string;
}

const toValues = (s: SchedulingSettings): PolicyValues => ({
  reminders: s.reminderOffsetsMinutes.map((m) => ({ hours: Math.floor(m / 60), minutes: m % 60 })),
  patientCancelNoticeHours: s.patientCancelNoticeHours,
  selfBookingEnabled: s.selfBookingEnabled,
  selfBookingDays: s.selfBookingDays,
  slotStepMinutes: s.slotStepMinutes,
});

const num = (x: number | string) => (typeof x === 'number' ? x : x.trim() === '' ? Number.NaN : Number(x));

const toBody = (v: PolicyValues) => ({
  reminderOffsetsMinutes: v.reminders.map((r) => {
    const h = num(r.hours === '' ? 0 : r.hours);
    const m = num(r.minutes === '' ? 0 : r.minutes);
    return h * 60 + m;
  }),
  patientCancelNoticeHours: v.patientCancelNoticeHours,
  selfBookingEnabled: v.selfBookingEnabled,
  selfBookingDays: v.selfBookingDays,
  slotStepMinutes: v.slotStepMinutes,
});

const REMINDER_RANGE = 'Between 15 minutes and 14 days (336 hours) before the visit';

/** The API's `reminderOffsetsMinutes.N` is this form's `reminders.N.hours`. */
function toFormErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^reminderOffsetsMinutes(?:\.(\d+))?$/.exec(key);
    if (!m) out[key] = message;
    else if (m[1] !== undefined) out[`reminders.${m[1]}.hours`] = REMINDER_RANGE;
    else out.reminders = message;
  }
  return out;
}

const validateBody = zodResolver<ReturnType<typeof toBody>>(schedulingSettings);

function PolicyForm({ settings }: { settings: SchedulingSettings }) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<PolicyValues>({
    initialValues: toValues(settings),
    validate: (v) => {
      const errors = toFormErrors(validateBody(toBody(v)));
      v.reminders.forEach((r, i) => {
        for (const part of ['hours', 'minutes'] as const) {
          const x = num(r[part] === '' ? 0 : r[part]);
          if (!Number.isInteger(x) || x < 0) errors[`reminders.${i}.${part}`] = 'Enter a whole number';
        }
        if (r.hours === '' && r.minutes === '')
          errors[`reminders.${i}.hours`] = 'Enter the hours, the minutes or both';
      });
      const seen = new Set<number>();
      toBody(v).reminderOffsetsMinutes.forEach((m, i) => {
        if (seen.has(m)) errors[`reminders.${i}.hours`] ??= 'This reminder is already in the list';
        seen.add(m);
      });
      return errors;
    },
  });
  const save = useMutation({
    mutationFn: (v: PolicyValues) =>
      api.put('/api/admin/scheduling/settings', toBody(v), { schema: schedulingSettings }),
    onSuccess: (saved) => {
      setUnplaced(null);
      form.setValues(toValues(saved));
      form.resetDirty(toValues(saved));
      queryClient.setQueryData(settingsKey, saved);
      refreshScheduling(queryClient);
      notify({
        title: 'Reminders and policy saved',
        message: saved.reminderOffsetsMinutes.length
          ? `Reminders go out ${saved.reminderOffsetsMinutes.map(duration).join(' and ')} before each visit booked from now on.`
          : 'No reminder emails will be sent for visits booked from now on.',
      });
    },
    onError: (err) =>
      setUnplaced(
        applyServerErrors(
          {
            getValues: () => ({ ...form.getValues(), reminderOffsetsMinutes: [] }),
            setErrors: (errors) => form.setErrors(toFormErrors(errors)),
          },
          err,
        ),
      ),
  });
  const v = form.values;
  const offsets = toBody(v).reminderOffsetsMinutes;
  const valid = offsets.every((m) => Number.isFinite(m) && m >= 15);

  return (
    <form
      noValidate
      aria-label="Reminders and policy"
      onSubmit={form.onSubmit((x) => save.mutate(x), focusFirstError)}
    >
      <Stack gap="md" maw={860}>
        {save.error && !(unplaced && unplaced.length === 0) ? (
          <ErrorAlert error={save.error} extra={unplaced} />
        ) : null}
        <Fieldset legend="Reminder emails" radius="md">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Up to {MAX_REMINDERS} reminders before each visit, between 15 minutes and 14 days ahead. Changes
              apply to visits booked from now on.
            </Text>
            {v.reminders.length === 0 ? (
              <Text size="sm">No reminders: patients get only the booking confirmation.</Text>
            ) : null}
            {v.reminders.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in the form's own list
              <Group key={i} align="flex-start" data-testid="reminder-row">
                <NumberInput
                  size="md"
                  w={160}
                  label={`Reminder ${i + 1}: hours before`}
                  min={0}
                  max={336}
                  allowDecimal={false}
                  allowNegative={false}
                  {...form.getInputProps(`reminders.${i}.hours`)}
                />
                <NumberInput
                  size="md"
                  w={160}
                  label={`Reminder ${i + 1}: and minutes`}
                  min={0}
                  max={59}
                  allowDecimal={false}
                  allowNegative={false}
                  {...form.getInputProps(`reminders.${i}.minutes`)}
                />
                <ActionIcon
                  mt={28}
                  variant="subtle"
                  color="red"
                  aria-label={`Remove reminder ${i + 1}`}
                  onClick={() => form.removeListItem('reminders', i)}
                >
                  <IconTrash size={20} aria-hidden="true" />
                </ActionIcon>
              </Group>
            ))}
            {typeof form.errors.reminders === 'string' ? (
              <Text size="sm" c="red" role="alert">
                {form.errors.reminders}
              </Text>
            ) : null}
            <Group>
              <Button
                variant="default"
                leftSection={<IconPlus size={18} aria-hidden="true" />}
                disabled={v.reminders.length >= MAX_REMINDERS}
                onClick={() => form.insertListItem('reminders', { hours: 24, minutes: 0 })}
              >
                Add a reminder
              </Button>
              {v.reminders.length >= MAX_REMINDERS ? (
                <Text size="sm" c="dimmed">
                  {MAX_REMINDERS} reminders is the most.
                </Text>
              ) : null}
            </Group>
            {offsets.length && valid ? (
              <Text size="sm" role="status" data-testid="reminder-summary">
                Patients will be reminded{' '}
                {[...offsets]
                  .sort((a, b) => b - a)
                  .map(duration)
                  .join(', then ')}{' '}
                before each visit.
              </Text>
            ) : null}
          </Stack>
        </Fieldset>

        <Fieldset legend="Patient cancellations" radius="md">
          <NumberInput
            size="md"
            maw={320}
            label="Notice needed (hours)"
            description="Patients can cancel online until this many hours before a visit; later, they call the clinic. 0 allows cancelling up to the start."
            min={0}
            max={168}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('patientCancelNoticeHours')}
          />
        </Fieldset>

        <Fieldset legend="Self-booking of consultations" radius="md">
          <Stack gap="sm">
            <Switch
              size="md"
              label="Let prospective patients book their own consultation"
              description="After an enquiry, the front desk can email a link offering free consultation times."
              {...form.getInputProps('selfBookingEnabled', { type: 'checkbox' })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                size="md"
                label="Days ahead offered"
                min={1}
                max={60}
                allowDecimal={false}
                allowNegative={false}
                disabled={!v.selfBookingEnabled}
                {...form.getInputProps('selfBookingDays')}
              />
              <NumberInput
                size="md"
                label="Start times every (minutes)"
                description="e.g. 30 offers 9:00, 9:30, 10:00…"
                min={5}
                max={120}
                step={5}
                allowDecimal={false}
                allowNegative={false}
                {...form.getInputProps('slotStepMinutes')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <SaveRow label="Save reminders and policy" saving={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}

/** Reminder intervals, the patient cancellation notice and self-booking. */
export function PolicyTab() {
  const settings = useSchedulingSettings();
  return (
    <Stack gap="md">
      {settings.isPending ? <Loading label="Loading the scheduling policy" /> : null}
      <ErrorAlert error={settings.error} title="Could not load the scheduling policy" />
      {settings.data ? (
        <Card withBorder radius="md" padding="lg">
          <PolicyForm settings={settings.data} />
        </Card>
      ) : null}
    </Stack>
  );
}
