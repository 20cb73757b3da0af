import { Button, Group, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCalendarOff, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../../contracts/common';
import { timeOff, timeOffBody } from '../../../../contracts/scheduling';
import { isIsoDate, localToUtc } from '../../../../domain/scheduling/time';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { focusFirstError } from './labels';
import { type Availability, availabilityKey, refreshScheduling } from './scheduling-admin-query';
import { type Person, when } from './staff-hours';

interface TimeOffValues {
  /** `YYYY-MM-DDTHH:MM` from a datetime-local input, read in the clinic's zone. */
  startsAt: string;
  endsAt: string;
  reason: string;
}

/** A datetime-local value in `tz` → an ISO instant; anything else is passed on for the schema to refuse. */
function localInstant(value: string, tz: string): string {
  const [date, time] = value.split('T');
  if (!date || !time || !isIsoDate(date) || !/^\d{2}:\d{2}/.test(time)) return value;
  try {
    return localToUtc(date, time.slice(0, 5), tz);
  } catch {
    return value;
  }
}

const validateTimeOff = zodResolver<{ startsAt: string; endsAt: string; reason: string }>(timeOffBody);

/** A clinician's time off: the list (each removable after a confirmation) and the form to add more. */
export function TimeOffSection({ person, data, zone }: { person: Person; data: Availability; zone: string }) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<Availability['timeOff'][number] | null>(null);
  const toBody = (v: TimeOffValues) => ({
    startsAt: localInstant(v.startsAt, zone),
    endsAt: localInstant(v.endsAt, zone),
    reason: v.reason,
  });
  const form = useForm<TimeOffValues>({
    initialValues: { startsAt: '', endsAt: '', reason: '' },
    validate: (v) => {
      const errors = validateTimeOff(toBody(v));
      if (!v.startsAt) errors.startsAt = 'Enter the date and time it starts';
      else if (errors.startsAt) errors.startsAt = 'Enter a real date and time';
      if (!v.endsAt) errors.endsAt = 'Enter the date and time it ends';
      else if (errors.endsAt && !String(errors.endsAt).startsWith('The end'))
        errors.endsAt = 'Enter a real date and time';
      return errors;
    },
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: availabilityKey(person.id) });
    refreshScheduling(queryClient);
  };
  const add = useMutation({
    mutationFn: (v: TimeOffValues) =>
      api.post(`/api/admin/scheduling/staff/${person.id}/time-off`, toBody(v), { schema: timeOff }),
    onSuccess: (saved) => {
      setUnplaced(null);
      form.reset();
      refresh();
      notify({
        title: 'Time off recorded',
        message: `${person.name} is away from ${when(saved.startsAt, zone)} until ${when(saved.endsAt, zone)}. Visits already booked then are not moved: check the calendar.`,
      });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/admin/scheduling/staff/${person.id}/time-off/${id}/remove`, {}, { schema: okSchema }),
    onSuccess: () => {
      setRemoving(null);
      refresh();
      notify({ title: 'Time off removed', message: `${person.name} can be booked in that time again.` });
    },
  });

  return (
    <Stack gap="sm">
      {data.timeOff.length === 0 ? (
        <Text size="sm">No time off recorded from the last 30 days onwards.</Text>
      ) : (
        <Table verticalSpacing="xs" striped>
          <Table.Caption>{`Time off of ${person.name} (times in ${zone})`}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">Until</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.timeOff.map((t) => (
              <Table.Tr key={t.id} data-testid="time-off-row">
                <Table.Td>{when(t.startsAt, zone)}</Table.Td>
                <Table.Td>{when(t.endsAt, zone)}</Table.Td>
                <Table.Td>{t.reason ?? '—'}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="sm"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden="true" />}
                    onClick={() => setRemoving(t)}
                  >
                    Remove<VisuallyHidden> time off from {when(t.startsAt, zone)}</VisuallyHidden>
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form
        noValidate
        aria-label="Add time off"
        onSubmit={form.onSubmit((v) => add.mutate(v), focusFirstError)}
      >
        <Stack gap="sm">
          {add.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={add.error} extra={unplaced} />
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              type="datetime-local"
              label="Away from"
              description={`Clinic time (${zone})`}
              required
              {...form.getInputProps('startsAt')}
            />
            <TextInput type="datetime-local" label="Back at" required {...form.getInputProps('endsAt')} />
            <TextInput
              label="Reason (optional)"
              description="Staff see it on the calendar"
              autoComplete="off"
              {...form.getInputProps('reason')}
            />
          </SimpleGrid>
          <Group>
            <Button
              type="submit"
              variant="light"
              loading={add.isPending}
              leftSection={<IconCalendarOff size={18} aria-hidden="true" />}
            >
              Add time off
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={removing !== null}
        title="Remove this time off?"
        confirmLabel="Remove time off"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          if (remove.isPending) return;
          setRemoving(null);
          remove.reset();
        }}
      >
        {removing
          ? `${person.name} will be bookable again from ${when(removing.startsAt, zone)} until ${when(removing.endsAt, zone)}.`
          : null}
      </ConfirmModal>
    </Stack>
  );
}
