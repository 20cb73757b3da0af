import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ProblemCode } from '../platform/errors';

/**
 * FHIR routes answer errors as OperationOutcome (ARCHITECTURE rule 5). A FhirError carries its issues and
 * HTTP status; platform errors (AppError: unauthenticated, forbidden, not found …) and framework errors
 * are translated here, so the one FHIR error handler never lets a stack trace or SQL reach the client.
 */
export type IssueCode = OperationOutcomeIssue['code'];

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
  ) {
    super(issues.map((i) => i.diagnostics ?? i.details?.text).join('; '));
  }
}

export const issue = (
  code: IssueCode,
  text: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue => ({
  severity,
  code,
  details: { text },
  ...(expression ? { expression: [expression] } : {}),
});

export const badRequest = (issues: OperationOutcomeIssue[]) => new FhirError(400, issues);
export const invalidParam = (name: string, text: string) => badRequest([issue('invalid', text, name)]);
export const fhirNotFound = (what: string) =>
  new FhirError(404, [issue('not-found', `${what} was not found.`)]);
export const fhirForbidden = (text = 'The access token does not allow this resource type.') =>
  new FhirError(403, [issue('forbidden', text)]);

/** Partial on purpose: a problem code added later still maps (by its status) until it is listed here. */
const BY_CODE: Partial<Record<ProblemCode, { code: IssueCode; status?: number }>> = {
  validation_failed: { code: 'invalid', status: 400 },
  bad_request: { code: 'structure' },
  unauthenticated: { code: 'login' },
  invalid_credentials: { code: 'login' },
  mfa_required: { code: 'security' },
  mfa_enrolment_required: { code: 'security' },
  invalid_mfa_code: { code: 'login' },
  forbidden: { code: 'forbidden' },
  csrf_failed: { code: 'security' },
  not_found: { code: 'not-found' },
  conflict: { code: 'conflict' },
  payload_too_large: { code: 'too-costly' },
  unsupported_media_type: { code: 'not-supported' },
  rate_limited: { code: 'throttled' },
  login_throttled: { code: 'throttled' },
  internal: { code: 'exception' },
  unavailable: { code: 'transient' },
};

function fromAppError(err: AppError): FhirError {
  const m = BY_CODE[err.code] ?? { code: err.status >= 500 ? 'exception' : 'processing' };
  const fields = err.fields?.map((f) => issue(m.code, f.message, f.field)) ?? [];
  const main = issue(m.code, err.detail ?? err.message);
  return new FhirError(m.status ?? err.status, fields.length ? fields : [main]);
}

const FRAMEWORK: Record<string, [number, IssueCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-costly', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'not-supported',
    'Send application/fhir+json, application/json or (for the token endpoint) a form.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'structure', 'The request body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'structure', 'The request body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'structure', 'The content length is wrong.'],
};

/** Any error → an OperationOutcome with its status. `internal` is true for errors worth logging. */
export function toOutcome(err: unknown): { status: number; body: OperationOutcome; internal: boolean } {
  let f: FhirError;
  let internal = false;
  if (err instanceof FhirError) f = err;
  else if (err instanceof AppError) f = fromAppError(err);
  else if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    f = badRequest(
      err.validation.map((v) =>
        issue(
          'invalid',
          v.message ?? 'Invalid value',
          `${where}${(v.instancePath ?? '').replace(/\//g, '.')}`,
        ),
      ),
    );
  } else {
    const e = err as FastifyError;
    const known = e?.code ? FRAMEWORK[e.code] : undefined;
    if (known) f = new FhirError(known[0], [issue(known[1], known[2])]);
    else if (
      !isResponseSerializationError(e) &&
      (e instanceof SyntaxError || (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500))
    ) {
      f = new FhirError(e.statusCode === 429 ? 429 : 400, [
        issue(e.statusCode === 429 ? 'throttled' : 'structure', 'The request could not be read.'),
      ]);
    } else {
      internal = true;
      f = new FhirError(500, [issue('exception', 'Something went wrong on our side.')]);
    }
  }
  if (f.status >= 500) internal = true;
  return { status: f.status, body: { resourceType: 'OperationOutcome', issue: f.issues }, internal };
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
