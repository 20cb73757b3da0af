import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconCircleCheck, IconSignature } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Part } from '../../components/Part';
import { formatDate, formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { stateName } from '../../lib/us-states';
import { CrisisBar } from '../public/CrisisNotice';
import {
  PortalAtHomeCard,
  PortalBillingCard,
  PortalExportCard,
  PortalJournalCard,
  PortalMeasuresCard,
  PortalMessagesCard,
  PortalProgressCard,
  PortalVisitsCard,
} from './portal-cards';
import { usePortalConsent, usePortalProfile } from './portal-query';

function ConsentCard() {
  const consent = usePortalConsent();
  if (consent.isPending) return <Loading label="Loading your consent form" />;
  if (consent.error) return <ErrorAlert error={consent.error} title="Could not load your consent form" />;
  const { status, document } = consent.data;
  const signed = status.isCurrent;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="consent-card-h"
      data-testid="portal-consent-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          {signed ? (
            <IconCircleCheck size={24} aria-hidden="true" color="var(--mantine-color-green-text)" />
          ) : (
            <IconSignature size={24} aria-hidden="true" color="var(--mantine-color-yellow-text)" />
          )}
          <Title order={2} size="h4" id="consent-card-h">
            {signed ? 'Your consent form is signed' : 'Please read and sign your consent form'}
          </Title>
        </Group>
        <Text>
          {signed
            ? `You signed version ${status.documentVersion} on ${formatDateTime(status.signedAt)}.`
            : status.documentVersion !== null
              ? `The form has changed since you signed version ${status.documentVersion}. Please read the new version.`
              : document
                ? 'It explains the treatment, its risks and your rights. It takes about ten minutes to read.'
                : 'Your clinic has not published a consent form yet.'}
        </Text>
        {document ? (
          <Button
            component={Link}
            to="/portal/consent"
            variant={signed ? 'default' : 'filled'}
            rightSection={<IconChevronRight size={18} aria-hidden="true" />}
            fullWidth
          >
            {signed ? 'View or withdraw consent' : 'Read and sign'}
          </Button>
        ) : null}
      </Stack>
    </Card>
  );
}

/** The patient portal's home: what needs doing first, then who the clinic has on record. */
export default function PortalHome() {
  const me = useMe().data;
  const profile = usePortalProfile();
  if (!me) return null;
  const first =
    profile.data?.preferredName ?? profile.data?.firstName ?? me.user.name.split(' ')[0] ?? me.user.name;
  const p = profile.data;
  return (
    <Stack gap="lg">
      <CrisisBar />
      {/* Each card is a part of its own: the browser takes the server's HTML over card by card. */}
      <PageTitle>{`Hello, ${first}`}</PageTitle>
      <Part>
        <PortalProgressCard />
      </Part>
      <Part>
        <PortalAtHomeCard />
      </Part>
      <Part>
        <ConsentCard />
      </Part>
      <Part>
        <PortalMeasuresCard />
      </Part>
      <Part>
        <PortalMessagesCard />
      </Part>
      <Part>
        <PortalJournalCard />
      </Part>
      <Part>
        <PortalBillingCard />
      </Part>
      <Part>
        <PortalVisitsCard />
      </Part>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="profile-h">
        <Title order={2} size="h4" id="profile-h" mb="sm">
          Your details
        </Title>
        {profile.isPending ? <Loading label="Loading your details" /> : null}
        <ErrorAlert error={profile.error} title="Could not load your details" />
        {p ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Detail name="Name" value={`${p.firstName} ${p.lastName}`} />
            <Detail name="Date of birth" value={formatDate(p.dateOfBirth)} />
            <Detail name="Email" value={p.email} />
            <Detail name="Phone" value={p.phone} />
            <Detail name="Where you live" value={[p.city, stateName(p.state)].filter(Boolean).join(', ')} />
            <Detail name="Chart number" value={p.chartNumber} />
          </SimpleGrid>
        ) : null}
        <Text size="sm" c="dimmed" mt="md">
          Something wrong? Tell the clinic and they will correct it.
        </Text>
      </Card>
      <Part>
        <PortalExportCard />
      </Part>
    </Stack>
  );
}

function Detail({ name, value }: { name: string; value: string | null }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
      <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
        {value || '—'}
      </Text>
    </div>
  );
}
