import { Alert, Button, Group, Text } from '@mantine/core';
import { IconUrgent } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { okSchema } from '../../../contracts/common';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { myGrantsKey, useMyGrants } from './emergency-query';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** Minutes left, rounded up, never below zero. */
export const minutesLeft = (expiresAt: string, now: number) =>
  Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 60_000));

/**
 * Shown on a chart while the user's emergency window on it is open: how long is left, and a way to end it.
 * When the time runs out the chart is reloaded, and the server refuses it again.
 */
export function EmergencyBanner({ patientId }: { patientId: string }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const grants = useMyGrants(me?.user.canBreakGlass ?? false);
  const grant = grants.data?.grants.find((g) => g.patientId === patientId);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!grant) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [grant]);

  const expired = grant ? new Date(grant.expiresAt).getTime() <= now : false;
  useEffect(() => {
    if (!expired) return;
    void queryClient.invalidateQueries({ queryKey: myGrantsKey });
    void queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
  }, [expired, queryClient, patientId]);

  const end = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/emergency-access/${encodeURIComponent(id)}/end`, {}, { schema: okSchema }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: myGrantsKey });
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
    },
  });

  if (!grant || expired) return null;
  const left = minutesLeft(grant.expiresAt, now);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconUrgent aria-hidden="true" />}
      title="Emergency access"
      data-testid="emergency-banner"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">
          You opened this confidential chart with emergency access. It closes in {left}{' '}
          {left === 1 ? 'minute' : 'minutes'} (at {timeFormat.format(new Date(grant.expiresAt))}). Everything
          you do here is flagged in the audit log.
        </Text>
        <Button size="sm" variant="default" loading={end.isPending} onClick={() => end.mutate(grant.id)}>
          End emergency access
        </Button>
      </Group>
      <ErrorAlert error={end.error} />
    </Alert>
  );
}
