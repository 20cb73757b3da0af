import { Alert, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconCalendarShare,
  IconCircleCheck,
  IconCircleOff,
  IconKey,
  IconLinkOff,
  IconRefresh,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../contracts/common';
import { icalCreated } from '../../../contracts/scheduling';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { notify } from '../../lib/notify';
import { icalKey, useIcalStatus } from './admin/scheduling-admin-query';

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * The signed-in clinician's own calendar feed (iCalendar): subscribe once in a calendar app and their visits
 * appear there. The secret URL is the credential, so it is shown only once; a new one replaces the old.
 */
export function CalendarFeedCard() {
  const queryClient = useQueryClient();
  const status = useIcalStatus();
  const [created, setCreated] = useState<{ url: string; createdAt: string } | null>(null);
  const [confirm, setConfirm] = useState<'replace' | 'off' | null>(null);

  const create = useMutation({
    mutationFn: () => api.post('/api/scheduling/ical', {}, { schema: icalCreated }),
    onSuccess: (res) => {
      setConfirm(null);
      setCreated(res);
      queryClient.setQueryData(icalKey, { active: true, createdAt: res.createdAt });
      notify({
        title: 'Calendar feed created',
        message: 'Copy the URL into your calendar app now: it is shown only once.',
      });
    },
  });
  const revoke = useMutation({
    mutationFn: () => api.post('/api/scheduling/ical/revoke', {}, { schema: okSchema }),
    onSuccess: () => {
      setConfirm(null);
      setCreated(null);
      queryClient.setQueryData(icalKey, { active: false, createdAt: null });
      notify({
        title: 'Calendar feed turned off',
        message: 'The feed URL no longer works. Remove the calendar from your app.',
      });
    },
  });
  const on = status.data?.active ?? false;

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="section"
      aria-labelledby="feed-heading"
      data-testid="calendar-feed"
    >
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h3" id="feed-heading">
            Calendar feed
          </Title>
          {status.data ? (
            <Badge
              size="lg"
              variant="light"
              color={on ? 'green' : 'gray'}
              leftSection={
                on ? (
                  <IconCircleCheck size={14} aria-hidden="true" />
                ) : (
                  <IconCircleOff size={14} aria-hidden="true" />
                )
              }
              styles={NO_CLIP}
            >
              {on ? 'On' : 'Off'}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          See your Liminal visits in the calendar app on your phone or computer. Events show the visit type,
          the room and the patient’s initials only; they update about every 30 minutes.
        </Text>
        {status.isPending ? <Loading label="Checking your calendar feed" /> : null}
        <ErrorAlert error={status.error} title="Could not check your calendar feed" />
        {confirm === null ? <ErrorAlert error={create.error ?? revoke.error} /> : null}

        {created ? (
          <Alert
            color="lagoon"
            variant="light"
            title="Your calendar feed URL"
            icon={<IconKey aria-hidden="true" />}
            role="status"
          >
            <Stack gap="xs">
              <CopyField
                label="Feed URL (secret)"
                value={created.url}
                testId="feed-url"
                copyLabel="Copy URL"
              />
              <List size="sm" spacing={4}>
                <List.Item>
                  In your calendar app, choose “Subscribe to calendar” (or “Add calendar from URL”) and paste
                  this URL.
                </List.Item>
                <List.Item>
                  Anyone with the URL can see your schedule, so keep it private. It is shown only now: Liminal
                  keeps no copy.
                </List.Item>
                <List.Item>
                  If you lose the device or share the URL by mistake, turn the feed off here.
                </List.Item>
              </List>
            </Stack>
          </Alert>
        ) : on && status.data?.createdAt ? (
          <Text size="sm">
            Your feed has been on since {dateFormat.format(new Date(status.data.createdAt))}. The URL is not
            shown again; create a new one if you need it (the old one then stops working).
          </Text>
        ) : status.data ? (
          <Text size="sm">Your calendar feed is off.</Text>
        ) : null}

        {status.data ? (
          <Group>
            <Button
              leftSection={
                on ? (
                  <IconRefresh size={18} aria-hidden="true" />
                ) : (
                  <IconCalendarShare size={18} aria-hidden="true" />
                )
              }
              variant={on ? 'default' : 'filled'}
              loading={create.isPending && confirm === null}
              onClick={() => (on ? setConfirm('replace') : create.mutate())}
            >
              {on ? 'Create a new feed URL' : 'Create feed URL'}
            </Button>
            {on ? (
              <Button
                variant="default"
                color="red"
                leftSection={<IconLinkOff size={18} aria-hidden="true" />}
                onClick={() => setConfirm('off')}
              >
                Turn off
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={confirm === 'replace'}
        title="Create a new feed URL?"
        confirmLabel="Create new URL"
        loading={create.isPending}
        error={create.error}
        onConfirm={() => create.mutate()}
        onClose={() => !create.isPending && setConfirm(null)}
      >
        Your current feed URL stops working now, and calendars subscribed to it stop updating. Subscribe again
        with the new URL.
      </ConfirmModal>
      <ConfirmModal
        opened={confirm === 'off'}
        title="Turn off your calendar feed?"
        confirmLabel="Turn off feed"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate()}
        onClose={() => !revoke.isPending && setConfirm(null)}
      >
        The feed URL stops working now and your calendar app stops receiving visits from Liminal. You can
        create a new URL later.
      </ConfirmModal>
    </Paper>
  );
}
