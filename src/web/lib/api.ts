/**
 * The typed fetch client. Every call sends and accepts JSON with the session cookie (same origin only);
 * every state-changing call echoes the session's anti-forgery token in `x-csrf-token` and sends a JSON
 * body (`{}` when there is nothing to send). Errors arrive as RFC 9457 problem+json and are thrown as
 * `ApiError`, carrying the field errors a form maps back onto its inputs.
 */
import type { z } from 'zod';
import { BACKGROUND_HEADER } from '../../contracts/auth';
import { type ProblemBody, problemSchema } from '../../contracts/common';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];
  /** The whole problem body, for extension members such as `retryAfterSec`. */
  readonly body: Record<string, unknown>;

  constructor(problem: Pick<ProblemBody, 'status' | 'code' | 'title'> & Partial<ProblemBody>) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.body = { ...problem };
  }

  /** Seconds to wait before trying again (429 answers), when the server said. */
  get retryAfterSec(): number | undefined {
    const v = this.body.retryAfterSec;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Response schema from src/contracts: the response is parsed (and unknown keys dropped) with it. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` with a write: the server answers a retry of it from what it recorded. */
  idempotencyKey?: string;
  /**
   * A read that keeps the sign-in alive even when nobody is at the screen: for the few screens a person watches
   * without touching (the live boards, an at-home session under way). Other reads count as activity only when
   * someone used the page just before (`BACKGROUND_HEADER`).
   */
  keepAlive?: boolean;
}

interface ApiHooks {
  getCsrfToken: () => string | undefined;
  /** Whether someone used the page just now (a read sent then counts as their activity). */
  userActive: () => boolean;
  /** Called after every answer from an authenticated route that the server counted as activity (`at`: when sent). */
  onActivity: (at: number) => void;
  /**
   * Called when an authenticated call answers 401: the session the call was sent under (`sentUnder`, its CSRF
   * token when it was sent; undefined when there was none) has ended.
   */
  onSignedOut: (error: ApiError, sentUnder: string | undefined) => void;
  /** How a request is sent: the browser's fetch, or the server's own routes when it renders a page (ssr.tsx). */
  fetch: (input: string, init: RequestInit) => Promise<Response>;
}

const hooks: ApiHooks = {
  getCsrfToken: () => undefined,
  userActive: () => true,
  onActivity: () => {},
  onSignedOut: () => {},
  fetch: (input, init) => fetch(input, init),
};

export function configureApi(next: Partial<ApiHooks>): void {
  Object.assign(hooks, next);
}

/** The anti-forgery header, for the rare call made without `request` (e.g. a file download from a POST). */
export function getCsrfHeader(): Record<string, string> {
  const csrf = hooks.getCsrfToken();
  return csrf ? { 'x-csrf-token': csrf } : {};
}

const STATE_CHANGING = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Public routes: no session involved, so neither activity nor "signed out" can be read from them. */
const isPublicPath = (path: string) =>
  path.startsWith('/api/public/') || path === '/api/auth/login' || path.startsWith('/api/auth/invite/');

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T = unknown>(
  method: Method,
  path: string,
  opts: RequestOptions<T> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: string | undefined;
  // The session this call belongs to: a 401 answering it speaks of that session only.
  const csrf = hooks.getCsrfToken();
  if (STATE_CHANGING.has(method)) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body ?? {});
    if (csrf) headers['x-csrf-token'] = csrf;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  }
  const background = !STATE_CHANGING.has(method) && !opts.keepAlive && !hooks.userActive();
  if (background) headers[BACKGROUND_HEADER] = '1';

  // Activity is as of the moment the call left (the server counts it when the call arrives): an answer that comes
  // back late must not move the idle countdown past the server's, or the warning would come after the sign-out.
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await hooks.fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
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

  const publicPath = isPublicPath(path);
  // A successful sign-in starts the session's idle clock; other public calls do not touch a session.
  if ((!publicPath || (path === '/api/auth/login' && res.ok)) && res.status !== 401 && !background)
    hooks.onActivity(sentAt);

  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }

  if (!res.ok) {
    const parsed = problemSchema.safeParse(json);
    const error = parsed.success
      ? new ApiError(parsed.data)
      : new ApiError({
          status: res.status,
          code: res.status >= 500 ? 'internal' : 'http_error',
          title:
            res.status >= 500 ? 'Something went wrong on our side' : `The request failed (${res.status})`,
        });
    if (res.status === 401 && !publicPath && error.code === 'unauthenticated') hooks.onSignedOut(error, csrf);
    throw error;
  }

  if (!opts.schema) return json as T;
  const out = opts.schema.safeParse(json);
  if (!out.success) {
    console.error(`Unexpected response from ${method} ${path}`, out.error.issues);
    throw new ApiError({
      status: res.status,
      code: 'bad_response',
      title: 'The server sent an answer this page does not understand',
      detail: 'The server sent an answer this page does not understand. Reload the page and try again.',
    });
  }
  return out.data;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions<T>, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions<T>, 'body'>) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions<T>, 'body'>) =>
    request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions<T>, 'body'>) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: Omit<RequestOptions<T>, 'body'>) => request<T>('DELETE', path, opts),
};

/** A sentence for any error, for alerts and notifications. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail ?? err.title;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
