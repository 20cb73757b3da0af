import { Alert, Anchor, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconFileTypePdf, IconLock, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { AddendumForm } from '../../components/AddendumForm';
import { ConfirmModal } from '../../components/ConfirmModal';
import { api } from '../../lib/api';
import { formatDateTime, formatTime, num } from '../../lib/format';
import { MET, routeLabel } from '../courses/labels';
import { Section } from './Section';
import { type ConsoleState, consoleKey, remsUrl, sessionPath } from './session-query';

/** "1 sedation rating", "2 sedation ratings". */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function Summary({ state }: { state: ConsoleState }) {
  const { session, entries } = state;
  const live = entries.filter((e) => !e.correctedBy);
  const count = (kind: string) => live.filter((e) => e.kind === kind).length;
  const alerts = live.reduce((n, e) => n + e.alerts.length, 0);
  const d = session.discharge as { totalMonitoringMinutes?: number; escortName?: string } | null;
  return (
    <List spacing={4}>
      <List.Item>
        {session.patientName}, session {session.number}, {routeLabel(session.route)}
      </List.Item>
      <List.Item>
        Dose:{' '}
        {session.order
          ? `${num(session.order.mg)} mg (${num(session.order.mgPerKg, 3)} mg/kg), ordered by ${session.order.orderedByName ?? 'the prescriber'}`
          : 'none'}
        ; first given {formatTime(session.firstDoseAt)}
      </List.Item>
      <List.Item>
        {[
          plural(count('vitals'), 'vital-sign reading'),
          plural(count('sedation'), 'sedation rating'),
          plural(alerts, 'rule alert'),
          plural(count('adverse_event'), 'adverse event'),
          ...(entries.some((e) => e.correctsId)
            ? [plural(entries.filter((e) => e.correctsId).length, 'correction')]
            : []),
        ].join(', ')}
      </List.Item>
      <List.Item>
        Discharged {formatTime(session.dischargedAt)} with {d?.escortName ?? 'an escort'} after{' '}
        {d?.totalMonitoringMinutes ?? '—'} minutes
      </List.Item>
      <List.Item>Therapist narrative: {session.narrative ? 'written' : 'not written'}</List.Item>
    </List>
  );
}

/** Sign and lock (prescriber), then addenda only; links to the printable record and the REMS record. */
export function SignPanel({ state }: { state: ConsoleState }) {
  const { session, permissions } = state;
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [body, setBody] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) });
  const sign = useMutation({
    mutationFn: () => api.post(`${sessionPath(session.patientId, session.id)}/sign`, {}),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const addendum = useMutation({
    mutationFn: () =>
      api.post(`${sessionPath(session.patientId, session.id)}/addenda`, { body: body.trim() }),
    onSuccess: async () => {
      setBody('');
      await refresh();
    },
  });

  return (
    <Section
      id="sign"
      title="Record"
      look={session.locked ? { ...MET, label: 'Signed and locked', Icon: IconLock } : undefined}
    >
      {session.locked ? (
        <Alert
          color="green"
          variant="light"
          icon={<IconLock aria-hidden="true" />}
          data-testid="session-locked"
          title="Signed and locked"
        >
          By {session.signedByName ?? 'the prescriber'} on {formatDateTime(session.signedAt)}. Nothing in this
          record can change; add an addendum to correct or add to it.
        </Alert>
      ) : session.dischargedAt ? (
        permissions.canSign ? (
          <Group>
            <Button
              size="lg"
              leftSection={<IconSignature size={20} aria-hidden="true" />}
              onClick={() => setConfirming(true)}
            >
              Sign and lock the record
            </Button>
          </Group>
        ) : (
          <Text size="lg">Discharged. The prescriber signs and locks the record.</Text>
        )
      ) : (
        <Text c="dimmed">After discharge, the prescriber signs and locks the record.</Text>
      )}

      <Group gap="lg">
        <Anchor
          href={`${sessionPath(session.patientId, session.id)}/record.pdf`}
          target="_blank"
          rel="noopener"
        >
          <IconFileTypePdf size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> Session
          record (PDF)
        </Anchor>
        {session.route === 'esketamine' ? (
          <Anchor component={Link} to={remsUrl(session.patientId, session.id)}>
            Esketamine REMS monitoring record
          </Anchor>
        ) : null}
      </Group>

      {session.locked ? (
        <Stack gap="sm">
          <Text fw={600}>Addenda</Text>
          {state.addenda.length === 0 ? <Text c="dimmed">No addenda.</Text> : null}
          {state.addenda.map((a) => (
            <Paper key={a.id} withBorder radius="md" p="sm" data-testid="session-addendum">
              <Text size="sm" c="dimmed">
                {a.authorName ?? 'Unknown'} · {formatDateTime(a.createdAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Text>
            </Paper>
          ))}
          {permissions.canNarrate ? (
            <AddendumForm
              value={body}
              onChange={setBody}
              minRows={2}
              saving={addendum.isPending}
              error={addendum.error}
              onAdd={() => addendum.mutate()}
            />
          ) : null}
        </Stack>
      ) : null}

      <ConfirmModal
        opened={confirming}
        title="Sign and lock this session record?"
        confirmLabel="Sign and lock"
        loading={sign.isPending}
        error={sign.error}
        onConfirm={() => sign.mutate()}
        onClose={() => {
          sign.reset();
          setConfirming(false);
        }}
      >
        <Stack gap="xs">
          <Text>This will be recorded, signed by you now, and locked:</Text>
          <Summary state={state} />
          <Text>Afterwards nothing can change; corrections become addenda.</Text>
        </Stack>
      </ConfirmModal>
    </Section>
  );
}
