import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Image,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { mfaEnableBody, mfaSetupResponse, recoveryCodesResponse } from '../../../contracts/auth';
import { CopyValueButton } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { ApiError, api } from '../../lib/api';

interface Props {
  enabled: boolean;
  /** Called once the recovery codes have been saved and the page may move on. */
  onDone: () => void;
}

/** Groups the setup key in fours so it can be read aloud and typed without losing the place. */
const groupKey = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Enrolling an authenticator app (TOTP, RFC 6238), then showing the one-time recovery codes once. */
export function MfaSection({ enabled, onDone }: Props) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [saved, setSaved] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);

  const setup = useMutation({
    mutationFn: () => api.post('/api/auth/mfa/setup', {}, { schema: mfaSetupResponse }),
  });
  const form = useForm({ initialValues: { code: '' }, validate: zodResolver(mfaEnableBody) });
  const enable = useMutation({
    mutationFn: (code: string) =>
      api.post('/api/auth/mfa/enable', { code }, { schema: recoveryCodesResponse }),
    onSuccess: (res) => setCodes(res.recoveryCodes),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'invalid_mfa_code') {
        form.setFieldError(
          'code',
          'That code is not correct. Check the time on your phone and try the newest code.',
        );
      } else setUnplaced(applyServerErrors(form, err));
    },
  });

  if (codes) {
    const all = codes.join('\n');
    return (
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="mfa-heading">
        <Stack>
          <Title order={2} size="h3" id="mfa-heading">
            Save your recovery codes
          </Title>
          <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden="true" />} role="status">
            Two-factor sign-in is on.
          </Alert>
          <Text>
            If you lose your phone, each of these codes lets you sign in once. Store them somewhere safe, such
            as a password manager. <strong>They will not be shown again.</strong>
          </Text>
          <ul className="recovery-codes" aria-label="Recovery codes" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <CopyValueButton value={all} w="fit-content">
            Copy all codes
          </CopyValueButton>
          <Checkbox
            size="md"
            label="I have saved these codes somewhere safe"
            checked={saved}
            onChange={(e) => setSaved(e.currentTarget.checked)}
          />
          <Button disabled={!saved} onClick={onDone} w="fit-content">
            Done
          </Button>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="mfa-heading">
      <Stack>
        <Title order={2} size="h3" id="mfa-heading">
          Two-factor sign-in
        </Title>
        {enabled && !setup.data ? (
          <Text>
            <IconShieldCheck size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> On. You
            sign in with your password and a code from your authenticator app. If you lose your phone, use a
            recovery code or ask your clinic admin to reset two-factor sign-in.
          </Text>
        ) : null}
        {!enabled && !setup.data ? (
          <>
            <Text>
              Protect patient records with a second step at sign-in: a 6-digit code from an authenticator app
              on your phone (for example Google Authenticator, Microsoft Authenticator, 1Password or Aegis).
            </Text>
            <ErrorAlert error={setup.error} />
            <Button onClick={() => setup.mutate()} loading={setup.isPending} w="fit-content">
              Set up two-factor sign-in
            </Button>
          </>
        ) : null}
        {setup.data ? (
          <>
            <Text fw={600}>1. Scan this code with your authenticator app</Text>
            <Image
              src={setup.data.qrDataUrl}
              alt="QR code for adding Liminal to an authenticator app. If you cannot scan it, type the setup key shown below instead."
              w={200}
              h={200}
              radius="sm"
              bg="white"
              p={8}
            />
            <Text>
              Or type this setup key:{' '}
              <Code fz="md" data-testid="mfa-secret">
                {groupKey(setup.data.secret)}
              </Code>
            </Text>
            <Text fw={600}>2. Enter the 6-digit code the app shows</Text>
            <form
              noValidate
              aria-label="Confirm two-factor sign-in"
              onSubmit={form.onSubmit((v) => enable.mutate(v.code.trim()))}
            >
              <Stack>
                {enable.error &&
                !(enable.error instanceof ApiError && enable.error.code === 'invalid_mfa_code') ? (
                  <ErrorAlert error={enable.error} extra={unplaced} />
                ) : null}
                <TextInput
                  label="6-digit code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  maxLength={6}
                  maw={220}
                  size="lg"
                  required
                  styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
                  {...form.getInputProps('code')}
                />
                <Group>
                  <Button type="submit" loading={enable.isPending}>
                    Turn on two-factor sign-in
                  </Button>
                </Group>
              </Stack>
            </form>
            <List size="sm" c="dimmed">
              <List.Item>The code changes every 30 seconds; enter the one showing now.</List.Item>
            </List>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
