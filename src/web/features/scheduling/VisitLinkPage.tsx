import { Alert, Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCalendarPlus, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { publicVisit } from '../../../contracts/scheduling';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api, getCsrfHeader } from '../../lib/api';
import { VisitCard } from './VisitCard';

/** The token arrives in the URL fragment (never sent to servers or logged); read it once. */
export function tokenFromHash(): string {
  const m = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  return m?.[1] ?? '';
}

/** Fetches a calendar file from a POST route and hands it to the browser as a download. */
export async function downloadIcs(path: string, body: unknown, filename = 'visit.ics'): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/calendar', ...getCsrfHeader() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!res.ok) throw new Error('The calendar file could not be downloaded.');
  const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/calendar' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The page behind the link in a visit's confirmation and reminder emails: see the visit, confirm you are
 * coming, cancel it (within the clinic's notice period), or add it to your calendar. No sign-in: the
 * link's token is the credential.
 */
export default function VisitLinkPage() {
  const [token] = useState(tokenFromHash);
  const [reason, setReason] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const visit = useQuery({
    queryKey: ['public', 'visit', token],
    queryFn: () => api.post('/api/public/visits/inspect', { token }, { schema: publicVisit }),
    enabled: token.length >= 20,
    retry: false,
  });
  const respond = useMutation({
    mutationFn: (action: 'confirm' | 'cancel') =>
      api.post(
        '/api/public/visits/respond',
        { token, action, reason: reason.trim() || null },
        { schema: publicVisit },
      ),
    onSuccess: () => visit.refetch(),
  });
  const ics = useMutation({ mutationFn: () => downloadIcs('/api/public/visits/ics', { token }) });

  if (token.length < 20)
    return (
      <Stack maw={640}>
        <PageTitle>Your visit</PageTitle>
        <Alert color="yellow" variant="light">
          This link is incomplete. Please open the link from your email again, or call the clinic.
        </Alert>
      </Stack>
    );
  if (visit.isPending) return <Loading label="Loading your visit" />;
  if (visit.error)
    return (
      <Stack maw={640}>
        <PageTitle>Your visit</PageTitle>
        <ErrorAlert error={visit.error} title="We could not find this visit" />
        <Text>The link may have expired after the visit. Please call the clinic if you need help.</Text>
      </Stack>
    );
  const v = visit.data;
  const phone = v.clinicPhone ? (
    <Anchor href={`tel:${v.clinicPhone}`} fw={600} c="inherit" underline="always">
      {v.clinicPhone}
    </Anchor>
  ) : (
    'the clinic'
  );
  return (
    <Stack maw={640} gap="lg">
      <PageTitle>{`Your visit with ${v.clinicName}`}</PageTitle>
      <VisitCard visit={v} headingLevel={2}>
        {v.status === 'booked' && v.confirmedAt ? (
          <Group gap={6}>
            <IconCircleCheck size={18} color="var(--mantine-color-green-text)" aria-hidden="true" />
            <Text>Thank you — you confirmed you are coming.</Text>
          </Group>
        ) : null}
        {v.status === 'cancelled' ? (
          <Text>
            This visit is cancelled. To book a new time, sign in to your{' '}
            <Anchor component={Link} to="/portal" c="inherit" underline="always">
              patient portal
            </Anchor>{' '}
            or call {phone}.
          </Text>
        ) : null}
        {v.status === 'booked' ? (
          <Group gap="sm" wrap="wrap">
            {!v.confirmedAt ? (
              <Button
                onClick={() => respond.mutate('confirm')}
                loading={respond.isPending && respond.variables === 'confirm'}
              >
                I will be there
              </Button>
            ) : null}
            <Button
              variant="default"
              leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
              onClick={() => ics.mutate()}
              loading={ics.isPending}
            >
              Add to my calendar
            </Button>
            {v.canCancel ? (
              <Button variant="subtle" color="red" onClick={() => setCancelling(true)}>
                Cancel this visit
              </Button>
            ) : null}
          </Group>
        ) : null}
        {v.status === 'booked' && !v.canCancel ? (
          <Text size="sm" c="dimmed">
            To cancel or change this visit now, please call {phone}.
          </Text>
        ) : null}
      </VisitCard>
      {cancelling && v.status === 'booked' ? (
        <Stack gap="sm" component="section" aria-label="Cancel this visit">
          <Textarea
            label="Reason (optional)"
            autosize
            minRows={2}
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group>
            <Button
              color="red"
              onClick={() => respond.mutate('cancel', { onSuccess: () => setCancelling(false) })}
              loading={respond.isPending && respond.variables === 'cancel'}
            >
              Yes, cancel the visit
            </Button>
            <Button variant="default" onClick={() => setCancelling(false)}>
              Keep it
            </Button>
          </Group>
        </Stack>
      ) : null}
      <ErrorAlert error={respond.error} title="That did not work" />
      <ErrorAlert error={ics.error} />
    </Stack>
  );
}
