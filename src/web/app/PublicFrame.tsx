import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { type ReactNode, Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { CrisisLink } from '../components/CrisisLink';
import { DemoBanner } from '../components/DemoBanner';
import { Loading } from '../components/Loading';
import { SkipLink } from '../components/SkipLink';
import { ThemeToggle } from '../components/ThemeToggle';
import { usePublicInfo } from '../lib/session';

/**
 * The frame of every page outside the staff app: the clinic's name (a link home) with a few actions and the
 * theme switch in the header, the page, and crisis resources with the clinic's contacts in the footer.
 * `narrow` is the one column of the sign-in pages and the portal (tighter on a phone, the contact line only
 * when there is a phone or email to show); `wide` the public site's.
 */
export function PublicFrame({
  width,
  above,
  actions,
  actionsLabel,
  footerNote,
  after,
}: {
  width: 'narrow' | 'wide';
  /** Above the header, e.g. the public site's crisis bar. */
  above?: ReactNode;
  /** Buttons before the theme switch. */
  actions?: ReactNode;
  /** Makes the actions a navigation landmark with this name. */
  actionsLabel?: string;
  footerNote?: ReactNode;
  /** After the footer, e.g. the idle sign-out of a signed-in patient. */
  after?: ReactNode;
}) {
  const info = usePublicInfo().data;
  const narrow = width === 'narrow';
  const size = narrow ? 'sm' : 'md';
  const showContact = narrow ? Boolean(info?.clinicPhone || info?.clinicEmail) : Boolean(info);
  return (
    <Box mih="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <SkipLink />
      {above}
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <DemoBanner />
        <Container size={size} py={narrow ? { base: 4, xs: 'sm' } : 'sm'}>
          <Group justify="space-between" {...(narrow ? { wrap: 'nowrap' } : { wrap: 'wrap', gap: 'xs' })}>
            <Anchor
              component={Link}
              to="/"
              fw={700}
              {...(narrow ? { fz: { base: 'md', xs: 'lg' } } : { size: 'lg' })}
              c="var(--mantine-color-text)"
              underline="never"
              {...(narrow ? { truncate: 'end', miw: 0 } : {})}
            >
              {info?.clinicName ?? 'Liminal'}
            </Anchor>
            <Group
              gap="xs"
              wrap="nowrap"
              {...(actionsLabel ? { component: 'nav', 'aria-label': actionsLabel } : {})}
            >
              {actions}
              <ThemeToggle />
            </Group>
          </Group>
        </Container>
      </Box>
      <Container
        component="main"
        id="main"
        tabIndex={-1}
        size={size}
        py={narrow ? { base: 'md', xs: 'xl' } : 'xl'}
        w="100%"
        style={{ flex: 1 }}
      >
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Container>
      <Box component="footer" py="lg" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Container size={size}>
          <CrisisLink />
          {info && showContact ? (
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
          {footerNote}
        </Container>
      </Box>
      {after}
    </Box>
  );
}
