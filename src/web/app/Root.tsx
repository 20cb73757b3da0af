import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, Suspense } from 'react';
import { FirstReveal, PendingMarker } from './FirstReveal';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

/**
 * Everything around the router, the same in the browser (main.tsx) and on the server (src/web/ssr.tsx, the public
 * pages rendered to HTML), so that the browser can take over the server's HTML as it is (hydration).
 */
export function Root({
  queryClient,
  revealed = false,
  children,
}: {
  queryClient: QueryClient;
  /** The page is already on screen (rendered by the server): the first reveal holds nothing back. */
  revealed?: boolean;
  children: ReactNode;
}) {
  return (
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        colorSchemeManager={colorSchemeManager}
        defaultColorScheme="light"
      >
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <FirstReveal queryClient={queryClient} initiallyRevealed={revealed}>
            <Suspense fallback={<PendingMarker />}>{children}</Suspense>
          </FirstReveal>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>
  );
}
