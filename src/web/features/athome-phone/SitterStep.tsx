import { Alert, Button, Code, CopyButton, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconMessage, IconUserCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { sitterInvite } from '../../../contracts/athome';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, api } from '../../lib/api';
import { type AtHomeSession, atHomePortalKey, portalSessionPath } from './patient-api';
import { StepFrame } from './StepFrame';

type Invite = z.infer<typeof sitterInvite>;

function Copy({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          variant={copied ? 'light' : 'default'}
          color={copied ? 'green' : undefined}
          size="md"
          fullWidth
          onClick={copy}
          leftSection={
            copied ? <IconCheck size={18} aria-hidden="true" /> : <IconCopy size={18} aria-hidden="true" />
          }
          data-testid={testId}
        >
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** The link and code, shown once, to send to the sitter: copy buttons and a text message ready to send. */
function InviteToSend({ invite, name, phone }: { invite: Invite; name: string; phone: string }) {
  const sms = `sms:${phone.replace(/[^+0-9]/g, '')}?&body=${encodeURIComponent(
    `Please open this link to confirm you are with me for my session: ${invite.link} (code ${invite.code})`,
  )}`;
  return (
    <Stack gap="sm" data-testid="sitter-invite">
      <Alert color="blue" variant="light" title={`Send this to ${name} now`}>
        It is shown only once. {name} opens the link on their own phone, or types the code, and confirms that
        they are with you.
      </Alert>
      <Text fw={600}>The link</Text>
      <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="sitter-link">
        {invite.link}
      </Code>
      <Copy value={invite.link} label="Copy the link" testId="copy-link" />
      <Text fw={600}>The code</Text>
      <Text
        fz={28}
        fw={700}
        ff="monospace"
        ta="center"
        data-testid="sitter-code"
        style={{ letterSpacing: 2 }}
      >
        {invite.code}
      </Text>
      <Copy value={invite.code} label="Copy the code" testId="copy-code" />
      <Button
        component="a"
        href={sms}
        size="md"
        variant="default"
        fullWidth
        leftSection={<IconMessage size={18} aria-hidden="true" />}
      >
        Send by text message
      </Button>
    </Stack>
  );
}

/**
 * Step 4: the sitter. The patient names a sober adult and their phone; Liminal makes a one-time link and
 * code, shown here once for the patient to send, then waits (the page polls) for the sitter to confirm from
 * their own phone. A lost message is replaced by a new link (the old code stops working).
 */
export function SitterStep({
  session,
  onBack,
  focusOnMount,
}: {
  session: AtHomeSession;
  onBack: () => void;
  focusOnMount: boolean;
}) {
  const [name, setName] = useState(session.sitter.name ?? '');
  const [phone, setPhone] = useState(session.sitter.phone ?? '');
  const [errors, setErrors] = useState<{ name?: string; phone?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const [invite, setInvite] = useState<Invite | null>(null);
  const [editing, setEditing] = useState(false);
  const invited = session.sitter.invitedAt !== null && !editing;

  const send = async (who: { name: string; phone: string }) => {
    const e: typeof errors = {};
    if (!who.name.trim()) e.name = 'Enter your sitter’s name';
    if (!who.phone.trim()) e.phone = 'Enter your sitter’s phone number';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setError(null);
    try {
      // Never queued: the code comes back only in this answer, so it needs the connection now.
      const made = await api.post(
        `${portalSessionPath(session.id)}/sitter`,
        { name: who.name.trim(), phone: who.phone.trim() },
        { schema: sitterInvite },
      );
      setInvite(made);
      void qc.invalidateQueries({ queryKey: atHomePortalKey });
      setEditing(false);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        const placed: typeof errors = {};
        for (const f of err.fieldErrors) {
          const k = f.field.replace(/^body\./, '');
          if (k === 'name' || k === 'phone') placed[k] = f.message;
        }
        setErrors(placed);
        if (Object.keys(placed).length === err.fieldErrors.length) return;
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const sitterName = session.sitter.name ?? name;
  return (
    <StepFrame
      step="sitter"
      title={invited || invite ? `Waiting for ${sitterName}` : 'Who is your sitter today?'}
      focusOnMount={focusOnMount}
      onBack={invite || invited ? undefined : onBack}
      next={
        invite || invited
          ? undefined
          : { label: 'Make the link', onClick: () => void send({ name, phone }), loading: busy }
      }
    >
      {invite ? (
        <InviteToSend invite={invite} name={sitterName} phone={session.sitter.phone ?? phone} />
      ) : null}
      {invite || invited ? (
        <Stack gap="sm">
          <Group gap="sm" wrap="nowrap" role="status" data-testid="waiting-for-sitter">
            <Loader size="sm" aria-hidden="true" />
            <Text>{`Waiting for ${sitterName} to confirm from their phone. This page updates by itself.`}</Text>
          </Group>
          {invite ? null : (
            <Text size="sm" c="dimmed">
              Did the message not arrive? Make a new link: the old one stops working.
            </Text>
          )}
          <Group gap="xs">
            <Button
              variant="default"
              loading={busy}
              onClick={() =>
                void send({ name: session.sitter.name ?? name, phone: session.sitter.phone ?? phone })
              }
            >
              Make a new link
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                setInvite(null);
                setEditing(true);
              }}
            >
              Change sitter
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text>
            A sober adult who stays with you for the whole session and can be reached by phone. They confirm
            from their own phone with a link you send them.
          </Text>
          <TextInput
            label="Your sitter’s name"
            size="md"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            withAsterisk
            leftSection={<IconUserCheck size={18} aria-hidden="true" />}
          />
          <TextInput
            label="Your sitter’s phone number"
            type="tel"
            inputMode="tel"
            size="md"
            autoComplete="off"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={errors.phone}
            withAsterisk
          />
        </Stack>
      )}
      <ErrorAlert error={error} title="The link could not be made" />
    </StepFrame>
  );
}
