import { AppShell, Box } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { DemoBanner } from '../components/DemoBanner';
import { Loading } from '../components/Loading';
import { EncryptionOffBanner } from '../features/admin/EncryptionOffBanner';
import { IdleWatcher } from './IdleWatcher';

/** The page area of the staff frames: the demo banner across the top, the page, and the idle sign-out. */
export function StaffMain() {
  return (
    <>
      <AppShell.Main id="main" tabIndex={-1}>
        <Box mb="md" mx="calc(var(--mantine-spacing-lg) * -1)" mt="calc(var(--mantine-spacing-lg) * -1)">
          <DemoBanner />
          <EncryptionOffBanner />
        </Box>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <IdleWatcher />
    </>
  );
}
