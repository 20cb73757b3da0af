import { Alert, Anchor, Card, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { clinicOutcomes } from '../../../contracts/outcomes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { shortName } from '../measures/labels';
import { OutcomesDashboard } from './Dashboard';

type Outcome = z.infer<typeof clinicOutcomes>['instruments'][number];

/** Below this many evaluable patients a rate moves a lot with each one: said beside the figure. */
const FEW = 10;

const percent = (rate: number) => `${Math.round(rate * 100)} %`;

/** "55 % (6 of 11)", or why there is no rate. */
function Rate({
  rate,
  count,
  of,
  ruled,
  label,
}: {
  rate: number | null;
  count: number;
  of: number;
  ruled: boolean;
  label: string;
}) {
  if (!ruled) return <Text size="sm">No {label.toLowerCase()} rule for this instrument</Text>;
  if (rate === null) return <Text size="sm">No follow-up scores yet</Text>;
  return (
    <Stack gap={4}>
      <Text fw={700}>
        {percent(rate)}{' '}
        <Text span fw={400} size="sm">
          ({count} of {of})
        </Text>
      </Text>
      {/* The bar repeats the figure for a glance down the column; the words above carry it. */}
      <Progress value={rate * 100} size="sm" color="lagoon" aria-hidden="true" />
    </Stack>
  );
}

function OutcomesTable({ instruments }: { instruments: Outcome[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" striped data-testid="outcomes-table">
        <Table.Caption>Response and remission per instrument, at each patient’s latest score</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Instrument</Table.Th>
            <Table.Th scope="col">Patients with a score</Table.Th>
            <Table.Th scope="col">With a follow-up score (n)</Table.Th>
            <Table.Th scope="col" w={200}>
              Response
            </Table.Th>
            <Table.Th scope="col" w={200}>
              Remission
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instruments.map((i) => (
            <Table.Tr key={i.instrumentId} data-testid="outcome-row" data-instrument={i.instrumentId}>
              <Table.Th scope="row">
                <Text fw={700}>{shortName(i.name)}</Text>
                <Text size="xs" c="dimmed">
                  {i.name}
                </Text>
              </Table.Th>
              <Table.Td>{i.patients}</Table.Td>
              <Table.Td>
                <Text fw={700}>{i.evaluable}</Text>
                {i.evaluable > 0 && i.evaluable < FEW ? (
                  <Text size="xs">Few patients: each one moves the rate a lot.</Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Rate
                  rate={i.responseRate}
                  count={i.responders}
                  of={i.evaluable}
                  ruled={i.responseRule !== null}
                  label="Response"
                />
              </Table.Td>
              <Table.Td>
                <Rate
                  rate={i.remissionRate}
                  count={i.remitters}
                  of={i.evaluable}
                  ruled={i.remissionRule !== null}
                  label="Remission"
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What each word in the table means, in plain words, with each instrument's own rules and their sources. */
function Definitions({ instruments }: { instruments: Outcome[] }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="outcomes-defs-h">
      <Title order={2} size="h4" id="outcomes-defs-h" mb="sm">
        What the figures mean
      </Title>
      <List spacing="xs" size="sm">
        <List.Item>
          <Text span fw={700}>
            Baseline
          </Text>
          : the patient’s first score at intake on that questionnaire (or their first score, when none was
          taken at intake).
        </List.Item>
        <List.Item>
          <Text span fw={700}>
            Follow-up score (n)
          </Text>
          : patients with a later score to compare with the baseline. The rates are shares of these patients;
          patients with only a baseline are counted in “patients with a score” and nowhere else.
        </List.Item>
        <List.Item>
          <Text span fw={700}>
            Latest score
          </Text>
          : each patient counts once, at their most recent score. A patient who improved and then got worse
          again counts as they are now; a patient who stopped answering counts at their last answer.
        </List.Item>
      </List>
      <Stack gap="xs" mt="md">
        {instruments
          .filter((i) => i.responseRule || i.remissionRule)
          .map((i) => (
            <Text size="sm" key={i.instrumentId} data-testid="outcome-rules">
              <Text span fw={700}>
                {shortName(i.name)}
              </Text>
              {i.responseRule ? ` — response: ${i.responseRule.text}` : ''}
              {i.remissionRule ? `${i.responseRule ? ';' : ' —'} remission: ${i.remissionRule.text}` : ''}.{' '}
              <Text span c="dimmed" size="xs">
                Source:{' '}
                {[...new Set([i.responseRule?.source, i.remissionRule?.source].filter(Boolean))].join('; ')}
              </Text>
            </Text>
          ))}
      </Stack>
    </Card>
  );
}

/**
 * Clinic outcomes (GET /api/outcomes): response and remission per instrument, as the server counts them with
 * each instrument's own rules. Only the figures the API returns: no new statistics here. For prescribers and
 * admins (`outcomes.read`); the figures name no patient.
 */
export default function OutcomesPage() {
  const outcomes = useQuery({
    queryKey: ['outcomes'],
    queryFn: ({ signal }) => api.get('/api/outcomes', { schema: clinicOutcomes, signal }),
  });
  const data = outcomes.data;
  const shown = (data?.instruments ?? []).filter((i) => i.patients > 0);
  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Clinic outcomes</PageTitle>
        <Text c="dimmed">
          How this clinic’s patients’ questionnaire scores have changed since they started.
        </Text>
      </div>
      <Alert
        color="blue"
        variant="light"
        icon={<IconInfoCircle aria-hidden="true" />}
        title="Clinic data, not a trial"
      >
        These are the clinic’s own records: every patient who answered a questionnaire here, with no
        comparison group and no selection. They describe how the clinic’s patients are doing; they cannot show
        what caused a change, and they are not comparable with the rates published from clinical trials.
      </Alert>
      {outcomes.isPending ? <Loading label="Loading the clinic’s outcomes" /> : null}
      <ErrorAlert error={outcomes.error} title="Could not load the clinic’s outcomes" />
      {data && shown.length === 0 ? (
        <Text>No questionnaire scores are recorded yet. The figures appear once patients have answered.</Text>
      ) : null}
      {shown.length ? (
        <>
          <Card withBorder radius="md" padding="lg" component="section" aria-label="Outcomes per instrument">
            <OutcomesTable instruments={shown} />
            {data ? (
              <Text size="xs" c="dimmed" mt="sm">
                Counted {formatDateTime(data.generatedAt)} from every recorded score. Corrections to a score
                count in place of the answer they correct.{' '}
                <Anchor size="xs" href="#outcomes-defs-h" c="inherit" underline="always">
                  What the figures mean
                </Anchor>
              </Text>
            ) : null}
          </Card>
          <Definitions instruments={shown} />
        </>
      ) : null}
      <OutcomesDashboard />
    </Stack>
  );
}
