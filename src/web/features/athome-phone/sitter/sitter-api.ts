/**
 * The sitter's side of an at-home session (no account): the one-time code from the link's fragment
 * (`/sitter#CODE`, so it never reaches a server log) or typed by hand, and the sitter's own token received on
 * confirming. Both live in this tab's sessionStorage only, and go in the `x-sitter-token` header.
 */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { SITTER_TOKEN_HEADER, sitterConfirmed, sitterView } from '../../../../contracts/athome';
import { ApiError } from '../../../lib/api';
import { queryClient } from '../../../lib/session';
import { sendJson } from '../transport';
import { createWriteQueue, type NewWrite, useWrites } from '../write-queue';

export type SitterView = z.infer<typeof sitterView>;
export type Secret = { kind: 'code' | 'token'; value: string };

const TOKEN_KEY = 'liminal-sitter-token';
const CODE_KEY = 'liminal-sitter-code';
/** The queue's session: a sitter's page serves one session, which the sitter's view does not name. */
export const SITTER_SESSION = 'sitter';

const store = (): Storage | null => (typeof sessionStorage === 'undefined' ? null : sessionStorage);
const get = (k: string) => {
  try {
    return store()?.getItem(k) ?? null;
  } catch {
    return null;
  }
};
const put = (k: string, v: string | null) => {
  try {
    if (v === null) store()?.removeItem(k);
    else store()?.setItem(k, v);
  } catch {
    // A private window without storage: the page still works until it is closed.
  }
};

export const storedToken = () => get(TOKEN_KEY);
export const storedCode = () => get(CODE_KEY);
export const keepCode = (code: string | null) => put(CODE_KEY, code);

/** The code as typed or read out: letters and digits, any case, dashes optional. */
export const normaliseCode = (raw: string) =>
  raw
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/** The code in the link's fragment (`#ABCD-EFGH-JKLM`), if any, taken off the address bar at once. */
export function takeCodeFromAddress(): string | null {
  if (typeof window === 'undefined') return null;
  const raw = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (!raw) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname);
  const code = normaliseCode(raw);
  return code.length >= 8 ? code : null;
}

const header = (secret: string) => ({ [SITTER_TOKEN_HEADER]: secret });

export const sitterKey = (s: Secret | null) => ['sitter', s?.kind ?? 'none', s?.value ?? ''] as const;

export function useSitterSession(secret: Secret | null) {
  return useQuery({
    queryKey: sitterKey(secret),
    queryFn: async ({ signal }) =>
      sitterView.parse(
        await sendJson('GET', '/api/sitter/session', { headers: header(secret?.value ?? ''), signal }),
      ),
    enabled: secret !== null,
    refetchInterval: secret?.kind === 'token' ? 15_000 : false,
    refetchIntervalInBackground: true,
    // A refused link (404) will not come back on a retry; a dropped connection may.
    retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status === 404),
    staleTime: 0,
  });
}

/** Confirms presence with the code: the code is spent, and the sitter's token is kept for the session. */
export async function confirmPresence(code: string): Promise<{ token: string; session: SitterView }> {
  const res = sitterConfirmed.parse(
    await sendJson('POST', '/api/sitter/confirm', { body: { present: true }, headers: header(code) }),
  );
  put(TOKEN_KEY, res.token);
  put(CODE_KEY, null);
  queryClient.setQueryData(sitterKey({ kind: 'token', value: res.token }), res.session);
  return res;
}

/** The sitter's queue: in this tab's storage, sent with the sitter's token (or the code before confirming). */
export const sitterQueue = createWriteQueue({
  storageKey: 'liminal-sitter-queue',
  storage: store,
  // This tab's storage holds one sitter's entries: whoever holds the code or token sends them.
  owner: () => ((storedToken() ?? storedCode()) ? 'sitter' : null),
  headers: () => header(storedToken() ?? storedCode() ?? ''),
  // The link has ended: nothing more can be sent with it.
  stops: (err) => err.status === 404,
  onSent: (_w, response) => {
    const parsed = sitterView.safeParse(response);
    const token = storedToken();
    if (parsed.success && token)
      queryClient.setQueryData(sitterKey({ kind: 'token', value: token }), parsed.data);
    void queryClient.invalidateQueries({ queryKey: ['sitter'] });
  },
});

export const useSitterWrites = () => useWrites(sitterQueue, SITTER_SESSION);

export const sendSitter = (write: Omit<NewWrite, 'sessionId'>) =>
  sitterQueue.send({ ...write, sessionId: SITTER_SESSION });
