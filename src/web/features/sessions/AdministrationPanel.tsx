import { Button, Group, List, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { IconClockPause, IconVaccine } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import {
  ESKETAMINE_MG_PER_DEVICE,
  ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES,
  ESKETAMINE_SOURCE,
} from '../../../domain/dosing';
import { formatCountdown, formatTime, num } from '../courses/format';
import { MET } from '../courses/labels';
import { entrySummary } from './entries';
import type { QueuedWrite } from './offline-queue';
import { PendingBadge } from './PendingBadge';
import { recordAdministration } from './record';
import { Section } from './Section';
import type { ConsoleState } from './session-query';
import { useNow } from './use-now';

const SITES: Record<string, string[]> = {
  im: [
    'Left deltoid',
    'Right deltoid',
    'Left thigh (vastus lateralis)',
    'Right thigh (vastus lateralis)',
    'Gluteal',
  ],
  iv: ['Left forearm', 'Right forearm', 'Left antecubital', 'Right antecubital', 'Hand'],
  sublingual: ['Sublingual'],
  oral: ['Oral'],
  esketamine: ['Both nostrils'],
};
const WAITING = { label: 'Waiting', color: 'yellow', Icon: IconClockPause };

interface Given {
  at: string;
  mg: number;
  phase: string;
  deviceNumber?: number;
  pending: boolean;
}

/** Administrations: the injection or troche, IV start and stop, esketamine devices 5 minutes apart. */
export function AdministrationPanel({ state, queued }: { state: ConsoleState; queued: QueuedWrite[] }) {
  const { session, permissions } = state;
  // The device countdown ticks each second; other routes need no clock.
  const now = useNow(session.route === 'esketamine' ? 1000 : 60_000);
  const order = session.order;
  const [site, setSite] = useState(SITES[session.route]?.[0] ?? '');
  const [lot, setLot] = useState('');
  const saved: Given[] = state.entries
    .filter((e) => e.kind === 'administration' && !e.correctedBy)
    .map((e) => ({
      at: e.at,
      mg: Number(e.data.mg),
      phase: String(e.data.phase),
      deviceNumber: e.data.deviceNumber ? Number(e.data.deviceNumber) : undefined,
      pending: false,
    }));
  const waiting: Given[] = queued
    .filter((q) => q.path.endsWith('/administrations') && q.status === 'pending')
    .map((q) => ({
      at: String(q.body.at),
      mg: Number(q.body.mg),
      phase: String(q.body.phase),
      deviceNumber: q.body.deviceNumber as number | undefined,
      pending: true,
    }));
  const given = [...saved, ...waiting].sort((a, b) => a.at.localeCompare(b.at));
  const total = given.filter((g) => g.phase !== 'infusion_stop').reduce((n, g) => n + g.mg, 0);
  const canGive = permissions.canRun && !session.locked && session.status !== 'discharged';
  const complete = order
    ? session.route === 'iv'
      ? given.some((g) => g.phase === 'infusion_stop')
      : total >= order.mg - 1e-9
    : false;
  const common = { ...(site ? { site } : {}), ...(lot.trim() ? { lot: lot.trim() } : {}) };

  const give = (
    body: { mg: number; phase: string; deviceNumber?: number; product?: string },
    label: string,
  ) => recordAdministration(session.patientId, session.id, { ...body, ...common }, label);

  let action: ReactNode = null;
  if (order && canGive && !complete) {
    if (session.route === 'esketamine') {
      const devices = Math.round(order.mg / ESKETAMINE_MG_PER_DEVICE);
      const next = given.length + 1;
      const last = given.at(-1);
      const waitMs = last ? Date.parse(last.at) + ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES * 60_000 - now : 0;
      action = (
        <Stack gap="xs">
          <Button
            size="xl"
            leftSection={<IconVaccine size={24} aria-hidden="true" />}
            disabled={waitMs > 0}
            w="fit-content"
            onClick={() =>
              give(
                {
                  mg: ESKETAMINE_MG_PER_DEVICE,
                  phase: 'device',
                  deviceNumber: next,
                  product: 'Spravato 28 mg nasal spray device',
                },
                `Device ${next} given`,
              )
            }
          >
            Device {next} of {devices} given
          </Button>
          {waitMs > 0 ? (
            <Text size="xl" fw={700} data-testid="device-countdown" aria-live="off">
              Next device in {formatCountdown(waitMs)}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES} minutes between devices ({ESKETAMINE_SOURCE}).
          </Text>
        </Stack>
      );
    } else if (session.route === 'iv') {
      const started = given.some((g) => g.phase === 'infusion_start');
      action = started ? (
        <Button
          size="xl"
          color="gray"
          w="fit-content"
          onClick={() => give({ mg: order.mg, phase: 'infusion_stop' }, 'Infusion stopped')}
        >
          Stop infusion ({num(order.mg)} mg infused)
        </Button>
      ) : (
        <Button
          size="xl"
          w="fit-content"
          leftSection={<IconVaccine size={24} aria-hidden="true" />}
          onClick={() => give({ mg: order.mg, phase: 'infusion_start' }, 'Infusion started')}
        >
          Start infusion ({num(order.mg)} mg
          {order.infusionMinutes ? ` over ${order.infusionMinutes} min` : ''})
        </Button>
      );
    } else {
      action = (
        <Button
          size="xl"
          w="fit-content"
          leftSection={<IconVaccine size={24} aria-hidden="true" />}
          onClick={() =>
            give({ mg: order.mg - total, phase: 'bolus' }, `Dose given: ${num(order.mg - total)} mg`)
          }
        >
          {session.route === 'im' ? 'Injection given' : 'Dose given'}: {num(order.mg - total)} mg
        </Button>
      );
    }
  }

  return (
    <Section
      id="administration"
      title="Administration"
      look={complete ? { ...MET, label: 'Given' } : WAITING}
    >
      {!order ? <Text size="lg">After the dose order is signed.</Text> : null}
      {given.length ? (
        <List spacing="xs" listStyleType="none" data-testid="administrations">
          {given.map((g) => (
            <List.Item key={`${g.at}-${g.phase}-${g.deviceNumber ?? ''}`}>
              <Group gap="xs" wrap="wrap">
                <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatTime(g.at)}
                </Text>
                <Text size="lg">{entrySummary('administration', { ...g })}</Text>
                {g.pending ? <PendingBadge /> : null}
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
      {order && canGive && !complete ? (
        <Group wrap="wrap" align="flex-end">
          {(SITES[session.route]?.length ?? 0) > 1 ? (
            <NativeSelect
              size="lg"
              label="Site"
              data={SITES[session.route] ?? []}
              value={site}
              onChange={(e) => setSite(e.currentTarget.value)}
            />
          ) : null}
          <TextInput
            size="lg"
            label="Lot number"
            value={lot}
            onChange={(e) => setLot(e.currentTarget.value)}
            w={200}
          />
        </Group>
      ) : null}
      {action}
    </Section>
  );
}
