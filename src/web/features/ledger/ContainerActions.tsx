import { Button, Menu } from '@mantine/core';
import {
  IconAdjustments,
  IconAlertTriangle,
  IconArrowsExchange,
  IconChevronDown,
  IconDroplet,
  IconFlame,
  IconHomeShare,
  IconTrash,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { ConsoleDoseDialog } from './ConsoleDoseDialog';
import { AdjustDialog, TheftLossDialog } from './CorrectionDialogs';
import { DestroyDialog, TransferDialog, WasteDialog } from './DisposalDialogs';
import { DispenseDialog } from './DoseDialogs';
import type { Container, Discrepancy, Product } from './ledger-query';
import { productOf } from './parts';

export type ContainerAction =
  | 'administer'
  | 'dispense'
  | 'waste'
  | 'transfer'
  | 'destroy'
  | 'adjust'
  | 'theft_loss';

export interface OpenAction {
  kind: ContainerAction;
  container: Container;
  /** Prefilled quantity (the rest to waste after a dose). */
  quantityUg?: number;
  /** The discrepancy an adjustment or theft/loss report resolves. */
  discrepancy?: Discrepancy;
}

const ITEMS: {
  kind: ContainerAction;
  label: string;
  Icon: ComponentType<{ size?: number; 'aria-hidden'?: 'true' }>;
}[] = [
  { kind: 'administer', label: 'Administer a dose…', Icon: IconDroplet },
  { kind: 'dispense', label: 'Dispense take-home…', Icon: IconHomeShare },
  { kind: 'waste', label: 'Waste…', Icon: IconTrash },
  { kind: 'transfer', label: 'Transfer…', Icon: IconArrowsExchange },
  { kind: 'destroy', label: 'Destroy…', Icon: IconFlame },
  { kind: 'adjust', label: 'Adjust balance…', Icon: IconAdjustments },
  { kind: 'theft_loss', label: 'Report theft or loss…', Icon: IconAlertTriangle },
];

/** The movements a nurse can record from a container's row. */
export function ContainerMenu({ c, onPick }: { c: Container; onPick: (a: OpenAction) => void }) {
  const empty = c.balanceUg === 0;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          rightSection={<IconChevronDown size={16} aria-hidden="true" />}
          aria-label={`Record a movement for container ${c.label}`}
        >
          Record
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {ITEMS.map(({ kind, label, Icon }) => (
          <Menu.Item
            key={kind}
            leftSection={<Icon size={18} aria-hidden="true" />}
            // An empty container can still be corrected upwards; nothing else can leave it.
            disabled={empty && kind !== 'adjust'}
            color={kind === 'theft_loss' || kind === 'destroy' ? 'red' : undefined}
            onClick={() => onPick({ kind, container: c })}
          >
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Renders the dialog for the chosen movement; after a dose that left a single-use rest, opens the waste. */
export function ActionHost({
  action,
  products,
  today,
  onChange,
}: {
  action: OpenAction | null;
  products: Product[] | undefined;
  today: string;
  onChange: (next: OpenAction | null) => void;
}) {
  if (!action) return null;
  const c = action.container;
  const key = `${action.kind}-${c.id}`;
  const props = {
    container: c,
    product: productOf(products, c),
    today,
    onClose: () => onChange(null),
    ...(action.quantityUg !== undefined ? { quantityUg: action.quantityUg } : {}),
  };
  switch (action.kind) {
    case 'administer':
      // Doses are recorded in the session console (the session entry and the ledger together).
      return <ConsoleDoseDialog key={key} {...props} />;
    case 'dispense':
      return <DispenseDialog key={key} {...props} />;
    case 'waste':
      return <WasteDialog key={key} {...props} />;
    case 'transfer':
      return <TransferDialog key={key} {...props} />;
    case 'destroy':
      return <DestroyDialog key={key} {...props} />;
    case 'adjust':
      return <AdjustDialog key={key} {...props} discrepancy={action.discrepancy} />;
    case 'theft_loss':
      return <TheftLossDialog key={key} {...props} discrepancy={action.discrepancy} />;
  }
}
