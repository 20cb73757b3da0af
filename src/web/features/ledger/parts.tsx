import { Badge, Group, Paper, Text, TextInput, type TextInputProps } from '@mantine/core';
import { IconAlertOctagon, IconClockExclamation, IconLockOpen, IconPackage } from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import { notify } from '../../lib/notify';
import { daysUntil, EXPIRY_WARNING_DAYS, formatDate, ml, parseMg, qty } from './format';
import type { Container, Product } from './ledger-query';

/** Expired (red) or expiring soon (amber), each with a word and an icon; nothing when the lot is in date. */
export function ExpiryBadge({ expiresOn, today }: { expiresOn: string; today: string }) {
  const days = daysUntil(expiresOn, today);
  if (days < 0)
    return (
      <Badge
        color="red"
        variant="light"
        leftSection={<IconAlertOctagon size={14} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Expired
      </Badge>
    );
  if (days <= EXPIRY_WARNING_DAYS)
    return (
      <Badge
        color="yellow"
        variant="light"
        leftSection={<IconClockExclamation size={14} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        {days === 0 ? 'Expires today' : `Expires in ${days} day${days === 1 ? '' : 's'}`}
      </Badge>
    );
  return null;
}

/** Sealed or opened: an opened container may be estimated at a count; a sealed one is counted exactly. */
export function SealBadge({ c }: { c: Container }) {
  if (c.balanceUg === 0)
    return (
      <Badge color="gray" variant="light" styles={NO_CLIP}>
        Empty
      </Badge>
    );
  return c.opened ? (
    <Badge
      color="gray"
      variant="outline"
      leftSection={<IconLockOpen size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Opened
    </Badge>
  ) : (
    <Badge
      color="gray"
      variant="light"
      leftSection={<IconPackage size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Sealed
    </Badge>
  );
}

/** The container a movement is about, shown at the top of its dialog. */
export function ContainerContext({ c, product, today }: { c: Container; product?: Product; today: string }) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="container-context">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text fw={700}>Container {c.label}</Text>
          <Text size="sm">{c.productName}</Text>
          <Text size="sm" c="dimmed">
            Lot {c.lotNumber} · expires {formatDate(c.expiresOn)} · {c.locationName}
          </Text>
        </div>
        <div style={{ textAlign: 'right' }}>
          <Text size="xs" c="dimmed">
            Balance
          </Text>
          <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
            {qty(c.balanceUg, product?.strengthUgPerMl)}
          </Text>
          <ExpiryBadge expiresOn={c.expiresOn} today={today} />
        </div>
      </Group>
    </Paper>
  );
}

type MgInputProps = Omit<TextInputProps, 'rightSection'> & {
  /** µg per mL of a liquid, to show the volume as people type. */
  strength?: number | null | undefined;
  value?: string;
};

/** A quantity typed in mg; for a liquid the volume is shown under it as people type. */
export function MgInput({ strength, description, ...props }: MgInputProps) {
  const ug = parseMg(String(props.value ?? ''));
  const volume = ug !== undefined && ug > 0 ? ml(ug, strength) : null;
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      rightSection={
        <Text size="sm" c="dimmed" aria-hidden="true">
          mg
        </Text>
      }
      rightSectionPointerEvents="none"
      // The hint sits under the field, so a row of inputs stays aligned as the volume appears.
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      description={volume ? `That is ${volume}.` : description}
      {...props}
    />
  );
}

export function notifyRecorded(message: string, title = 'Recorded in the ledger') {
  notify({ title, message });
}

/** First to expire first (the one to use next), then by label in number order (…-2 before …-10). */
export const byUseOrder = (a: Container, b: Container) =>
  a.expiresOn.localeCompare(b.expiresOn) || a.label.localeCompare(b.label, undefined, { numeric: true });

/** The product of a container, for strength (mL) and single-use. */
export const productOf = (products: Product[] | undefined, c: { productId: string }) =>
  products?.find((p) => p.id === c.productId);
