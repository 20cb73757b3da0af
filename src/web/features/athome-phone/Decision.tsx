import { Alert, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconHandStop, IconPhone, IconPill } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { type AtHomeSession, sendPatient, usePatientWrites } from './patient-api';
import { NO_SHRINK, WRAP_BUTTON } from './styles';
import { clockTime, doseWords, plainTimes } from './words';

/** A clean check-in waiting for a clinician's go (or the signed order): the page polls until it comes. */
export function WaitingForGo({ session }: { session: AtHomeSession }) {
  const reasons = session.checkIn.decision?.reasons ?? [];
  return (
    <Stack gap="md" data-testid="awaiting-go">
      <Title order={2} size="h3">
        Your check-in is complete
      </Title>
      <Alert
        color="blue"
        variant="light"
        icon={<IconCircleCheck aria-hidden="true" />}
        title="Waiting for the go"
      >
        <Stack gap="xs">
          {reasons.length ? (
            reasons.map((r) => (
              <Text key={r} size="sm">
                {plainTimes(r)}
              </Text>
            ))
          ) : (
            <Text size="sm">A clinician will give the go shortly.</Text>
          )}
          <Text size="sm">Do not take the dose until this screen says you have the go.</Text>
        </Stack>
      </Alert>
      <Group gap="sm" wrap="nowrap" role="status">
        <Loader size="sm" aria-hidden="true" />
        <Text>Waiting for a clinician’s go. This page updates by itself.</Text>
      </Group>
    </Stack>
  );
}

/** A held session: the reasons in the patient's words and what to do, and the care team's number. */
export function Held({ session }: { session: AtHomeSession }) {
  const d = session.checkIn.decision;
  const reasons = [
    ...(session.hold?.kind === 'clinician' && session.hold.reason
      ? [`Your clinician put the session on hold: ${session.hold.reason}`]
      : []),
    ...(d?.outcome === 'hold' ? d.reasons : []),
  ];
  const onCall = session.help.onCallPhone;
  return (
    <Stack gap="md" data-testid="held">
      <Alert
        color="red"
        variant="light"
        icon={<IconHandStop aria-hidden="true" />}
        title="Your session is on hold: do not take the dose"
        role="alert"
      >
        <Stack gap="xs">
          {reasons.length ? (
            <List size="sm" spacing={4}>
              {reasons.map((r) => (
                <List.Item key={r}>{plainTimes(r)}</List.Item>
              ))}
            </List>
          ) : null}
          <Text size="sm">
            Your care team has been told and will call you. Keep your troches safe for another day.
          </Text>
        </Stack>
      </Alert>
      {onCall ? (
        <Button
          component="a"
          href={`tel:${onCall.replace(/[^+0-9]/g, '')}`}
          size="lg"
          variant="default"
          fullWidth
          styles={WRAP_BUTTON}
          leftSection={<IconPhone size={20} aria-hidden="true" />}
        >
          {`Call your care team: ${onCall}`}
        </Button>
      ) : null}
    </Stack>
  );
}

/**
 * The go: the prescriber's order for this session, in words ("Take 2 troches (200 mg) as prescribed"), and
 * "I have taken my dose", which records the time and the order's troche count (the patient never chooses).
 */
export function GoTakeDose({ session }: { session: AtHomeSession }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const waiting = usePatientWrites(session.id).some((w) => w.answers === 'dose' && w.status === 'pending');
  const order = session.order;
  const by = session.go?.kind === 'clinician' && session.go.by?.name ? ` from ${session.go.by.name}` : '';
  const taken = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendPatient(session.id, {
        method: 'POST',
        path: '/dose-taken',
        body: {},
        label: `Dose taken (${order ? doseWords(order) : 'as ordered'})`,
        answers: 'dose',
      });
      setConfirming(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md" data-testid="go">
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden="true" />}
        title={`You have the go${by}`}
      >
        {session.go ? `Given at ${clockTime(session.go.at)}. ` : ''}Your sitter stays with you for the whole
        session.
      </Alert>
      {order ? (
        <Card withBorder radius="md" padding="lg">
          <Group gap="sm" wrap="nowrap" align="start">
            <IconPill size={28} aria-hidden="true" style={NO_SHRINK} />
            <Stack gap={4}>
              <Text fz="xl" fw={700} data-testid="dose-order">
                {`Take ${doseWords(order)} as prescribed`}
              </Text>
              <Text size="sm" c="dimmed">
                {`${order.productName ?? 'Ketamine troche'}, signed by ${order.signedBy.name ?? 'your prescriber'}. Let them dissolve as your care team showed you.`}
              </Text>
            </Stack>
          </Group>
        </Card>
      ) : (
        <Alert color="red" variant="light" title="There is no signed order for this session">
          Do not take a dose. Call your care team.
        </Alert>
      )}
      {waiting ? null : (
        <Button
          size="xl"
          fullWidth
          styles={WRAP_BUTTON}
          disabled={!order}
          onClick={() => setConfirming(true)}
        >
          I have taken my dose
        </Button>
      )}
      <ConfirmModal
        opened={confirming}
        title="Record your dose"
        confirmLabel="Yes, I have taken it"
        loading={busy}
        error={error}
        onConfirm={() => void taken()}
        onClose={() => setConfirming(false)}
      >
        {order
          ? `This records that you took ${doseWords(order)} now, at ${clockTime(new Date().toISOString())}. Your check-ins start from this time.`
          : ''}
      </ConfirmModal>
    </Stack>
  );
}
