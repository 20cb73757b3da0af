import { AppShell, Button, Group, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SkipLink } from '../components/SkipLink';
import { ThemeToggle } from '../components/ThemeToggle';
import { UserMenu } from '../components/UserMenu';
import { useMe, usePublicInfo } from '../lib/session';
import { StaffMain } from './StaffMain';

/**
 * A frame without the side navigation, for work that wants the whole screen: the session console on a
 * tablet at the chair, and the therapist's note editor. One tap back to Today; the theme switch, the
 * account menu and the idle sign-out stay.
 */
export function FocusLayout() {
  const me = useMe().data;
  const info = usePublicInfo().data;
  if (!me) return null;
  return (
    <AppShell header={{ height: 64 }} padding="lg">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Button
              component={Link}
              to="/app"
              variant="subtle"
              leftSection={<IconCalendarEvent size={20} aria-hidden="true" />}
            >
              Today
            </Button>
            <Text truncate="end" fw={700} size="lg" visibleFrom="xs">
              {info?.clinicName ?? 'Liminal'}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThemeToggle />
            <UserMenu me={me} nameVisibleFrom="sm" />
          </Group>
        </Group>
      </AppShell.Header>
      <StaffMain />
    </AppShell>
  );
}

export default FocusLayout;
