import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError, type ProblemCode, toProblem } from './errors';
import type { SpaPages } from './spa-pages';

/**
 * The one error handler: every failure becomes problem+json with a stable code. No stack traces, SQL or
 * driver messages reach a client; unexpected errors are logged (without request bodies) and answered 500.
 */
const API_PREFIXES = ['/api/', '/fhir/'];

/**
 * The encoding to answer in, from the request's Accept-Encoding: brotli, else gzip, else none. A coding the
 * client lists with `q=0` is refused; `*` stands for any coding not listed.
 */
export function chooseEncoding(
  acceptEncoding: string | string[] | undefined,
  available: readonly ('br' | 'gzip')[],
): 'br' | 'gzip' | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  for (const coding of ['br', 'gzip'] as const) {
    if (!available.includes(coding)) continue;
    const weight = q.get(coding) ?? q.get('*') ?? 0;
    if (weight > 0) return coding;
  }
  return null;
}

/**
 * `spaPages`: the web app's index page (with the hints for the page asked for, platform/spa-pages.ts). When given, a GET or HEAD for any other path answers it (client-side
 * routes), precompressed when the browser accepts it; API paths and static assets that do not exist still get a
 * 404 problem.
 */
export function registerErrorHandling(app: FastifyInstance, spaPages?: SpaPages): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toAppError(err, request);
    if (problem.status >= 500) {
      request.log.error({ err: serializeError(err) }, 'request failed');
    }
    const retry = problem.extra?.retryAfterSec;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return reply
      .status(problem.status)
      .type('application/problem+json')
      .send(toProblem(problem, request.url.split('?')[0]));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const p = request.url.split('?')[0] ?? '/';
    if (
      spaPages &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !API_PREFIXES.some((x) => p.startsWith(x)) &&
      !p.startsWith('/assets/') &&
      !/\.[a-z0-9]+$/i.test(p)
    ) {
      const spaIndex = await spaPages.forPath(p, request);
      const available = (['br', 'gzip'] as const).filter((c) => spaIndex[c]);
      const coding = chooseEncoding(request.headers['accept-encoding'], available);
      reply
        .type('text/html; charset=utf-8')
        // A page rendered with the visitor's own data (platform/spa-pages.ts) is stored nowhere.
        .header('cache-control', spaIndex.personal ? 'private, no-store' : 'no-cache')
        .header('vary', 'Accept-Encoding, Cookie');
      if (coding) reply.header('content-encoding', coding);
      return reply.send(coding ? spaIndex[coding] : spaIndex.identity);
    }
    return reply
      .status(404)
      .type('application/problem+json')
      .send(
        toProblem(new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
      );
  });
}

function toAppError(err: FastifyError, request: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const fields: FieldError[] = err.validation.map((v) => ({
      field: fieldName(v.instancePath, where),
      message: v.message ?? 'Invalid value',
    }));
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new AppError('validation_failed', summary.slice(0, 500), fields);
  }
  if (isResponseSerializationError(err)) return new AppError('internal');
  // PostgreSQL refuses NUL and invalid characters in text that SQLite would store: bad input, not a fault.
  if (['22021', '22P05', '22P02'].includes(String((err as { code?: string }).code))) {
    return new AppError('bad_request', 'The request contains characters that cannot be stored.');
  }
  const byCode: Record<string, ProblemCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
    FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
    FST_ERR_CTP_INVALID_TYPE: 'bad_request',
  };
  const mapped = err.code ? byCode[err.code] : undefined;
  if (mapped)
    return new AppError(mapped, mapped === 'bad_request' ? 'The request body is not valid JSON.' : undefined);
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return new AppError('bad_request', 'The request could not be read.');
  }
  if (err.statusCode === 429) return new AppError('rate_limited');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    void request;
    return new AppError('bad_request');
  }
  return new AppError('internal');
}

function fieldName(instancePath: string | undefined, where: string): string {
  const path = (instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean).join('.');
  if (path) return path;
  return where === 'body' ? 'body' : where;
}

/** Error fields safe to log: driver errors can carry row values in `detail`, which may be PHI. */
export function serializeError(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; message?: string; code?: string; stack?: string };
  return { type: e?.name, code: e?.code, message: e?.message?.slice(0, 500), stack: e?.stack };
}
