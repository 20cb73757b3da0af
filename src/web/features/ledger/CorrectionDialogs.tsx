import { Alert, NativeSelect, Radio, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { adjustBody, filing, filingBody, theftLossBody } from '../../../contracts/ledger';
import { THEFT_LOSS_SOURCE } from '../../../domain/ledger/deadlines';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { ContainerDialogProps } from './DoseDialogs';
import { type FieldMap, opt, schemaCheck } from './form-errors';
import { formatDate, mgError, mgText, parseMg, qty, signedMg } from './format';
import { type Discrepancy, type Worklist, writeResponse } from './ledger-query';
import { MovementDialog } from './MovementDialog';
import { ContainerContext, MgInput, notifyRecorded } from './parts';
import { emptyWitness, toCredentials, WitnessFields, type WitnessValues } from './WitnessFields';

type WithDiscrepancy = ContainerDialogProps & { discrepancy?: Discrepancy | undefined };

/** The count that opened a discrepancy, shown above a resolution. */
function DiscrepancyNote({ d, strength }: { d: Discrepancy; strength: number | null | undefined }) {
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconInfoCircle aria-hidden="true" />}
      title="Resolving a discrepancy"
    >
      The count on {formatDate(d.localDate)} found {qty(d.observedUg, strength)} where the books said{' '}
      {qty(d.expectedUg, strength)}: a difference of {signedMg(d.differenceUg)}.
    </Alert>
  );
}

interface AdjustValues {
  direction: 'decrease' | 'increase';
  amountMg: string;
  reason: string;
  witnesses: WitnessValues[];
}

/** A correction of a balance: a reason and a witness; when it resolves a discrepancy it must match it. */
export function AdjustDialog({ container: c, product, today, onClose, discrepancy: d }: WithDiscrepancy) {
  const me = useMe().data;
  const strength = product?.strengthUgPerMl;
  const map: FieldMap = { deltaUg: 'amountMg' };
  const delta = (v: AdjustValues) => {
    const ug = parseMg(v.amountMg);
    return ug === undefined ? undefined : v.direction === 'decrease' ? -ug : ug;
  };
  const toBody = (v: AdjustValues) => ({
    containerId: c.id,
    locationId: c.locationId,
    deltaUg: delta(v),
    reason: v.reason,
    witnesses: v.witnesses.map(toCredentials),
    ...(d ? { discrepancyId: d.countEventId } : {}),
  });
  const form = useForm<AdjustValues>({
    initialValues: {
      direction: d && d.differenceUg > 0 ? 'increase' : 'decrease',
      amountMg: d ? mgText(Math.abs(d.differenceUg)) : '',
      reason: '',
      witnesses: [emptyWitness()],
    },
    validate: schemaCheck(adjustBody, toBody, map, (v) => ({
      amountMg: mgError(v.amountMg, v.direction === 'decrease' ? { max: c.balanceUg } : {}),
      reason: v.reason.trim() ? null : 'Give the reason for the adjustment',
    })),
  });
  return (
    <MovementDialog
      title={d ? 'Resolve by adjustment' : 'Adjust a balance'}
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={map}
      confirmLabel="Record adjustment"
      danger
      submit={(v) => api.post('/api/ledger/adjustments', toBody(v), { schema: writeResponse })}
      summary={(v) => {
        const change = delta(v) ?? 0;
        return [
          { label: 'Adjustment', value: `${signedMg(change)} on container ${c.label}` },
          { label: 'Balance after', value: qty(c.balanceUg + change, strength) },
          { label: 'Reason', value: v.reason.trim() },
          { label: 'Witness', value: v.witnesses[0]?.email.trim() },
          ...(d ? [{ label: 'Resolves', value: `The count of ${formatDate(d.localDate)}` }] : []),
          { label: 'Recorded by', value: me?.user.name ?? '' },
        ];
      }}
      onRecorded={(_r, v) => {
        notifyRecorded(`${c.label} adjusted by ${signedMg(delta(v) ?? 0)}.`);
        onClose();
      }}
    >
      {d ? <DiscrepancyNote d={d} strength={strength} /> : null}
      {d ? null : (
        <Radio.Group label="Change to the balance" {...form.getInputProps('direction')}>
          <Stack gap="xs" mt="xs">
            <Radio size="md" value="decrease" label="Decrease: less is there than the books say" />
            <Radio size="md" value="increase" label="Increase: more is there than the books say" />
          </Stack>
        </Radio.Group>
      )}
      <MgInput
        label={d ? 'Adjustment (mg), matching the count' : 'Amount (mg)'}
        required
        readOnly={Boolean(d)}
        strength={strength}
        maw={320}
        {...form.getInputProps('amountMg')}
      />
      <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
      <WitnessFields
        form={form}
        path="witnesses.0"
        who="Witness"
        confirms="checked the reason for this adjustment"
      />
    </MovementDialog>
  );
}

interface TheftLossValues {
  kind: 'theft' | 'loss';
  quantityMg: string;
  discoveredOn: string;
  form106Reference: string;
  note: string;
}

/** A theft or significant loss: starts the DEA notice (one business day) and Form 106 (45 days) clocks. */
export function TheftLossDialog({ container: c, product, today, onClose, discrepancy: d }: WithDiscrepancy) {
  const me = useMe().data;
  const strength = product?.strengthUgPerMl;
  const toBody = (v: TheftLossValues) => ({
    containerId: c.id,
    locationId: c.locationId,
    quantityUg: parseMg(v.quantityMg),
    kind: v.kind,
    discoveredOn: v.discoveredOn || undefined,
    form106Reference: opt(v.form106Reference),
    note: opt(v.note),
    ...(d ? { discrepancyId: d.countEventId } : {}),
  });
  const map: FieldMap = { quantityUg: 'quantityMg' };
  const form = useForm<TheftLossValues>({
    initialValues: {
      kind: 'loss',
      quantityMg: d ? mgText(-d.differenceUg) : '',
      discoveredOn: d?.localDate ?? today,
      form106Reference: '',
      note: '',
    },
    validate: schemaCheck(theftLossBody, toBody, map, (v) => ({
      quantityMg: mgError(v.quantityMg, { max: c.balanceUg }),
      discoveredOn: v.discoveredOn ? null : 'Enter the date it was discovered',
    })),
  });
  return (
    <MovementDialog
      title="Report a theft or loss"
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={map}
      confirmLabel="Record report"
      danger
      submit={(v) => api.post('/api/ledger/theft-loss', toBody(v), { schema: writeResponse })}
      summary={(v) => [
        {
          label: v.kind === 'theft' ? 'Theft' : 'Loss',
          value: `${qty(parseMg(v.quantityMg) ?? 0, strength)} from container ${c.label}`,
        },
        { label: 'Discovered on', value: formatDate(v.discoveredOn) },
        { label: 'DEA Form 106', value: v.form106Reference.trim() || 'Not filed yet' },
        { label: 'Deadlines', value: THEFT_LOSS_SOURCE },
        { label: 'Recorded by', value: me?.user.name ?? '' },
      ]}
      onRecorded={() => {
        notifyRecorded('The report is recorded. Its DEA deadlines are on the ledger worklist.');
        onClose();
      }}
    >
      {d ? <DiscrepancyNote d={d} strength={strength} /> : null}
      <Radio.Group label="What happened" {...form.getInputProps('kind')}>
        <Stack gap="xs" mt="xs">
          <Radio size="md" value="loss" label="Loss" />
          <Radio size="md" value="theft" label="Theft" />
        </Stack>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MgInput
          label="Quantity missing (mg)"
          required
          readOnly={Boolean(d)}
          strength={strength}
          {...form.getInputProps('quantityMg')}
        />
        <TextInput
          label="Discovered on"
          type="date"
          required
          max={today}
          {...form.getInputProps('discoveredOn')}
        />
        <TextInput
          label="DEA Form 106 reference"
          description="If already filed"
          autoComplete="off"
          {...form.getInputProps('form106Reference')}
        />
      </SimpleGrid>
      <Textarea label="What is known" autosize minRows={2} {...form.getInputProps('note')} />
      <Text size="sm" c="dimmed">
        {THEFT_LOSS_SOURCE}.
      </Text>
    </MovementDialog>
  );
}

type TheftLossItem = Worklist['theftLoss'][number];
interface FilingValues {
  kind: 'dea_notice' | 'form_106';
  filedOn: string;
  reference: string;
}
const FILING_LABELS = { dea_notice: 'Written notice to the DEA', form_106: 'DEA Form 106' } as const;

/** Records that the DEA notice or Form 106 for a theft/loss report was filed. */
export function FilingDialog({
  item,
  label,
  today,
  onClose,
}: {
  item: TheftLossItem;
  label: string;
  today: string;
  onClose: () => void;
}) {
  const toBody = (v: FilingValues) => ({
    kind: v.kind,
    filedOn: v.filedOn || undefined,
    reference: opt(v.reference),
  });
  const form = useForm<FilingValues>({
    initialValues: { kind: item.deaNotice.done ? 'form_106' : 'dea_notice', filedOn: today, reference: '' },
    validate: schemaCheck(filingBody, toBody, {}, (v) => ({
      filedOn: v.filedOn ? null : 'Enter the date it was filed',
    })),
  });
  const options = (['dea_notice', 'form_106'] as const)
    .filter((k) => !(k === 'dea_notice' ? item.deaNotice.done : item.form106.done))
    .map((k) => ({ value: k, label: FILING_LABELS[k] }));
  return (
    <MovementDialog
      title="Record a filing"
      onClose={onClose}
      size="md"
      context={
        <Text size="sm">
          Theft/loss of {qty(item.quantityUg)} from {label}, discovered {formatDate(item.discoveredOn)}.
        </Text>
      }
      form={form}
      confirmLabel="Record filing"
      submit={(v) =>
        api.post(`/api/ledger/theft-loss/${encodeURIComponent(item.eventId)}/filings`, toBody(v), {
          schema: filing,
        })
      }
      summary={(v) => [
        { label: 'Filed', value: FILING_LABELS[v.kind] },
        { label: 'On', value: formatDate(v.filedOn) },
        { label: 'Reference', value: v.reference.trim() || 'None' },
      ]}
      onRecorded={(_r, v) => {
        notifyRecorded(`${FILING_LABELS[v.kind]} recorded as filed.`);
        onClose();
      }}
    >
      <NativeSelect
        size="md"
        label="What was filed"
        required
        data={options}
        {...form.getInputProps('kind')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Filed on" type="date" required max={today} {...form.getInputProps('filedOn')} />
        <TextInput label="Reference" autoComplete="off" {...form.getInputProps('reference')} />
      </SimpleGrid>
    </MovementDialog>
  );
}
