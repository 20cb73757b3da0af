/**
 * One JSON request for the at-home screens, with headers the shared client does not send: the
 * `Idempotency-Key` of a queued entry (so a retry lands once), and the sitter's `x-sitter-token`. Refusals
 * arrive as problem+json and are thrown as the shared `ApiError`, so forms and alerts read them as elsewhere.
 */
import { problemSchema } from '../../../contracts/common';
import { ApiError } from '../../lib/api';

export async function sendJson(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<unknown> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...opts.headers,
  };
  if (method !== 'GET') headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(opts.body ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
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
    const parsed = problemSchema.safeParse(json);
    throw parsed.success
      ? new ApiError(parsed.data)
      : new ApiError({
          status: res.status,
          code: res.status >= 500 ? 'internal' : 'http_error',
          title:
            res.status >= 500 ? 'Something went wrong on our side' : `The request failed (${res.status})`,
        });
  }
  return json;
}

/** A failure that may pass on its own: no connection, a timeout, too many requests, a server error, or a
 * write that met another one at the same moment (the patient and the sitter answering together). */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  if (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500) return true;
  return err.status === 409 && err.code === 'conflict' && /changed meanwhile/.test(err.detail ?? '');
}
