import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconReceipt } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePortalSuperbills } from './claims-query';

/** On the portal's home: superbills to download, once a visit has finalised charges. */
export function PortalBillingCard() {
  const q = usePortalSuperbills();
  const n = q.data?.visits.length ?? 0;
  if (n === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="billing-card-h">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconReceipt size={24} aria-hidden="true" />
          <Title order={2} size="h4" id="billing-card-h">
            Superbills for your insurer
          </Title>
        </Group>
        <Text>{n === 1 ? 'One visit has a superbill ready.' : `${n} visits have a superbill ready.`}</Text>
        <Group>
          <Button
            component={Link}
            to="/portal/billing"
            size="md"
            rightSection={<IconChevronRight size={18} aria-hidden="true" />}
          >
            Your superbills
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
