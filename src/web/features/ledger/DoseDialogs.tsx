import { Alert, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertOctagon } from '@tabler/icons-react';
import { dispenseBody } from '../../../contracts/ledger';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { type FieldMap, opt, schemaCheck } from './form-errors';
import { mgError, parseMg, qty } from './format';
import { type Container, type Product, writeResponse } from './ledger-query';
import { MovementDialog, type SummaryItem } from './MovementDialog';
import { ContainerContext, MgInput, notifyRecorded } from './parts';
import { emptyWitness, toCredentials, WitnessFields, type WitnessValues } from './WitnessFields';

export interface ContainerDialogProps {
  container: Container;
  product: Product | undefined;
  today: string;
  onClose: () => void;
  quantityUg?: number;
}

interface OverrideValues {
  overrideReason: string;
  prescriber: WitnessValues;
}
interface DispenseValues extends OverrideValues {
  quantityMg: string;
  patientId: string;
  orderId: string;
  note: string;
}

const OVERRIDE_MAP: FieldMap = {
  quantityUg: 'quantityMg',
  'expiredOverride.reason': 'overrideReason',
  'expiredOverride.prescriber': 'prescriber',
  expiredOverride: 'overrideReason',
};

/** An expired lot may only be used with a prescriber's approval, confirmed on this screen. */
function ExpiredOverride({ form }: { form: Parameters<typeof WitnessFields>[0]['form'] }) {
  return (
    <Stack gap="sm">
      <Alert color="red" variant="light" icon={<IconAlertOctagon aria-hidden="true" />} title="Expired lot">
        This lot is past its expiry date. It may only be used when a prescriber approves, with a reason; the
        approval is recorded with the entry.
      </Alert>
      <Textarea
        label="Reason for using an expired lot"
        required
        autosize
        minRows={2}
        {...form.getInputProps('overrideReason')}
      />
      <WitnessFields
        form={form}
        path="prescriber"
        who="Prescriber"
        confirms="approve using this expired lot"
      />
    </Stack>
  );
}

const overrideBody = (c: Container, v: OverrideValues) =>
  c.expired ? { expiredOverride: { reason: v.overrideReason, prescriber: toCredentials(v.prescriber) } } : {};

const overrideSummary = (c: Container, v: OverrideValues): SummaryItem[] =>
  c.expired
    ? [
        {
          label: 'Expired lot used',
          value: `Approved by ${v.prescriber.email.trim()}: ${v.overrideReason.trim()}`,
        },
      ]
    : [];

/** Take-home doses (troches, tablets) handed to a patient on a prescriber's order. */
export function DispenseDialog({ container: c, product, today, onClose }: ContainerDialogProps) {
  const me = useMe().data;
  const strength = product?.strengthUgPerMl;
  const toBody = (v: DispenseValues) => ({
    containerId: c.id,
    locationId: c.locationId,
    quantityUg: parseMg(v.quantityMg),
    patientId: v.patientId.trim(),
    orderId: v.orderId.trim(),
    note: opt(v.note),
    ...overrideBody(c, v),
  });
  const form = useForm<DispenseValues>({
    initialValues: {
      quantityMg: '',
      patientId: '',
      orderId: '',
      note: '',
      overrideReason: '',
      prescriber: emptyWitness(),
    },
    validate: schemaCheck(dispenseBody, toBody, OVERRIDE_MAP, (v) => ({
      quantityMg: mgError(v.quantityMg, { max: c.balanceUg }),
    })),
  });
  const units = product?.unitStrengthUg
    ? (parseMg(form.values.quantityMg) ?? 0) / product.unitStrengthUg
    : null;
  return (
    <MovementDialog
      title="Dispense take-home doses"
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={OVERRIDE_MAP}
      confirmLabel="Record dispensing"
      submit={(v) => api.post('/api/ledger/dispensations', toBody(v), { schema: writeResponse })}
      summary={(v) => {
        const d = parseMg(v.quantityMg) ?? 0;
        return [
          { label: 'Dispensed', value: `${qty(d, strength)} from container ${c.label}` },
          { label: 'Patient', value: v.patientId.trim() },
          { label: "Prescriber's order", value: v.orderId.trim() },
          { label: 'Balance after', value: qty(c.balanceUg - d, strength) },
          ...overrideSummary(c, v),
          { label: 'Recorded by', value: me?.user.name ?? '' },
        ];
      }}
      onRecorded={(_r, v) => {
        notifyRecorded(`${qty(parseMg(v.quantityMg) ?? 0)} dispensed from ${c.label}.`);
        onClose();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <MgInput
          label="Quantity (mg)"
          required
          strength={strength}
          description={
            units && Number.isInteger(units) ? `${units} unit${units === 1 ? '' : 's'}` : undefined
          }
          {...form.getInputProps('quantityMg')}
        />
        <TextInput label="Patient id" required autoComplete="off" {...form.getInputProps('patientId')} />
        <TextInput label="Order id" required autoComplete="off" {...form.getInputProps('orderId')} />
      </SimpleGrid>
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
      {c.expired ? <ExpiredOverride form={form} /> : null}
    </MovementDialog>
  );
}
