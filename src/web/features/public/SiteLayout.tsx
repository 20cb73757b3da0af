import { Anchor, Box, Button, Container, Group, Text } from '@mantine/core';
import { IconCalendarPlus, IconLogin2 } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { CrisisLink } from '../../components/CrisisLink';
import { DemoBanner } from '../../components/DemoBanner';
import { Loading } from '../../components/Loading';
import { SkipLink } from '../../components/SkipLink';
import { ThemeToggle } from '../../components/ThemeToggle';
import { usePublicInfo } from '../../lib/session';
import { CrisisBar } from './CrisisNotice';

/**
 * The clinic's public site: what the treatment is, and the consultation request. Crisis help sits above
 * everything on every page; the only other way in is the sign-in link for staff and patients.
 */
export default function SiteLayout() {
  const info = usePublicInfo().data;
  return (
    <Box mih="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <SkipLink />
      <CrisisBar />
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <DemoBanner />
        <Container size="md" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Anchor
              component={Link}
              to="/"
              fw={700}
              size="lg"
              c="var(--mantine-color-text)"
              underline="never"
            >
              {info?.clinicName ?? 'Liminal'}
            </Anchor>
            <Group gap="xs" wrap="nowrap" component="nav" aria-label="Site">
              <Button
                component={Link}
                to="/request-consultation"
                variant="subtle"
                leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
                visibleFrom="sm"
              >
                Request a consultation
              </Button>
              <Button
                component={Link}
                to="/signin"
                variant="default"
                leftSection={<IconLogin2 size={18} aria-hidden="true" />}
              >
                Staff and patient sign-in
              </Button>
              <ThemeToggle />
            </Group>
          </Group>
        </Container>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size="md" py="xl" w="100%" style={{ flex: 1 }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Container>
      <Box component="footer" py="lg" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Container size="md">
          <CrisisLink />
          {info ? (
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
          <Text size="xs" c="dimmed" ta="center" mt="xs">
            General information, not medical advice. Whether this treatment suits you is decided with a
            clinician after an assessment.
          </Text>
        </Container>
      </Box>
    </Box>
  );
}
