import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { atHomeSessionDetail } from '../../../contracts/athome';
import { readinessItem } from '../../../contracts/courses';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { ApiError, api } from '../../lib/api';
import { localToday } from '../../lib/format';
import { fixLink } from '../courses/course-query';
import { atHomeUrl, sessionsPath, useRefreshAtHome } from './athome-query';

type Item = ReturnType<typeof readinessItem.parse>;

/** "HH:MM" of the next whole half hour, for the time field's first value. */
function nextHalfHour(now = new Date()): string {
  const d = new Date(now.getTime() + 30 * 60_000);
  d.setMinutes(d.getMinutes() < 30 ? 30 : 60, 0, 0);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Books an at-home session on the course: the date and time the check-in falls due. The clinic's readiness
 * gate is checked by the server; an item not met is listed with where to fix it, and a prescriber may override
 * the ones the clinic allows, each with a reason.
 */
export function BookSessionForm({
  patientId,
  courseId,
  canOverride,
  onClose,
}: {
  patientId: string;
  courseId: string;
  canOverride: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const refresh = useRefreshAtHome();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [blocked, setBlocked] = useState<Item[]>([]);
  const form = useForm({
    initialValues: { date: localToday(), time: nextHalfHour(), overrides: {} as Record<string, string> },
    validate: {
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date'),
      time: (v) => (/^\d{2}:\d{2}$/.test(v) ? null : 'Enter the time'),
    },
  });
  const book = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(
        sessionsPath(patientId),
        {
          courseId,
          startsAt: new Date(`${v.date}T${v.time}`).toISOString(),
          overrides: Object.entries(v.overrides)
            .filter(([, reason]) => reason.trim())
            .map(([itemId, reason]) => ({ itemId, reason: reason.trim() })),
        },
        { schema: atHomeSessionDetail },
      ),
    onSuccess: async (s) => {
      await refresh(patientId);
      navigate(atHomeUrl(patientId, s.id));
    },
    onError: (err) => {
      const items = err instanceof ApiError && Array.isArray(err.body.readiness) ? err.body.readiness : [];
      setBlocked(
        items.flatMap((i) => {
          const parsed = readinessItem.safeParse(i);
          return parsed.success && !parsed.data.ok ? [parsed.data] : [];
        }),
      );
      setUnplaced(applyServerErrors(form, err));
    },
  });
  const overridable = blocked.filter((i) => i.overridable);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="book-athome-h">
      <form noValidate aria-label="Book an at-home session" onSubmit={form.onSubmit((v) => book.mutate(v))}>
        <Stack>
          <Title order={4} size="h5" id="book-athome-h">
            Book an at-home session
          </Title>
          <Text size="sm">
            The check-in opens on the patient’s phone before this time; the prescriber signs the order before
            the go.
          </Text>
          <Group align="flex-start" wrap="wrap">
            <TextInput label="Date" type="date" required w={200} {...form.getInputProps('date')} />
            <TextInput label="Time" type="time" required w={160} {...form.getInputProps('time')} />
          </Group>
          {blocked.length ? (
            <Alert color="red" variant="light" title="Not ready for an at-home session" role="alert">
              <List size="sm" spacing={4}>
                {blocked.map((i) => (
                  <List.Item key={i.id}>
                    {i.label}: {i.detail}{' '}
                    <Anchor component={Link} to={fixLink(i.fixPath)}>
                      Where to fix it
                    </Anchor>
                    {i.overridable ? '' : ' (cannot be overridden)'}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {canOverride
            ? overridable.map((i) => (
                <Textarea
                  size="md"
                  key={i.id}
                  label={`Reason to override: ${i.label}`}
                  description="A prescriber’s override, recorded with your name."
                  autosize
                  minRows={2}
                  {...form.getInputProps(`overrides.${i.id}`)}
                  value={form.values.overrides[i.id] ?? ''}
                />
              ))
            : null}
          {book.error && !blocked.length ? (
            <ErrorAlert
              error={book.error}
              extra={unplaced}
              fieldLabels={{ startsAt: 'Date and time', courseId: 'Course' }}
            />
          ) : null}
          <Group>
            <Button
              type="submit"
              loading={book.isPending}
              leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
            >
              Book the session
            </Button>
            <Button variant="default" onClick={onClose} disabled={book.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
