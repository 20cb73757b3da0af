import { Alert, Anchor, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { meResponse, mfaVerifyBody } from '../../../contracts/auth';
import { applyServerErrors, zodResolver } from '../../components/form';
import { PageTitle } from '../../components/PageTitle';
import { ApiError, api } from '../../lib/api';
import { homePath, setMe, signOut, useMe } from '../../lib/session';
import { signInProblem } from './messages';

type Mode = 'code' | 'recovery';

/** The second sign-in step: a 6-digit code from the authenticator app, or a one-time recovery code. */
export function MfaPage() {
  const { data: me, isPending } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [mode, setMode] = useState<Mode>('code');
  const [unplaced, setUnplaced] = useState<string[] | null>(null);

  const form = useForm({
    initialValues: { code: '', recoveryCode: '' },
    validate: (values) =>
      zodResolver(mfaVerifyBody)(
        mode === 'code' ? { code: values.code } : { recoveryCode: values.recoveryCode },
      ),
  });

  const verify = useMutation({
    mutationFn: (body: { code: string } | { recoveryCode: string }) =>
      api.post('/api/auth/mfa/verify', body, { schema: meResponse }),
    onSuccess: (next) => {
      setMe(next);
      const safe = from?.startsWith('/') && !from.startsWith('//') ? from : undefined;
      navigate(safe && next.user.role !== 'patient' ? safe : homePath(next), { replace: true });
    },
    onError: (err) => {
      const field = mode === 'code' ? 'code' : 'recoveryCode';
      if (err instanceof ApiError && err.code === 'invalid_mfa_code') {
        form.setFieldError(
          field,
          mode === 'code'
            ? 'That code is not correct. Check your app and try again.'
            : 'That recovery code is not correct or was already used.',
        );
        setUnplaced(null);
      } else {
        setUnplaced(applyServerErrors(form, err));
      }
    },
  });

  if (isPending) return null;
  if (!me) return <Navigate to="/signin" replace />;
  if (me.nextStep !== 'mfa' && !verify.isPending && !verify.isSuccess)
    return <Navigate to={homePath(me)} replace />;

  const problem =
    verify.error && !(verify.error instanceof ApiError && verify.error.code === 'invalid_mfa_code')
      ? signInProblem(verify.error)
      : null;

  const switchMode = (next: Mode) => {
    setMode(next);
    form.clearErrors();
    verify.reset();
  };

  return (
    <Stack maw={420} mx="auto" gap="lg">
      <PageTitle ta="center">Two-factor sign-in</PageTitle>
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-label="Two-factor sign-in"
          onSubmit={form.onSubmit((v) =>
            verify.mutate(
              mode === 'code' ? { code: v.code.trim() } : { recoveryCode: v.recoveryCode.trim() },
            ),
          )}
        >
          <Stack>
            {problem ? (
              <Alert color="red" variant="light" title={problem.title} role="alert">
                {problem.message}
              </Alert>
            ) : null}
            {unplaced && unplaced.length > 0 ? (
              <Alert color="red" variant="light" role="alert">
                {unplaced.join(' ')}
              </Alert>
            ) : null}
            {mode === 'code' ? (
              <TextInput
                key="code"
                label="Code from your authenticator app"
                description="Open the app on your phone and type the 6-digit code shown for Liminal."
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={6}
                size="lg"
                required
                data-autofocus
                styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
                {...form.getInputProps('code')}
              />
            ) : (
              <TextInput
                key="recovery"
                label="Recovery code"
                description="One of the codes you saved when you set up two-factor sign-in. Each works once."
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                size="lg"
                required
                {...form.getInputProps('recoveryCode')}
              />
            )}
            <Button type="submit" loading={verify.isPending} fullWidth>
              Continue
            </Button>
            <Button variant="subtle" onClick={() => switchMode(mode === 'code' ? 'recovery' : 'code')}>
              {mode === 'code' ? 'Use a recovery code instead' : 'Use a code from my app instead'}
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm" c="dimmed" ta="center">
        Signed in as {me.user.email}.{' '}
        <Anchor component="button" type="button" size="sm" onClick={() => void signOut()}>
          Use a different account
        </Anchor>
      </Text>
    </Stack>
  );
}
