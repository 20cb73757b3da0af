/**
 * The kiosk tablet's calls. The tablet has no session of its own: the single-use token issued by staff is
 * the credential, sent in the `x-kiosk-token` header (never in a URL). Errors arrive as problem+json and are
 * thrown as the same ApiError the rest of the app uses.
 */
import type { z } from 'zod';
import { problemSchema } from '../../../contracts/common';
import { ApiError } from '../../lib/api';

const STORE = 'liminal-kiosk-token';

/**
 * The token from the address `/kiosk#token=…` (the fragment never reaches the server). It is moved out of
 * the address bar at once, kept only for this tab so a reload keeps working, and dropped when spent.
 */
export function takeKioskToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{20,200})/.exec(window.location.hash);
  if (m?.[1]) {
    try {
      sessionStorage.setItem(STORE, m[1]);
    } catch {
      // Storage unavailable (private mode): the token still works until the page is reloaded.
    }
    window.history.replaceState(null, '', window.location.pathname);
    return m[1];
  }
  try {
    return sessionStorage.getItem(STORE);
  } catch {
    return null;
  }
}

export function forgetKioskToken(): void {
  try {
    sessionStorage.removeItem(STORE);
  } catch {
    // Nothing stored.
  }
}

export async function kioskRequest<T>(
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  token: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'x-kiosk-token': token,
  };
  if (method !== 'GET') headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      title: 'Could not reach the server',
      detail: 'Could not reach the server. Check the connection and try again.',
    });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const problem = problemSchema.safeParse(json);
    throw problem.success
      ? new ApiError(problem.data)
      : new ApiError({ status: res.status, code: 'http_error', title: `The request failed (${res.status})` });
  }
  const out = schema.safeParse(json);
  if (!out.success) {
    throw new ApiError({
      status: res.status,
      code: 'bad_response',
      title: 'The server sent an answer this page does not understand',
    });
  }
  return out.data;
}
