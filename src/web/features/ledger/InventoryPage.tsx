import { Alert, Anchor, Button, Code, Group, List, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconCircleCheck, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { inventoryBody, inventoryResult } from '../../../contracts/ledger';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { ActionHost, type OpenAction } from './ContainerActions';
import {
  CountLines,
  type CountValues,
  countFieldMap,
  countLineErrors,
  differences,
  type SheetRow,
  toCountLines,
} from './CountLines';
import { applyLedgerErrors, opt, schemaCheck } from './form-errors';
import { formatDate, mg, parseMg, signedMg } from './format';
import {
  byId,
  type InventoryResult,
  type InventorySheet,
  ledgerKey,
  type Product,
  useInventories,
  useInventorySheet,
  useLocations,
  useProducts,
  useWorklist,
} from './ledger-query';
import { byUseOrder } from './parts';
import { emptyWitness, WitnessFields, type WitnessValues } from './WitnessFields';
import { DiscrepancySection } from './WorklistSections';

interface InventoryValues extends CountValues {
  kind: 'initial' | 'biennial';
  asOf: 'opening' | 'close';
  signature: WitnessValues;
  note: string;
}

function InventoryForm({
  sheet,
  products,
  firstEver,
  onDone,
}: {
  sheet: InventorySheet;
  products: Product[] | undefined;
  firstEver: boolean;
  onDone: (r: InventoryResult) => void;
}) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [reviewing, setReviewing] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const rows: SheetRow[] = [...sheet.lines].sort(
    (a, b) =>
      a.container.productName.localeCompare(b.container.productName) || byUseOrder(a.container, b.container),
  );
  const toBody = (v: InventoryValues) => ({
    kind: v.kind,
    asOf: v.asOf,
    lines: toCountLines(v),
    signature: {
      password: v.signature.password,
      ...(v.signature.code.trim() ? { code: v.signature.code.trim() } : {}),
    },
    note: opt(v.note),
  });
  const form = useForm<InventoryValues>({
    initialValues: {
      kind: firstEver ? 'initial' : 'biennial',
      asOf: 'opening',
      lines: rows.map((r) => ({ containerId: r.container.id, counted: '', estimated: false })),
      signature: { ...emptyWitness(), email: me?.user.email ?? '' },
      note: '',
    },
    validate: schemaCheck(inventoryBody, toBody, countFieldMap, countLineErrors),
  });
  const record = useMutation({
    mutationFn: (v: InventoryValues) =>
      api.post('/api/ledger/inventories', toBody(v), { schema: inventoryResult }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ledgerKey });
      setReviewing(false);
      onDone(r);
    },
    onError: (err) => {
      const rest = applyLedgerErrors(form, err, countFieldMap);
      setUnplaced(rest);
      if (rest && rest.length === 0) setReviewing(false);
    },
  });
  const safes = [...new Map(rows.map((r) => [r.container.locationId, r.container.locationName])).entries()];
  const v = form.getValues();
  const diffs = differences(v, rows);
  const total = v.lines.reduce((s, l) => s + (parseMg(l.counted) ?? 0), 0);

  return (
    <form
      noValidate
      aria-label="Inventory"
      onSubmit={form.onSubmit(() => {
        record.reset();
        setReviewing(true);
      })}
    >
      <Stack gap="lg">
        {record.error && !reviewing && !(unplaced && unplaced.length === 0) ? (
          <ErrorAlert error={record.error} extra={unplaced} title="The inventory was not recorded" />
        ) : null}
        <Group gap="xl" align="flex-start">
          <Radio.Group label="Inventory" {...form.getInputProps('kind')}>
            <Stack gap="xs" mt="xs">
              <Radio size="md" value="initial" label="Initial (first inventory of this registration)" />
              <Radio size="md" value="biennial" label="Biennial (at least every two years)" />
            </Stack>
          </Radio.Group>
          <Radio.Group label="Taken at" {...form.getInputProps('asOf')}>
            <Stack gap="xs" mt="xs">
              <Radio size="md" value="opening" label="Opening of business" />
              <Radio size="md" value="close" label="Close of business" />
            </Stack>
          </Radio.Group>
        </Group>
        {rows.length === 0 ? (
          <Alert color="gray" variant="light">
            Nothing is in stock. An inventory of zero is still recorded and signed (21 CFR 1304.11(b)).
          </Alert>
        ) : (
          safes.map(([id, name]) => (
            <section key={id} aria-labelledby={`inv-${id}`}>
              <Title order={2} size="h4" id={`inv-${id}`} mb="xs">
                {name}
              </Title>
              <CountLines
                form={form}
                rows={rows.filter((r) => r.container.locationId === id)}
                products={products}
                caption={`Every container in ${name}`}
              />
            </section>
          ))
        )}
        <Textarea label="Note" autosize minRows={2} maw={640} {...form.getInputProps('note')} />
        <WitnessFields
          form={form}
          path="signature"
          who="Signature"
          confirms="took this inventory and the counts are true"
          selfSign
        />
        <Group>
          <Button type="submit" leftSection={<IconSignature size={18} aria-hidden="true" />}>
            Review and sign
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={reviewing}
        title="Sign this inventory?"
        confirmLabel="Sign and record inventory"
        loading={record.isPending}
        error={record.error}
        onConfirm={() => record.mutate(form.getValues())}
        onClose={() => !record.isPending && setReviewing(false)}
      >
        <Stack gap="xs">
          <Text>
            {v.kind === 'initial' ? 'Initial' : 'Biennial'} inventory as of{' '}
            {v.asOf === 'opening' ? 'opening' : 'close'} of business on {formatDate(sheet.localDate)},
            registrations {sheet.registrations.join(', ') || '—'}.
          </Text>
          <Text>
            {rows.length} container{rows.length === 1 ? '' : 's'}, {mg(total)} counted in all; signed by{' '}
            {me?.user.name}.
          </Text>
          {diffs.length ? (
            <>
              <Text fw={600}>{diffs.length} line(s) differ from the books and open discrepancies:</Text>
              <List size="sm">
                {diffs.map((d) => (
                  <List.Item key={d.container.id}>
                    {d.container.label}: {signedMg(d.difference)}
                  </List.Item>
                ))}
              </List>
            </>
          ) : (
            <Text fw={600}>Every container matches the books.</Text>
          )}
          <Text size="sm" c="dimmed">
            The signed record cannot be changed afterwards.
          </Text>
        </Stack>
      </ConfirmModal>
    </form>
  );
}

/** The initial or biennial inventory (21 CFR 1304.11): a guided count of every container, signed. */
export default function InventoryPage() {
  const sheet = useInventorySheet();
  const inventories = useInventories();
  const products = useProducts();
  const locations = useLocations();
  const worklist = useWorklist();
  const [result, setResult] = useState<InventoryResult | null>(null);
  const [action, setAction] = useState<OpenAction | null>(null);
  const containers = byId(sheet.data?.lines.map((l) => l.container));
  const opened = new Set(result?.discrepancies.map((d) => d.countEventId));
  const open = (worklist.data?.openDiscrepancies ?? []).filter((d) => opened.has(d.countEventId));

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/ledger#inventory" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Controlled
        substances
      </Anchor>
      <div>
        <PageTitle mb={4}>Controlled-substance inventory</PageTitle>
        <Text c="dimmed" maw={720}>
          Count every container the clinic holds, safe by safe, then sign with your own password. Sealed
          containers are counted exactly; opened ones may be estimated.
        </Text>
      </div>
      <ErrorAlert error={sheet.error ?? inventories.error} title="Could not load the count sheet" />
      {sheet.isPending || inventories.isPending ? <Loading label="Loading the count sheet" /> : null}
      {result ? (
        <Stack gap="md">
          <Alert
            color="green"
            variant="light"
            icon={<IconCircleCheck aria-hidden="true" />}
            title="Inventory signed and recorded"
            role="status"
          >
            <Text size="sm">
              {result.inventory.lineCount} containers, {mg(result.inventory.totalUg)} in all, on{' '}
              {formatDate(result.inventory.localDate)}. Record fingerprint{' '}
              <Code>{result.inventory.contentHash.slice(0, 16)}…</Code>
            </Text>
            <Anchor
              component={Link}
              to={`/app/ledger/reports?report=inventories&inventory=${result.inventory.id}`}
              size="sm"
            >
              Open the inventory record
            </Anchor>
          </Alert>
          {result.discrepancies.length ? (
            <DiscrepancySection
              items={open}
              lookups={{
                containers,
                locations: byId(locations.data?.locations),
                products: products.data?.products,
              }}
              canWrite
              onResolve={(d, how) => {
                const c = containers.get(d.containerId);
                if (c) setAction({ kind: how, container: c, discrepancy: d });
              }}
            />
          ) : null}
        </Stack>
      ) : sheet.data && inventories.data ? (
        <InventoryForm
          sheet={sheet.data}
          products={products.data?.products}
          firstEver={inventories.data.inventories.length === 0}
          onDone={setResult}
        />
      ) : null}
      <ActionHost
        action={action}
        products={products.data?.products}
        today={worklist.data?.today ?? sheet.data?.localDate ?? ''}
        onChange={setAction}
      />
    </Stack>
  );
}
