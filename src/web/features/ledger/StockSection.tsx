import { Button, Card, Group, Stack, Switch, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ContainerMenu, type OpenAction } from './ContainerActions';
import { formatDate, qty } from './format';
import type { Container, Location, Product } from './ledger-query';
import { byUseOrder, ExpiryBadge, productOf, SealBadge } from './parts';

interface Props {
  containers: Container[] | undefined;
  loading: boolean;
  error: unknown;
  locations: Location[];
  products: Product[] | undefined;
  today: string;
  canWrite: boolean;
  showEmpty: boolean;
  onShowEmpty: (v: boolean) => void;
  onAction: (a: OpenAction) => void;
}

function ProductTable({
  rows,
  product,
  today,
  canWrite,
  onAction,
}: {
  rows: Container[];
  product: Product | undefined;
  today: string;
  canWrite: boolean;
  onAction: (a: OpenAction) => void;
}) {
  const strength = product?.strengthUgPerMl;
  const total = rows.reduce((s, c) => s + c.balanceUg, 0);
  const name = rows[0]?.productName ?? product?.name ?? '';
  return (
    <Stack gap={4}>
      <Group justify="space-between" align="baseline">
        <Title order={4} size="h5">
          {name}
        </Title>
        <Text size="sm" data-testid="product-total">
          {rows.length} container{rows.length === 1 ? '' : 's'} · <strong>{qty(total, strength)}</strong>
        </Text>
      </Group>
      {/* Fits the page beside the menu on a 1024 px tablet (the actions must never be cut off); scrolls when narrower. */}
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" striped aria-label={`${name}: containers`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Container and lot</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col" ta="right">
                Balance
              </Table.Th>
              <Table.Th scope="col">State</Table.Th>
              {canWrite ? (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id} data-testid="container-row" data-label={c.label}>
                <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {c.label}
                  <Text size="sm" fw={400}>
                    Lot {c.lotNumber}
                  </Text>
                </Table.Th>
                <Table.Td>
                  <Group gap={4} wrap="wrap">
                    <span style={{ whiteSpace: 'nowrap' }}>{formatDate(c.expiresOn)}</span>
                    <ExpiryBadge expiresOn={c.expiresOn} today={today} />
                  </Group>
                </Table.Td>
                <Table.Td
                  ta="right"
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                  data-testid="container-balance"
                >
                  {qty(c.balanceUg, strength)}
                </Table.Td>
                <Table.Td>
                  <SealBadge c={c} />
                </Table.Td>
                {canWrite ? (
                  <Table.Td ta="right" w="1%" style={{ whiteSpace: 'nowrap' }}>
                    <ContainerMenu c={c} onPick={onAction} />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** Stock on hand, safe by safe and product by product, with each container's balance, lot and expiry. */
export function StockSection({
  containers,
  loading,
  error,
  locations,
  products,
  today,
  canWrite,
  showEmpty,
  onShowEmpty,
  onAction,
}: Props) {
  const inSafe = (id: string) => (containers ?? []).filter((c) => c.locationId === id).sort(byUseOrder);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      id="stock"
      aria-labelledby="stock-h"
      style={{ scrollMarginTop: 80 }}
    >
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="stock-h">
          Stock on hand
        </Title>
        <Switch
          size="md"
          label="Show empty containers"
          checked={showEmpty}
          onChange={(e) => onShowEmpty(e.currentTarget.checked)}
        />
      </Group>
      {loading ? <Loading label="Loading stock" /> : null}
      <ErrorAlert error={error} title="Could not load the stock" />
      {!loading && locations.length === 0 ? (
        <Text>
          No safe is set up yet. An admin adds safes and products under &ldquo;Safes and products&rdquo;.
        </Text>
      ) : null}
      <Stack gap="lg">
        {containers
          ? locations.map((l) => {
              const rows = inSafe(l.id);
              const productIds = [...new Set(rows.map((c) => c.productId))];
              return (
                <Card
                  key={l.id}
                  withBorder
                  radius="md"
                  padding="md"
                  component="section"
                  aria-labelledby={`safe-${l.id}`}
                  data-testid="safe-card"
                >
                  <Group justify="space-between" mb="sm">
                    <div>
                      <Title order={3} size="h5" id={`safe-${l.id}`}>
                        {l.name}
                      </Title>
                      <Text size="sm" c="dimmed">
                        DEA registration {l.deaRegistration}
                      </Text>
                    </div>
                    {canWrite ? (
                      <Button
                        component={Link}
                        to={`/app/ledger/count?safe=${encodeURIComponent(l.id)}`}
                        variant="default"
                        size="sm"
                        leftSection={<IconListCheck size={16} aria-hidden="true" />}
                        aria-label={`Count ${l.name}`}
                      >
                        Count this safe
                      </Button>
                    ) : null}
                  </Group>
                  {rows.length === 0 ? (
                    <Text size="sm">Nothing in this safe.</Text>
                  ) : (
                    <Stack gap="md">
                      {productIds.map((pid) => (
                        <ProductTable
                          key={pid}
                          rows={rows.filter((c) => c.productId === pid)}
                          product={productOf(products, { productId: pid })}
                          today={today}
                          canWrite={canWrite}
                          onAction={onAction}
                        />
                      ))}
                    </Stack>
                  )}
                </Card>
              );
            })
          : null}
      </Stack>
    </Card>
  );
}
