import { Alert, Button, Checkbox, Group, List, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconClockPause, IconSignature } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { report } from '../../../contracts/ledger';
import { productMisfit } from '../../../domain/dosing';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { ApiError, api } from '../../lib/api';
import { formatDateTime, num } from '../../lib/format';
import { MET } from '../courses/labels';
import { ledgerKey, useProducts } from '../ledger/ledger-query';
import { percent } from '../sessions/dose';
import { Section } from '../sessions/Section';
import { type AtHomeDetail, useSessionAction } from './athome-query';

const WAITING = { label: 'Not signed', color: 'yellow', Icon: IconClockPause };
/** The order may be signed (or signed again) until the go. */
const ORDER_OPEN = ['scheduled', 'checking_in', 'recheck', 'held', 'awaiting_go'];

function Summary({ o }: { o: NonNullable<AtHomeDetail['order']> }) {
  return (
    <Stack gap="xs" data-testid="athome-order">
      <Text fz="1.5rem" fw={700} lh={1.2}>
        {num(o.mg)} mg sublingual · {o.troches} troche{o.troches === 1 ? '' : 's'}
      </Text>
      <Text>
        {o.productName ?? 'Troches'}
        {o.lotNumber ? `, lot ${o.lotNumber}` : ''}
      </Text>
      <Text>
        {num(o.mgPerKg, 2)} mg/kg at {num(o.weightKg, 1)} kg · F × mg: about {num(o.bioavailableMg, 1)} mg
        reaches the circulation (sublingual F {percent(o.bioavailability)})
      </Text>
      <Text size="sm">
        Signed by {o.signedBy.name ?? 'the prescriber'} on {formatDateTime(o.signedAt)}.
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
                {w.message} — source: {w.source}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** Lots of troches this patient took home (the ledger's dispensing log), newest first. */
function useDispensedLots(patientId: string) {
  return useQuery({
    queryKey: [...ledgerKey, 'patient-log', patientId],
    queryFn: ({ signal }) =>
      api.get(`/api/ledger/reports/patients/${encodeURIComponent(patientId)}`, { schema: report, signal }),
    select: (r) =>
      r.rows
        .filter((row) => row.type === 'dispense')
        .reverse()
        .map((row) => ({ product: row.productName, lot: row.lotNumber })),
  });
}

/** The prescriber's form: troches of a dispensed product, the mg shown as they type, warnings acknowledged. */
function OrderForm({
  s,
  weightKg,
  onDone,
}: {
  s: AtHomeDetail;
  weightKg: number | null;
  onDone: () => void;
}) {
  const products = useProducts();
  const lots = useDispensedLots(s.patientId);
  const sign = useSessionAction<Record<string, unknown>>(s.patientId, s.id, 'order');
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const troches = useMemo(
    () => (products.data?.products ?? []).filter((p) => !productMisfit('sublingual', p) && p.unitStrengthUg),
    [products.data],
  );
  const lastLot = lots.data?.[0];
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      productId: s.order?.productId ?? '',
      troches: s.order?.troches ?? ('' as number | ''),
      lotNumber: s.order?.lotNumber ?? '',
      weightKg: '' as number | '',
      acknowledgeWarnings: false,
    },
    validate: {
      troches: (v) => (typeof v === 'number' && v >= 1 && v <= 20 ? null : 'Enter 1 to 20 troches'),
    },
  });
  // The product and lot the patient took home come first, once the ledger has answered.
  const defaultProduct = troches.find((p) => p.name === lastLot?.product)?.id ?? troches[0]?.id ?? '';
  const productId = form.values.productId || defaultProduct;
  const product = troches.find((p) => p.id === productId);
  const lotNumber =
    form.values.lotNumber || (lastLot && lastLot.product === product?.name ? lastLot.lot : '');
  const count = typeof form.values.troches === 'number' ? form.values.troches : 0;
  const mg = product?.unitStrengthUg && count ? (count * product.unitStrengthUg) / 1000 : null;
  const weight = typeof form.values.weightKg === 'number' ? form.values.weightKg : weightKg;
  const err = sign.error instanceof ApiError ? sign.error : null;
  const warnings = err?.status === 409 && Array.isArray(err.body.warnings) ? err.fieldErrors : [];
  const lotOptions = [
    ...new Set((lots.data ?? []).filter((l) => l.product === product?.name).map((l) => l.lot)),
  ];

  const submit = () =>
    sign.mutate(
      {
        productId,
        troches: count,
        ...(mg !== null ? { mg } : {}),
        ...(lotNumber ? { lotNumber } : {}),
        ...(typeof form.values.weightKg === 'number' ? { weightKg: form.values.weightKg } : {}),
        ...(form.values.acknowledgeWarnings ? { acknowledgeWarnings: true } : {}),
      },
      {
        onSuccess: () => {
          setConfirming(false);
          form.setFieldValue('acknowledgeWarnings', false);
          onDone();
        },
        onError: (e) => {
          setConfirming(false);
          setUnplaced(applyServerErrors(form, e));
        },
      },
    );

  return (
    <form
      noValidate
      aria-label="Prescriber’s order"
      onSubmit={form.onSubmit(() => {
        if (!productId) form.setFieldError('productId', 'Choose the product dispensed');
        else setConfirming(true);
      })}
    >
      <Stack gap="sm">
        <ErrorAlert error={products.error} title="Could not load the products" />
        <Select
          size="md"
          label="Product dispensed"
          required
          data={troches.map((p) => ({ value: p.id, label: p.name }))}
          value={productId || null}
          onChange={(v) => form.setFieldValue('productId', v ?? '')}
          error={form.errors.productId}
          allowDeselect={false}
        />
        <Group align="flex-start" wrap="wrap">
          <NumberInput
            size="md"
            label="Troches this session"
            required
            min={1}
            max={20}
            allowDecimal={false}
            w={200}
            {...form.getInputProps('troches')}
          />
          <Select
            size="md"
            label="Lot"
            description="Lots dispensed to this patient"
            data={lotOptions}
            value={lotNumber || null}
            onChange={(v) => form.setFieldValue('lotNumber', v ?? '')}
            error={form.errors.lotNumber}
            clearable
            w={220}
          />
          <NumberInput
            size="md"
            label="Weight today (kg)"
            description={weightKg ? `Chart: ${num(weightKg, 1)} kg` : 'The chart has no weight'}
            min={20}
            max={350}
            decimalScale={1}
            w={200}
            {...form.getInputProps('weightKg')}
          />
        </Group>
        <Text size="lg" fw={600} aria-live="polite" data-testid="order-preview">
          {mg !== null && product?.unitStrengthUg
            ? `= ${num(mg)} mg (${count} × ${num(product.unitStrengthUg / 1000)} mg)${weight ? ` · ${num(mg / weight, 2)} mg/kg` : ''}`
            : 'Choose the product and the number of troches.'}
        </Text>
        {warnings.length ? (
          <Alert
            color="yellow"
            variant="light"
            title="Acknowledge before signing"
            icon={<IconAlertTriangle aria-hidden="true" />}
          >
            <Stack gap="xs">
              <List size="sm">
                {warnings.map((w) => (
                  <List.Item key={w.message}>{w.message}</List.Item>
                ))}
              </List>
              <Checkbox
                label="I have read these warnings and sign the order"
                {...form.getInputProps('acknowledgeWarnings', { type: 'checkbox' })}
              />
            </Stack>
          </Alert>
        ) : null}
        {sign.error && !warnings.length ? (
          <ErrorAlert
            error={sign.error}
            extra={unplaced}
            fieldLabels={{
              troches: 'Troches',
              mg: 'Dose',
              productId: 'Product',
              weightKg: 'Weight',
              lotNumber: 'Lot',
            }}
          />
        ) : null}
        <Group>
          <Button
            type="submit"
            leftSection={<IconSignature size={18} aria-hidden="true" />}
            loading={sign.isPending}
          >
            {s.order ? 'Sign a new order' : 'Sign the order'}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Sign the order"
        confirmLabel="Sign"
        loading={sign.isPending}
        onConfirm={submit}
        onClose={() => setConfirming(false)}
      >
        {s.patientName} takes {count} troche{count === 1 ? '' : 's'} of {product?.name ?? 'the product'}
        {lotNumber ? ` (lot ${lotNumber})` : ''} = {mg !== null ? num(mg) : '—'} mg sublingual at home in
        session {s.number}. Your name and the time are recorded with the order.
      </ConfirmModal>
    </form>
  );
}

/** The prescriber's order for this session: signed before any go (issue #16). */
export function OrderSection({
  s,
  canSign,
  weightKg,
}: {
  s: AtHomeDetail;
  canSign: boolean;
  weightKg: number | null;
}) {
  const open = ORDER_OPEN.includes(s.state);
  const [changing, setChanging] = useState(false);
  return (
    <Section
      id="athome-order"
      title="Prescriber’s order"
      look={s.order ? { ...MET, label: 'Signed' } : WAITING}
    >
      {s.order ? <Summary o={s.order} /> : null}
      {!s.order && !canSign ? (
        <Text>Waiting for the prescriber to sign the order. No go before it is signed.</Text>
      ) : null}
      {canSign && open && (!s.order || changing) ? (
        <OrderForm s={s} weightKg={weightKg} onDone={() => setChanging(false)} />
      ) : null}
      {canSign && open && s.order && !changing ? (
        <Group>
          <Button variant="default" onClick={() => setChanging(true)}>
            Change the order
          </Button>
        </Group>
      ) : null}
      {!s.order && !open ? <Text>No order was signed for this session.</Text> : null}
    </Section>
  );
}
