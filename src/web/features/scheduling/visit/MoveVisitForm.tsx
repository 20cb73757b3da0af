import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { notify } from '../../../lib/notify';
import { AllowedOverlaps } from '../booking/BookingCheckPanel';
import { dayLabel, localToUtc, timeLabel } from '../labels';
import {
  type AppointmentDetail,
  type CheckResult,
  checkMove,
  useMove,
  useResources,
} from '../scheduling-query';

/** Moving a visit with a form: a new date, time and room, checked with the server before it is saved. */
export function MoveVisitForm({ a, onDone }: { a: AppointmentDetail; onDone: () => void }) {
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
