import {
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconReportSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ledgerPatientList } from '../../../contracts/ledger';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, mg } from './format';
import { useInventories, useProducts } from './ledger-query';
import { ReportView } from './ReportTable';

const REPORTS = [
  { value: 'running', label: 'Running log' },
  { value: 'patient', label: 'Patient log' },
  { value: 'discrepancies', label: 'Discrepancies' },
  { value: 'inventories', label: 'Inventories' },
] as const;
type Kind = (typeof REPORTS)[number]['value'];
const FIELDS = ['productId', 'patientId', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

/** Where each report lives; the same address answers JSON, CSV or PDF. */
function target(
  kind: Kind,
  f: Filters,
  inventory: string,
): { path: string; query: Record<string, string | undefined> } | null {
  const range = { from: f.from || undefined, to: f.to || undefined };
  switch (kind) {
    case 'running':
      return f.productId
        ? { path: '/api/ledger/reports/running-log', query: { productId: f.productId, ...range } }
        : null;
    case 'patient':
      return f.patientId
        ? { path: `/api/ledger/reports/patients/${encodeURIComponent(f.patientId)}`, query: range }
        : null;
    case 'discrepancies':
      return { path: '/api/ledger/reports/discrepancies', query: range };
    case 'inventories':
      return inventory
        ? { path: `/api/ledger/reports/inventories/${encodeURIComponent(inventory)}`, query: {} }
        : null;
  }
}

function FiltersForm({
  kind,
  value,
  onApply,
}: {
  kind: Kind;
  value: Filters;
  onApply: (f: Filters) => void;
}) {
  const products = useProducts();
  const [draft, setDraft] = useState(value);
  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label="Report filters">
      <Group align="flex-end" gap="md">
        {kind === 'running' ? (
          <NativeSelect
            size="md"
            label="Product"
            miw={300}
            data={[
              { value: '', label: 'Choose a product' },
              ...(products.data?.products ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
            value={draft.productId}
            onChange={set('productId')}
          />
        ) : null}
        {kind === 'patient' ? (
          <PatientChooser value={draft.patientId} onChange={(id) => setDraft({ ...draft, patientId: id })} />
        ) : null}
        <TextInput label="From" type="date" value={draft.from} onChange={set('from')} />
        <TextInput label="To" type="date" value={draft.to} onChange={set('to')} />
        <Button type="submit" leftSection={<IconReportSearch size={18} aria-hidden="true" />}>
          Show report
        </Button>
      </Group>
    </form>
  );
}

/**
 * Finds a patient with doses on record by name or chart number (the ledger's own lookup, so those who read the
 * ledger without opening charts can use it too); nobody types a record id.
 */
function PatientChooser({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['ledger', 'patients', q],
    enabled: q.length > 0,
    queryFn: ({ signal }) =>
      api.get('/api/ledger/reports/patients', { query: { q }, schema: ledgerPatientList, signal }),
  });
  const data = (found.data?.patients ?? []).map((p) => ({ value: p.id, label: p.label }));
  return (
    <Select
      size="md"
      label="Patient"
      description="Name or chart number"
      placeholder={value ? 'Search for another patient' : 'Search'}
      miw={320}
      searchable
      clearable
      filter={({ options }) => options}
      data={data}
      value={data.some((d) => d.value === value) ? value : null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={
        q
          ? found.isFetching
            ? 'Searching…'
            : 'No patient with doses on record matches'
          : 'Type a name or chart number'
      }
    />
  );
}

function InventoryList({ selected, onOpen }: { selected: string; onOpen: (id: string) => void }) {
  const list = useInventories();
  if (list.isPending) return <Loading label="Loading inventories" />;
  if (list.error) return <ErrorAlert error={list.error} title="Could not load the inventories" />;
  const items = list.data.inventories;
  if (items.length === 0) return <Text>No inventory has been taken yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Containers</Table.Th>
            <Table.Th scope="col">Total</Table.Th>
            <Table.Th scope="col">Signed</Table.Th>
            <Table.Th scope="col">Record</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{formatDate(i.localDate)}</Table.Td>
              <Table.Td>
                {i.kind === 'initial' ? 'Initial' : 'Biennial'}, {i.asOf === 'opening' ? 'opening' : 'close'}{' '}
                of business
              </Table.Td>
              <Table.Td>{i.lineCount}</Table.Td>
              <Table.Td>{mg(i.totalUg)}</Table.Td>
              <Table.Td>{formatDateTime(i.signedAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="sm"
                  variant={selected === i.id ? 'filled' : 'default'}
                  onClick={() => onOpen(i.id)}
                  aria-pressed={selected === i.id}
                >
                  Open
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The printable controlled-substance records, for any date range, on screen and as CSV or PDF. */
export default function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const products = useProducts();
  const kind = (REPORTS.find((r) => r.value === params.get('report'))?.value ?? 'running') as Kind;
  const filters = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  // With one product, the running log needs no choosing.
  const only = products.data?.products.length === 1 ? products.data.products[0]?.id : undefined;
  const effective = { ...filters, productId: filters.productId || only || '' };
  const inventory = params.get('inventory') ?? '';
  const t = target(kind, effective, inventory);

  const update = (next: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    setParams(p);
  };

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/ledger" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Controlled
        substances
      </Anchor>
      <div>
        <PageTitle mb={4}>Controlled-substance reports</PageTitle>
        <Text c="dimmed" maw={720}>
          The records the DEA asks for (21 CFR 1304.22): every movement with date, quantity, balance and who
          did and witnessed it. Opening a report is recorded in the audit log.
        </Text>
      </div>
      <Tabs value={kind} onChange={(v) => update({ report: v ?? 'running' })} keepMounted={false}>
        <Tabs.List>
          {REPORTS.map((r) => (
            <Tabs.Tab key={r.value} value={r.value}>
              {r.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {REPORTS.map((r) => (
          <Tabs.Panel key={r.value} value={r.value} pt="md">
            <Card withBorder radius="md" padding="md">
              {r.value === 'inventories' ? (
                <InventoryList
                  selected={inventory}
                  onOpen={(id) => update({ report: 'inventories', inventory: id })}
                />
              ) : (
                <FiltersForm
                  key={params.toString()}
                  kind={r.value}
                  value={effective}
                  onApply={(f) => update({ report: r.value, ...f })}
                />
              )}
            </Card>
          </Tabs.Panel>
        ))}
      </Tabs>
      {t ? (
        <ReportView path={t.path} query={t.query} products={products.data?.products} />
      ) : (
        <Text c="dimmed">
          {kind === 'running'
            ? 'Choose a product to see its running log.'
            : kind === 'patient'
              ? 'Find a patient by name or chart number to see their log.'
              : 'Open an inventory to see its record.'}
        </Text>
      )}
    </Stack>
  );
}
