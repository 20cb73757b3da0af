import { Table, Text } from '@mantine/core';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate, num } from '../../lib/format';
import { routeLabel } from '../courses/labels';
import type { ConsoleState } from './session-query';

/** Earlier doses side by side, normalised across routes by the share that reaches the circulation. */
export function PreviousDoses({
  state,
  current,
}: {
  state: ConsoleState;
  current?: { mg: number; mgPerKg: number; bioavailableMg: number | null };
}) {
  const prev = state.previousDoses;
  if (!prev.length && !current) return null;
  return (
    // Fits half of a 1024 px tablet's width (the console's two columns), so no column is cut off there.
    <ScrollTable minWidth={380} label="Doses compared across routes">
      <Table verticalSpacing="xs" horizontalSpacing="xs" striped data-testid="dose-comparison">
        <Table.Caption>
          Doses compared across routes: bioavailable mg = bioavailability (F) × mg, an estimate.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Session</Table.Th>
            <Table.Th scope="col">Route</Table.Th>
            <Table.Th scope="col">Dose</Table.Th>
            <Table.Th scope="col">mg/kg</Table.Th>
            <Table.Th scope="col">Bioavailable</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {current ? (
            <Table.Tr fw={700}>
              <Table.Th scope="row">This session</Table.Th>
              <Table.Td>{routeLabel(state.session.route)}</Table.Td>
              <Table.Td>{num(current.mg)} mg</Table.Td>
              <Table.Td>{num(current.mgPerKg, 3)}</Table.Td>
              <Table.Td>
                {current.bioavailableMg === null ? '—' : `${num(current.bioavailableMg, 1)} mg`}
              </Table.Td>
            </Table.Tr>
          ) : null}
          {prev.map((p) => (
            <Table.Tr key={p.sessionId}>
              <Table.Th scope="row" fw={400}>
                {formatDate(p.at)}
              </Table.Th>
              <Table.Td>{routeLabel(p.route)}</Table.Td>
              <Table.Td>{num(p.mg)} mg</Table.Td>
              <Table.Td>{p.mgPerKg === null ? '—' : num(p.mgPerKg, 3)}</Table.Td>
              <Table.Td>{num(p.bioavailableMg, 1)} mg</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!prev.length ? (
        <Text size="sm" c="dimmed">
          No earlier doses for this patient.
        </Text>
      ) : null}
    </ScrollTable>
  );
}
