import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { inviteInfoResponse, passwordSchema } from '../../../contracts/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError, api } from '../../lib/api';

const passwordForm = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match' });

/** The token travels in the URL fragment, which browsers never send to a server or put in a Referer. */
function readToken(): string {
  const hash = window.location.hash.startsWith('#') ? window.location.hash.slice(1) : '';
  return new URLSearchParams(hash).get('token') ?? '';
}

/** Where an invited person chooses a password for their new account. */
export default function AcceptInvitePage() {
  const navigate = useNavigate();
  const [token] = useState(readToken);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);

  // Take the token out of the address bar and history once it has been read.
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);

  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.post('/api/auth/invite/inspect', { token }, { schema: inviteInfoResponse }),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const form = useForm({ initialValues: { password: '', confirm: '' }, validate: zodResolver(passwordForm) });

  const accept = useMutation({
    mutationFn: (password: string) => api.post('/api/auth/invite/accept', { token, password }),
    onSuccess: () =>
      navigate('/signin', { replace: true, state: { accepted: true, email: invite.data?.email } }),
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  if (!token || invite.error) {
    const gone = !token || (invite.error instanceof ApiError && invite.error.status < 500);
    return (
      <Stack maw={480} mx="auto">
        <PageTitle>Invitation</PageTitle>
        {gone ? (
          <Alert color="yellow" variant="light" title="This invitation link does not work" role="alert">
            It may have expired, been used already, or been copied incompletely. Ask your clinic admin to send
            a new invitation.
          </Alert>
        ) : (
          <ErrorAlert error={invite.error} />
        )}
      </Stack>
    );
  }
  if (invite.isPending) return <Loading label="Checking the invitation" />;

  return (
    <Stack maw={480} mx="auto" gap="lg">
      <PageTitle>{`Welcome, ${invite.data.name}`}</PageTitle>
      <Text>
        Choose a password for <strong>{invite.data.email}</strong>. Use at least 12 characters; a few
        unrelated words make a strong password that is easy to remember.
      </Text>
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-label="Choose a password"
          onSubmit={form.onSubmit((v) => accept.mutate(v.password))}
        >
          <Stack>
            {accept.error && !(unplaced && unplaced.length === 0) ? (
              <ErrorAlert error={accept.error} extra={unplaced} />
            ) : null}
            {/* Lets password managers store the new password against the right account. */}
            <input
              type="email"
              name="username"
              autoComplete="username"
              value={invite.data.email}
              readOnly
              hidden
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label="New password again"
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={accept.isPending}>
              Set password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
