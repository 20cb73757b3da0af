import { Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAlertOctagon,
  IconCalendarDue,
  IconCircleCheck,
  IconClipboardList,
  IconClockExclamation,
  IconFileCheck,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { NO_CLIP } from '../../components/badges';
import { formatDate, mg, qty, signedMg } from './format';
import type { Container, Discrepancy, Location, Product, Worklist } from './ledger-query';
import { ExpiryBadge, productOf } from './parts';

type Status = 'ok' | 'due_soon' | 'overdue';
type TheftLossItem = Worklist['theftLoss'][number];

/** A deadline in words, icon and colour: filed (green), overdue (red), due soon (amber), later (grey). */
export function DeadlineBadge({ status, done, days }: { status: Status; done?: boolean; days: number }) {
  const when =
    days === 0
      ? 'Due today'
      : days < 0
        ? `${-days} day${days === -1 ? '' : 's'} overdue`
        : `Due in ${days} day${days === 1 ? '' : 's'}`;
  const [color, Icon, label] = done
    ? (['green', IconCircleCheck, 'Filed'] as const)
    : status === 'overdue'
      ? (['red', IconAlertOctagon, days < 0 ? when : 'Overdue'] as const)
      : status === 'due_soon'
        ? (['yellow', IconClockExclamation, when] as const)
        : (['gray', IconCalendarDue, when] as const);
  return (
    <Badge color={color} variant="light" leftSection={<Icon size={14} aria-hidden="true" />} styles={NO_CLIP}>
      {label}
    </Badge>
  );
}

function Section({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  children: ReactNode;
}) {
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      id={id}
      aria-labelledby={`${id}-h`}
      // Links to a section land below the fixed header.
      style={{ scrollMarginTop: 80 }}
    >
      <Group gap="xs" mb="sm">
        <Title order={2} size="h4" id={`${id}-h`}>
          {title}
        </Title>
        {count ? (
          <Badge color="red" variant="light" styles={NO_CLIP}>
            {count} open
          </Badge>
        ) : null}
      </Group>
      {children}
    </Card>
  );
}

interface Lookups {
  containers: Map<string, Container>;
  locations: Map<string, Location>;
  products: Product[] | undefined;
}

const containerName = (l: Lookups, id: string) => {
  const c = l.containers.get(id);
  return c ? `${c.label} (${c.productName})` : 'a container';
};

export function TheftLossSection({
  items,
  lookups,
  canWrite,
  onFile,
}: {
  items: TheftLossItem[];
  lookups: Lookups;
  canWrite: boolean;
  onFile: (t: TheftLossItem) => void;
}) {
  return (
    <Section id="theft-loss" title="Theft and loss reports" count={items.length}>
      {items.length === 0 ? (
        <Text>No theft or loss report is waiting for a DEA filing.</Text>
      ) : (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Discovered</Table.Th>
                  <Table.Th scope="col">Missing</Table.Th>
                  <Table.Th scope="col">DEA notice</Table.Th>
                  <Table.Th scope="col">Form 106</Table.Th>
                  {canWrite ? <Table.Th scope="col">Action</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((t) => (
                  <Table.Tr key={t.eventId} data-testid="theft-loss-row">
                    <Table.Td>{formatDate(t.discoveredOn)}</Table.Td>
                    <Table.Td>
                      {mg(t.quantityUg)} from {containerName(lookups, t.containerId)}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <DeadlineBadge
                          status={t.deaNotice.status}
                          done={t.deaNotice.done}
                          days={t.deaNotice.daysRemaining}
                        />
                        {t.deaNotice.done ? null : (
                          <Text size="xs" c="dimmed">
                            by {formatDate(t.deaNotice.dueOn)}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <DeadlineBadge
                          status={t.form106.status}
                          done={t.form106.done}
                          days={t.form106.daysRemaining}
                        />
                        {t.form106.done ? null : (
                          <Text size="xs" c="dimmed">
                            by {formatDate(t.form106.dueOn)}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        <Button
                          size="sm"
                          variant="default"
                          leftSection={<IconFileCheck size={16} aria-hidden="true" />}
                          onClick={() => onFile(t)}
                        >
                          Record filing
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" c="dimmed">
            {items[0]?.source}.
          </Text>
        </Stack>
      )}
    </Section>
  );
}

export function DiscrepancySection({
  items,
  lookups,
  canWrite,
  onResolve,
}: {
  items: Discrepancy[];
  lookups: Lookups;
  canWrite: boolean;
  onResolve: (d: Discrepancy, how: 'adjust' | 'theft_loss') => void;
}) {
  return (
    <Section id="discrepancies" title="Open discrepancies" count={items.length}>
      {items.length === 0 ? (
        <Text>Every count matches the books.</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Counted on</Table.Th>
                <Table.Th scope="col">Container</Table.Th>
                <Table.Th scope="col">Books</Table.Th>
                <Table.Th scope="col">Counted</Table.Th>
                <Table.Th scope="col">Difference</Table.Th>
                {canWrite ? <Table.Th scope="col">Resolve</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => {
                const c = lookups.containers.get(d.containerId);
                const strength = c ? productOf(lookups.products, c)?.strengthUgPerMl : null;
                return (
                  <Table.Tr key={d.countEventId} data-testid="discrepancy-row">
                    <Table.Td>{formatDate(d.localDate)}</Table.Td>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {c?.label ?? '—'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c?.productName} · {lookups.locations.get(d.locationId)?.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{qty(d.expectedUg, strength)}</Table.Td>
                    <Table.Td>{qty(d.observedUg, strength)}</Table.Td>
                    <Table.Td>
                      <Badge
                        color="red"
                        variant="light"
                        leftSection={<IconAlertOctagon size={14} aria-hidden="true" />}
                        styles={NO_CLIP}
                      >
                        {signedMg(d.differenceUg)}
                      </Badge>
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="sm"
                            variant="default"
                            disabled={!c}
                            onClick={() => onResolve(d, 'adjust')}
                          >
                            Resolve by adjustment
                          </Button>
                          {d.differenceUg < 0 ? (
                            <Button
                              size="sm"
                              variant="default"
                              color="red"
                              disabled={!c}
                              onClick={() => onResolve(d, 'theft_loss')}
                            >
                              Report theft/loss
                            </Button>
                          ) : null}
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function InventorySection({ inv, canWrite }: { inv: Worklist['inventory']; canWrite: boolean }) {
  return (
    <Section id="inventory" title="Biennial inventory">
      <Stack gap="xs" align="flex-start">
        <DeadlineBadge status={inv.status} days={inv.daysRemaining} />
        <Text>
          {inv.lastOn
            ? `Last inventory ${formatDate(inv.lastOn)}. `
            : 'No inventory on record yet: the initial inventory is due. '}
          Next due by <strong>{formatDate(inv.dueOn)}</strong>.
        </Text>
        <Text size="sm" c="dimmed">
          {inv.source}.
        </Text>
        <Group gap="sm">
          {canWrite ? (
            <Button
              component={Link}
              to="/app/ledger/inventory"
              variant="default"
              leftSection={<IconClipboardList size={18} aria-hidden="true" />}
            >
              Take the inventory
            </Button>
          ) : null}
          <Anchor component={Link} to="/app/ledger/reports?report=inventories">
            Past inventories
          </Anchor>
        </Group>
      </Stack>
    </Section>
  );
}

export function ExpiryAndLowStock({ w }: { w: Worklist }) {
  return (
    <Section id="expiring" title="Expiring lots and low stock">
      <Stack gap="sm">
        {w.expiringLots.length === 0 && w.lowStock.length === 0 ? (
          <Text>No lot expires in the next 60 days and no product is low.</Text>
        ) : null}
        {w.expiringLots.length ? (
          <List spacing="xs" listStyleType="none" ml={0} pl={0}>
            {w.expiringLots.map((l) => (
              <List.Item key={l.lotId}>
                <Group gap="xs">
                  <ExpiryBadge expiresOn={l.expiresOn} today={w.today} />
                  <Text size="sm">
                    {l.productName}, lot {l.lotNumber}: {mg(l.balanceUg)} {l.expired ? 'expired' : 'expires'}{' '}
                    {formatDate(l.expiresOn)}
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        ) : null}
        {w.lowStock.length ? (
          <List spacing="xs" listStyleType="none" ml={0} pl={0}>
            {w.lowStock.map((p) => (
              <List.Item key={p.productId}>
                <Group gap="xs">
                  <Badge
                    color="yellow"
                    variant="light"
                    leftSection={<IconClockExclamation size={14} aria-hidden="true" />}
                    styles={NO_CLIP}
                  >
                    Low stock
                  </Badge>
                  <Text size="sm">
                    {p.productName}: {mg(p.balanceUg)} left; reorder below {mg(p.thresholdUg)}
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Section>
  );
}
