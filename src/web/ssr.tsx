import './lib/zod-setup';
import { AsyncLocalStorage } from 'node:async_hooks';
import { type DehydratedState, dehydrate, type Query, QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { meResponse } from '../contracts/auth';
import { Root } from './app/Root';
import { routes } from './app/router';
import { api, configureApi } from './lib/api';
import { type Me, meKey, type PublicInfo, publicInfoKey } from './lib/session';

/**
 * Pages rendered to HTML by the server (issue #19: a phone shows the page as soon as the HTML and the stylesheet
 * have arrived, instead of after the app's code has downloaded and run). Built by `npm run build:web` into
 * dist/web-ssr/ssr.mjs; the server (platform/spa-pages.ts) calls
 * - `render` for the start and sign-in pages of a visitor who is not signed in, with the clinic's public
 *   information, which it also puts in the page for the browser (main.tsx);
 * - `renderSignedIn` for the staff Today page and the portal home of a signed-in visitor, with their first
 *   answers, which it also puts in the page,
 * so that both render the same thing and the browser takes the HTML over as it is.
 *
 * Returns the HTML inside `<div id="root">`.
 */
export async function render(url: string, publicInfo: PublicInfo): Promise<string> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(publicInfoKey, publicInfo);
  // Rendered only for a visitor who is not signed in (no signed-in cookie): the browser knows it at once too.
  queryClient.setQueryData(meKey, null);
  const html = await renderSettled(url, queryClient, async () => false);
  if (html === null) throw new Error(`${url}: parts of the page were still loading after several renders`);
  return html;
}

/** One GET answered by the server itself for a page it renders: the same request the browser would make. */
export type ServerGet = (path: string) => Promise<Response>;

export interface SignedInPage {
  html: string;
  /** The answers the page was rendered with (TanStack Query's dehydrated cache), for the browser to start from. */
  answers: DehydratedState;
}

/**
 * A signed-in first page (`/app`, `/portal`) with its data, or null when it cannot be rendered as the browser would
 * show it: the session is not one that lands on this page, an answer failed, or parts were still loading.
 *
 * The page's queries are found by rendering it: each render registers the queries its components ask for, which
 * are then answered through `get` (the server's own routes, with the visitor's session: the same access checks
 * and audit entries as the browser's requests), and the page is rendered again until no query is left to answer.
 */
export async function renderSignedIn(
  url: string,
  publicInfo: PublicInfo,
  get: ServerGet,
): Promise<SignedInPage | null> {
  return serverGet.run(get, async () => {
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false } },
    });
    queryClient.setQueryData(publicInfoKey, publicInfo);
    let me: Me;
    try {
      me = await api.get('/api/auth/me', { schema: meResponse });
    } catch {
      return null;
    }
    const path = new URL(url).pathname.replace(/\/+$/, '');
    // Only a session that lands on this very page (no second factor owed, the right kind of account).
    const lands = me.nextStep === null && (me.user.role === 'patient') === (path === '/portal');
    if (!lands) return null;
    queryClient.setQueryData(meKey, me);
    const html = await renderSettled(url, queryClient, () => answerPending(queryClient));
    if (html === null) return null;
    const unanswered = (q: Query) =>
      q.state.status === 'error' || (q.state.status === 'pending' && isEnabled(q));
    if (queryClient.getQueryCache().getAll().some(unanswered)) return null;
    return { html, answers: dehydrate(queryClient) };
  });
}

/** The GET of the page being rendered, for the API client (one render may overlap another's awaits). */
const serverGet = new AsyncLocalStorage<ServerGet>();
configureApi({
  fetch: (input, init) => {
    const get = serverGet.getStore();
    if (!get || (init?.method ?? 'GET') !== 'GET') {
      return Promise.reject(new Error('the server renderer only reads'));
    }
    return get(String(input));
  },
});

/** Answers the queries the last render asked for and has not got yet; true when there were any. */
async function answerPending(queryClient: QueryClient): Promise<boolean> {
  const pending = queryClient
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.status === 'pending' && isEnabled(q));
  await Promise.all(pending.map((q) => q.fetch().catch(() => undefined)));
  return pending.length > 0;
}

function isEnabled(query: Query): boolean {
  const enabled = (query.options as { enabled?: boolean | ((q: Query) => boolean) }).enabled;
  return typeof enabled === 'function' ? enabled(query) !== false : enabled !== false;
}

/**
 * Renders until the page is whole: a lazy page suspends the first time it is rendered, and React then sends its
 * part apart, completed by inline scripts that the CSP refuses; once its module has loaded, the next render has it
 * in place. `more` answers what the render asked for, and says whether it did. Null when still unsettled.
 */
async function renderSettled(
  url: string,
  queryClient: QueryClient,
  more: () => Promise<boolean>,
): Promise<string | null> {
  const handler = createStaticHandler(routes);
  for (let attempt = 0; attempt < 6; attempt++) {
    const context = await handler.query(new Request(url));
    if (context instanceof Response) throw new Error(`${url} answered a redirect, not a page`);
    const router = createStaticRouter(handler.dataRoutes, context);
    const app: ReactNode = (
      <Root queryClient={queryClient} revealed>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </Root>
    );
    // progressiveChunkSize: React sends a large part (the whole page is one) apart too, to paint the rest first.
    // A component that fails on the server would be left to the browser to render: the page is not rendered then.
    const errors: unknown[] = [];
    const { prelude } = await prerender(app, {
      progressiveChunkSize: Number.MAX_SAFE_INTEGER,
      onError: (err) => {
        errors.push(err);
      },
    });
    if (errors.length) throw errors[0];
    const html = await new Response(prelude).text();
    const asked = await more();
    if (!asked && !/<script|<template/i.test(html)) return html;
  }
  return null;
}
