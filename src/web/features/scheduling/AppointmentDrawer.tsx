import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Divider,
  Drawer,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { zoneInWords } from '../../../domain/scheduling/zone-words';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { useMe } from '../../lib/session';
import { VisitNotePanel } from '../courses/VisitNoteActions';
import { AllowedOverlaps } from './booking/BookingCheckPanel';
import { fixHref } from './fix-href';
import {
  BOOKING_SOURCE_WORDS,
  dayLabel,
  HOLD_WORDS,
  localToUtc,
  MODALITY_LABELS,
  ROLE_WORDS,
  STATUS_ACTIONS,
  timeLabel,
  visitStatus,
  zoneName,
} from './labels';
import {
  type AppointmentDetail,
  type CheckResult,
  checkMove,
  useAppointment,
  useCancelVisit,
  useMove,
  useResources,
  useSetStatus,
} from './scheduling-query';

const REMINDER_WORDS: Record<string, { label: string; color: string }> = {
  pending: { label: 'Scheduled', color: 'gray' },
  queued: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Not delivered — retrying', color: 'red' },
  cancelled: { label: 'Not needed', color: 'gray' },
  skipped: { label: 'Skipped (too late)', color: 'gray' },
};

export function ReminderList({ reminders }: { reminders: AppointmentDetail['reminders'] }) {
  if (reminders.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No reminders for this visit.
      </Text>
    );
  return (
    <Stack gap={4}>
      {reminders.map((r) => {
        const look = REMINDER_WORDS[r.status] ?? { label: r.status, color: 'gray' };
        return (
          <Group key={r.id} gap="xs" wrap="wrap">
            <Badge color={look.color} variant="light" styles={NO_CLIP}>
              {look.label}
            </Badge>
            <Text size="sm">
              {r.kind.replace(/_/g, ' ')} ·{' '}
              {r.sentAt ? `sent ${formatDateTime(r.sentAt)}` : `due ${formatDateTime(r.sendAt)}`}
              {r.lastError ? ` · ${r.lastError}` : ''}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

function MoveForm({ a, onDone }: { a: AppointmentDetail; onDone: () => void }) {
  const resources = useResources();
  const move = useMove();
  const [date, setDate] = useState(a.localDate);
  const [time, setTime] = useState(a.localStart);
  const [roomId, setRoomId] = useState<string | null>(a.roomId);
  const [tellPatient, setTellPatient] = useState(true);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const site = resources.data?.locations.find((l) => l.id === a.locationId);
  const minutes = (Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000;
  const body = () => {
    const startsAt = localToUtc(date, time, a.timezone);
    return {
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
      roomId,
      version: a.version,
      notifyPatient: tellPatient,
    };
  };
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time);
  const runCheck = async () => {
    if (!valid) return;
    setChecking(true);
    try {
      setCheck(await checkMove(a.id, body()));
    } catch {
      setCheck(null);
    } finally {
      setChecking(false);
    }
  };
  const save = async () => {
    if (!valid) return;
    try {
      await move.mutateAsync({ id: a.id, body: body() });
      notify({ title: 'Visit moved', message: `${a.patientName}: ${dayLabel(date)} at ${timeLabel(time)}` });
      onDone();
    } catch {
      // shown below
    }
  };
  return (
    <Stack gap="sm" component="section" aria-label="Move this visit">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <TextInput
          label="New date"
          type="date"
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          onBlur={runCheck}
          error={valid ? null : 'Enter a date and time'}
        />
        <TextInput
          label="New start time"
          type="time"
          value={time}
          onChange={(e) => setTime(e.currentTarget.value)}
          onBlur={runCheck}
        />
        {site ? (
          <Select
            label="Room"
            clearable
            data={site.rooms.filter((r) => r.active).map((r) => ({ value: r.id, label: r.name }))}
            value={roomId}
            onChange={setRoomId}
            onBlur={runCheck}
          />
        ) : null}
      </SimpleGrid>
      <Checkbox
        label="Tell the patient by email"
        checked={tellPatient}
        onChange={(e) => setTellPatient(e.currentTarget.checked)}
      />
      {check?.conflicts.length ? (
        <Alert color="red" variant="light" title="That time is not free" role="status">
          <List size="sm">
            {check.conflicts.map((c) => (
              <List.Item key={`${c.resource}-${c.id}-${c.appointmentId ?? ''}`}>{c.message}</List.Item>
            ))}
          </List>
        </Alert>
      ) : check?.ok ? (
        <>
          <Text size="sm">
            {check.allowedOverlaps.length ? 'No clashes at the new time.' : 'The new time is free.'}
          </Text>
          <AllowedOverlaps overlaps={check.allowedOverlaps} />
        </>
      ) : checking ? (
        <Text size="sm" c="dimmed">
          Checking…
        </Text>
      ) : null}
      <ErrorAlert error={move.error} title="The visit was not moved" />
      <Group justify="flex-end">
        <Button variant="default" onClick={runCheck} loading={checking}>
          Check the time
        </Button>
        <Button onClick={save} loading={move.isPending}>
          Move visit
        </Button>
      </Group>
    </Stack>
  );
}

function CancelForm({ a, onDone }: { a: AppointmentDetail; onDone: () => void }) {
  const cancel = useCancelVisit();
  const [reason, setReason] = useState('');
  const [tellPatient, setTellPatient] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) {
      setError('Say why the visit is cancelled');
      return;
    }
    try {
      await cancel.mutateAsync({ id: a.id, reason: reason.trim(), notifyPatient: tellPatient });
      notify({ title: 'Visit cancelled', message: `${a.patientName}, ${dayLabel(a.localDate)}` });
      onDone();
    } catch (err) {
      if (isApiError(err)) setError(err.fieldErrors[0]?.message ?? null);
    }
  };
  return (
    <Stack gap="sm" component="section" aria-label="Cancel this visit">
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={300}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={error}
      />
      <Checkbox
        label="Tell the patient by email"
        checked={tellPatient}
        onChange={(e) => setTellPatient(e.currentTarget.checked)}
      />
      <ErrorAlert error={cancel.error && !error ? cancel.error : null} title="The visit was not cancelled" />
      <Group justify="flex-end">
        <Button color="red" onClick={submit} loading={cancel.isPending}>
          Cancel visit
        </Button>
      </Group>
    </Stack>
  );
}

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
      {mode === 'move' ? <MoveForm a={a} onDone={() => setMode('view')} /> : null}
      {mode === 'cancel' ? <CancelForm a={a} onDone={onClose} /> : null}
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
