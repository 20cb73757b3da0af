import { Anchor, Card, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { dashboardPatients } from '../../../contracts/outcomes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

/**
 * The patients behind one figure of the outcomes dashboard (GET /api/outcomes/dashboard/patients), each a link
 * to their chart. Confidential records the reader may not open are counted in the figure but not listed.
 */
export default function OutcomesPatientsPage() {
  const [params] = useSearchParams();
  const qs = params.toString();
  const q = useQuery({
    queryKey: ['outcomes-patients', qs],
    queryFn: ({ signal }) =>
      api.get(`/api/outcomes/dashboard/patients?${qs}`, { schema: dashboardPatients, signal }),
  });
  const back = new URLSearchParams(params);
  back.delete('dimension');
  back.delete('key');
  const d = q.data;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/app/outcomes${back.size ? `?${back}` : ''}`} size="sm">
          Back to the outcomes
        </Anchor>
        <PageTitle mb={4}>{d ? d.title : 'Patients behind a figure'}</PageTitle>
        <Text c="dimmed" size="sm">
          The courses counted in this figure, with the filters of the dashboard.
        </Text>
      </div>
      {q.isPending ? <Loading label="Loading the patients" /> : null}
      <ErrorAlert error={q.error} title="Could not load the patients" />
      {d ? (
        <Card withBorder radius="md" padding="md">
          {d.hidden ? (
            <Text size="sm" mb="sm">
              {d.hidden === 1 ? '1 confidential record is' : `${d.hidden} confidential records are`} counted
              in the figure but not listed: only their care teams can open them.
            </Text>
          ) : null}
          {d.truncated ? (
            <Text size="sm" mb="sm">
              Only the first {d.patients.length} are listed; narrow the filters to see the rest.
            </Text>
          ) : null}
          {d.patients.length ? (
            <Table.ScrollContainer minWidth={560}>
              <Table striped verticalSpacing="xs" data-testid="outcome-patients">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Patient</Table.Th>
                    <Table.Th scope="col">Course started</Table.Th>
                    <Table.Th scope="col">Route</Table.Th>
                    <Table.Th scope="col">Baseline → latest</Table.Th>
                    <Table.Th scope="col">Responded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.patients.map((p) => (
                    <Table.Tr key={`${p.patientId}-${p.courseStart}`}>
                      <Table.Th scope="row">
                        <Anchor component={Link} to={`/app/patients/${p.patientId}`}>
                          {p.name}
                        </Anchor>{' '}
                        <Text span size="xs" c="dimmed">
                          {p.chartNumber}
                        </Text>
                      </Table.Th>
                      <Table.Td>{formatDateTime(p.courseStart)}</Table.Td>
                      <Table.Td>{p.route}</Table.Td>
                      <Table.Td>
                        {p.baseline === null ? '—' : p.baseline} →{' '}
                        {p.latest === null ? 'no later score' : p.latest}
                      </Table.Td>
                      <Table.Td>{p.responded === null ? '—' : p.responded ? 'Yes' : 'No'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text size="sm">No course you may open is counted in this figure.</Text>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}
