import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { loginBody, meResponse } from '../../../contracts/auth';
import { applyServerErrors, zodResolver } from '../../components/form';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { useHydrated, useTypedBeforeHydration } from '../../lib/hydrated';
import { homePath, type SignOutReason, setMe, signOutNotice, useMe } from '../../lib/session';
import { signInProblem } from './messages';

interface SignInState {
  from?: string;
  email?: string;
  /** Set by the invitation page after a password was chosen. */
  accepted?: boolean;
}

const NOTICES: Record<SignOutReason, string> = {
  idle: 'You were signed out after a period without activity, to keep health information private. Sign in again to continue.',
  expired: 'Your session has ended. Sign in again to continue.',
  signed_out: 'You have signed out.',
};

/** Only paths inside this app, so a crafted `from` cannot send anyone elsewhere. */
const safeFrom = (from: string | undefined) =>
  from?.startsWith('/') && !from.startsWith('//') ? from : undefined;

export function SignInPage() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as SignInState;
  const [notice] = useState(signOutNotice);
  const hydrated = useHydrated();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);

  const form = useForm({
    initialValues: { email: state.email ?? '', password: '' },
    validate: zodResolver(loginBody),
  });
  const { setFieldValue } = form;
  useTypedBeforeHydration(
    useCallback((path, value) => setFieldValue(path as 'email' | 'password', value), [setFieldValue]),
  );

  const login = useMutation({
    mutationFn: (values: typeof form.values) => api.post('/api/auth/login', values, { schema: meResponse }),
    onSuccess: (next) => {
      setMe(next);
      const from = safeFrom(state.from);
      if (next.nextStep === 'mfa') navigate('/signin/mfa', { replace: true, state: { from } });
      else if (next.nextStep === 'enrol') navigate('/app/profile', { replace: true });
      else navigate(from && next.user.role !== 'patient' ? from : homePath(next), { replace: true });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  // Already signed in (e.g. the back button): go where this person belongs.
  if (me && !login.isPending && !login.isSuccess) return <Navigate to={homePath(me)} replace />;

  const problem = login.error ? signInProblem(login.error) : null;

  return (
    <Stack maw={420} mx="auto" gap="lg">
      <PageTitle ta="center">Sign in</PageTitle>
      {state.accepted ? (
        <Alert color="green" variant="light" icon={<IconInfoCircle aria-hidden="true" />} role="status">
          Your password is set. Sign in to continue.
        </Alert>
      ) : notice ? (
        <Alert color="lagoon" variant="light" icon={<IconInfoCircle aria-hidden="true" />} role="status">
          {NOTICES[notice]}
        </Alert>
      ) : null}
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate aria-label="Sign in">
          <Stack>
            {problem ? (
              <Alert
                color="red"
                variant="light"
                title={problem.title}
                role="alert"
                data-testid="signin-error"
              >
                {problem.message}
              </Alert>
            ) : null}
            {unplaced && unplaced.length > 0 ? (
              <Alert color="red" variant="light" role="alert">
                {unplaced.join(' ')}
              </Alert>
            ) : null}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              size="md"
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              size="md"
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={login.isPending} disabled={!hydrated} fullWidth size="md">
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm" c="dimmed" ta="center">
        Forgot your password or lost your authenticator? Ask your clinic admin to reset it.
      </Text>
    </Stack>
  );
}
