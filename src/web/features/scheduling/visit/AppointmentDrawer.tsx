import { Alert, Anchor, Button, Divider, Drawer, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { zoneInWords } from '../../../../domain/scheduling/zone-words';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';
import { formatDateTime } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { VisitNotePanel } from '../../courses/VisitNoteActions';
import { fixHref } from '../fix-href';
import {
  BOOKING_SOURCE_WORDS,
  dayLabel,
  HOLD_WORDS,
  MODALITY_LABELS,
  ROLE_WORDS,
  STATUS_ACTIONS,
  timeLabel,
  visitStatus,
  zoneName,
} from '../labels';
import { type AppointmentDetail, useAppointment, useSetStatus } from '../scheduling-query';
import { CancelVisitForm } from './CancelVisitForm';
import { MoveVisitForm } from './MoveVisitForm';
import { ReminderList } from './ReminderList';

function Details({ a, onClose }: { a: AppointmentDetail; onClose: () => void }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('patients.write') ?? false;
  const clinical = me?.permissions.includes('clinical.read') ?? false;
  const writesNotes = me?.permissions.includes('clinical.write') ?? false;
  const therapy = a.type.category === 'preparation' || a.type.category === 'integration';
  const setStatus = useSetStatus();
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const tzNote =
    a.timezone !== Intl.DateTimeFormat().resolvedOptions().timeZone
      ? ` ${zoneName(a.timezone, a.startsAt)}`
      : '';
  const active = a.status === 'booked' || a.status === 'checked_in';
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={700} size="lg">
            {a.type.name}
          </Text>
          <Text>
            {dayLabel(a.localDate, 'long')}, {timeLabel(a.localStart)}–{timeLabel(a.localEnd)}
            {tzNote}
          </Text>
        </Stack>
        <StateBadge look={visitStatus(a.status)} />
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        <Text c="dimmed">Patient</Text>
        <Text>
          {a.patientId ? (
            <Anchor component={Link} to={`/app/patients/${a.patientId}?tab=visits`}>
              {a.patientName}
            </Anchor>
          ) : (
            a.patientName
          )}
          {a.chartNumber ? <Text span c="dimmed" ff="monospace">{` ${a.chartNumber}`}</Text> : null}
        </Text>
        <Text c="dimmed">Where</Text>
        <Text>
          {a.modality === 'in_person'
            ? [a.locationName, a.roomName].filter(Boolean).join(' · ') || 'In person'
            : `${MODALITY_LABELS[a.modality]}${a.patientLocationState ? ` (patient in ${a.patientLocationState})` : ''}`}
        </Text>
        {a.videoUrl ? (
          <>
            <Text c="dimmed">Video link</Text>
            <Anchor href={a.videoUrl} target="_blank" rel="noreferrer">
              Open <IconExternalLink size={14} aria-hidden="true" />
            </Anchor>
          </>
        ) : null}
        <Text c="dimmed">With</Text>
        <Text>
          {a.staff
            .map((s) => `${s.name} (${ROLE_WORDS[s.role] ?? s.role}${HOLD_WORDS[s.hold] ?? ''})`)
            .join(', ')}
        </Text>
        {a.escortName ? (
          <>
            <Text c="dimmed">Escort</Text>
            <Text>
              {a.escortName}
              {a.escortPhone ? ` · ${a.escortPhone}` : ''}
            </Text>
          </>
        ) : null}
        <Text c="dimmed">Patient confirmed</Text>
        <Text>{a.confirmedAt ? formatDateTime(a.confirmedAt) : 'Not yet'}</Text>
        {a.cancelReason ? (
          <>
            <Text c="dimmed">Cancelled</Text>
            <Text>
              {a.cancelReason} ({a.cancelledByKind === 'patient' ? 'by the patient' : 'by the clinic'}
              {a.lateCancel ? ', late' : ''})
            </Text>
          </>
        ) : null}
      </SimpleGrid>
      {a.type.category === 'dosing' && a.patientId && clinical ? (
        <Button component={Link} to={`/app/patients/${a.patientId}/course`} variant="light" onClick={onClose}>
          Open the course (start the session there)
        </Button>
      ) : null}
      {therapy && a.patientId && writesNotes && !a.masked ? (
        <VisitNotePanel appointmentId={a.id} onLeave={onClose} />
      ) : null}
      {canWrite && a.nextStatuses.length ? (
        <Group gap="xs" wrap="wrap">
          {a.nextStatuses
            .filter((s) => s !== 'cancelled')
            .map((s) => (
              <Button
                key={s}
                variant={s === 'checked_in' || s === 'completed' ? 'filled' : 'default'}
                loading={setStatus.isPending && setStatus.variables?.status === s}
                onClick={() => setStatus.mutate({ id: a.id, status: s, version: a.version })}
              >
                {STATUS_ACTIONS[s] ?? s}
              </Button>
            ))}
        </Group>
      ) : null}
      <ErrorAlert error={setStatus.error} title="The status was not changed" />
      {canWrite && active ? (
        <Group gap="xs">
          <Button
            variant={mode === 'move' ? 'light' : 'default'}
            onClick={() => setMode(mode === 'move' ? 'view' : 'move')}
          >
            Move…
          </Button>
          {a.status === 'booked' ? (
            <Button
              variant={mode === 'cancel' ? 'light' : 'default'}
              color="red"
              onClick={() => setMode(mode === 'cancel' ? 'view' : 'cancel')}
            >
              Cancel…
            </Button>
          ) : null}
        </Group>
      ) : null}
      {mode === 'move' ? <MoveVisitForm a={a} onDone={() => setMode('view')} /> : null}
      {mode === 'cancel' ? <CancelVisitForm a={a} onDone={onClose} /> : null}
      <Divider label="Reminders" labelPosition="left" />
      <ReminderList reminders={a.reminders} />
      {a.reminders.some((r) => r.status === 'failed') ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="A reminder could not be delivered"
        >
          It is retried automatically. Check the patient’s email address, or call them.{' '}
          {a.patientId ? (
            <Anchor
              component={Link}
              to={fixHref(`/app/patients/${a.patientId}#demographics`)}
              c="inherit"
              underline="always"
            >
              Check the address
            </Anchor>
          ) : null}
        </Alert>
      ) : null}
      <Text size="xs" c="dimmed">
        Booked {formatDateTime(a.createdAt)} {BOOKING_SOURCE_WORDS[a.source] ?? ''}. Times are in{' '}
        {zoneInWords(a.timezone)}.
      </Text>
    </Stack>
  );
}

/** One visit: who, when, where, its reminders, and what can be done with it. */
export function AppointmentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const appt = useAppointment(id);
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      title="Visit"
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {appt.isPending && id ? <Loading label="Loading the visit" /> : null}
      <ErrorAlert error={appt.error} title="Could not load the visit" />
      {appt.data ? <Details a={appt.data} onClose={onClose} /> : null}
    </Drawer>
  );
}
