import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { useBillingWorklist } from './billing-query';

/** Completed visits whose charges wait for review (none yet, or still proposed), oldest first. */
export default function BillingWorklistPage() {
  const [offset, setOffset] = useState(0);
  const q = useBillingWorklist(offset);
  return (
    <Stack gap="md">
      <PageTitle>Billing</PageTitle>
      <Text>
        Completed visits whose charges have not been reviewed yet. Open one to propose, check and finalise.
      </Text>
      {q.isPending ? (
        <Loading label="Loading visits to review" />
      ) : q.error ? (
        <ErrorAlert error={q.error} title="Could not load the visits" />
      ) : q.data.items.length === 0 ? (
        <Text>Every completed visit has final charges.</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Patient</Table.Th>
                  <Table.Th scope="col">Visit</Table.Th>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Charges</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((i) => (
                  <Table.Tr key={i.visitId} data-testid="billing-worklist-item">
                    <Table.Th scope="row">
                      <Anchor component={Link} to={`/app/patients/${i.patientId}?tab=billing`}>
                        {i.patientName}
                      </Anchor>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {i.chartNumber}
                      </Text>
                    </Table.Th>
                    <Table.Td>{i.label}</Table.Td>
                    <Table.Td>
                      {formatDate(i.serviceDate)} at {i.localStart}
                    </Table.Td>
                    <Table.Td>
                      {i.proposedLines > 0
                        ? `${i.proposedLines} proposed line${i.proposedLines === 1 ? '' : 's'} to review`
                        : 'None proposed yet'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              variant="default"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - 50))}
            >
              Previous
            </Button>
            <Button variant="default" disabled={!q.data.hasMore} onClick={() => setOffset(offset + 50)}>
              Next
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
