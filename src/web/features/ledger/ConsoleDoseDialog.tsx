import { Alert, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconStethoscope } from '@tabler/icons-react';
import { Link } from 'react-router';
import { productMisfit } from '../../../domain/dosing';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatTime } from '../../lib/format';
import { lookOf, routeLabel, SESSION_STATUS } from '../courses/labels';
import { useActiveSessions } from '../sessions/session-query';
import type { ContainerDialogProps } from './DoseDialogs';
import { ContainerContext } from './parts';

/**
 * "Administer a dose…" from a container: a dose is recorded in the dosing session's console, where the
 * session entry and the ledger's ADMINISTER are saved together (one record, no double entry). Here the nurse
 * picks the patient's open session by name and the console opens with this container chosen.
 */
export function ConsoleDoseDialog({ container: c, product, today, onClose }: ContainerDialogProps) {
  const active = useActiveSessions(true);
  const open = (active.data?.sessions ?? []).filter((s) => s.status !== 'discharged');
  const fits = (route: string) =>
    !product ||
    productMisfit(route, { name: product.name, substance: product.substance, form: product.form }) === null;
  const fitting = open.filter((s) => fits(s.route));
  const others = open.length - fitting.length;
  return (
    <Modal opened onClose={onClose} title="Give a dose in the session console" size="lg" centered>
      <Stack gap="md">
        <ContainerContext c={c} product={product} today={today} />
        <Text>
          A dose is recorded in the patient’s dosing session: the session record and this ledger get it
          together, in one save. Choose the session; its console opens with container {c.label} chosen.
        </Text>
        {active.isPending ? <Loading label="Loading the open sessions" /> : null}
        <ErrorAlert error={active.error} title="Could not load the open sessions" />
        {active.data && fitting.length === 0 ? (
          <Alert
            color="gray"
            variant="light"
            icon={<IconInfoCircle aria-hidden="true" />}
            title="No open session can use this container"
          >
            {others
              ? `${others} open session${others === 1 ? ' needs' : 's need'} another product. `
              : 'No dosing session is open. '}
            Start the session from the patient’s course (Today lists the day’s dosing visits); its console
            then offers the stock that fits.
          </Alert>
        ) : null}
        <Stack gap="xs" data-testid="open-sessions">
          {fitting.map((s) => {
            const look = lookOf(SESSION_STATUS, s.status);
            return (
              <Paper key={s.id} withBorder radius="md" p="sm" data-testid="open-session">
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <div>
                    <Text fw={700} size="lg">
                      {s.patientName}
                    </Text>
                    <Text size="sm">
                      {routeLabel(s.route)} · {look.label} · started {formatTime(s.startedAt)}
                    </Text>
                  </div>
                  <Button
                    component={Link}
                    to={`/app/patients/${s.patientId}/sessions/${s.id}?container=${encodeURIComponent(c.id)}`}
                    leftSection={<IconStethoscope size={18} aria-hidden="true" />}
                    aria-label={`Open ${s.patientName}’s session console with container ${c.label}`}
                  >
                    Open the console
                  </Button>
                </Group>
              </Paper>
            );
          })}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
