import { AppShell, Burger, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { SkipLink } from '../components/SkipLink';
import { ThemeToggle } from '../components/ThemeToggle';
import { UserMenu } from '../components/UserMenu';
import { useHydrated } from '../lib/hydrated';
import { useMe, usePublicInfo } from '../lib/session';
import { visibleNav } from './nav';
import { StaffMain } from './StaffMain';

/** The staff app's frame: header with the user menu, navigation from permissions, and the page. */
export function StaffLayout() {
  const me = useMe().data;
  const info = usePublicInfo().data;
  const location = useLocation();
  const [navOpen, nav] = useDisclosure(false);
  const hydrated = useHydrated();
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
                // Off until the page's code takes a server-rendered page over (a tap before would do nothing).
                disabled={!hydrated}
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
            <UserMenu me={me} nameVisibleFrom="xs" />
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

      <StaffMain />
    </AppShell>
  );
}
