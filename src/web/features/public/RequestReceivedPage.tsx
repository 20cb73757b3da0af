import { Anchor, Button, Card, List, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { usePublicInfo } from '../../lib/session';
import { CrisisResources } from './CrisisNotice';

/** After a consultation request: what happens next, and crisis help first when the answers called for it. */
export default function RequestReceivedPage() {
  const crisis = Boolean((useLocation().state as { crisis?: boolean } | null)?.crisis);
  const info = usePublicInfo().data;
  return (
    <Stack gap="lg" maw={720}>
      {crisis ? (
        <CrisisResources title="Please do not wait for our call">
          <Text>
            You told us about thoughts of suicide or a recent attempt. Our team will see your request first,
            but if you feel unsafe at any moment, reach out now.
          </Text>
        </CrisisResources>
      ) : null}
      <div>
        <PageTitle mb={4}>Thank you — we received your request</PageTitle>
        <Text size="lg">
          <IconCircleCheck
            size={22}
            aria-hidden="true"
            style={{ verticalAlign: 'text-bottom', marginRight: 6, color: 'var(--mantine-color-green-text)' }}
          />
          A confirmation email is on its way.
        </Text>
      </div>
      <Card withBorder radius="md" padding="lg">
        <Text fw={600} mb="xs" component="h2" size="lg" mt={0}>
          What happens next
        </Text>
        <List spacing="xs">
          <List.Item>Someone from our team will contact you, at the time you chose where we can.</List.Item>
          <List.Item>
            We will arrange a consultation with a prescriber, who will talk with you about your health and
            whether this treatment suits you.
          </List.Item>
          <List.Item>Nothing is decided or booked until you have spoken with us.</List.Item>
        </List>
        {info?.clinicPhone ? (
          <Text mt="md">
            Questions in the meantime? Call us on{' '}
            <Anchor href={`tel:${info.clinicPhone}`} c="inherit" fw={600} underline="always">
              {info.clinicPhone}
            </Anchor>
            .
          </Text>
        ) : null}
      </Card>
      <Button component={Link} to="/" variant="default" style={{ alignSelf: 'flex-start' }}>
        Back to the start page
      </Button>
    </Stack>
  );
}
