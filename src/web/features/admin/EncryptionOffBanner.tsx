import { Alert, Anchor, Text } from '@mantine/core';
import { IconLockOpen } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../lib/session';
import { useDataProtection } from './DataProtectionPage';

/**
 * On every staff page an admin opens, while a clinic with real data runs without encryption at rest (issue #20):
 * loud, red, and one link from the page that says how to turn it on. Not shown in the demo.
 */
export function EncryptionOffBanner() {
  const me = useMe().data;
  const admin = me?.permissions.includes('settings.manage') ?? false;
  const status = useDataProtection(admin);
  const s = status.data;
  if (!admin || !s || s.encryption !== 'off' || s.demo) return null;
  return (
    <Alert role="alert" color="red" variant="filled" radius={0} icon={<IconLockOpen aria-hidden="true" />}>
      <Text span inherit fw={600}>
        Patient data is not encrypted at rest.{' '}
      </Text>
      <Anchor component={Link} to="/app/admin/data-protection" c="white" underline="always">
        How to turn encryption on
      </Anchor>
    </Alert>
  );
}
