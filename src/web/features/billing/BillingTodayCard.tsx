import { Anchor, Card, Group, Text } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../lib/session';
import { useBillingWorklist } from './billing-query';

function Count() {
  const q = useBillingWorklist(0);
  if (!q.data) return null;
  const n = q.data.items.length;
  if (n === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="billing-today">
      <Group gap="sm">
        <IconReceipt aria-hidden="true" />
        <Text>
          {q.data.hasMore ? 'More than 50' : n} completed visit{n === 1 ? '' : 's'} wait for charge review.{' '}
          <Anchor component={Link} to="/app/billing">
            Open billing
          </Anchor>
        </Text>
      </Group>
    </Card>
  );
}

/** Today, for those who handle billing: how many completed visits wait for their charges to be reviewed. */
export function BillingTodayCard() {
  const me = useMe().data;
  return me?.permissions.includes('billing.write') ? <Count /> : null;
}
