import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { changePasswordBody } from '../../../contracts/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { ApiError, api } from '../../lib/api';
import { notify } from '../../lib/notify';

const schema = changePasswordBody.extend({ confirm: z.string() }).refine((v) => v.newPassword === v.confirm, {
  path: ['confirm'],
  message: 'The two new passwords do not match',
});

export function PasswordSection({ email }: { email: string }) {
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: zodResolver(schema),
  });
  const change = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      form.reset();
      setUnplaced(null);
      notify({
        color: 'green',
        title: 'Password changed',
        message: 'Use your new password next time.',
      });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'invalid_credentials') {
        form.setFieldError('currentPassword', 'Your current password is not correct');
        setUnplaced([]);
      } else setUnplaced(applyServerErrors(form, err));
    },
  });

  const showAlert = change.error && !(unplaced && unplaced.length === 0);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="password-heading">
      <form noValidate aria-label="Change password" onSubmit={form.onSubmit((v) => change.mutate(v))}>
        <Stack maw={420}>
          <Title order={2} size="h3" id="password-heading">
            Change password
          </Title>
          <Text c="dimmed" size="sm">
            At least 12 characters. A few unrelated words make a strong password that is easy to remember.
          </Text>
          {showAlert ? <ErrorAlert error={change.error} extra={unplaced} /> : null}
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
