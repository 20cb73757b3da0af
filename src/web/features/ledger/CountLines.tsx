import { Badge, Checkbox, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconAlertOctagon, IconCircleCheck } from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import type { FieldMap } from './form-errors';
import { mgError, parseMg, qty, signedMg } from './format';
import type { Container, Product } from './ledger-query';
import { MgInput, productOf } from './parts';

export interface CountLineValues {
  containerId: string;
  counted: string;
  estimated: boolean;
}

export interface CountValues {
  lines: CountLineValues[];
}

export interface SheetRow {
  container: Container;
  /** exact: count every unit; estimate_allowed: an opened Schedule III container (21 CFR 1304.11(e)(3)). */
  method: 'exact' | 'estimate_allowed';
}

/** An opened container may be estimated unless it holds more than 1,000 units (the server decides too). */
export function countMethod(c: Container, product: Product | undefined): SheetRow['method'] {
  if (!c.opened) return 'exact';
  if (product?.unitsPerContainer && product.unitsPerContainer > 1000) return 'exact';
  return 'estimate_allowed';
}

/** `lines.3.observedUg` (API) → `lines.3.counted` (form). */
export const countFieldMap: FieldMap = (f) => f.replace(/^(lines\.\d+)\.observedUg$/, '$1.counted');

export const countLineErrors = (v: CountValues) =>
  Object.fromEntries(v.lines.map((l, i) => [`lines.${i}.counted`, mgError(l.counted, { allowZero: true })]));

export const toCountLines = (v: CountValues) =>
  v.lines.map((l) => ({
    containerId: l.containerId,
    observedUg: parseMg(l.counted),
    estimated: l.estimated,
  }));

/** The lines whose count differs from the books, as the review step lists them. */
export function differences(v: CountValues, rows: SheetRow[]) {
  return v.lines.flatMap((l) => {
    const row = rows.find((r) => r.container.id === l.containerId);
    const counted = parseMg(l.counted);
    if (!row || counted === undefined || counted === row.container.balanceUg) return [];
    return [{ container: row.container, counted, difference: counted - row.container.balanceUg }];
  });
}

function Difference({ expected, counted }: { expected: number; counted: string }) {
  const ug = parseMg(counted);
  if (ug === undefined)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  if (ug === expected)
    return (
      <Badge
        color="green"
        variant="light"
        leftSection={<IconCircleCheck size={14} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Matches
      </Badge>
    );
  return (
    <Badge
      color="red"
      variant="light"
      leftSection={<IconAlertOctagon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {signedMg(ug - expected)}
    </Badge>
  );
}

/**
 * The count sheet: every container with its book balance and a field for what is counted. The difference
 * shows as people type; submitting opens a discrepancy for each line that differs.
 */
export function CountLines<V extends CountValues>({
  form,
  rows,
  products,
  caption,
}: {
  form: UseFormReturnType<V>;
  rows: SheetRow[];
  products: Product[] | undefined;
  caption: string;
}) {
  const values = form.getValues() as CountValues;
  const index = new Map(values.lines.map((l, i) => [l.containerId, i]));
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Container</Table.Th>
            <Table.Th scope="col">Lot</Table.Th>
            <Table.Th scope="col" ta="right">
              Books
            </Table.Th>
            <Table.Th scope="col">Counted (mg)</Table.Th>
            <Table.Th scope="col">Method</Table.Th>
            <Table.Th scope="col">Difference</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ container: c, method }) => {
            const i = index.get(c.id) ?? 0;
            const strength = productOf(products, c)?.strengthUgPerMl;
            const line = values.lines[i];
            return (
              <Table.Tr key={c.id} data-testid="count-line" data-label={c.label}>
                <Table.Th scope="row">
                  <Text fw={600} size="sm">
                    {c.label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.productName}
                  </Text>
                </Table.Th>
                <Table.Td>{c.lotNumber}</Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {qty(c.balanceUg, strength)}
                </Table.Td>
                <Table.Td miw={180}>
                  <MgInput
                    aria-label={`Counted mg for ${c.label}`}
                    required
                    strength={strength}
                    {...form.getInputProps(`lines.${i}.counted`)}
                  />
                </Table.Td>
                <Table.Td>
                  {method === 'estimate_allowed' ? (
                    <Checkbox
                      size="md"
                      label="Estimated"
                      aria-label={`Estimated for ${c.label}`}
                      {...form.getInputProps(`lines.${i}.estimated`, { type: 'checkbox' })}
                    />
                  ) : (
                    <Text size="sm">Exact count</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Difference expected={c.balanceUg} counted={line?.counted ?? ''} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
