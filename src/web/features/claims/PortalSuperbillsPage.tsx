import { Alert, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconReceipt } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { portalSuperbillUrl, usd, usePortalSuperbills } from './claims-query';

/**
 * The patient's superbills (issue #22), phone-first: one card per visit with finalised charges, newest first,
 * each with a download button; and one document for a whole year, which some insurers prefer.
 */
export default function PortalSuperbillsPage() {
  const q = usePortalSuperbills();
  const visits = q.data?.visits ?? [];
  const years = [...new Set(visits.map((v) => v.date.slice(0, 4)))];
  return (
    <Stack gap="lg">
      <PageTitle>Superbills</PageTitle>
      <Text>
        A superbill lists the services you received, with the codes and fees your insurer needs. If you have
        out-of-network benefits, you can send it to your insurer to ask for reimbursement.
      </Text>
      {q.isPending ? <Loading label="Loading your superbills" /> : null}
      <ErrorAlert error={q.error} title="Could not load your superbills" />
      {q.data && visits.length === 0 ? (
        <Alert color="gray" variant="light">
          There is nothing to download yet. A superbill is ready once the clinic has finalised the charges of
          a visit.
        </Alert>
      ) : null}
      {visits.map((v) => (
        <Card
          key={v.visitId}
          withBorder
          radius="md"
          padding="lg"
          component="section"
          data-testid="superbill-visit"
        >
          <Stack gap="xs">
            <Group gap="sm" wrap="nowrap">
              <IconReceipt size={22} aria-hidden="true" />
              <Title order={2} size="h4">
                {formatDate(v.date)}
              </Title>
            </Group>
            <Text>{v.label}</Text>
            <Text c="dimmed" size="sm">
              Charges: {usd(v.totalCents)}
            </Text>
            <Button
              component="a"
              href={portalSuperbillUrl({ visitId: v.visitId })}
              download="superbill.pdf"
              size="md"
              fullWidth
              leftSection={<IconDownload size={18} aria-hidden="true" />}
            >
              Download superbill<VisuallyHidden> for {formatDate(v.date)}</VisuallyHidden>
            </Button>
          </Stack>
        </Card>
      ))}
      {years.length > 0 ? (
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="year-h">
          <Stack gap="xs">
            <Title order={2} size="h4" id="year-h">
              One superbill for a whole year
            </Title>
            {years.map((y) => (
              <Button
                key={y}
                component="a"
                variant="light"
                size="md"
                fullWidth
                href={portalSuperbillUrl({ from: `${y}-01-01`, to: `${y}-12-31` })}
                download="superbill.pdf"
                leftSection={<IconDownload size={18} aria-hidden="true" />}
              >
                All visits in {y}
              </Button>
            ))}
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
