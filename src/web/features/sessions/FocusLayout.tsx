import { AppShell, Box, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCalendarEvent, IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { DemoBanner } from '../../components/DemoBanner';
import { IdleWatcher } from '../../components/IdleWatcher';
import { Loading } from '../../components/Loading';
import { SkipLink } from '../../components/SkipLink';
import { ThemeToggle } from '../../components/ThemeToggle';
import { ROLE_LABELS } from '../../lib/roles';
import { signOut, useMe, usePublicInfo } from '../../lib/session';

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
            <Menu position="bottom-end" width={220} withinPortal>
              <Menu.Target>
                <UnstyledButton
                  aria-label={`Account menu for ${me.user.name}`}
                  px="sm"
                  mih={44}
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                >
                  <Group gap={8} wrap="nowrap">
                    <IconUserCircle size={24} aria-hidden="true" />
                    <Box visibleFrom="sm">
                      <Text size="sm" fw={600} lh={1.2}>
                        {me.user.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {ROLE_LABELS[me.user.role] ?? me.user.role}
                      </Text>
                    </Box>
                    <IconChevronDown size={16} aria-hidden="true" />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <Menu.Item
                  component={Link}
                  to="/app/profile"
                  leftSection={<IconUserCircle size={18} aria-hidden="true" />}
                >
                  Profile and security
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconLogout size={18} aria-hidden="true" />}
                  onClick={() => void signOut()}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        <Box mb="md" mx="calc(var(--mantine-spacing-lg) * -1)" mt="calc(var(--mantine-spacing-lg) * -1)">
          <DemoBanner />
        </Box>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <IdleWatcher />
    </AppShell>
  );
}

export default FocusLayout;
