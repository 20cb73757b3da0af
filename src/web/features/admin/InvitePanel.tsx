import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { inviteBody, STAFF_ROLE_VALUES } from '../../../contracts/auth';
import { inviteResponse } from '../../../contracts/users';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api } from '../../lib/api';
import { ROLE_LABELS } from '../../lib/roles';
import { usersKey } from './users-query';

export const STAFF_ROLE_OPTIONS = STAFF_ROLE_VALUES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

type Invited = ReturnType<typeof inviteResponse.parse>;

/** Inviting a staff member: they get an email (or the admin a link) to choose their own password. */
export function InvitePanel({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Invited | null>(null);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: { name: '', email: '', role: '' as string },
    validate: zodResolver(inviteBody),
  });

  const invite = useMutation({
    mutationFn: (v: typeof form.values) => api.post('/api/admin/users/invite', v, { schema: inviteResponse }),
    onSuccess: (res) => {
      setResult(res);
      setUnplaced(null);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="invite-heading">
      <Stack>
        <Title order={2} size="h3" id="invite-heading">
          Invite a staff member
        </Title>
        {result ? (
          <Alert
            color="green"
            variant="light"
            title={result.emailQueued ? 'Invitation sent' : 'Invitation created'}
            icon={<IconMailCheck aria-hidden="true" />}
            role="status"
            data-testid="invite-result"
          >
            <Stack gap="xs">
              <Text size="sm">
                {result.emailQueued
                  ? `An email with a link to set a password is on its way to ${result.user.email}.`
                  : `No email server is set up, so send this link to ${result.user.name} yourself.`}{' '}
                The link works once.
              </Text>
              {result.inviteUrl ? (
                <CopyField
                  label="Invitation link"
                  value={result.inviteUrl}
                  testId="invite-url"
                  copyLabel="Copy link"
                />
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        <form noValidate aria-label="Invite a staff member" onSubmit={form.onSubmit((v) => invite.mutate(v))}>
          <Stack>
            {invite.error && !(unplaced && unplaced.length === 0) ? (
              <ErrorAlert error={invite.error} extra={unplaced} />
            ) : null}
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput label="Full name" autoComplete="off" required {...form.getInputProps('name')} />
              <TextInput
                label="Email"
                type="email"
                autoComplete="off"
                required
                {...form.getInputProps('email')}
              />
              <Select
                size="md"
                label="Role"
                placeholder="Choose a role"
                data={STAFF_ROLE_OPTIONS}
                required
                allowDeselect={false}
                {...form.getInputProps('role')}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={invite.isPending}>
                Send invitation
              </Button>
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
