import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCertificate, IconFileImport, IconPackage } from '@tabler/icons-react';
import { useState } from 'react';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { ImportInstrumentForm } from './ImportInstrumentForm';
import { type Instrument, useInstruments } from './measures-query';

function Fact({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function InstrumentCard({ i }: { i: Instrument }) {
  const shipped = i.origin === 'shipped';
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="article"
      aria-labelledby={`instrument-${i.id}`}
      data-testid="instrument-card"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4" id={`instrument-${i.id}`}>
            {i.name}
          </Title>
          <Badge
            color="gray"
            variant={shipped ? 'light' : 'outline'}
            leftSection={
              shipped ? (
                <IconPackage size={12} aria-hidden="true" />
              ) : (
                <IconCertificate size={12} aria-hidden="true" />
              )
            }
            styles={NO_CLIP}
          >
            {shipped ? 'Shipped (free to use)' : 'Imported under licence'}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Fact name="Version">
            {i.version} · scoring {i.scoringVersion}
          </Fact>
          <Fact name="Questions">
            {i.items.length}
            {i.recallPeriod ? ` · recall: ${i.recallPeriod}` : ''}
          </Fact>
          <Fact name="Score range">
            {i.range.min}–{i.range.max}
          </Fact>
        </SimpleGrid>
        <Fact name="Severity bands">{i.bands.map((b) => `${b.label} ${b.min}–${b.max}`).join(' · ')}</Fact>
        {i.responseRule || i.remissionRule ? (
          <Fact name="Response and remission">
            {[
              i.responseRule ? `Response: ${i.responseRule.text}` : null,
              i.remissionRule ? `Remission: ${i.remissionRule.text}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Fact>
        ) : null}
        {i.safetyFlags.length ? (
          <Fact name="Safety flags">
            {i.safetyFlags
              .map(
                (f) =>
                  `${f.level === 'info' ? 'Info' : f.level === 'urgent' ? 'Urgent' : 'Emergency'}: ${f.message}`,
              )
              .join(' ')}
          </Fact>
        ) : null}
        {shipped ? (
          <Fact name="Licence">{i.licence}</Fact>
        ) : i.attestation ? (
          <Fact name="Licence attestation">
            “{i.attestation.licenceText}” — attested by {i.attestation.attestedName} on{' '}
            {formatDateTime(i.attestation.attestedAt)}
          </Fact>
        ) : null}
        <Fact name="Source">{i.source}</Fact>
      </Stack>
    </Card>
  );
}

/** Admin: the instrument library, and importing a licensed instrument with its attestation (issue #4). */
export default function InstrumentsPage() {
  const me = useMe().data;
  const canImport = me?.permissions.includes('settings.manage') ?? false;
  const instruments = useInstruments();
  const [importing, setImporting] = useState(false);
  const list = instruments.data?.instruments ?? [];
  const shipped = list.filter((i) => i.origin === 'shipped');
  const imported = list.filter((i) => i.origin === 'imported');

  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Instruments</PageTitle>
        <Text c="dimmed" maw={760}>
          Liminal ships only instruments that are free to implement. A clinic that holds a licence for another
          one (C-SSRS, Y-BOCS, MEQ-30 …) can import it as a FHIR Questionnaire with a scoring definition.
        </Text>
      </div>
      {canImport ? (
        importing ? (
          <ImportInstrumentForm onDone={() => setImporting(false)} />
        ) : (
          <Group>
            <Button
              leftSection={<IconFileImport size={18} aria-hidden="true" />}
              onClick={() => setImporting(true)}
            >
              Import a licensed instrument
            </Button>
          </Group>
        )
      ) : null}
      {instruments.isPending ? <Loading label="Loading the instruments" /> : null}
      <ErrorAlert error={instruments.error} title="Could not load the instruments" />
      {instruments.data ? (
        <>
          <Title order={2} size="h3">
            Imported ({imported.length})
          </Title>
          {imported.length === 0 ? <Text c="dimmed">None imported yet.</Text> : null}
          {imported.map((i) => (
            <InstrumentCard key={`${i.id}@${i.version}`} i={i} />
          ))}
          <Title order={2} size="h3">
            Shipped ({shipped.length})
          </Title>
          {shipped.map((i) => (
            <InstrumentCard key={i.id} i={i} />
          ))}
        </>
      ) : null}
    </Stack>
  );
}
