import { Alert, Button, Group, List, NativeSelect, Stack, Text } from '@mantine/core';
import { IconClockPause, IconTrash, IconVaccine } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  administrationHeadline,
  administrationText,
  ESKETAMINE_MG_PER_DEVICE,
  ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES,
  ESKETAMINE_SOURCE,
} from '../../../domain/dosing';
import { formatCountdown, formatTime, num } from '../../lib/format';
import { MET } from '../courses/labels';
import { WasteDialog } from '../ledger/DisposalDialogs';
import { localToday, qty } from '../ledger/format';
import { productOf } from '../ledger/parts';
import {
  DoseSourcePicker,
  ELSEWHERE,
  rememberSafe,
  type SourceChoice,
  SUPPLIED_BY_ID,
  useDoseSources,
} from './DoseSource';
import { onSaved, type QueuedWrite } from './offline-queue';
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
  data: Record<string, unknown>;
  pending: boolean;
}

interface NextDose {
  mg: number;
  phase: 'bolus' | 'infusion_start' | 'infusion_stop' | 'device';
  deviceNumber?: number;
  product?: string;
}

/**
 * Administrations: the injection, troche or tablet, IV start and stop, esketamine devices 5 minutes apart.
 * Each dose names where it comes from (a container of the clinic's stock, drawn from the ledger in the same
 * save, or a product supplied elsewhere and by whom); a single-use container's rest is then wasted here, in
 * front of a witness.
 */
export function AdministrationPanel({ state, queued }: { state: ConsoleState; queued: QueuedWrite[] }) {
  const { session, permissions } = state;
  // The device countdown ticks each second; other routes need no clock.
  const now = useNow(session.route === 'esketamine' ? 1000 : 60_000);
  const order = session.order;
  const [params] = useSearchParams();
  const [site, setSite] = useState(SITES[session.route]?.[0] ?? '');
  const [choice, setChoice] = useState<SourceChoice>({ key: null, elsewhereSource: '', elsewhereLot: '' });
  const [errors, setErrors] = useState<{ source?: string; elsewhere?: string }>({});
  const [waste, setWaste] = useState<{ containerId: string; quantityUg: number } | null>(null);

  const saved: Given[] = state.entries
    .filter((e) => e.kind === 'administration' && !e.correctedBy)
    .map((e) => ({ at: e.at, data: e.data, pending: false }));
  const waiting: Given[] = queued
    .filter((q) => q.path.endsWith('/administrations') && q.status === 'pending')
    .map((q) => ({ at: String(q.body.at), data: q.body, pending: true }));
  const given = [...saved, ...waiting].sort((a, b) => a.at.localeCompare(b.at));
  const total = given
    .filter((g) => g.data.phase !== 'infusion_stop')
    .reduce((n, g) => n + Number(g.data.mg), 0);
  const canGive = permissions.canRun && !session.locked && session.status !== 'discharged';
  const complete = order
    ? session.route === 'iv'
      ? given.some((g) => g.data.phase === 'infusion_stop')
      : total >= order.mg - 1e-9
    : false;

  // The next thing to give, by route.
  let next: NextDose | null = null;
  if (order && canGive && !complete) {
    if (session.route === 'esketamine')
      next = { mg: ESKETAMINE_MG_PER_DEVICE, phase: 'device', deviceNumber: given.length + 1 };
    else if (session.route === 'iv')
      next = given.some((g) => g.data.phase === 'infusion_start')
        ? { mg: order.mg, phase: 'infusion_stop' }
        : { mg: order.mg, phase: 'infusion_start' };
    else next = { mg: Math.round((order.mg - total) * 1000) / 1000, phase: 'bolus' };
  }
  const draws = next !== null && next.phase !== 'infusion_stop';
  // Containers this session drew from (saved or still on its way), for the single-use waste prompt.
  const drawnHere = new Set(
    given.map((g) => g.data.containerId).filter((x): x is string => typeof x === 'string'),
  );
  const stock = useDoseSources(
    session.route,
    Math.round((next?.mg ?? 0) * 1000),
    permissions.canDraw && !session.locked && (draws || drawnHere.size > 0),
    params.get('container'),
  );
  const usable = (stock.sources ?? []).filter((s) => !s.unusable);
  const pinned = usable.find((s) => s.containerId === params.get('container'));
  const chosenKey =
    choice.key === ELSEWHERE || usable.some((s) => s.key === choice.key)
      ? choice.key
      : permissions.canDraw
        ? ((pinned ?? usable[0])?.key ?? null)
        : null;
  const chosen = usable.find((s) => s.key === chosenKey);

  // A dose that left the rest of a single-use container asks for its witnessed waste at once.
  useEffect(
    () =>
      onSaved(({ item, response }) => {
        const r = response as { wasteRequired?: { containerId: string; quantityUg: number } | null };
        if (item.sessionId === session.id && item.path.endsWith('/administrations') && r?.wasteRequired)
          setWaste(r.wasteRequired);
      }),
    [session.id],
  );
  // …and while it is not recorded, the console keeps saying so (after a reload too).
  const restToWaste = (stock.containers ?? []).filter(
    (c) => c.singleUse && c.opened && c.balanceUg > 0 && drawnHere.has(c.id),
  );
  const wasteContainer = waste ? stock.containers?.find((c) => c.id === waste.containerId) : undefined;

  const give = (body: NextDose, label: string) => {
    if (body.phase !== 'infusion_stop') {
      if (!chosenKey) {
        setErrors({ source: 'Choose the container the dose is drawn from, or “Supplied elsewhere”' });
        return;
      }
      if (chosenKey === ELSEWHERE && !choice.elsewhereSource.trim()) {
        setErrors({ elsewhere: 'Say who supplied it (pharmacy, kit or prescription)' });
        requestAnimationFrame(() => document.getElementById(SUPPLIED_BY_ID)?.focus());
        return;
      }
    }
    setErrors({});
    const from =
      body.phase === 'infusion_stop'
        ? {}
        : chosenKey === ELSEWHERE
          ? {
              suppliedElsewhere: { source: choice.elsewhereSource.trim() },
              ...(choice.elsewhereLot.trim() ? { lot: choice.elsewhereLot.trim() } : {}),
            }
          : { containerId: chosen?.containerId };
    if (chosen && chosenKey !== ELSEWHERE) rememberSafe(chosen.locationId);
    recordAdministration(
      session.patientId,
      session.id,
      { ...body, ...(site ? { site } : {}), ...from },
      label,
    );
  };
  const headline = (n: NextDose) =>
    administrationHeadline(session.route, { ...n, form: chosenKey === ELSEWHERE ? null : chosen?.form });

  let action: ReactNode = null;
  if (next && session.route === 'esketamine' && order) {
    const devices = Math.round(order.mg / ESKETAMINE_MG_PER_DEVICE);
    const last = given.at(-1);
    const waitMs = last ? Date.parse(last.at) + ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES * 60_000 - now : 0;
    const device = next;
    action = (
      <Stack gap="xs">
        <Button
          size="xl"
          leftSection={<IconVaccine size={24} aria-hidden="true" />}
          disabled={waitMs > 0}
          w="fit-content"
          onClick={() => give(device, headline(device))}
        >
          Nasal device {device.deviceNumber} of {devices} used
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
  } else if (next?.phase === 'infusion_stop') {
    const stop = next;
    action = (
      <Button size="xl" color="gray" w="fit-content" onClick={() => give(stop, headline(stop))}>
        Stop infusion ({num(stop.mg)} mg infused)
      </Button>
    );
  } else if (next?.phase === 'infusion_start' && order) {
    const start = next;
    action = (
      <Button
        size="xl"
        w="fit-content"
        leftSection={<IconVaccine size={24} aria-hidden="true" />}
        onClick={() => give(start, headline(start))}
      >
        Start IV infusion ({num(start.mg)} mg
        {order.infusionMinutes ? ` over ${order.infusionMinutes} min` : ''})
      </Button>
    );
  } else if (next) {
    const dose = next;
    action = (
      <Button
        size="xl"
        w="fit-content"
        leftSection={<IconVaccine size={24} aria-hidden="true" />}
        onClick={() => give(dose, headline(dose))}
      >
        {headline(dose)}
      </Button>
    );
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
            <List.Item key={`${g.at}-${String(g.data.phase)}-${String(g.data.deviceNumber ?? '')}`}>
              <Group gap="xs" wrap="wrap">
                <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatTime(g.at)}
                </Text>
                <Text size="lg">{administrationText(session.route, g.data as never)}</Text>
                {g.pending ? <PendingBadge /> : null}
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
      {restToWaste.map((c) => (
        <Alert
          key={c.id}
          color="orange"
          variant="light"
          icon={<IconTrash aria-hidden="true" />}
          title={`Waste the rest of ${c.label}`}
          data-testid="waste-due"
        >
          <Stack gap="xs" align="flex-start">
            <Text>
              A single-use container: the {qty(c.balanceUg, productOf(stock.products, c)?.strengthUgPerMl)}{' '}
              not given is wasted in front of a witness, who confirms on this screen.
            </Text>
            <Button
              variant="default"
              onClick={() => setWaste({ containerId: c.id, quantityUg: c.balanceUg })}
            >
              Record the waste
            </Button>
          </Stack>
        </Alert>
      ))}
      {draws ? (
        <Stack gap="md">
          {(SITES[session.route]?.length ?? 0) > 1 ? (
            <NativeSelect
              size="lg"
              label="Site"
              data={SITES[session.route] ?? []}
              value={site}
              onChange={(e) => setSite(e.currentTarget.value)}
              w="fit-content"
            />
          ) : null}
          <DoseSourcePicker
            sources={stock.sources}
            loading={stock.loading}
            error={stock.error}
            canDraw={permissions.canDraw}
            today={localToday()}
            value={{ ...choice, key: chosenKey }}
            onChange={(v) => {
              setChoice(v);
              setErrors({});
            }}
            errors={errors}
          />
        </Stack>
      ) : null}
      {action}
      {waste && wasteContainer ? (
        <WasteDialog
          key={waste.containerId}
          container={{ ...wasteContainer, balanceUg: waste.quantityUg, opened: true }}
          product={productOf(stock.products, wasteContainer)}
          today={localToday()}
          quantityUg={waste.quantityUg}
          onClose={() => setWaste(null)}
        />
      ) : null}
    </Section>
  );
}
