import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconClockPause, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, api } from '../../lib/api';
import { formatTime, num } from '../../lib/format';
import { MET, routeLabel } from '../courses/labels';
import { percent, previewDose } from './dose';
import { PreviousDoses } from './PreviousDoses';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';

const WAITING = { label: 'Waiting', color: 'yellow', Icon: IconClockPause };

function OrderSummary({ state }: { state: ConsoleState }) {
  const o = state.session.order;
  if (!o) return null;
  return (
    <Stack gap="xs" data-testid="order-summary">
      <Text fz="1.75rem" fw={700} lh={1.2}>
        {num(o.mg)} mg {routeLabel(o.route)}
      </Text>
      <Text size="lg">
        {num(o.mgPerKg, 3)} mg/kg × {num(o.weightKg, 1)} kg today · about {num(o.bioavailableMg, 1)} mg
        reaches the circulation (F {percent(o.bioavailability)})
        {o.infusionMinutes ? ` · infused over ${o.infusionMinutes} min` : ''}
      </Text>
      <Text>
        Signed by {o.orderedByName ?? 'the prescriber'} at {formatTime(o.signedAt)}.
      </Text>
      {o.warnings.length ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="Warnings the prescriber acknowledged"
        >
          <List size="sm">
            {o.warnings.map((w) => (
              <List.Item key={w.limitId}>
                {w.message.includes(w.source) ? w.message : `${w.message} — source: ${w.source}`}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The prescriber's dose order: mg or mg/kg × today's weight, checked against the clinic's limits, then signed. */
export function OrderPanel({ state }: { state: ConsoleState }) {
  const { session, permissions } = state;
  const qc = useQueryClient();
  const esketamine = session.route === 'esketamine';
  const [unit, setUnit] = useState<'mg' | 'mgPerKg'>(esketamine ? 'mg' : 'mgPerKg');
  const [amount, setAmount] = useState(esketamine ? '56' : '');
  const [minutes, setMinutes] = useState('40');
  const [ack, setAck] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const weight = session.weightKg ?? 0;
  const preview = previewDose(session.route, unit, Number(amount.replace(',', '.')), weight);

  const order = useMutation({
    mutationFn: () =>
      api.post(`${sessionPath(session.patientId, session.id)}/order`, {
        ...(unit === 'mg'
          ? { mg: Number(amount.replace(',', '.')) }
          : { mgPerKg: Number(amount.replace(',', '.')) }),
        ...(session.route === 'iv' ? { infusionMinutes: Number(minutes) } : {}),
        acknowledgeWarnings: ack,
      }),
    onSuccess: async () => {
      setConfirming(false);
      await qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) });
    },
    onError: () => setConfirming(false),
  });
  const err = order.error instanceof ApiError ? order.error : null;
  const needsAck = err?.status === 409 && Array.isArray(err.body.warnings);
  const limitErrors = err?.status === 422 ? err.fieldErrors.map((f) => f.message) : [];

  const done = Boolean(session.order);
  const blockers = [
    !session.checklist || !session.weightKg ? 'the pre-dose checklist with today’s weight' : null,
    session.hold ? 'the pre-dose hold to clear (a passing re-check or an override)' : null,
  ].filter(Boolean);

  return (
    <Section id="order" title="Dose order" look={done ? { ...MET, label: 'Signed' } : WAITING}>
      {done ? <OrderSummary state={state} /> : null}
      {!done && blockers.length ? <Text size="lg">Waiting for {blockers.join(' and ')}.</Text> : null}
      {!done && !blockers.length && !permissions.canOrder ? (
        <Text size="lg">Ready for the prescriber to order and sign the dose.</Text>
      ) : null}
      {!done && !blockers.length && permissions.canOrder && !session.locked ? (
        <form
          noValidate
          aria-label="Dose order"
          onSubmit={(e) => {
            e.preventDefault();
            if (preview) setConfirming(true);
          }}
        >
          <Stack>
            {esketamine ? (
              <Stack gap={4}>
                <Text fw={600} id="esk-dose">
                  Dose (28 mg per device)
                </Text>
                <SegmentedControl
                  aria-labelledby="esk-dose"
                  size="lg"
                  value={amount}
                  onChange={setAmount}
                  data={[
                    { value: '56', label: '56 mg (2 devices)' },
                    { value: '84', label: '84 mg (3 devices)' },
                  ]}
                />
              </Stack>
            ) : (
              <Group align="flex-end" wrap="wrap">
                <Stack gap={4}>
                  <Text fw={600} id="dose-unit">
                    Order in
                  </Text>
                  <SegmentedControl
                    aria-labelledby="dose-unit"
                    size="lg"
                    value={unit}
                    onChange={(v) => setUnit(v as 'mg')}
                    data={[
                      { value: 'mgPerKg', label: 'mg/kg' },
                      { value: 'mg', label: 'mg' },
                    ]}
                  />
                </Stack>
                <TextInput
                  label={unit === 'mg' ? 'Dose (mg)' : 'Dose (mg/kg)'}
                  inputMode="decimal"
                  size="lg"
                  w={180}
                  value={amount}
                  onChange={(e) => setAmount(e.currentTarget.value)}
                />
                {session.route === 'iv' ? (
                  <TextInput
                    label="Infusion time (min)"
                    inputMode="numeric"
                    size="lg"
                    w={180}
                    value={minutes}
                    onChange={(e) => setMinutes(e.currentTarget.value)}
                  />
                ) : null}
              </Group>
            )}
            <Text size="lg" data-testid="dose-preview" aria-live="polite">
              {preview
                ? `= ${num(preview.mg)} mg (${num(preview.mgPerKg, 3)} mg/kg × ${num(weight, 1)} kg today)${preview.bioavailableMg !== null && preview.f !== null ? ` · about ${num(preview.bioavailableMg, 1)} mg reaches the circulation (F ${percent(preview.f)}, ${routeLabel(session.route)})` : ''}`
                : 'Enter the dose.'}
            </Text>
            {limitErrors.length ? (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title="The order breaks a clinic limit"
                icon={<IconAlertTriangle aria-hidden="true" />}
              >
                <List size="sm">
                  {limitErrors.map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
              </Alert>
            ) : null}
            {needsAck ? (
              <Alert
                color="yellow"
                variant="light"
                title="Acknowledge before signing"
                icon={<IconAlertTriangle aria-hidden="true" />}
              >
                <Stack gap="xs">
                  <List size="sm">
                    {err?.fieldErrors.map((f) => (
                      <List.Item key={f.message}>{f.message}</List.Item>
                    ))}
                  </List>
                  <Checkbox
                    size="md"
                    label="I have reviewed these warnings and order this dose"
                    checked={ack}
                    onChange={(e) => setAck(e.currentTarget.checked)}
                  />
                </Stack>
              </Alert>
            ) : null}
            {err && !needsAck && !limitErrors.length ? <ErrorAlert error={err} /> : null}
            <Button
              type="submit"
              size="lg"
              w="fit-content"
              leftSection={<IconSignature size={20} aria-hidden="true" />}
              disabled={!preview || (needsAck && !ack)}
            >
              Sign dose order
            </Button>
          </Stack>
        </form>
      ) : null}
      <PreviousDoses state={state} current={done ? undefined : (preview ?? undefined)} />
      <ConfirmModal
        opened={confirming}
        title="Sign this dose order?"
        confirmLabel="Sign the order"
        loading={order.isPending}
        error={null}
        onConfirm={() => order.mutate()}
        onClose={() => setConfirming(false)}
      >
        {preview ? (
          <Stack gap="xs">
            <Text>
              {session.patientName}: <strong>{num(preview.mg)} mg</strong> {routeLabel(session.route)} (
              {num(preview.mgPerKg, 3)} mg/kg × {num(weight, 1)} kg)
              {session.route === 'iv' ? ` over ${minutes} min` : ''}.
            </Text>
            <Text>
              The order is checked against the clinic’s dose limits and signed in your name now. It cannot
              change once the dose is given.
            </Text>
          </Stack>
        ) : null}
      </ConfirmModal>
    </Section>
  );
}
