import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCalendarWeek, IconNotes, IconStethoscope } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { useMe } from '../../lib/session';
import { fixHref } from './fix-href';
import { MODALITY_LABELS, STATUS_ACTIONS, timeLabel, visitStatus } from './labels';
import { type TodayVisit, useSetStatus, useTodayVisits } from './scheduling-query';

// The visit drawer loads when first opened, keeping Today's first load light.
const AppointmentDrawer = lazy(() =>
  import('./visit/AppointmentDrawer').then((m) => ({ default: m.AppointmentDrawer })),
);

function VisitRow({ v, onOpen }: { v: TodayVisit; onOpen: () => void }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('patients.write') ?? false;
  const clinical = me?.permissions.includes('clinical.read') ?? false;
  const writesNotes = me?.permissions.includes('clinical.write') ?? false;
  const therapy = v.type.category === 'preparation' || v.type.category === 'integration';
  const setStatus = useSetStatus();
  const mine = v.staff.some((s) => s.userId === me?.user.id);
  const dosing = v.type.category === 'dosing';
  const where =
    v.modality === 'in_person'
      ? [v.roomName, v.locationName].filter(Boolean).join(', ')
      : MODALITY_LABELS[v.modality];
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      data-testid="today-visit"
      data-category={v.type.category}
      bg="var(--mantine-color-body)"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Group gap="md" align="flex-start" wrap="nowrap" miw={0} style={{ flex: 1 }}>
          <Text fw={700} style={{ fontVariantNumeric: 'tabular-nums', minWidth: 64 }}>
            {timeLabel(v.localStart)}
          </Text>
          <Stack gap={2} miw={0}>
            <Group gap="xs" wrap="wrap">
              {v.patientId ? (
                <Anchor component={Link} to={`/app/patients/${v.patientId}`} fw={600}>
                  {v.patientName}
                </Anchor>
              ) : (
                <Text fw={600}>{v.patientName}</Text>
              )}
              {mine ? (
                <Text span size="xs" c="dimmed">
                  (yours)
                </Text>
              ) : null}
            </Group>
            <Text size="sm">
              {v.masked ? (
                // A confidential record this user may not open: the visit's details would answer 404.
                v.type.name
              ) : (
                <Anchor component="button" type="button" size="sm" underline="always" onClick={onOpen}>
                  {v.type.name}
                </Anchor>
              )}
              {` · until ${timeLabel(v.localEnd)} · ${where || '—'} · ${v.staff.map((s) => s.name).join(', ')}`}
            </Text>
          </Stack>
        </Group>
        <Group gap="xs" wrap="wrap">
          <StateBadge look={visitStatus(v.status)} size="md" />
          {canWrite && v.nextStatuses.includes('checked_in') ? (
            <Button
              size="xs"
              onClick={() => setStatus.mutate({ id: v.id, status: 'checked_in', version: v.version })}
              loading={setStatus.isPending}
            >
              {STATUS_ACTIONS.checked_in}
            </Button>
          ) : null}
          {dosing && clinical && v.patientId ? (
            v.sessionId ? (
              <Button
                size="xs"
                variant="light"
                component={Link}
                to={`/app/patients/${v.patientId}/sessions/${v.sessionId}`}
                leftSection={<IconStethoscope size={14} aria-hidden="true" />}
              >
                Session console
              </Button>
            ) : (
              <Button size="xs" variant="light" component={Link} to={`/app/patients/${v.patientId}/course`}>
                Start session
              </Button>
            )
          ) : null}
          {therapy && writesNotes && v.patientId && !v.masked ? (
            // The drawer says which note fits the visit (or why an integration note cannot be written yet).
            <Button
              size="xs"
              variant="light"
              onClick={onOpen}
              leftSection={<IconNotes size={14} aria-hidden="true" />}
            >
              Visit note
            </Button>
          ) : null}
        </Group>
      </Group>
      {v.readiness && !v.readiness.ready ? (
        // The readiness gate itself (the same items the course page checks and the session start applies).
        <Alert
          color="yellow"
          variant="light"
          mt="xs"
          p="xs"
          icon={<IconAlertTriangle size={16} aria-hidden="true" />}
          title="Not ready for dosing yet"
          data-testid="today-readiness"
        >
          <List size="sm">
            {v.readiness.items
              .filter((i) => !i.ok)
              .map((i) => (
                <List.Item key={i.id}>
                  <Text span size="sm" fw={600}>
                    {i.label}:
                  </Text>{' '}
                  {i.detail}{' '}
                  <Anchor component={Link} to={fixHref(i.fixPath)} size="sm" c="inherit" underline="always">
                    Fix
                  </Anchor>
                </List.Item>
              ))}
          </List>
        </Alert>
      ) : null}
      {v.reminderProblems.length > 0 ? (
        <Text size="sm" c="red" mt={4}>
          A reminder could not be delivered — call the patient.
        </Text>
      ) : null}
      <ErrorAlert error={setStatus.error} title="Not checked in" />
    </Card>
  );
}

/**
 * Today's visits on the staff home page: who is coming when, where, and with whom; check-in; and for
 * dosing visits, readiness problems and the way into the session console.
 */
export function TodayVisitsPanel() {
  const me = useMe().data;
  const can = me?.permissions.includes('patients.read') ?? false;
  const today = useTodayVisits(can);
  const [open, setOpen] = useState<string | null>(null);
  if (!can) return null;
  const visits = (today.data?.appointments ?? []).filter((v) => v.status !== 'cancelled');
  const problems = today.data?.reminderProblems ?? [];
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="today-visits-h"
      data-testid="today-visits"
    >
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <IconCalendarWeek size={22} aria-hidden="true" />
          <Title order={2} size="h4" id="today-visits-h">
            Today’s visits
          </Title>
        </Group>
        <Anchor component={Link} to="/app/calendar?view=day" c="inherit" underline="always">
          Open the calendar
        </Anchor>
      </Group>
      {today.isPending ? <Loading label="Loading today’s visits" /> : null}
      <ErrorAlert error={today.error} title="Could not load today’s visits" />
      {today.data && visits.length === 0 ? <Text c="dimmed">No visits today.</Text> : null}
      {visits.length ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {visits.map((v) => (
            <VisitRow key={v.id} v={v} onOpen={() => setOpen(v.id)} />
          ))}
        </Stack>
      ) : null}
      {problems.length ? (
        <Alert
          color="red"
          variant="light"
          mt="md"
          title="Reminders not delivered"
          icon={<IconAlertTriangle aria-hidden="true" />}
        >
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p.id}>
                {p.patientName}: {p.kind.replace(/_/g, ' ')} for the visit at{' '}
                {new Date(p.startsAt).toLocaleString()} — {p.lastError ?? 'not delivered'} (retrying)
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {open ? (
        <Suspense fallback={null}>
          <AppointmentDrawer id={open} onClose={() => setOpen(null)} />
        </Suspense>
      ) : null}
    </Card>
  );
}
