import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconBan, IconCircleCheck, IconMail, IconMailForward, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalInviteResponse } from '../../../../contracts/patients';
import { NO_CLIP } from '../../../components/badges';
import { CopyField } from '../../../components/CopyField';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { type Chart, patientKey } from '../patient-query';

const STATUS = {
  none: { label: 'No portal account', color: 'gray', Icon: IconUserOff },
  invited: { label: 'Invited, not yet signed in', color: 'yellow', Icon: IconMail },
  active: { label: 'Active', color: 'green', Icon: IconCircleCheck },
  disabled: { label: 'Disabled', color: 'gray', Icon: IconBan },
} as const;

/** The patient's portal account: where they sign consent and answer questionnaires. */
export function PortalAccessSection({ chart, canInvite }: { chart: Chart; canInvite: boolean }) {
  const queryClient = useQueryClient();
  const p = chart.patient;
  const s = STATUS[p.portalStatus];
  const invite = useMutation({
    mutationFn: () => api.post(`/api/patients/${p.id}/portal-invite`, {}, { schema: portalInviteResponse }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: patientKey(p.id) }),
  });
  const result = invite.data;

  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm">
        <Text>Portal account:</Text>
        <Badge
          color={s.color}
          variant="light"
          size="lg"
          leftSection={<s.Icon size={14} aria-hidden="true" />}
          styles={NO_CLIP}
          data-testid="portal-status"
        >
          {s.label}
        </Badge>
      </Group>
      <Text c="dimmed" size="sm">
        In the portal the patient reads and signs the consent form and, later, answers questionnaires. The
        invitation link works once and expires after 72 hours.
      </Text>
      {result ? (
        <Alert
          color="green"
          variant="light"
          role="status"
          title="Invitation sent"
          icon={<IconMailForward aria-hidden="true" />}
          data-testid="portal-invite-result"
        >
          <Stack gap="xs">
            <Text size="sm">
              {result.inviteUrl
                ? `No email server is set up: give ${p.firstName} this link yourself (it works once).`
                : `An email with a link to set a password is on its way to ${p.email}.`}
            </Text>
            {result.inviteUrl ? (
              <CopyField
                label="Invitation link"
                value={result.inviteUrl}
                testId="portal-invite-url"
                copyLabel="Copy link"
              />
            ) : null}
          </Stack>
        </Alert>
      ) : null}
      <ErrorAlert error={invite.error} title="Could not send the invitation" />
      {canInvite && p.portalStatus !== 'active' ? (
        p.email ? (
          <Group>
            <Button
              onClick={() => invite.mutate()}
              loading={invite.isPending}
              leftSection={<IconMailForward size={18} aria-hidden="true" />}
            >
              {p.portalStatus === 'invited' ? 'Send a new invitation' : 'Invite to the portal'}
            </Button>
            <Text size="sm" c="dimmed">
              To {p.email}
            </Text>
          </Group>
        ) : (
          <Text>Add the patient&rsquo;s email under Demographics to invite them.</Text>
        )
      ) : null}
    </Stack>
  );
}
