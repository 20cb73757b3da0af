import { Box, Group, type MantineBreakpoint, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useHydrated } from '../lib/hydrated';
import { ROLE_LABELS } from '../lib/roles';
import { type Me, signOut } from '../lib/session';

/**
 * The account menu in the staff headers: who is signed in (name and role, shown from `nameVisibleFrom` up),
 * their email, the profile page and signing out.
 */
export function UserMenu({ me, nameVisibleFrom }: { me: Me; nameVisibleFrom: MantineBreakpoint }) {
  // Off on a page the server rendered until the page's code takes it over (a tap before would do nothing).
  const hydrated = useHydrated();
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={`Account menu for ${me.user.name}`}
          px="sm"
          mih={44}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          data-testid="user-menu"
          disabled={!hydrated}
        >
          <Group gap={8} wrap="nowrap">
            <IconUserCircle size={24} aria-hidden="true" />
            <Box visibleFrom={nameVisibleFrom}>
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
  );
}
