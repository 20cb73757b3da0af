import { NativeSelect, Radio, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { destroyBody, transferBody, wasteBody } from '../../../contracts/ledger';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { ContainerDialogProps } from './DoseDialogs';
import { type FieldMap, opt, schemaCheck } from './form-errors';
import { mgError, mgText, parseMg, qty } from './format';
import { useLocations, writeResponse } from './ledger-query';
import { MovementDialog } from './MovementDialog';
import { ContainerContext, MgInput, notifyRecorded } from './parts';
import { emptyWitness, toCredentials, WitnessFields, type WitnessValues } from './WitnessFields';

const QTY_MAP: FieldMap = { quantityUg: 'quantityMg' };

interface WasteValues {
  quantityMg: string;
  note: string;
  witnesses: WitnessValues[];
}

/** The unused rest of a container, wasted in front of a witness who confirms on this screen. */
export function WasteDialog({ container: c, product, today, onClose, quantityUg }: ContainerDialogProps) {
  const me = useMe().data;
  const strength = product?.strengthUgPerMl;
  const toBody = (v: WasteValues) => ({
    containerId: c.id,
    locationId: c.locationId,
    quantityUg: parseMg(v.quantityMg),
    witnesses: v.witnesses.map(toCredentials),
    note: opt(v.note),
  });
  const form = useForm<WasteValues>({
    initialValues: { quantityMg: mgText(quantityUg ?? c.balanceUg), note: '', witnesses: [emptyWitness()] },
    validate: schemaCheck(wasteBody, toBody, QTY_MAP, (v) => ({
      quantityMg: mgError(v.quantityMg, { max: c.balanceUg }),
    })),
  });
  return (
    <MovementDialog
      title="Record waste"
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={QTY_MAP}
      confirmLabel="Record waste"
      danger
      submit={(v) => api.post('/api/ledger/waste', toBody(v), { schema: writeResponse })}
      summary={(v) => {
        const q = parseMg(v.quantityMg) ?? 0;
        return [
          { label: 'Wasted', value: `${qty(q, strength)} from container ${c.label}` },
          { label: 'Witness', value: v.witnesses[0]?.email.trim() },
          { label: 'Balance after', value: qty(c.balanceUg - q, strength) },
          ...(v.note.trim() ? [{ label: 'Note', value: v.note.trim() }] : []),
          { label: 'Recorded by', value: me?.user.name ?? '' },
        ];
      }}
      onRecorded={(_r, v) => {
        notifyRecorded(`${qty(parseMg(v.quantityMg) ?? 0, strength)} wasted from ${c.label}, witnessed.`);
        onClose();
      }}
    >
      <MgInput
        label="Quantity wasted (mg)"
        required
        strength={strength}
        maw={260}
        {...form.getInputProps('quantityMg')}
      />
      <WitnessFields form={form} path="witnesses.0" who="Witness" confirms="saw this quantity wasted" />
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
    </MovementDialog>
  );
}

interface DestroyValues {
  quantityMg: string;
  form41Reference: string;
  note: string;
  witnesses: WitnessValues[];
}

/** Destruction on site: two witnesses (21 CFR 1317.95(d)), recorded with the DEA Form 41 reference. */
export function DestroyDialog({ container: c, product, today, onClose }: ContainerDialogProps) {
  const me = useMe().data;
  const strength = product?.strengthUgPerMl;
  const toBody = (v: DestroyValues) => ({
    containerId: c.id,
    locationId: c.locationId,
    quantityUg: parseMg(v.quantityMg),
    form41Reference: opt(v.form41Reference),
    witnesses: v.witnesses.map(toCredentials),
    note: opt(v.note),
  });
  const form = useForm<DestroyValues>({
    initialValues: {
      quantityMg: mgText(c.balanceUg),
      form41Reference: '',
      note: '',
      witnesses: [emptyWitness(), emptyWitness()],
    },
    validate: schemaCheck(destroyBody, toBody, QTY_MAP, (v) => ({
      quantityMg: mgError(v.quantityMg, { max: c.balanceUg }),
    })),
  });
  return (
    <MovementDialog
      title="Record destruction"
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={QTY_MAP}
      confirmLabel="Record destruction"
      danger
      submit={(v) => api.post('/api/ledger/destructions', toBody(v), { schema: writeResponse })}
      summary={(v) => {
        const q = parseMg(v.quantityMg) ?? 0;
        return [
          { label: 'Destroyed', value: `${qty(q, strength)} from container ${c.label}` },
          { label: 'DEA Form 41', value: v.form41Reference.trim() || 'Not given' },
          { label: 'Witnesses', value: v.witnesses.map((w) => w.email.trim()).join(' and ') },
          { label: 'Balance after', value: qty(c.balanceUg - q, strength) },
          { label: 'Recorded by', value: me?.user.name ?? '' },
        ];
      }}
      onRecorded={(_r, v) => {
        notifyRecorded(`${qty(parseMg(v.quantityMg) ?? 0, strength)} destroyed from ${c.label}.`);
        onClose();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MgInput
          label="Quantity destroyed (mg)"
          required
          strength={strength}
          {...form.getInputProps('quantityMg')}
        />
        <TextInput
          label="DEA Form 41 reference"
          autoComplete="off"
          {...form.getInputProps('form41Reference')}
        />
      </SimpleGrid>
      <WitnessFields form={form} path="witnesses.0" who="First witness" confirms="saw this stock destroyed" />
      <WitnessFields
        form={form}
        path="witnesses.1"
        who="Second witness"
        confirms="saw this stock destroyed"
      />
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
    </MovementDialog>
  );
}

interface TransferValues {
  mode: 'safe' | 'out';
  toLocationId: string;
  recipient: string;
  recipientRegistration: string;
  quantityMg: string;
  note: string;
}

/** Moves a container to another safe of the registrant, or out to a reverse distributor. */
export function TransferDialog({ container: c, product, today, onClose }: ContainerDialogProps) {
  const me = useMe().data;
  const locations = useLocations().data?.locations ?? [];
  const strength = product?.strengthUgPerMl;
  const others = locations.filter((l) => l.id !== c.locationId);
  const locName = (id: string) => {
    const l = locations.find((x) => x.id === id);
    return l ? `${l.name} (DEA ${l.deaRegistration})` : id;
  };
  const toBody = (v: TransferValues) =>
    v.mode === 'safe'
      ? {
          containerId: c.id,
          fromLocationId: c.locationId,
          toLocationId: v.toLocationId || undefined,
          note: opt(v.note),
        }
      : {
          containerId: c.id,
          fromLocationId: c.locationId,
          recipient: opt(v.recipient),
          recipientRegistration: opt(v.recipientRegistration),
          quantityUg: parseMg(v.quantityMg),
          note: opt(v.note),
        };
  const form = useForm<TransferValues>({
    initialValues: {
      // With no other safe (the list is normally cached by the stock page), only "out" makes sense.
      mode: locations.length > 0 && others.length === 0 ? 'out' : 'safe',
      toLocationId: '',
      recipient: '',
      recipientRegistration: '',
      quantityMg: mgText(c.balanceUg),
      note: '',
    },
    validate: schemaCheck(transferBody, toBody, QTY_MAP, (v) =>
      v.mode === 'safe'
        ? { toLocationId: v.toLocationId ? null : 'Choose the safe it goes to' }
        : {
            recipient: v.recipient.trim() ? null : 'Name the reverse distributor or registrant',
            quantityMg: mgError(v.quantityMg, { max: c.balanceUg }),
          },
    ),
  });
  const out = form.values.mode === 'out';
  return (
    <MovementDialog
      title="Transfer a container"
      onClose={onClose}
      context={<ContainerContext c={c} product={product} today={today} />}
      form={form}
      fieldMap={QTY_MAP}
      confirmLabel="Record transfer"
      submit={(v) => api.post('/api/ledger/transfers', toBody(v), { schema: writeResponse })}
      summary={(v) =>
        v.mode === 'safe'
          ? [
              { label: 'Moved', value: `Container ${c.label} with ${qty(c.balanceUg, strength)}` },
              { label: 'From', value: c.locationName },
              { label: 'To', value: locName(v.toLocationId) },
              { label: 'Recorded by', value: me?.user.name ?? '' },
            ]
          : [
              {
                label: 'Transferred out',
                value: `${qty(parseMg(v.quantityMg) ?? 0, strength)} from container ${c.label}`,
              },
              {
                label: 'To',
                value: `${v.recipient.trim()}${v.recipientRegistration.trim() ? ` (DEA ${v.recipientRegistration.trim().toUpperCase()})` : ''}`,
              },
              { label: 'Balance after', value: qty(c.balanceUg - (parseMg(v.quantityMg) ?? 0), strength) },
              { label: 'Recorded by', value: me?.user.name ?? '' },
            ]
      }
      onRecorded={() => {
        notifyRecorded(`Transfer of ${c.label} recorded.`);
        onClose();
      }}
    >
      <Radio.Group label="Where it goes" {...form.getInputProps('mode')}>
        <Stack gap="xs" mt="xs">
          <Radio size="md" value="safe" label="Another safe of this clinic" />
          <Radio
            size="md"
            value="out"
            label="Out of the clinic: a reverse distributor or another registrant"
          />
        </Stack>
      </Radio.Group>
      {out ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Recipient" required autoComplete="off" {...form.getInputProps('recipient')} />
          <TextInput
            label="Recipient's DEA registration"
            description="Two letters and seven digits"
            autoComplete="off"
            {...form.getInputProps('recipientRegistration')}
          />
          <MgInput label="Quantity (mg)" required strength={strength} {...form.getInputProps('quantityMg')} />
        </SimpleGrid>
      ) : (
        <NativeSelect
          size="md"
          label="To safe"
          required
          data={[
            { value: '', label: others.length ? 'Choose a safe' : 'No other safe is set up' },
            ...others.map((l) => ({ value: l.id, label: `${l.name} (DEA ${l.deaRegistration})` })),
          ]}
          {...form.getInputProps('toLocationId')}
        />
      )}
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
    </MovementDialog>
  );
}
