import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { location, locationBody, product, productBody } from '../../../contracts/ledger';
import { SUBSTANCE_LABELS, SUBSTANCES, type Substance } from '../../../domain/dosing';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { type FieldMap, schemaCheck } from './form-errors';
import { FORM_LABELS, formatDateTime, mg, parseMg, qty } from './format';
import { type Product, useLocations, useProducts } from './ledger-query';
import { MovementDialog } from './MovementDialog';
import { notifyRecorded } from './parts';

const NOT_EDITABLE =
  'Safes and products cannot be changed or removed once added, because ledger entries refer to them.';

function SafeDialog({ onClose }: { onClose: () => void }) {
  const toBody = (v: { name: string; deaRegistration: string }) => v;
  const form = useForm({
    initialValues: { name: '', deaRegistration: '' },
    validate: schemaCheck(locationBody, toBody, {}, (v) => ({
      deaRegistration: /^[A-Za-z]{2}\d{7}$/.test(v.deaRegistration.trim())
        ? null
        : 'Use two letters and seven digits, such as AB1234563',
    })),
  });
  return (
    <MovementDialog
      title="Add a safe"
      size="md"
      onClose={onClose}
      form={form}
      confirmLabel="Add safe"
      notice={NOT_EDITABLE}
      submit={(v) => api.post('/api/ledger/locations', v, { schema: location })}
      summary={(v) => [
        { label: 'Safe', value: v.name.trim() },
        { label: 'DEA registration', value: v.deaRegistration.trim().toUpperCase() },
      ]}
      onRecorded={(r) => {
        notifyRecorded(`${r.name} is ready to receive stock.`, 'Safe added');
        onClose();
      }}
    >
      <TextInput
        label="Name"
        description="Where it is, e.g. “Treatment room safe”"
        required
        autoComplete="off"
        {...form.getInputProps('name')}
      />
      <TextInput
        label="DEA registration"
        description="Two letters and seven digits"
        required
        autoComplete="off"
        {...form.getInputProps('deaRegistration')}
      />
    </MovementDialog>
  );
}

interface ProductValues {
  name: string;
  ndc: string;
  form: 'solution' | 'troche' | 'rdt';
  strengthMgPerMl: string;
  containerVolumeMl: string;
  unitStrengthMg: string;
  unitsPerContainer: string;
  singleUse: boolean;
  lowStockMg: string;
  substance: Substance;
}
const num = (s: string) => (s.trim() && Number.isFinite(Number(s)) ? Number(s) : undefined);
const PRODUCT_MAP: FieldMap = {
  strengthUgPerMl: 'strengthMgPerMl',
  unitStrengthUg: 'unitStrengthMg',
  lowStockUg: 'lowStockMg',
};

function containerUg(v: ProductValues): number {
  if (v.form === 'solution')
    return Math.round((parseMg(v.strengthMgPerMl) ?? 0) * (num(v.containerVolumeMl) ?? 0));
  return (parseMg(v.unitStrengthMg) ?? 0) * (num(v.unitsPerContainer) ?? 0);
}

function ProductDialog({ onClose }: { onClose: () => void }) {
  const toBody = (v: ProductValues) => {
    const liquid = v.form === 'solution';
    return {
      name: v.name,
      ndc: v.ndc,
      form: v.form,
      ...(liquid
        ? { strengthUgPerMl: parseMg(v.strengthMgPerMl), containerVolumeMl: num(v.containerVolumeMl) }
        : { unitStrengthUg: parseMg(v.unitStrengthMg), unitsPerContainer: num(v.unitsPerContainer) }),
      singleUse: v.singleUse,
      lowStockUg: v.lowStockMg.trim() ? parseMg(v.lowStockMg) : undefined,
      substance: v.substance,
    };
  };
  const form = useForm<ProductValues>({
    initialValues: {
      name: '',
      ndc: '',
      form: 'solution',
      strengthMgPerMl: '',
      containerVolumeMl: '',
      unitStrengthMg: '',
      unitsPerContainer: '',
      singleUse: false,
      lowStockMg: '',
      substance: 'ketamine',
    },
    validate: schemaCheck(productBody, toBody, PRODUCT_MAP, (v) => ({
      lowStockMg:
        v.lowStockMg.trim() && parseMg(v.lowStockMg) === undefined ? 'Enter a quantity in mg' : null,
    })),
  });
  const v = form.values;
  const liquid = v.form === 'solution';
  const strength = liquid ? parseMg(v.strengthMgPerMl) : undefined;
  return (
    <MovementDialog
      title="Add a controlled product"
      onClose={onClose}
      form={form}
      fieldMap={PRODUCT_MAP}
      confirmLabel="Add product"
      notice={NOT_EDITABLE}
      submit={(x) => api.post('/api/ledger/products', toBody(x), { schema: product })}
      summary={(x) => [
        { label: 'Product', value: `${x.name.trim()} (NDC ${x.ndc.trim()})` },
        { label: 'Substance', value: SUBSTANCE_LABELS[x.substance] },
        { label: 'Form', value: FORM_LABELS[x.form] },
        {
          label: 'Strength',
          value:
            x.form === 'solution'
              ? `${x.strengthMgPerMl} mg/mL, ${x.containerVolumeMl} mL per container`
              : `${x.unitStrengthMg} mg per unit, ${x.unitsPerContainer} units per container`,
        },
        {
          label: 'One full container',
          value: qty(containerUg(x), x.form === 'solution' ? parseMg(x.strengthMgPerMl) : null),
        },
        {
          label: 'Single use',
          value: x.singleUse ? 'Yes: the rest of each container is wasted after a dose' : 'No',
        },
        { label: 'Low-stock alert', value: x.lowStockMg.trim() ? `Below ${x.lowStockMg.trim()} mg` : 'None' },
      ]}
      onRecorded={(r) => {
        notifyRecorded(`${r.name} can now be received.`, 'Product added');
        onClose();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          description="As on the label, e.g. “Ketamine HCl 50 mg/mL, 10 mL”"
          required
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <TextInput
          label="NDC"
          description="e.g. 0409-2051-05"
          required
          autoComplete="off"
          {...form.getInputProps('ndc')}
        />
        <NativeSelect
          size="md"
          label="Substance"
          description="Which sessions may draw it: ketamine for IV, IM, sublingual and oral doses; esketamine for nasal devices"
          required
          data={SUBSTANCES.map((value) => ({ value, label: SUBSTANCE_LABELS[value] }))}
          {...form.getInputProps('substance')}
        />
        <NativeSelect
          size="md"
          label="Form"
          required
          data={Object.entries(FORM_LABELS).map(([value, label]) => ({ value, label }))}
          {...form.getInputProps('form')}
        />
        <TextInput
          label="Low-stock alert below (mg)"
          inputMode="decimal"
          autoComplete="off"
          {...form.getInputProps('lowStockMg')}
        />
        {liquid ? (
          <>
            <TextInput
              label="Strength (mg per mL)"
              required
              inputMode="decimal"
              autoComplete="off"
              {...form.getInputProps('strengthMgPerMl')}
            />
            <TextInput
              label="Container volume (mL)"
              required
              inputMode="decimal"
              autoComplete="off"
              {...form.getInputProps('containerVolumeMl')}
            />
          </>
        ) : (
          <>
            <TextInput
              label="Strength per unit (mg)"
              required
              inputMode="decimal"
              autoComplete="off"
              {...form.getInputProps('unitStrengthMg')}
            />
            <TextInput
              label="Units per container"
              required
              inputMode="numeric"
              autoComplete="off"
              {...form.getInputProps('unitsPerContainer')}
            />
          </>
        )}
      </SimpleGrid>
      <Checkbox
        size="md"
        label="Single-use container (the rest is wasted after one dose)"
        {...form.getInputProps('singleUse', { type: 'checkbox' })}
      />
      {containerUg(v) > 0 ? (
        <Text size="sm">One full container holds {qty(containerUg(v), strength)}.</Text>
      ) : null}
    </MovementDialog>
  );
}

const strengthText = (p: Product) =>
  p.form === 'solution'
    ? `${mg(p.strengthUgPerMl ?? 0).replace(' mg', '')} mg/mL × ${p.containerVolumeMl} mL`
    : `${mg(p.unitStrengthUg ?? 0)} × ${p.unitsPerContainer}`;

/** Clinic set-up for the ledger (admin): the safes under each DEA registration and the products held. */
export default function SetupPage() {
  const locations = useLocations();
  const products = useProducts();
  const [open, setOpen] = useState<'safe' | 'product' | null>(null);
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/ledger" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Controlled
        substances
      </Anchor>
      <div>
        <PageTitle mb={4}>Safes and products</PageTitle>
        <Text c="dimmed" maw={720}>
          Where controlled stock is kept and what the clinic holds. {NOT_EDITABLE}
        </Text>
      </div>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="safes-h">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="safes-h">
            Safes
          </Title>
          <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setOpen('safe')}>
            Add a safe
          </Button>
        </Group>
        {locations.isPending ? <Loading label="Loading safes" /> : null}
        <ErrorAlert error={locations.error} title="Could not load the safes" />
        {locations.data ? (
          locations.data.locations.length ? (
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">DEA registration</Table.Th>
                  <Table.Th scope="col">Added</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {locations.data.locations.map((l) => (
                  <Table.Tr key={l.id} data-testid="safe-row">
                    <Table.Th scope="row">{l.name}</Table.Th>
                    <Table.Td ff="monospace">{l.deaRegistration}</Table.Td>
                    <Table.Td>{formatDateTime(l.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text>No safe yet. Add one before receiving stock.</Text>
          )
        ) : null}
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="products-h">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="products-h">
            Products
          </Title>
          <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setOpen('product')}>
            Add a product
          </Button>
        </Group>
        {products.isPending ? <Loading label="Loading products" /> : null}
        <ErrorAlert error={products.error} title="Could not load the products" />
        {products.data ? (
          products.data.products.length ? (
            <Table.ScrollContainer minWidth={960}>
              <Table verticalSpacing="xs" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">NDC</Table.Th>
                    <Table.Th scope="col">Substance</Table.Th>
                    <Table.Th scope="col">Form</Table.Th>
                    <Table.Th scope="col">Strength</Table.Th>
                    <Table.Th scope="col">Full container</Table.Th>
                    <Table.Th scope="col">Single use</Table.Th>
                    <Table.Th scope="col">Low stock below</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {products.data.products.map((p) => (
                    <Table.Tr key={p.id} data-testid="product-row">
                      <Table.Th scope="row">{p.name}</Table.Th>
                      <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {p.ndc}
                      </Table.Td>
                      <Table.Td>{SUBSTANCE_LABELS[p.substance]}</Table.Td>
                      <Table.Td>{FORM_LABELS[p.form] ?? p.form}</Table.Td>
                      <Table.Td>{strengthText(p)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {qty(p.containerUg, p.strengthUgPerMl)}
                      </Table.Td>
                      <Table.Td>{p.singleUse ? 'Yes' : 'No'}</Table.Td>
                      <Table.Td>{p.lowStockUg === null ? '—' : mg(p.lowStockUg)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text>No product yet.</Text>
          )
        ) : null}
      </Card>
      {open === 'safe' ? <SafeDialog onClose={() => setOpen(null)} /> : null}
      {open === 'product' ? <ProductDialog onClose={() => setOpen(null)} /> : null}
    </Stack>
  );
}
