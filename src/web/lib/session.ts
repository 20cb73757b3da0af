/**
 * Who is signed in, held in TanStack Query under ['me'] (null = signed out), plus the time of the last API
 * call that counted as activity, which the idle-timeout warning counts from, and whether someone is using the
 * page. The API client is wired to all three here.
 */
import { QueryClient, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { type Me, meResponse, publicInfoResponse } from '../../contracts/auth';
import { ApiError, api, configureApi } from './api';

export type { Me };
export type PublicInfo = ReturnType<typeof publicInfoResponse.parse>;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors will not fix themselves on a retry; network blips and 5xx might.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // A query that always asks again when its page opens (staleTime 0) does not when the server has just put
      // its answer in the page: the page was rendered with it a moment ago.
      // (An answer invalidated since, by a change the person made, is asked again as usual.)
      refetchOnMount: (query) => query.state.isInvalidated || !answeredByPage(query.queryHash),
    },
    mutations: { retry: false },
  },
});

/** How long the answers a page came with (main.tsx, src/web/ssr.tsx) count as just asked. */
const PAGE_ANSWERS_FRESH_MS = 10_000;
let pageAnswers: { hashes: ReadonlySet<string>; at: number } | null = null;

/** Notes the answers the server rendered the page with (their query hashes), as main.tsx hands them over. */
export function notePageAnswers(hashes: Iterable<string>): void {
  pageAnswers = { hashes: new Set(hashes), at: Date.now() };
}

function answeredByPage(hash: string): boolean {
  return Boolean(pageAnswers?.hashes.has(hash) && Date.now() - pageAnswers.at < PAGE_ANSWERS_FRESH_MS);
}

export const meKey = ['me'] as const;
export const publicInfoKey = ['public-info'] as const;

/**
 * The server sets a readable `liminal_signed_in` cookie beside the (HttpOnly) session cookie at sign-in and clears
 * it at sign-out. Without it nobody is signed in in this browser, and asking the server would only earn a 401 (an
 * error in the browser's console, and a round trip before the sign-in page can show).
 */
export function mayBeSignedIn(): boolean {
  if (typeof document === 'undefined') return true;
  return document.cookie.split(/;\s*/).some((c) => /^(__Host-)?liminal_signed_in=/.test(c));
}

async function fetchMe(): Promise<Me | null> {
  if (!mayBeSignedIn()) return null;
  try {
    return await api.get('/api/auth/me', { schema: meResponse });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
}

export function usePublicInfo() {
  return useQuery(publicInfoQuery());
}

const publicInfoQuery = () => ({
  queryKey: publicInfoKey,
  queryFn: () => api.get('/api/public/info', { schema: publicInfoResponse }),
  staleTime: Number.POSITIVE_INFINITY,
});

/** Starts both session queries before the first render (main.tsx), so neither waits for the page to ask. */
export function prefetchSession(): void {
  void queryClient.prefetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
  void queryClient.prefetchQuery(publicInfoQuery());
}

export const currentMe = (): Me | null | undefined => queryClient.getQueryData<Me | null>(meKey);

/** Stores the signed-in user; on sign-out drops every other cached answer (it may hold patient data). */
export function setMe(me: Me | null): void {
  if (me) {
    pendingNotice = null;
    // Every answer carrying `me` came from the server just now, which counts as session activity.
    setActivity(Date.now(), true);
  }
  queryClient.setQueryData(meKey, me);
  if (!me) {
    queryClient.removeQueries({
      predicate: (q) => q.queryKey[0] !== meKey[0] && q.queryKey[0] !== publicInfoKey[0],
    });
  }
}

/** Where a user belongs right now. */
export function homePath(me: Me): string {
  if (me.nextStep === 'mfa') return '/signin/mfa';
  if (me.nextStep === 'enrol') return '/app/profile';
  return me.user.role === 'patient' ? '/portal' : '/app';
}

// ---- A notice for the sign-in page (why you were signed out) ----

export type SignOutReason = 'idle' | 'expired' | 'signed_out';
let pendingNotice: SignOutReason | null = null;
/** Why the last session ended, until someone signs in again. */
export const signOutNotice = (): SignOutReason | null => pendingNotice;

export function markSignedOut(reason: SignOutReason): void {
  pendingNotice = reason;
  setMe(null);
}

export async function signOut(reason: SignOutReason = 'signed_out'): Promise<void> {
  try {
    await api.post('/api/auth/logout');
  } catch {
    // The session may already have ended on the server; signing out locally is what matters.
  }
  markSignedOut(reason);
}

// ---- Last activity (the server extends the idle timer on every authenticated call someone made) ----

const ACTIVITY_KEY = 'liminal-last-activity';
/** The server records activity at most every 15 s (platform/sessions.ts `touch`); a little more for the trip. */
const IDLE_SLACK_MS = 20_000;
let lastActivity = Date.now();
const listeners = new Set<() => void>();

function setActivity(at: number, broadcast: boolean): void {
  if (at <= lastActivity) return;
  lastActivity = at;
  if (broadcast) {
    // Other tabs share the server session, so they share its idle clock. Only a time is stored, no data.
    try {
      localStorage.setItem(ACTIVITY_KEY, String(at));
    } catch {
      // Private mode or storage full: each tab then keeps its own clock, which errs on the safe side.
    }
  }
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === ACTIVITY_KEY && e.newValue) setActivity(Number(e.newValue), false);
  });
}

export const getLastActivity = () => lastActivity;

export function useLastActivity(): number {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    getLastActivity,
    // A page rendered by the server (src/web/ssr.tsx) is rendered with no warning open, as in the browser.
    getLastActivity,
  );
}

// ---- Someone at the page (what makes a read count as activity) ----

/**
 * A read sent within this long of a click, key press, touch, scroll, the window gaining focus or the tab coming
 * back into view (or of the page loading) is the person's own; one sent later is a screen refreshing itself,
 * which the server does not count as activity (contracts/auth.ts `BACKGROUND_HEADER`). Long enough for a read
 * that follows another after a slow answer.
 */
export const USER_ACTIVE_MS = 10_000;
let lastInput = Date.now();
const noteInput = () => {
  lastInput = Date.now();
};
export const userActive = () => Date.now() - lastInput < USER_ACTIVE_MS;

if (typeof window !== 'undefined') {
  // Captured at the window, so these run before any handler that reads in response (TanStack Query refetches
  // when the tab becomes visible again: that read is the person's).
  const opts = { capture: true, passive: true };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const)
    window.addEventListener(type, noteInput, opts);
  // The window's own focus only: captured, `focus` would also catch a dialog moving focus by itself.
  window.addEventListener('focus', (e) => {
    if (e.target === window) noteInput();
  });
  window.addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState === 'visible') noteInput();
    },
    opts,
  );
}

configureApi({
  getCsrfToken: () => currentMe()?.session.csrfToken,
  userActive,
  onActivity: (at) => setActivity(at, true),
  onSignedOut: (_error, sentUnder) => {
    // Only a session we believed in can "end"; a 401 while signed out is just the signed-out state.
    const me = currentMe();
    if (!me) return;
    // A late answer to a call sent under an earlier session (one that ended before this sign-in, a screen's
    // refresh still on its way) says nothing of this one: it must not sign the person straight out again.
    if (sentUnder !== me.session.csrfToken) return;
    // A screen's refresh can reach the server just before this page's own countdown ends (the server's clock
    // of activity may lag this one's by up to 15 s): that is still the idle limit, not some other ending.
    const idleAt = lastActivity + me.session.idleTimeoutMinutes * 60_000 - IDLE_SLACK_MS;
    markSignedOut(Date.now() >= idleAt ? 'idle' : 'expired');
  },
});
