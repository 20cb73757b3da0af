import { NativeSelect, SimpleGrid, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { receiveBody } from '../../../contracts/ledger';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { opt, schemaCheck } from './form-errors';
import { formatDate, qty } from './format';
import { type Location, type Product, writeResponse } from './ledger-query';
import { MovementDialog } from './MovementDialog';
import { notifyRecorded } from './parts';

interface ReceiveValues {
  productId: string;
  lotNumber: string;
  expiresOn: string;
  manufacturer: string;
  locationId: string;
  containerCount: string;
  supplier: string;
  supplierRegistration: string;
  invoiceNumber: string;
  invoiceDate: string;
  receivedOn: string;
  note: string;
}

const count = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);

/** Stock arriving from a supplier: one lot, a number of full containers, into one safe. */
export function ReceiveDialog({
  products,
  locations,
  today,
  onClose,
}: {
  products: Product[];
  locations: Location[];
  today: string;
  onClose: () => void;
}) {
  const me = useMe().data;
  const toBody = (v: ReceiveValues) => ({
    productId: v.productId || undefined,
    lotNumber: v.lotNumber,
    expiresOn: v.expiresOn || undefined,
    manufacturer: opt(v.manufacturer),
    locationId: v.locationId || undefined,
    containerCount: count(v.containerCount),
    supplier: v.supplier,
    supplierRegistration: opt(v.supplierRegistration),
    invoiceNumber: v.invoiceNumber,
    invoiceDate: v.invoiceDate || undefined,
    receivedOn: v.receivedOn || undefined,
    note: opt(v.note),
  });
  const form = useForm<ReceiveValues>({
    initialValues: {
      productId: products.length === 1 ? (products[0]?.id ?? '') : '',
      lotNumber: '',
      expiresOn: '',
      manufacturer: '',
      locationId: locations.length === 1 ? (locations[0]?.id ?? '') : '',
      containerCount: '1',
      supplier: '',
      supplierRegistration: '',
      invoiceNumber: '',
      invoiceDate: '',
      receivedOn: today,
      note: '',
    },
    validate: schemaCheck(receiveBody, toBody, {}, (v) => {
      const n = count(v.containerCount);
      return {
        productId: v.productId ? null : 'Choose the product',
        locationId: v.locationId ? null : 'Choose the safe it goes into',
        containerCount: n === undefined || n < 1 || n > 200 ? 'Enter a whole number from 1 to 200' : null,
        expiresOn: v.expiresOn ? null : 'Enter the expiry date on the label',
        receivedOn: !v.receivedOn
          ? 'Enter the date the stock actually arrived'
          : v.receivedOn > today
            ? 'The date received cannot be in the future'
            : null,
      };
    }),
  });
  const product = products.find((p) => p.id === form.values.productId);
  const location = (id: string) => locations.find((l) => l.id === id);

  return (
    <MovementDialog
      title="Receive stock"
      onClose={onClose}
      form={form}
      confirmLabel="Record receipt"
      submit={(v) => api.post('/api/ledger/receive', toBody(v), { schema: writeResponse })}
      summary={(v) => {
        const p = products.find((x) => x.id === v.productId);
        const n = count(v.containerCount) ?? 0;
        const each = p?.containerUg ?? 0;
        const l = location(v.locationId);
        return [
          {
            label: 'Received',
            value: `${n} × ${p?.name ?? ''} (${qty(each, p?.strengthUgPerMl)} each), ${qty(n * each, p?.strengthUgPerMl)} in all`,
          },
          {
            label: 'Lot',
            value: `${v.lotNumber.trim()}, expires ${formatDate(v.expiresOn)}${v.manufacturer.trim() ? `, made by ${v.manufacturer.trim()}` : ''}`,
          },
          { label: 'Into', value: l ? `${l.name} (DEA ${l.deaRegistration})` : '' },
          {
            label: 'Supplier',
            value: `${v.supplier.trim()}${v.supplierRegistration.trim() ? ` (DEA ${v.supplierRegistration.trim()})` : ''}`,
          },
          {
            label: 'Invoice',
            value: `${v.invoiceNumber.trim()}${v.invoiceDate ? ` of ${formatDate(v.invoiceDate)}` : ''}`,
          },
          { label: 'Date actually received', value: formatDate(v.receivedOn) },
          { label: 'Recorded by', value: me?.user.name ?? '' },
        ];
      }}
      onRecorded={(r) => {
        notifyRecorded(
          `${r.containers.length} containers received: ${r.containers.map((c) => c.label).join(', ')}.`,
        );
        onClose();
      }}
    >
      <Title order={3} size="h5">
        What arrived
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          size="md"
          label="Product"
          required
          data={[
            { value: '', label: 'Choose a product' },
            ...products.map((p) => ({ value: p.id, label: `${p.name} (NDC ${p.ndc})` })),
          ]}
          {...form.getInputProps('productId')}
        />
        <TextInput
          label="Number of containers"
          required
          inputMode="numeric"
          autoComplete="off"
          description={
            product ? `Each holds ${qty(product.containerUg, product.strengthUgPerMl)}` : undefined
          }
          {...form.getInputProps('containerCount')}
        />
        <TextInput label="Lot number" required autoComplete="off" {...form.getInputProps('lotNumber')} />
        <TextInput label="Expiry date" type="date" required {...form.getInputProps('expiresOn')} />
        <TextInput label="Manufacturer" autoComplete="off" {...form.getInputProps('manufacturer')} />
        <NativeSelect
          size="md"
          label="Into safe"
          required
          data={[
            { value: '', label: 'Choose a safe' },
            ...locations.map((l) => ({ value: l.id, label: `${l.name} (DEA ${l.deaRegistration})` })),
          ]}
          {...form.getInputProps('locationId')}
        />
      </SimpleGrid>
      <Title order={3} size="h5">
        From whom
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Supplier" required autoComplete="off" {...form.getInputProps('supplier')} />
        <TextInput
          label="Supplier's DEA registration"
          autoComplete="off"
          {...form.getInputProps('supplierRegistration')}
        />
        <TextInput
          label="Invoice number"
          required
          autoComplete="off"
          {...form.getInputProps('invoiceNumber')}
        />
        <TextInput label="Invoice date" type="date" {...form.getInputProps('invoiceDate')} />
        <TextInput
          label="Date actually received"
          description="The day the stock arrived, not the invoice date"
          type="date"
          required
          max={today}
          {...form.getInputProps('receivedOn')}
        />
      </SimpleGrid>
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
    </MovementDialog>
  );
}
