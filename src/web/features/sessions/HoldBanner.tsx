import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconHandStop, IconHeartbeat, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { ruleFor } from './entries';
import { RuleAlert } from './RuleAlert';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

/**
 * The pre-dose hold (DOMAIN §3): no dose until a re-check passes or a prescriber overrides with a reason.
 * The banner names each rule and offers both ways out.
 */
export function HoldBanner({ state, onRecheck }: { state: ConsoleState; onRecheck: () => void }) {
  const { session, permissions } = state;
  const qc = useQueryClient();
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const override = useMutation({
    mutationFn: () =>
      api.post(`${sessionPath(session.patientId, session.id)}/hold-override`, { reason: reason.trim() }),
    onSuccess: async () => {
      setOverriding(false);
      setReason('');
      await qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) });
    },
  });

  if (!session.hold) {
    if (!session.holdOverride) return null;
    const o = session.holdOverride;
    return (
      <Alert
        color="yellow"
        variant="light"
        icon={<IconShieldCheck aria-hidden="true" />}
        title="Pre-dose hold overridden"
        data-testid="hold-overridden"
      >
        By {o.byName ?? 'a prescriber'} at {formatTime(o.at)}. Reason: {o.reason}
      </Alert>
    );
  }

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      style={{ borderColor: 'var(--mantine-color-red-7)', borderWidth: 3 }}
      component="section"
      aria-labelledby="hold-heading"
      data-testid="hold-banner"
    >
      <Stack gap="sm">
        <Group gap="sm">
          <IconHandStop size={32} aria-hidden="true" color="var(--mantine-color-red-7)" />
          <Title order={2} size="h3" id="hold-heading">
            Hold: do not dose
          </Title>
          <Text size="lg">since {formatTime(session.hold.since)}</Text>
        </Group>
        {session.hold.rules.map((f) => (
          <RuleAlert key={f.ruleId} fired={f} rule={ruleFor(state.rules, f.ruleId)} route={session.route} />
        ))}
        <Group>
          {permissions.canRun ? (
            <Button
              size="lg"
              leftSection={<IconHeartbeat size={20} aria-hidden="true" />}
              onClick={onRecheck}
            >
              Re-check vitals
            </Button>
          ) : null}
          {permissions.canOrder ? (
            <Button size="lg" variant="default" onClick={() => setOverriding(true)}>
              Override with a reason
            </Button>
          ) : (
            <Text c="dimmed">Only a prescriber can override a hold.</Text>
          )}
        </Group>
      </Stack>
      <Modal
        opened={overriding}
        onClose={() => setOverriding(false)}
        title="Override the pre-dose hold"
        centered
        size="lg"
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) override.mutate();
          }}
        >
          <Stack>
            <Text>
              The dose may then be ordered despite the hold. Your name, the time and this reason are recorded
              in the session record.
            </Text>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={3}
              data-autofocus
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <ErrorAlert error={override.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOverriding(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={override.isPending} disabled={!reason.trim()}>
                Override the hold
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
