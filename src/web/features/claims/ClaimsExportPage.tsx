import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconFileExport, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime, localToday } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type ClaimPreview, exportClaims, fetchClaimPreview, usd, useClaimBatches } from './claims-query';

const firstOfMonth = (d: string) => `${d.slice(0, 8)}01`;

/**
 * Claim files and the accounting export (issue #22), for the biller and the admin: choose dates, see which
 * esketamine visits the 837P would carry and what holds any back, export it (each export is a numbered batch),
 * download an earlier batch again, or download the finalised charges of the dates as CSV.
 */
export default function ClaimsExportPage() {
  const today = localToday();
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ClaimPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'export' | null>(null);
  const batches = useClaimBatches();

  const fail = (err: unknown) => {
    if (isApiError(err) && err.fieldErrors.length > 0) {
      setErrors(
        Object.fromEntries(err.fieldErrors.map((f) => [f.field.replace(/^(query|body)\./, ''), f.message])),
      );
      if (err.fieldErrors.some((f) => !['from', 'to'].includes(f.field))) setError(err);
    } else setError(err);
  };
  const run = async (kind: 'preview' | 'export') => {
    setBusy(kind);
    setErrors({});
    setError(null);
    try {
      if (kind === 'preview') setPreview(await fetchClaimPreview(from, to));
      else {
        const n = await exportClaims(from, to);
        notify({ message: `Claim file ${n} exported and downloaded` });
        setPreview(await fetchClaimPreview(from, to));
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };
  const ready = preview?.visits.filter((v) => v.problems.length === 0) ?? [];

  return (
    <Stack gap="lg">
      <PageTitle>Claim files and charges export</PageTitle>
      <Text>
        The claim file (ASC X12 837P) carries the esketamine visits with finalised charges that have not been
        sent before. Send it to your clearinghouse; the clinic owns its coding and its claims.
      </Text>
      <Card withBorder padding="lg" component="section" aria-labelledby="dates-h">
        <Title order={2} size="h4" id="dates-h" mb="sm">
          Dates of service
        </Title>
        <Group align="flex-start">
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.from}
          />
          <TextInput
            type="date"
            label="To"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={errors.to}
          />
        </Group>
        <Group mt="md">
          <Button
            variant="light"
            leftSection={<IconSearch size={18} aria-hidden="true" />}
            loading={busy === 'preview'}
            onClick={() => run('preview')}
          >
            Show the esketamine visits
          </Button>
          <Button
            component="a"
            variant="default"
            href={`/api/billing/charges.csv?from=${from}&to=${to}`}
            download
            leftSection={<IconDownload size={18} aria-hidden="true" />}
          >
            Download charges as CSV
          </Button>
        </Group>
      </Card>
      <ErrorAlert error={error} title="That did not work" />
      {preview ? (
        <Card withBorder padding="lg" component="section" aria-labelledby="preview-h">
          <Title order={2} size="h4" id="preview-h" mb="sm">
            Esketamine visits from {formatDate(from)} to {formatDate(to)}
          </Title>
          {preview.practiceProblems.length > 0 ? (
            <Alert
              color="yellow"
              variant="light"
              mb="sm"
              title="The practice’s billing identity is incomplete"
            >
              An admin needs to add {preview.practiceProblems.join(', ')} (Billing identity).
            </Alert>
          ) : null}
          {preview.visits.length === 0 ? (
            <Text>No esketamine visit with finalised charges is waiting to be sent for these dates.</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Patient</Table.Th>
                  <Table.Th>Codes</Table.Th>
                  <Table.Th>Charges</Table.Th>
                  <Table.Th>Ready</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.visits.map((v) => (
                  <Table.Tr key={v.visitId}>
                    <Table.Td>{formatDate(v.date)}</Table.Td>
                    <Table.Td>{v.patientName}</Table.Td>
                    <Table.Td>{v.codes.join(', ')}</Table.Td>
                    <Table.Td>{usd(v.totalCents)}</Table.Td>
                    <Table.Td>
                      {v.problems.length === 0 ? (
                        <Badge color="green" variant="light">
                          Ready
                        </Badge>
                      ) : (
                        <List size="sm">
                          {v.problems.map((p) => (
                            <List.Item key={p}>{p}</List.Item>
                          ))}
                        </List>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Button
            mt="md"
            leftSection={<IconFileExport size={18} aria-hidden="true" />}
            disabled={ready.length === 0 || preview.practiceProblems.length > 0}
            loading={busy === 'export'}
            onClick={() => run('export')}
          >
            {ready.length === 1
              ? 'Export the claim file (1 visit)'
              : `Export the claim file (${ready.length} visits)`}
          </Button>
        </Card>
      ) : null}
      <Card withBorder padding="lg" component="section" aria-labelledby="batches-h">
        <Title order={2} size="h4" id="batches-h" mb="sm">
          Claim files exported
        </Title>
        <ErrorAlert error={batches.error} title="Could not load the claim files" />
        {batches.data?.batches.length === 0 ? <Text>None yet.</Text> : null}
        {batches.data && batches.data.batches.length > 0 ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Dates of service</Table.Th>
                <Table.Th>Visits</Table.Th>
                <Table.Th>Charges</Table.Th>
                <Table.Th>Exported</Table.Th>
                <Table.Th>File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batches.data.batches.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    {b.controlNumber}
                    {b.usage === 'T' ? ' (test)' : ''}
                  </Table.Td>
                  <Table.Td>
                    {formatDate(b.from)} to {formatDate(b.to)}
                  </Table.Td>
                  <Table.Td>{b.claimCount}</Table.Td>
                  <Table.Td>{usd(b.totalCents)}</Table.Td>
                  <Table.Td>
                    {formatDateTime(b.createdAt)} by {b.createdBy}
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={`/api/billing/claims/${b.id}/file`} download>
                      Download claim file {b.controlNumber}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Card>
    </Stack>
  );
}
