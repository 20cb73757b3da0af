import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { RuleSetOverview } from '../../../../contracts/rules';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { PageTitle } from '../../../components/PageTitle';
import { formatDateTime } from '../../../lib/format';
import { RuleSetForm } from './RuleSetForm';
import { useRuleSets } from './rules-query';

const by = (name: string | null) => name ?? 'Set up with Liminal';

function History({ overview }: { overview: RuleSetOverview }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="rule-history-h">
      <Stack gap="sm">
        <Title order={2} size="h3" id="rule-history-h">
          Versions
        </Title>
        <Text size="sm">
          Every version is kept as it was published. Each dosing session is checked against the version it
          started with, from start to finish.
        </Text>
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid="rule-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Published</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">What changed and why</Table.Th>
                <Table.Th scope="col" ta="right">
                  Sessions started with it
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.versions.map((v) => (
                <Table.Tr key={v.version} data-testid="rule-version" data-version={v.version}>
                  <Table.Td>
                    {v.version}{' '}
                    {v.version === overview.current.version ? (
                      <Badge variant="light" color="green" size="sm">
                        In use
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{formatDateTime(v.publishedAt)}</Table.Td>
                  <Table.Td>{by(v.publishedByName)}</Table.Td>
                  <Table.Td>{v.note ?? '—'}</Table.Td>
                  <Table.Td ta="right">{v.sessions.toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

/**
 * Admin → Safety rules: the medical director's vital-sign holds and alerts, the at-home check-in limits and
 * the per-route dose limits, each marked published or clinic policy with its source; published in versions.
 */
export default function RulesPage() {
  const query = useRuleSets();
  const overview = query.data;
  return (
    <Stack gap="lg" maw={1200}>
      <PageTitle mb={0}>Safety rules</PageTitle>
      {query.isPending ? <Loading label="Loading the clinic's safety rules" /> : null}
      <ErrorAlert error={query.error} title="Could not load the safety rules" />
      {overview ? (
        <>
          <Text data-testid="rules-in-use">
            In use: version {overview.current.version}, published{' '}
            {formatDateTime(overview.current.publishedAt)} ({by(overview.current.publishedByName)}). Change a
            threshold, a re-check interval, a source or a dose limit below, then publish: new dosing sessions
            use the new version at once, and sessions already started keep the version they started with. Each
            rule says whether it is a published rule or the clinic’s own policy.
          </Text>
          <RuleSetForm key={overview.current.version} current={overview.current} />
          <History overview={overview} />
        </>
      ) : null}
    </Stack>
  );
}
