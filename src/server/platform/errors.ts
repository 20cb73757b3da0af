/**
 * The closed set of API errors. Every error leaves the server as RFC 9457 application/problem+json with a
 * stable `code` (also the last part of `type`), and, for validation, the failing fields.
 */
export interface FieldError {
  /** Dotted path of the field, e.g. `email` or `items.2.value`. */
  field: string;
  message: string;
}

export const PROBLEM_CODES = {
  validation_failed: { status: 422, title: 'Some fields need attention' },
  bad_request: { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Sign in required' },
  invalid_credentials: { status: 401, title: 'Email or password is not correct' },
  mfa_required: { status: 403, title: 'Two-factor authentication required' },
  mfa_enrolment_required: { status: 403, title: 'Set up two-factor authentication first' },
  invalid_mfa_code: { status: 401, title: 'The code is not correct' },
  forbidden: { status: 403, title: 'You do not have permission to do this' },
  csrf_failed: { status: 403, title: 'The request failed the anti-forgery check' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  already_applied: { status: 409, title: 'This request was already applied' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  login_throttled: { status: 429, title: 'Too many failed sign-in attempts' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly fields?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? PROBLEM_CODES[code].title);
    this.status = PROBLEM_CODES[code].status;
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `The ${what} was not found.`);
export const forbidden = (detail?: string) => new AppError('forbidden', detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new AppError('conflict', detail, undefined, extra);
export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export function toProblem(err: AppError, instance?: string): Problem {
  return {
    type: `urn:liminal:problem:${err.code}`,
    title: PROBLEM_CODES[err.code].title,
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(err.fields ? { errors: err.fields } : {}),
    ...(err.extra ?? {}),
  };
}
