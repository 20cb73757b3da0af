import { Badge, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IconBuildingStore, IconLockOpen, IconPackage } from '@tabler/icons-react';
import { useMemo } from 'react';
import { type DoseSource, doseSources } from '../../../domain/dosing';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDate, qty } from '../ledger/format';
import { useContainers, useProducts } from '../ledger/ledger-query';
import { ExpiryBadge } from '../ledger/parts';

/** The safe this device last drew from: its stock is offered first (a tablet stays at one site). */
const SAFE_KEY = 'liminal-console-safe';
export const rememberedSafe = (): string | null => {
  try {
    return localStorage.getItem(SAFE_KEY);
  } catch {
    return null;
  }
};
export const rememberSafe = (locationId: string) => {
  try {
    localStorage.setItem(SAFE_KEY, locationId);
  } catch {
    // Storage unavailable: the order falls back to opened vials and expiry.
  }
};

export const ELSEWHERE = 'elsewhere';
export const SUPPLIED_BY_ID = 'dose-supplied-by';

export interface SourceChoice {
  /** A source's key, or ELSEWHERE. */
  key: string | null;
  elsewhereSource: string;
  elsewhereLot: string;
}

/** The stock this dose may come from, best first (domain doseSources: the same rule the demo seed uses). */
export function useDoseSources(
  route: string,
  ugNeeded: number,
  enabled: boolean,
  pinnedContainerId: string | null,
) {
  const containers = useContainers({ inStock: true }, enabled);
  const products = useProducts(enabled);
  const sources = useMemo(
    () =>
      containers.data && products.data
        ? doseSources({
            route,
            ugNeeded,
            containers: containers.data.containers,
            products: products.data.products,
            preferredLocationId: rememberedSafe(),
            pinnedContainerId,
          })
        : null,
    [containers.data, products.data, route, ugNeeded, pinnedContainerId],
  );
  return {
    sources,
    containers: containers.data?.containers,
    products: products.data?.products,
    loading: containers.isPending || products.isPending,
    error: containers.error ?? products.error,
  };
}

function SourceCard({ s, today }: { s: DoseSource; today: string }) {
  const sealedLot = !s.opened;
  const title = sealedLot ? `Lot ${s.lotNumber}` : s.containerLabel;
  // What one container is, for the count of a sealed lot.
  const each = s.substance === 'esketamine' ? 'device' : s.form === 'solution' ? 'vial' : 'card';
  return (
    <Radio.Card
      value={s.key}
      radius="md"
      p="sm"
      disabled={Boolean(s.unusable)}
      data-testid="dose-source"
      data-container={s.containerLabel}
      style={s.unusable ? { opacity: 0.75 } : undefined}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator size="md" mt={4} disabled={Boolean(s.unusable)} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} size="lg">
              {title}
            </Text>
            <Badge
              color="gray"
              variant={s.opened ? 'outline' : 'light'}
              leftSection={
                s.opened ? (
                  <IconLockOpen size={14} aria-hidden="true" />
                ) : (
                  <IconPackage size={14} aria-hidden="true" />
                )
              }
              styles={NO_CLIP}
            >
              {s.opened ? 'Opened' : `Sealed · ${s.count} ${each}${s.count === 1 ? '' : 's'}`}
            </Badge>
            <ExpiryBadge expiresOn={s.expiresOn} today={today} />
          </Group>
          <Text size="sm">{s.productName}</Text>
          <Text size="sm">
            {sealedLot ? '' : `Lot ${s.lotNumber} · `}Expires {formatDate(s.expiresOn)} ·{' '}
            <strong>
              {qty(s.balanceUg, s.strengthUgPerMl)} {sealedLot && s.count > 1 ? 'each' : 'left'}
            </strong>{' '}
            · {s.locationName}
          </Text>
          {s.unusable ? (
            <Text size="sm" fw={600}>
              Not for this dose: {s.unusable}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Radio.Card>
  );
}

/**
 * Where the dose comes from: a container of the clinic's controlled stock (drawn from the ledger in the same
 * save), or — said explicitly, with who supplied it — a product supplied elsewhere.
 */
export function DoseSourcePicker({
  sources,
  loading,
  error,
  canDraw,
  today,
  value,
  onChange,
  errors,
}: {
  sources: DoseSource[] | null;
  loading: boolean;
  error: unknown;
  canDraw: boolean;
  today: string;
  value: SourceChoice;
  onChange: (next: SourceChoice) => void;
  errors: { source?: string | undefined; elsewhere?: string | undefined };
}) {
  const usable = (sources ?? []).filter((s) => !s.unusable);
  return (
    <Stack gap="xs">
      <Radio.Group
        label="Drawn from"
        description={
          canDraw
            ? 'The dose is taken from this container in the controlled-substance record as you save it.'
            : 'Doses from the clinic’s stock are recorded by a nurse (they draw from the controlled-substance record).'
        }
        value={value.key}
        onChange={(key) => onChange({ ...value, key })}
        error={errors.source}
        size="md"
      >
        <Stack gap="xs" mt="xs">
          {canDraw && loading ? <Loading label="Loading the stock" /> : null}
          {canDraw ? <ErrorAlert error={error} title="Could not load the stock" /> : null}
          {canDraw && sources && !usable.length ? (
            <Text size="sm" fw={600} data-testid="no-stock">
              No container in the ledger holds this dose for this route.
            </Text>
          ) : null}
          {canDraw ? (sources ?? []).map((s) => <SourceCard key={s.key} s={s} today={today} />) : null}
          <Radio.Card value={ELSEWHERE} radius="md" p="sm" data-testid="dose-source-elsewhere">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator size="md" mt={4} />
              <Stack gap={2}>
                <Group gap="xs">
                  <IconBuildingStore size={18} aria-hidden="true" />
                  <Text fw={700} size="lg">
                    Supplied elsewhere
                  </Text>
                </Group>
                <Text size="sm">
                  Not from this clinic’s stock — for example a pharmacy-dispensed kit. Say who supplied it.
                </Text>
              </Stack>
            </Group>
          </Radio.Card>
        </Stack>
      </Radio.Group>
      {value.key === ELSEWHERE ? (
        <Group wrap="wrap" align="flex-start">
          <TextInput
            id={SUPPLIED_BY_ID}
            size="lg"
            label="Supplied by"
            description="Pharmacy, kit or prescription"
            required
            value={value.elsewhereSource}
            onChange={(e) => onChange({ ...value, elsewhereSource: e.currentTarget.value })}
            error={errors.elsewhere}
            style={{ flex: '1 1 260px' }}
          />
          <TextInput
            size="lg"
            label="Lot number"
            value={value.elsewhereLot}
            onChange={(e) => onChange({ ...value, elsewhereLot: e.currentTarget.value })}
            w={200}
          />
        </Group>
      ) : null}
    </Stack>
  );
}
