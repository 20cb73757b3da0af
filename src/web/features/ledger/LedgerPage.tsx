import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import {
  IconClipboardList,
  IconFileReport,
  IconListCheck,
  IconPackageImport,
  IconSettings,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useMe } from '../../lib/session';
import { ChainStatus } from './ChainStatus';
import { ActionHost, type OpenAction } from './ContainerActions';
import { FilingDialog } from './CorrectionDialogs';
import { localToday } from './format';
import { byId, useContainers, useLocations, useProducts, useWorklist, type Worklist } from './ledger-query';
import { ReceiveDialog } from './ReceiveDialog';
import { StockSection } from './StockSection';
import {
  DiscrepancySection,
  ExpiryAndLowStock,
  InventorySection,
  TheftLossSection,
} from './WorklistSections';

/**
 * The controlled-substance record (DOMAIN §6): what needs doing (theft/loss deadlines, discrepancies, the
 * biennial inventory, expiring lots, low stock), the stock in every safe, and the ledger's own verification.
 * The staff worklist links here by section (#stock, #discrepancies, #theft-loss, #inventory).
 */
export default function LedgerPage() {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('ledger.write') ?? false;
  const canSetup = me?.permissions.includes('settings.manage') ?? false;
  const location = useLocation();
  const [showEmpty, setShowEmpty] = useState(false);
  const [action, setAction] = useState<OpenAction | null>(null);
  const [receiving, setReceiving] = useState(false);
  const [filing, setFiling] = useState<Worklist['theftLoss'][number] | null>(null);

  const worklist = useWorklist();
  const products = useProducts();
  const locations = useLocations();
  const stock = useContainers(showEmpty ? {} : { inStock: true });
  const w = worklist.data;
  const today = w?.today ?? localToday();

  // Discrepancies and reports may name containers that are now empty: look those up in the full list.
  const inStock = useMemo(() => byId(stock.data?.containers), [stock.data]);
  const referenced = [
    ...(w?.openDiscrepancies.map((d) => d.containerId) ?? []),
    ...(w?.theftLoss.map((t) => t.containerId) ?? []),
  ];
  const needAll = !showEmpty && referenced.some((id) => !inStock.has(id)) && stock.isSuccess;
  const all = useContainers({}, needAll);
  const containers = useMemo(() => new Map([...byId(all.data?.containers), ...inStock]), [all.data, inStock]);
  const lookups = {
    containers,
    locations: byId(locations.data?.locations),
    products: products.data?.products,
  };

  // Links from the staff worklist land on a section once it has rendered.
  const ready = Boolean(w && stock.data);
  useEffect(() => {
    if (!ready || !location.hash) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: 'start' });
  }, [ready, location.hash]);

  const openFor = (containerId: string, a: Omit<OpenAction, 'container'>) => {
    const c = containers.get(containerId);
    if (c) setAction({ ...a, container: c });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>Controlled substances</PageTitle>
          <Text c="dimmed" maw={680}>
            The ketamine record: every receipt, dose, waste, transfer and count is a permanent, witnessed
            entry. Quantities are in mg (and mL for liquids).
          </Text>
        </div>
        <Group gap="sm">
          {canWrite ? (
            <>
              <Button
                leftSection={<IconPackageImport size={18} aria-hidden="true" />}
                onClick={() => setReceiving(true)}
                disabled={!products.data || !locations.data}
              >
                Receive stock
              </Button>
              <Button
                component={Link}
                to="/app/ledger/count"
                variant="default"
                leftSection={<IconListCheck size={18} aria-hidden="true" />}
              >
                Count a safe
              </Button>
              <Button
                component={Link}
                to="/app/ledger/inventory"
                variant="default"
                leftSection={<IconClipboardList size={18} aria-hidden="true" />}
              >
                Inventory
              </Button>
            </>
          ) : null}
          <Button
            component={Link}
            to="/app/ledger/reports"
            variant="default"
            leftSection={<IconFileReport size={18} aria-hidden="true" />}
          >
            Reports
          </Button>
          {canSetup ? (
            <Button
              component={Link}
              to="/app/ledger/setup"
              variant="default"
              leftSection={<IconSettings size={18} aria-hidden="true" />}
            >
              Safes and products
            </Button>
          ) : null}
        </Group>
      </Group>

      <ChainStatus labelOf={(id) => containers.get(id)?.label ?? id} />

      <ErrorAlert error={worklist.error} title="Could not load the ledger worklist" />
      {worklist.isPending ? <Loading label="Loading the worklist" /> : null}
      {w ? (
        // Side by side while both are empty; full width once either holds a table.
        <SimpleGrid
          cols={{ base: 1, md: w.theftLoss.length || w.openDiscrepancies.length ? 1 : 2 }}
          spacing="lg"
        >
          <TheftLossSection items={w.theftLoss} lookups={lookups} canWrite={canWrite} onFile={setFiling} />
          <DiscrepancySection
            items={w.openDiscrepancies}
            lookups={lookups}
            canWrite={canWrite}
            onResolve={(d, how) => openFor(d.containerId, { kind: how, discrepancy: d })}
          />
        </SimpleGrid>
      ) : null}

      <StockSection
        containers={stock.data?.containers}
        loading={stock.isPending || locations.isPending}
        error={stock.error ?? locations.error}
        locations={locations.data?.locations ?? []}
        products={products.data?.products}
        today={today}
        canWrite={canWrite}
        showEmpty={showEmpty}
        onShowEmpty={setShowEmpty}
        onAction={setAction}
      />

      {w ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <InventorySection inv={w.inventory} canWrite={canWrite} />
          <ExpiryAndLowStock w={w} />
        </SimpleGrid>
      ) : null}

      <ActionHost action={action} products={products.data?.products} today={today} onChange={setAction} />
      {receiving && products.data && locations.data ? (
        <ReceiveDialog
          products={products.data.products}
          locations={locations.data.locations}
          today={today}
          onClose={() => setReceiving(false)}
        />
      ) : null}
      {filing ? (
        <FilingDialog
          item={filing}
          label={containers.get(filing.containerId)?.label ?? 'a container'}
          today={today}
          onClose={() => setFiling(null)}
        />
      ) : null}
    </Stack>
  );
}
