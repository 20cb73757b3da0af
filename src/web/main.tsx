import './lib/zod-setup';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { hydrate } from '@tanstack/react-query';
import { startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { Root } from './app/Root';
import { preloadRoute, routes } from './app/router';
import { COLOR_SCHEME_KEY } from './app/theme';
import { keepTypedValues } from './lib/hydrated';
import {
  mayBeSignedIn,
  meKey,
  notePageAnswers,
  prefetchSession,
  publicInfoKey,
  queryClient,
} from './lib/session';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The clinic's public information, when the server put it in the page (it does with a page it rendered).
const bootData = document.getElementById('liminal-public-info')?.textContent;
if (bootData) queryClient.setQueryData(publicInfoKey, JSON.parse(bootData));
// The language and time zone this browser formats dates and times in: the server renders a signed-in page only
// for a browser that formats them as it does (src/server/platform/spa-pages.ts).
const intl = Intl.DateTimeFormat().resolvedOptions();
rememberIntl(`${intl.locale}|${intl.timeZone}`);
// A page rendered by the server: the start and sign-in pages for a visitor not signed in, or Today and the portal
// home for one signed in, with the answers they were rendered with (src/web/ssr.tsx).
const firstAnswers = readFirstAnswers();
const rendered = root.hasAttribute('data-server-rendered') && Boolean(bootData);
const serverRendered = rendered && (firstAnswers ? true : !mayBeSignedIn());
if (firstAnswers) hydrate(queryClient, firstAnswers.answers);
else if (serverRendered) queryClient.setQueryData(meKey, null);
// Dates written in another language or zone than this browser's (the server checks the cookie above, but it may
// be out of date): the page is then rendered anew rather than taken over.
const sameIntl =
  !firstAnswers || (firstAnswers.locale === intl.locale && firstAnswers.timeZone === intl.timeZone);

// Start what the first page needs at once and side by side: who is signed in, the clinic's name and banner,
// and the page's own code.
prefetchSession();
const pageCode = preloadRoute(window.location.pathname);
const router = createBrowserRouter(routes);

if (serverRendered) {
  // The server's HTML is on screen already: once the page's code is here, React takes it over as it is. The
  // server renders the light theme; with the dim one chosen on this device the theme switch differs, so the page
  // is rendered anew instead (same layout, no flash: the stylesheet already shows it dim).
  const dim = localStorageValue(COLOR_SCHEME_KEY) === 'dark';
  void pageCode.then(() => {
    const app = (
      <Root queryClient={queryClient} revealed>
        <RouterProvider router={router} />
      </Root>
    );
    keepTypedValues(root);
    // Counted from the takeover, not from the page's arrival: on a slow line the page's code may take a while.
    if (firstAnswers) notePageAnswers((firstAnswers.answers.queries ?? []).map((q) => q.queryHash));
    // As a transition, the takeover is done in slices too (at the default priority it is one long task).
    startTransition(() => {
      if (dim || !sameIntl) createRoot(root).render(app);
      else hydrateRoot(root, app, { onRecoverableError });
    });
  });
} else {
  // Rendered as a transition: React then works in slices of a few milliseconds and lets the browser breathe
  // between them, instead of one long task that blocks taps while the first page is built (on a slow phone,
  // 100s of ms).
  startTransition(() =>
    createRoot(root).render(
      <Root queryClient={queryClient}>
        <RouterProvider router={router} />
      </Root>,
    ),
  );
}

/**
 * A page the server rendered that React could not take over as it was: React renders it anew, and nothing is lost.
 * Expected now and then on a signed-in page whose words count minutes ("12 min ago") when a minute turns between
 * the server's render and the takeover; a warning, not an error.
 */
function onRecoverableError(error: unknown): void {
  console.warn('The page was rendered anew in the browser:', error);
}

interface FirstAnswers {
  locale: string;
  timeZone: string;
  answers: Parameters<typeof hydrate>[1];
}

function readFirstAnswers(): FirstAnswers | null {
  const text = document.getElementById('liminal-first-answers')?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as FirstAnswers;
  } catch {
    return null;
  }
}

function rememberIntl(value: string): void {
  const cookie = `liminal_intl=${encodeURIComponent(value)}`;
  if (document.cookie.split(/;\s*/).includes(cookie)) return;
  const secure = window.location.protocol === 'https:' ? '; secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: one short value, written only when it changed; the asynchronous Cookie Store API is missing from older Firefox and Safari
  document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax${secure}`;
}

function localStorageValue(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
