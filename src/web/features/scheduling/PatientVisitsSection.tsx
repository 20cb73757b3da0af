import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { useMe } from '../../lib/session';
import type { Chart } from '../patients/patient-query';
import { BookingDrawer } from './booking/BookingDrawer';
import type { BookingPrefill } from './booking/booking-form';
import { dayLabel, MODALITY_LABELS, timeLabel, visitStatus } from './labels';
import { SchedulePlanner } from './SchedulePlanner';
import { usePatientAppointments, useResources } from './scheduling-query';
import { AppointmentDrawer } from './visit/AppointmentDrawer';
import { ReminderList } from './visit/ReminderList';

/** The chart's visits: upcoming and past, each with its reminders' delivery; book one, or plan a course. */
export function PatientVisitsSection({ chart }: { chart: Chart }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('patients.write') ?? false;
  const visits = usePatientAppointments(chart.patient.id);
  const resources = useResources();
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [planning, setPlanning] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const now = Date.now();
  const all = visits.data?.appointments ?? [];
  const upcoming = all.filter((a) => Date.parse(a.endsAt) > now && a.status !== 'cancelled');
  const past = all.filter((a) => !upcoming.includes(a)).reverse();
  const p = chart.patient;
  return (
    <Stack>
      {canWrite ? (
        <Group>
          <Button
            leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
            onClick={() =>
              setBooking({
                patientId: p.id,
                patientName: `${p.firstName} ${p.lastName}`,
                patientState: p.state,
              })
            }
          >
            Book a visit
          </Button>
          {resources.data ? (
            <Button variant="default" onClick={() => setPlanning((x) => !x)} aria-expanded={planning}>
              {planning ? 'Close the planner' : 'Plan course visits'}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {planning && resources.data ? (
        <SchedulePlanner chart={chart} res={resources.data} onDone={() => setPlanning(false)} />
      ) : null}
      {visits.isPending ? <Loading label="Loading visits" /> : null}
      <ErrorAlert error={visits.error} title="Could not load the visits" />
      {visits.data && all.length === 0 ? <Text c="dimmed">No visits booked yet.</Text> : null}
      {[
        { title: 'Upcoming', list: upcoming },
        { title: 'Past and cancelled', list: past },
      ].map((g) =>
        g.list.length ? (
          <Stack key={g.title} gap="xs" component="section" aria-label={g.title}>
            <Title order={3} size="h5">
              {g.title}
            </Title>
            {g.list.map((a) => (
              <Card key={a.id} withBorder radius="md" padding="sm" data-testid="chart-visit">
                <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
                  <Stack gap={2}>
                    <Anchor component="button" type="button" fw={600} onClick={() => setOpen(a.id)}>
                      {a.type.name}
                    </Anchor>
                    <Text size="sm">
                      {dayLabel(a.localDate, 'long')}, {timeLabel(a.localStart)}–{timeLabel(a.localEnd)} ·{' '}
                      {a.modality === 'in_person'
                        ? [a.locationName, a.roomName].filter(Boolean).join(', ')
                        : MODALITY_LABELS[a.modality]}{' '}
                      · {a.staff.map((s) => s.name).join(', ')}
                    </Text>
                    {a.cancelReason ? (
                      <Text size="sm" c="dimmed">
                        Cancelled: {a.cancelReason}
                      </Text>
                    ) : null}
                  </Stack>
                  <StateBadge look={visitStatus(a.status)} size="md" />
                </Group>
                {g.title === 'Upcoming' && a.reminders.length ? (
                  <details>
                    <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
                      Reminders ({a.reminders.filter((r) => r.status === 'sent').length} sent)
                    </summary>
                    <ReminderList reminders={a.reminders} />
                  </details>
                ) : null}
                {a.reminders.some((r) => r.status === 'failed') ? (
                  <Alert color="red" variant="light" mt="xs" p="xs">
                    A reminder could not be delivered; it is retried automatically.
                  </Alert>
                ) : null}
              </Card>
            ))}
          </Stack>
        ) : null,
      )}
      <AppointmentDrawer id={open} onClose={() => setOpen(null)} />
      <BookingDrawer prefill={booking} onClose={() => setBooking(null)} />
    </Stack>
  );
}
