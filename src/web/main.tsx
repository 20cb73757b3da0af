import './lib/zod-setup';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { FirstReveal, PendingMarker } from './app/FirstReveal';
import { preloadRoute, router } from './app/router';
import { colorSchemeManager, cssVariablesResolver, theme } from './app/theme';
import { prefetchSession, queryClient } from './lib/session';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Start what the first page needs at once and side by side: who is signed in, the clinic's name and banner,
// and the page's own code.
prefetchSession();
preloadRoute(window.location.pathname);

// Rendered as a transition: React then works in slices of a few milliseconds and lets the browser breathe between
// them, instead of one long task that blocks taps while the first page is built (on a slow phone, 100s of ms).
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        colorSchemeManager={colorSchemeManager}
        defaultColorScheme="light"
      >
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <FirstReveal queryClient={queryClient}>
            <Suspense fallback={<PendingMarker />}>
              <RouterProvider router={router} />
            </Suspense>
          </FirstReveal>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
