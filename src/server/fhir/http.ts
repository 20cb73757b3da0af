import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context';

export const FHIR_PREFIX = '/fhir/R4';

/** The base URL clients used to reach us (links in bundles and manifests point back the same way). */
export function fhirBase(request: FastifyRequest, ctx: AppContext): string {
  const host = request.headers.host;
  if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host))
    return `${request.protocol}://${host}${FHIR_PREFIX}`;
  return `${ctx.config.publicUrl}${FHIR_PREFIX}`;
}

/** The query exactly as sent (repeated parameters and their order matter to FHIR search). */
export const rawQuery = (request: FastifyRequest) => new URLSearchParams(request.url.split('?')[1] ?? '');
