import { Anchor, Box, Button, Container, Group, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { CrisisLink } from '../components/CrisisLink';
import { DemoBanner } from '../components/DemoBanner';
import { IdleWatcher } from '../components/IdleWatcher';
import { Loading } from '../components/Loading';
import { SkipLink } from '../components/SkipLink';
import { ThemeToggle } from '../components/ThemeToggle';
import { signOut, useMe, usePublicInfo } from '../lib/session';

/**
 * Pages for people who are not (yet) inside the staff app: sign-in, invitation, and the patient portal.
 * One narrow column, plain words, and crisis resources in the footer of every page.
 */
export function PublicLayout({ signedIn = false }: { signedIn?: boolean }) {
  const info = usePublicInfo().data;
  const me = useMe().data;
  return (
    <Box mih="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <SkipLink />
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <DemoBanner />
        <Container size="sm" py={{ base: 4, xs: 'sm' }}>
          <Group justify="space-between" wrap="nowrap">
            <Anchor
              component={Link}
              to="/"
              fw={700}
              fz={{ base: 'md', xs: 'lg' }}
              c="var(--mantine-color-text)"
              underline="never"
              truncate="end"
              miw={0}
            >
              {info?.clinicName ?? 'Liminal'}
            </Anchor>
            <Group gap="xs" wrap="nowrap">
              {signedIn && me ? (
                <Button
                  variant="subtle"
                  px="xs"
                  leftSection={<IconLogout size={18} aria-hidden="true" />}
                  onClick={() => void signOut()}
                >
                  Sign out
                </Button>
              ) : null}
              <ThemeToggle />
            </Group>
          </Group>
        </Container>
      </Box>
      <Container
        component="main"
        id="main"
        tabIndex={-1}
        size="sm"
        py={{ base: 'md', xs: 'xl' }}
        w="100%"
        style={{ flex: 1 }}
      >
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Container>
      <Box component="footer" py="lg" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Container size="sm">
          <CrisisLink />
          {info?.clinicPhone || info?.clinicEmail ? (
            <Text size="sm" c="dimmed" ta="center" mt="xs">
              {info.clinicName}
              {info.clinicPhone ? (
                <>
                  {' · '}
                  <Anchor href={`tel:${info.clinicPhone}`} size="sm">
                    {info.clinicPhone}
                  </Anchor>
                </>
              ) : null}
              {info.clinicEmail ? (
                <>
                  {' · '}
                  <Anchor href={`mailto:${info.clinicEmail}`} size="sm">
                    {info.clinicEmail}
                  </Anchor>
                </>
              ) : null}
            </Text>
          ) : null}
        </Container>
      </Box>
      {signedIn ? <IdleWatcher /> : null}
    </Box>
  );
}
