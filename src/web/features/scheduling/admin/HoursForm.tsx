import {
  ActionIcon,
  Button,
  Divider,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { availability, hoursBody } from '../../../../contracts/scheduling';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { SaveRow } from '../../../components/SaveRow';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { focusFirstError, WEEKDAYS } from './labels';
import {
  type Availability,
  availabilityKey,
  type Location,
  refreshScheduling,
} from './scheduling-admin-query';
import type { Person } from './staff-hours';

interface HoursValues {
  hours: { locationId: string; weekday: number; start: string; end: string }[];
}

const hoursToBody = (v: HoursValues) => ({
  hours: v.hours.map((h) => ({ ...h, locationId: h.locationId || null })),
});
const validateHours = zodResolver<ReturnType<typeof hoursToBody>>(hoursBody);

/** A clinician's weekly working hours: windows per weekday, each at a site (or any site and remote). */
export function HoursForm({
  person,
  data,
  sites,
  clinicZone,
}: {
  person: Person;
  data: Availability;
  sites: Location[];
  clinicZone: string;
}) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const initial: HoursValues = {
    hours: data.hours.map((h) => ({
      locationId: h.locationId ?? '',
      weekday: h.weekday,
      start: h.start,
      end: h.end,
    })),
  };
  const form = useForm<HoursValues>({
    initialValues: initial,
    validate: (v) => validateHours(hoursToBody(v)),
  });
  const save = useMutation({
    mutationFn: (v: HoursValues) =>
      api.put(`/api/admin/scheduling/staff/${person.id}/hours`, hoursToBody(v), { schema: availability }),
    onSuccess: (saved) => {
      setUnplaced(null);
      form.resetDirty();
      queryClient.setQueryData(availabilityKey(person.id), saved);
      refreshScheduling(queryClient);
      const days = new Set(saved.hours.map((h) => h.weekday)).size;
      notify({
        title: 'Working hours saved',
        message: saved.hours.length
          ? `${person.name} works on ${days} ${days === 1 ? 'day' : 'days'} a week. Visits outside these hours are flagged when booking.`
          : `${person.name} has no working hours set: every booking for them will be flagged.`,
      });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  const siteOptions = [
    { value: '', label: `Any site or remote (${clinicZone})` },
    ...sites
      .filter((s) => s.active || form.values.hours.some((h) => h.locationId === s.id))
      .map((s) => ({ value: s.id, label: `${s.name}${s.active ? '' : ' (inactive)'}` })),
  ];
  const rows = form.values.hours.map((h, index) => ({ ...h, index }));

  return (
    <form
      noValidate
      aria-label={`Working hours of ${person.name}`}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirstError)}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Local times at each site (the site’s own time zone). Bookings outside these hours are allowed but
          flagged.
        </Text>
        {save.error && !(unplaced && unplaced.length === 0) ? (
          <ErrorAlert error={save.error} extra={unplaced} />
        ) : null}
        {WEEKDAYS.map((day) => {
          const mine = rows.filter((r) => r.weekday === day.value);
          return (
            <div key={day.value} data-testid={`weekday-${day.label}`}>
              <Group align="flex-start" gap="md" wrap="nowrap">
                <Text fw={600} w={110} pt={8}>
                  {day.label}
                </Text>
                <Stack gap="xs" style={{ flex: 1 }}>
                  {mine.length === 0 ? (
                    <Text size="sm" c="dimmed" pt={8}>
                      Not working
                    </Text>
                  ) : null}
                  {mine.map((r, n) => {
                    const name = `${day.label} ${n + 1}`;
                    return (
                      <Group key={r.index} gap="xs" align="flex-start" wrap="wrap">
                        <NativeSelect
                          size="md"
                          aria-label={`${name}: site`}
                          data={siteOptions}
                          {...form.getInputProps(`hours.${r.index}.locationId`)}
                        />
                        <TextInput
                          type="time"
                          w={140}
                          aria-label={`${name}: from`}
                          {...form.getInputProps(`hours.${r.index}.start`)}
                        />
                        <Text pt={8} aria-hidden="true">
                          to
                        </Text>
                        <TextInput
                          type="time"
                          w={140}
                          aria-label={`${name}: until`}
                          {...form.getInputProps(`hours.${r.index}.end`)}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${name}`}
                          onClick={() => form.removeListItem('hours', r.index)}
                        >
                          <IconTrash size={20} aria-hidden="true" />
                        </ActionIcon>
                      </Group>
                    );
                  })}
                  <Group>
                    <Button
                      size="sm"
                      variant="subtle"
                      leftSection={<IconPlus size={16} aria-hidden="true" />}
                      onClick={() =>
                        form.insertListItem('hours', {
                          locationId: mine.at(-1)?.locationId ?? sites.find((s) => s.active)?.id ?? '',
                          weekday: day.value,
                          start: mine.length ? (mine.at(-1)?.end ?? '09:00') : '09:00',
                          end: mine.length ? '' : '17:00',
                        })
                      }
                    >
                      Add hours<VisuallyHidden> on {day.label}</VisuallyHidden>
                    </Button>
                  </Group>
                </Stack>
              </Group>
              <Divider mt="xs" />
            </div>
          );
        })}
        {typeof form.errors.hours === 'string' ? (
          <Text size="sm" c="red" role="alert">
            {form.errors.hours}
          </Text>
        ) : null}
        <SaveRow label="Save working hours" saving={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}
