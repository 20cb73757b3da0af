import { Alert, Anchor, Button, Group, List, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconCircleCheck, IconListCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { countBody } from '../../../contracts/ledger';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { ActionHost, type OpenAction } from './ContainerActions';
import {
  CountLines,
  type CountValues,
  countFieldMap,
  countLineErrors,
  countMethod,
  differences,
  type SheetRow,
  toCountLines,
} from './CountLines';
import { applyLedgerErrors, opt, schemaCheck } from './form-errors';
import { formatDate, localToday, qty, signedMg } from './format';
import {
  byId,
  type Container,
  type Location,
  ledgerKey,
  type Product,
  useContainers,
  useLocations,
  useProducts,
  useWorklist,
  type WriteResult,
  writeResponse,
} from './ledger-query';
import { byUseOrder, productOf } from './parts';
import { DiscrepancySection } from './WorklistSections';

interface SheetValues extends CountValues {
  note: string;
}

function CountSheet({
  safe,
  containers,
  products,
  onDone,
}: {
  safe: Location;
  containers: Container[];
  products: Product[] | undefined;
  onDone: (r: WriteResult) => void;
}) {
  const queryClient = useQueryClient();
  const [reviewing, setReviewing] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const rows: SheetRow[] = [...containers]
    .sort((a, b) => a.productName.localeCompare(b.productName) || byUseOrder(a, b))
    .map((c) => ({ container: c, method: countMethod(c, productOf(products, c)) }));
  const toBody = (v: SheetValues) => ({ locationId: safe.id, lines: toCountLines(v), note: opt(v.note) });
  const form = useForm<SheetValues>({
    initialValues: {
      lines: containers.map((c) => ({ containerId: c.id, counted: '', estimated: false })),
      note: '',
    },
    validate: schemaCheck(countBody, toBody, countFieldMap, countLineErrors),
  });
  const record = useMutation({
    mutationFn: (v: SheetValues) => api.post('/api/ledger/counts', toBody(v), { schema: writeResponse }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ledgerKey });
      setReviewing(false);
      onDone(r);
    },
    onError: (err) => {
      const rest = applyLedgerErrors(form, err, countFieldMap);
      setUnplaced(rest);
      // Errors on the sheet's own fields show there; anything else stays in the dialog.
      if (rest && rest.length === 0) setReviewing(false);
    },
  });
  const diffs = differences(form.getValues(), rows);

  return (
    <form
      noValidate
      aria-label={`Count of ${safe.name}`}
      onSubmit={form.onSubmit(() => {
        record.reset();
        setReviewing(true);
      })}
    >
      <Stack gap="md">
        {record.error && !reviewing && !(unplaced && unplaced.length === 0) ? (
          <ErrorAlert error={record.error} extra={unplaced} title="The count was not recorded" />
        ) : null}
        {containers.length === 0 ? (
          <Alert color="gray" variant="light">
            The books show nothing in {safe.name}. Nothing to count.
          </Alert>
        ) : (
          <CountLines
            form={form}
            rows={rows}
            products={products}
            caption={`${containers.length} containers in ${safe.name}, by the books`}
          />
        )}
        <Textarea label="Note" autosize minRows={2} maw={640} {...form.getInputProps('note')} />
        <Group>
          <Button
            type="submit"
            disabled={containers.length === 0}
            leftSection={<IconListCheck size={18} aria-hidden="true" />}
          >
            Review the count
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={reviewing}
        title={`Record the count of ${safe.name}?`}
        confirmLabel="Record count"
        loading={record.isPending}
        error={record.error}
        onConfirm={() => record.mutate(form.getValues())}
        onClose={() => !record.isPending && setReviewing(false)}
      >
        <Stack gap="xs">
          <Text>
            {containers.length} container{containers.length === 1 ? '' : 's'} counted in {safe.name}, recorded
            as counted by you now.
          </Text>
          {diffs.length === 0 ? (
            <Text fw={600}>Every container matches the books.</Text>
          ) : (
            <>
              <Text fw={600}>
                {diffs.length} differ{diffs.length === 1 ? 's' : ''} from the books; each opens a discrepancy
                to resolve:
              </Text>
              <List size="sm">
                {diffs.map((d) => (
                  <List.Item key={d.container.id}>
                    {d.container.label}: counted{' '}
                    {qty(d.counted, productOf(products, d.container)?.strengthUgPerMl)}, books{' '}
                    {qty(d.container.balanceUg, productOf(products, d.container)?.strengthUgPerMl)} (
                    {signedMg(d.difference)})
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Text size="sm" c="dimmed">
            Counts are permanent ledger entries.
          </Text>
        </Stack>
      </ConfirmModal>
    </form>
  );
}

/** A routine count of one safe: every container listed with its book balance; differences open discrepancies. */
export default function CountPage() {
  const [params, setParams] = useSearchParams();
  const locations = useLocations();
  const products = useProducts();
  const worklist = useWorklist();
  const [result, setResult] = useState<WriteResult | null>(null);
  const [action, setAction] = useState<OpenAction | null>(null);
  const list = locations.data?.locations ?? [];
  const safeId = params.get('safe') ?? (list.length === 1 ? (list[0]?.id ?? '') : '');
  const safe = list.find((l) => l.id === safeId);
  const stock = useContainers({ inStock: true, locationId: safeId }, Boolean(safe) && !result);
  const today = worklist.data?.today ?? localToday();

  // After recording: the discrepancies this count opened, as they now stand (resolved ones drop off).
  const opened = new Set(result?.discrepancies.map((d) => d.countEventId));
  const open = (worklist.data?.openDiscrepancies ?? []).filter((d) => opened.has(d.countEventId));
  const counted = byId(result?.containers);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/ledger#stock" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Controlled
        substances
      </Anchor>
      <div>
        <PageTitle mb={4}>Count a safe</PageTitle>
        <Text c="dimmed" maw={720}>
          Count what is physically in the safe and type it in mg. Sealed containers are counted exactly; an
          opened container may be estimated (21 CFR 1304.11(e)(3)). A line that differs from the books opens a
          discrepancy.
        </Text>
      </div>
      <ErrorAlert error={locations.error} title="Could not load the safes" />
      <NativeSelect
        size="md"
        label="Safe"
        maw={420}
        disabled={Boolean(result)}
        data={[
          { value: '', label: 'Choose a safe' },
          ...list.map((l) => ({ value: l.id, label: `${l.name} (DEA ${l.deaRegistration})` })),
        ]}
        value={safeId}
        onChange={(e) => setParams(e.currentTarget.value ? { safe: e.currentTarget.value } : {})}
      />
      {result ? (
        <Stack gap="md">
          <Alert
            color="green"
            variant="light"
            icon={<IconCircleCheck aria-hidden="true" />}
            title="Count recorded"
            role="status"
          >
            {result.events.length} containers counted in {safe?.name} on{' '}
            {formatDate(result.events[0]?.localDate)}.{' '}
            {result.discrepancies.length === 0
              ? 'Everything matches the books.'
              : `${result.discrepancies.length} line${result.discrepancies.length === 1 ? '' : 's'} differed and opened a discrepancy.`}
          </Alert>
          {result.discrepancies.length ? (
            <DiscrepancySection
              items={open}
              lookups={{ containers: counted, locations: byId(list), products: products.data?.products }}
              canWrite
              onResolve={(d, how) => {
                const c = counted.get(d.containerId);
                if (c) setAction({ kind: how, container: c, discrepancy: d });
              }}
            />
          ) : null}
          <Group>
            <Button component={Link} to="/app/ledger" variant="default">
              Back to controlled substances
            </Button>
            <Button variant="default" onClick={() => setResult(null)}>
              Count another safe
            </Button>
          </Group>
        </Stack>
      ) : safe ? (
        stock.isPending ? (
          <Loading label="Loading the containers" />
        ) : stock.data ? (
          <CountSheet
            key={safe.id}
            safe={safe}
            containers={stock.data.containers}
            products={products.data?.products}
            onDone={setResult}
          />
        ) : (
          <ErrorAlert error={stock.error} title="Could not load the containers" />
        )
      ) : null}
      <ActionHost action={action} products={products.data?.products} today={today} onChange={setAction} />
    </Stack>
  );
}
