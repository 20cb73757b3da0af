import {
  ActionIcon,
  Button,
  Card,
  Divider,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCalendarOff, IconDeviceFloppy, IconLinkOff, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../../contracts/common';
import { availability, hoursBody, timeOff, timeOffBody } from '../../../../contracts/scheduling';
import { isIsoDate, localToUtc } from '../../../../domain/scheduling/time';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { Loading } from '../../../components/Loading';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { CLINICAL_ROLE_LABELS, focusFirstError, WEEKDAYS } from './labels';
import {
  type Availability,
  availabilityKey,
  type Location,
  refreshScheduling,
  type StaffList,
  useAvailability,
  useLocations,
  useStaff,
} from './scheduling-admin-query';

type Person = StaffList['staff'][number];

/** "Tue, Mar 10, 2026, 9:00 AM PDT" in the given zone. */
function when(instant: string, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

// ── Weekly working hours ──

interface HoursValues {
  hours: { locationId: string; weekday: number; start: string; end: string }[];
}

const hoursToBody = (v: HoursValues) => ({
  hours: v.hours.map((h) => ({ ...h, locationId: h.locationId || null })),
});
const validateHours = zodResolver<ReturnType<typeof hoursToBody>>(hoursBody);

function HoursForm({
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
        <Group>
          <Button
            type="submit"
            loading={save.isPending}
            leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
          >
            Save working hours
          </Button>
          {form.isDirty() ? (
            <Text size="sm" c="dimmed" role="status">
              Unsaved changes
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

// ── Time off ──

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

function TimeOffSection({ person, data, zone }: { person: Person; data: Availability; zone: string }) {
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

// ── Calendar feed ──

function RevokeFeed({ person }: { person: Person }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () =>
      api.post(`/api/admin/scheduling/staff/${person.id}/ical/revoke`, {}, { schema: okSchema }),
    onSuccess: () => {
      setConfirming(false);
      notify({
        title: 'Calendar feed turned off',
        message: `Any calendar feed URL of ${person.name} stops working now. They can create a new one on their profile page.`,
      });
    },
  });
  return (
    <Stack gap="xs">
      <Text size="sm">
        If a phone or laptop with {person.name}’s calendar app is lost, turn off their calendar feed: the
        secret URL stops working at once. The feed shows visit types, rooms and patients’ initials.
      </Text>
      <Group>
        <Button
          variant="default"
          color="red"
          leftSection={<IconLinkOff size={18} aria-hidden="true" />}
          onClick={() => setConfirming(true)}
        >
          Turn off calendar feed
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        title={`Turn off ${person.name}’s calendar feed?`}
        confirmLabel="Turn off feed"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate()}
        onClose={() => {
          if (revoke.isPending) return;
          setConfirming(false);
          revoke.reset();
        }}
      >
        Their calendar app stops receiving visits from Liminal. They can create a new feed URL on their
        profile page whenever they are ready. This is recorded in the audit log.
      </ConfirmModal>
    </Stack>
  );
}

function PersonPanel({ person, zone, sites }: { person: Person; zone: string; sites: Location[] }) {
  const data = useAvailability(person.id);
  return (
    <Stack gap="md">
      {data.isPending ? <Loading label={`Loading the hours of ${person.name}`} /> : null}
      <ErrorAlert error={data.error} title="Could not load the working hours" />
      {data.data ? (
        <>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="hours-h">
            <Title order={3} size="h4" id="hours-h" mb="xs">
              Weekly working hours
            </Title>
            <HoursForm key={person.id} person={person} data={data.data} sites={sites} clinicZone={zone} />
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="time-off-h">
            <Title order={3} size="h4" id="time-off-h" mb="xs">
              Time off
            </Title>
            <TimeOffSection key={person.id} person={person} data={data.data} zone={zone} />
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="feed-h">
            <Title order={3} size="h4" id="feed-h" mb="xs">
              Calendar feed
            </Title>
            <RevokeFeed person={person} />
          </Card>
        </>
      ) : null}
    </Stack>
  );
}

/** A clinician's weekly working hours per site, their time off, and their calendar feed. */
export function StaffHoursTab() {
  const staff = useStaff();
  const locations = useLocations();
  const [userId, setUserId] = useState<string | null>(null);
  const people = staff.data?.staff ?? [];
  const person = people.find((p) => p.id === userId);
  return (
    <Stack gap="md">
      <Text c="dimmed" maw={640}>
        When each prescriber, nurse and therapist works, and where. Booking checks these hours and any time
        off.
      </Text>
      {staff.isPending ? <Loading label="Loading staff" /> : null}
      <ErrorAlert error={staff.error} title="Could not load the staff list" />
      <ErrorAlert error={locations.error} title="Could not load the sites" />
      {staff.data && people.length === 0 ? (
        <Card withBorder radius="md" padding="lg">
          <Text fw={600}>No clinicians yet</Text>
          <Text size="sm">
            Invite prescribers, nurses and therapists under Users; their hours are set here.
          </Text>
        </Card>
      ) : null}
      {people.length ? (
        <Select
          size="md"
          maw={420}
          label="Staff member"
          placeholder="Choose a clinician"
          searchable
          data={people.map((p) => ({ value: p.id, label: `${p.name} (${CLINICAL_ROLE_LABELS[p.role]})` }))}
          value={userId}
          onChange={setUserId}
          nothingFoundMessage="No clinician matches"
          comboboxProps={{ withinPortal: true }}
        />
      ) : null}
      {person && staff.data && locations.data ? (
        <PersonPanel
          key={person.id}
          person={person}
          zone={staff.data.timezone}
          sites={locations.data.locations}
        />
      ) : null}
      {person && locations.isPending ? <Loading label="Loading the sites" /> : null}
    </Stack>
  );
}
