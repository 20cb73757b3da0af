import { Button, Group, Stack, Text } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../../contracts/common';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import type { Person } from './staff-hours';

/** Turning off a clinician's calendar feed (a lost phone or laptop), after a confirmation. */
export function RevokeFeedSection({ person }: { person: Person }) {
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
