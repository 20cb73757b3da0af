import { AppShell, Box, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { DemoBanner } from '../components/DemoBanner';
import { IdleWatcher } from '../components/IdleWatcher';
import { Loading } from '../components/Loading';
import { SkipLink } from '../components/SkipLink';
import { ThemeToggle } from '../components/ThemeToggle';
import { ROLE_LABELS } from '../lib/roles';
import { signOut, useMe, usePublicInfo } from '../lib/session';
import { visibleNav } from './nav';

/** The staff app's frame: header with the user menu, navigation from permissions, and the page. */
export function StaffLayout() {
  const me = useMe().data;
  const info = usePublicInfo().data;
  const location = useLocation();
  const [navOpen, nav] = useDisclosure(false);
  // On a phone the navigation is a drawer: close it once a page is chosen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => nav.close(), [location.pathname]);

  if (!me) return null;
  // Until a staff member has enrolled two-factor sign-in, the profile page is the only place to go.
  const enrolling = me.nextStep === 'enrol';
  const items = enrolling ? [] : visibleNav(me.permissions);

  return (
    <AppShell
      className="staff-shell"
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen, desktop: enrolling } }}
      padding="lg"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            {!enrolling ? (
              <Burger
                opened={navOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
                aria-expanded={navOpen}
                aria-controls="staff-nav"
              />
            ) : null}
            <Text
              truncate="end"
              fw={700}
              size="lg"
              component={Link}
              to={enrolling ? '/app/profile' : '/app'}
              c="var(--mantine-color-text)"
            >
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
                  data-testid="user-menu"
                >
                  <Group gap={8} wrap="nowrap">
                    <IconUserCircle size={24} aria-hidden="true" />
                    <Box visibleFrom="xs">
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

      <AppShell.Navbar p="sm" id="staff-nav" aria-label="Main" className="staff-nav">
        {/* On a desktop the navbar's column runs the whole page's length (styles.css) and its links stay in view. */}
        <div className="staff-nav-links">
          {items.map((item) => {
            const active = item.end ? location.pathname === item.to : location.pathname.startsWith(item.to);
            const Icon = item.icon;
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                leftSection={<Icon size={20} aria-hidden="true" />}
                className="nav-link"
                variant="filled"
              />
            );
          })}
        </div>
      </AppShell.Navbar>

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
